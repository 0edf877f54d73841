//! What the venue board and the door displays show, and the two rules they
//! follow that are worth testing apart from the page: which slots are "now"
//! and "next" (never from two different days), and how rooms are paged on a
//! screen of a given size.

use serde::{Deserialize, Serialize};

/// What the organizer chose for the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum BoardMode {
    /// The marketplace until a schedule is published, then the schedule.
    #[default]
    Auto,
    Market,
    Schedule,
}

impl BoardMode {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "auto" => Some(Self::Auto),
            "market" => Some(Self::Market),
            "schedule" => Some(Self::Schedule),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Market => "market",
            Self::Schedule => "schedule",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardTopic {
    pub id: i64,
    pub title: String,
    pub tags: Vec<String>,
    /// Only when the event shows counts.
    pub votes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSession {
    pub title: String,
    pub hosts: String,
    /// Moved or added by a recent publish.
    pub changed: bool,
    pub cancelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRoom {
    pub id: i64,
    pub name: String,
    /// With themed rooms on: the room's theme ("monitoring").
    pub theme: Option<String>,
    pub now: Option<BoardSession>,
    pub next: Option<BoardSession>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSlotLabel {
    pub day_label: String,
    pub local_start: String,
    pub local_end: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSchedule {
    pub number: i64,
    /// The slot on now, if one is.
    pub now: Option<BoardSlotLabel>,
    /// The next slot of the same day as `now` (or the next slot at all when
    /// nothing is on).
    pub next: Option<BoardSlotLabel>,
    pub rooms: Vec<BoardRoom>,
    /// Nothing more is scheduled.
    pub ended: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardView {
    pub event_name: String,
    pub slug: String,
    pub timezone: String,
    pub join_url: String,
    /// The join link without the scheme, to type in.
    pub join_short: String,
    pub attendees: i64,
    pub topics: i64,
    pub newest: Vec<BoardTopic>,
    /// Most wanted, when counts are public.
    pub top: Vec<BoardTopic>,
    pub mode: BoardMode,
    pub page_seconds: u32,
    /// Present in schedule mode.
    pub schedule: Option<BoardSchedule>,
}

/// A room's door display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorView {
    pub event_name: String,
    pub slug: String,
    pub timezone: String,
    pub room: String,
    /// With themed rooms on: the room's theme.
    pub theme: Option<String>,
    pub now: Option<(BoardSlotLabel, BoardSession)>,
    pub next: Option<(BoardSlotLabel, BoardSession)>,
    /// The next slot (from now) with nothing scheduled in the room.
    pub next_free: Option<BoardSlotLabel>,
    pub published: bool,
}

/// Indices of the "now" and "next" slots among slots in time order, given
/// each slot's day and whether it has started / ended. `next` is on the same
/// day as `now`: a board page never shows two days.
pub fn now_and_next(slots: &[(String, bool, bool)]) -> (Option<usize>, Option<usize>) {
    // (day, started, ended)
    let now = slots
        .iter()
        .position(|(_, started, ended)| *started && !*ended);
    let upcoming = slots.iter().position(|(_, started, _)| !*started);
    match now {
        Some(n) => {
            let next = upcoming.filter(|&u| slots[u].0 == slots[n].0);
            (Some(n), next)
        }
        None => (None, upcoming),
    }
}

/// Which of the "now" and "next" columns the schedule board shows.
///
/// During a break, and before the first session of a day, nothing is on:
/// a "now" column would be a column of dashes that takes the width the
/// next sessions' titles need, at the moment people read the board most (to
/// choose where to go). So an empty column is left out, and the other one
/// gets the width. "Next" stays when both are empty, so that the board
/// still says that nothing more is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardColumns {
    pub now: bool,
    pub next: bool,
}

impl BoardColumns {
    pub fn for_slots(has_now: bool, has_next: bool) -> Self {
        Self {
            now: has_now,
            next: has_next || !has_now,
        }
    }

    /// Both columns, side by side.
    pub fn both(self) -> bool {
        self.now && self.next
    }
}

/// Smallest row of a room on the board, in CSS pixels: type below this
/// height is not readable from 10 metres on a 720p screen.
pub const MIN_ROW_PX: f64 = 72.0;

/// How many rooms fit one board page on a `width` × `height` screen. The
/// stylesheet sizes a room's row as 9 % of the height (9.5 % in portrait,
/// where a room takes two lines: its name, then now and next),
/// never under [`MIN_ROW_PX`]; the header, column heads, page indicator and
/// margins take 24 %.
pub fn rooms_per_page(width: u32, height: u32) -> usize {
    let (w, h) = (f64::from(width.max(1)), f64::from(height.max(1)));
    let share = if h > w { 0.095 } else { 0.09 };
    let row = (h * share).max(MIN_ROW_PX);
    ((h * 0.76 / row).floor() as usize).max(1)
}

/// Pages of `rooms` rooms, `per_page` at a time, as index ranges.
pub fn pages(rooms: usize, per_page: usize) -> Vec<std::ops::Range<usize>> {
    let per_page = per_page.max(1);
    (0..rooms)
        .step_by(per_page)
        .map(|start| start..(start + per_page).min(rooms))
        .collect()
}

/// "Rooms 1–8 of 14".
pub fn page_label(range: &std::ops::Range<usize>, rooms: usize) -> String {
    format!("Rooms {}–{} of {rooms}", range.start + 1, range.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str, started: bool, ended: bool) -> (String, bool, bool) {
        (d.to_string(), started, ended)
    }

    #[test]
    fn an_empty_column_is_left_out() {
        // A session is on, and another follows it today.
        let c = BoardColumns::for_slots(true, true);
        assert_eq!(
            c,
            BoardColumns {
                now: true,
                next: true
            }
        );
        assert!(c.both());
        // A break, or before the day's first session: only what is next.
        let c = BoardColumns::for_slots(false, true);
        assert_eq!(
            c,
            BoardColumns {
                now: false,
                next: true
            }
        );
        assert!(!c.both());
        // The day's last session: only what is on.
        assert_eq!(
            BoardColumns::for_slots(true, false),
            BoardColumns {
                now: true,
                next: false
            }
        );
        // Nothing on and nothing planned: "next" says so.
        assert_eq!(
            BoardColumns::for_slots(false, false),
            BoardColumns {
                now: false,
                next: true
            }
        );
    }

    #[test]
    fn now_and_next_never_mix_days() {
        // Mid-morning on day one.
        let s = [
            day("mon", true, true),
            day("mon", true, false),
            day("mon", false, false),
            day("tue", false, false),
        ];
        assert_eq!(now_and_next(&s), (Some(1), Some(2)));
        // The last slot of day one: nothing next today, not tomorrow's first.
        let s = [
            day("mon", true, true),
            day("mon", true, false),
            day("tue", false, false),
        ];
        assert_eq!(now_and_next(&s), (Some(1), None));
        // Between sessions (or overnight): only what comes next.
        let s = [
            day("mon", true, true),
            day("tue", false, false),
            day("tue", false, false),
        ];
        assert_eq!(now_and_next(&s), (None, Some(1)));
        // Before the event and after it.
        assert_eq!(now_and_next(&[day("mon", false, false)]), (None, Some(0)));
        assert_eq!(now_and_next(&[day("mon", true, true)]), (None, None));
    }

    #[test]
    fn rooms_per_page_follows_the_screen() {
        assert_eq!(rooms_per_page(1920, 1080), 8);
        // 720p: rows stay at their readable minimum, so one fewer fits.
        assert_eq!(rooms_per_page(1280, 720), 7);
        assert_eq!(rooms_per_page(1080, 1920), 8);
        // A small screen keeps rows readable: fewer rooms, not smaller type.
        assert_eq!(rooms_per_page(800, 450), 4);
        assert_eq!(rooms_per_page(0, 0), 1);
    }

    #[test]
    fn pages_cover_every_room_once_in_order() {
        let p = pages(14, 8);
        assert_eq!(p, vec![0..8, 8..14]);
        assert_eq!(page_label(&p[1], 14), "Rooms 9–14 of 14");
        assert_eq!(pages(8, 8), vec![0..8]);
        assert!(pages(0, 8).is_empty());
        assert_eq!(pages(3, 0), vec![0..1, 1..2, 2..3]);
        assert_eq!(BoardMode::parse("market"), Some(BoardMode::Market));
        assert_eq!(BoardMode::parse("x"), None);
    }
}
