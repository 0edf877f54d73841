//! A version as the organizer reviews it: sessions with expected attendance
//! against capacity and a theme colour, the engine's numbers recomputed by its
//! checker, topics left out and why; the difference between two versions; and
//! the answer to "why is this session here?".

use super::context::Context;
use super::instance::StoredSession;
use super::versions::VersionRow;
use crate::model::{
    DiffView, GridVersion, LeftOut, MovedView, SessionTopic, SessionView, StatsView, WhyView,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Colour numbers 0–7 for themes, the same theme always the same colour.
fn colour_of(theme: &str) -> u8 {
    let h = theme
        .bytes()
        .fold(5381u32, |h, b| h.wrapping_mul(33) ^ u32::from(b));
    (h % 8) as u8
}

pub fn stats_view(s: &solver::Stats, engine: Option<&solver::Stats>) -> StatsView {
    StatsView {
        total_votes: s.total_votes,
        unserved: s.unserved,
        lost_votes: s.lost_votes,
        overflow: s.overflow,
        merged_sessions: s.merged_sessions,
        // The engine's bound holds for the instance it solved; after edits
        // the gap is recomputed against today's unserved.
        bound: engine.and_then(|e| e.bound),
        gap: engine.and_then(|e| e.bound).map(|b| {
            if s.unserved == 0 {
                0.0
            } else {
                ((s.unserved as f64 - b) / s.unserved as f64).max(0.0)
            }
        }),
        status: engine.map(|e| e.status.to_string()).unwrap_or_default(),
        seconds: engine.map(|e| e.seconds).unwrap_or_default(),
        themed_cost: engine.and_then(|e| e.themed_cost),
    }
}

pub fn session_views(ctx: &Context, sessions: &[StoredSession], counts: bool) -> Vec<SessionView> {
    let capacity: HashMap<i64, i64> = ctx.rooms.iter().map(|r| (r.id, r.capacity)).collect();
    sessions
        .iter()
        .map(|s| {
            let mut voters: BTreeSet<i64> = BTreeSet::new();
            let topics: Vec<SessionTopic> = s
                .topic_ids
                .iter()
                .map(|t| {
                    let info = ctx.topics.get(t);
                    if let Some(i) = info.filter(|i| i.open) {
                        voters.extend(i.voters.iter().copied());
                    }
                    SessionTopic {
                        id: *t,
                        title: ctx.title(*t),
                        hosts: info
                            .map(|i| i.hosts.iter().map(|h| h.1.clone()).collect())
                            .unwrap_or_default(),
                        votes: counts.then(|| info.map_or(0, |i| i.voters.len() as i64)),
                        cancelled: info.is_none_or(|i| !i.open),
                    }
                })
                .collect();
            let theme = s
                .topic_ids
                .iter()
                .find_map(|t| ctx.topics.get(t).and_then(|i| i.tags.first().cloned()));
            SessionView {
                room_id: s.room_id,
                slot_id: s.slot_id,
                expected: voters.len() as i64,
                capacity: capacity.get(&s.room_id).copied().unwrap_or(0),
                pinned: s
                    .topic_ids
                    .iter()
                    .any(|t| ctx.pins.get(t) == Some(&(s.room_id, s.slot_id))),
                colour: theme.as_deref().map_or(0, colour_of),
                theme,
                merged: s.topic_ids.len() > 1,
                topics,
            }
        })
        .collect()
}

/// The grid of `version` (draft or published) with its checks.
pub fn grid(ctx: &Context, version: &VersionRow, sessions: &[StoredSession]) -> GridVersion {
    let checked = ctx.check(sessions);
    let engine: Option<solver::Stats> = serde_json::from_str(&version.stats).ok();
    let placed: BTreeSet<i64> = sessions.iter().flat_map(|s| s.topic_ids.clone()).collect();
    let open_slots = ctx.slots.len() * ctx.rooms.len();
    let n_open = ctx.topics.values().filter(|t| t.open).count();
    let mut left_out: Vec<LeftOut> = ctx
        .topics
        .iter()
        .filter(|(id, t)| t.open && !placed.contains(id))
        .map(|(id, t)| LeftOut {
            id: *id,
            title: t.title.clone(),
            votes: t.voters.len() as i64,
            reason: if version.origin.contains("edited") {
                "Left out of this draft by an organizer, or new since the engine ran.".into()
            } else if n_open > open_slots {
                format!(
                    "{n_open} topics for {open_slots} room-slots: the least wanted ones are left out."
                )
            } else {
                "New since the engine ran: run it again to place it.".into()
            },
        })
        .collect();
    left_out.sort_by(|a, b| b.votes.cmp(&a.votes).then(a.id.cmp(&b.id)));
    let host_clashes = checked
        .hard
        .iter()
        .filter(|v| v.contains("is in two sessions"))
        .cloned()
        .collect();
    let mut violations = checked.hard;
    violations.extend(checked.policy);
    GridVersion {
        id: version.id,
        number: version.number,
        origin: version.origin.clone(),
        created_at: super::local_time(
            &ctx.event,
            version
                .published_at
                .as_deref()
                .unwrap_or(&version.created_at),
        ),
        stats: stats_view(&checked.stats, engine.as_ref()),
        sessions: session_views(ctx, sessions, true),
        violations,
        left_out,
        host_clashes,
        room_themes: room_themes(ctx, sessions),
    }
}

/// With themed rooms on, the rooms whose sessions share a theme
/// ([`rooms::themes_of`](crate::server::rooms::themes_of)), in room order,
/// from what the rooms hold now (so an organizer's edits show at once).
pub fn room_themes(ctx: &Context, sessions: &[StoredSession]) -> Vec<(i64, String)> {
    if ctx.inst.themed_rooms <= 0.0 {
        return Vec::new();
    }
    let mut themes = crate::server::rooms::themes_of(sessions, |t| {
        ctx.topics
            .get(&t)
            .and_then(|i| i.tags.first())
            .map(String::as_str)
    });
    ctx.rooms
        .iter()
        .filter_map(|r| themes.remove(&r.id).map(|t| (r.id, t)))
        .collect()
}

/// Where each topic is in `sessions`: topic → (room, slot).
pub fn places(sessions: &[StoredSession]) -> BTreeMap<i64, (i64, i64)> {
    sessions
        .iter()
        .flat_map(|s| {
            s.topic_ids
                .iter()
                .map(move |t| (*t, (s.room_id, s.slot_id)))
        })
        .collect()
}

/// What changes from `old` (published) to `new`.
pub fn diff(ctx: &Context, old: &[StoredSession], new: &[StoredSession]) -> DiffView {
    let (a, b) = (places(old), places(new));
    let mut d = DiffView::default();
    let mut changed: BTreeSet<i64> = BTreeSet::new();
    for (t, to) in &b {
        match a.get(t) {
            Some(from) if from != to => {
                d.moved.push(MovedView {
                    title: ctx.title(*t),
                    from: ctx.cell_label(from.0, from.1),
                    to: ctx.cell_label(to.0, to.1),
                });
                changed.insert(*t);
            }
            Some(_) => {}
            None => {
                d.added.push(ctx.title(*t));
                changed.insert(*t);
            }
        }
    }
    for t in a.keys().filter(|t| !b.contains_key(t)) {
        d.removed.push(ctx.title(*t));
        changed.insert(*t);
    }
    let mut people: BTreeSet<i64> = BTreeSet::new();
    for t in &changed {
        if let Some(i) = ctx.topics.get(t) {
            people.extend(i.voters.iter().copied());
            people.extend(i.hosts.iter().map(|h| h.0));
        }
    }
    d.affected_attendees = people.len() as i64;
    d
}

/// Unserved votes of `sessions` by the engine's checker.
pub fn unserved(ctx: &Context, sessions: &[StoredSession]) -> i64 {
    solver::metrics::check(&ctx.inst, &ctx.schedule_of(sessions))
        .stats
        .unserved as i64
}

/// Moves the session at (room, slot) to (to_room, to_slot), exchanging it
/// with the session there if any. `None` when there is no session to move.
pub fn moved(
    sessions: &[StoredSession],
    from: (i64, i64),
    to: (i64, i64),
) -> Option<Vec<StoredSession>> {
    sessions
        .iter()
        .position(|s| (s.room_id, s.slot_id) == from)?;
    Some(
        sessions
            .iter()
            .map(|s| {
                let at = (s.room_id, s.slot_id);
                let (room_id, slot_id) = if at == from {
                    to
                } else if at == to {
                    from
                } else {
                    at
                };
                StoredSession {
                    room_id,
                    slot_id,
                    topic_ids: s.topic_ids.clone(),
                }
            })
            .collect(),
    )
}

/// Why the session at (room, slot) is where it is.
pub fn why(ctx: &Context, sessions: &[StoredSession], at: (i64, i64)) -> Option<WhyView> {
    let me = sessions.iter().find(|s| (s.room_id, s.slot_id) == at)?;
    let voters_of = |s: &StoredSession| -> BTreeSet<i64> {
        s.topic_ids
            .iter()
            .filter_map(|t| ctx.topics.get(t).filter(|i| i.open))
            .flat_map(|i| i.voters.iter().copied())
            .collect()
    };
    let mine = voters_of(me);
    let mut clashes: Vec<(String, i64)> = Vec::new();
    let mut elsewhere: BTreeSet<i64> = BTreeSet::new();
    for other in sessions
        .iter()
        .filter(|s| s.slot_id == me.slot_id && s.room_id != me.room_id)
    {
        let shared: BTreeSet<i64> = mine.intersection(&voters_of(other)).copied().collect();
        if !shared.is_empty() {
            clashes.push((
                other
                    .topic_ids
                    .iter()
                    .map(|t| ctx.title(*t))
                    .collect::<Vec<_>>()
                    .join(" + "),
                shared.len() as i64,
            ));
            elsewhere.extend(shared);
        }
    }
    clashes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    // The best other cell: every room-slot, swapping with its session.
    let base = unserved(ctx, sessions);
    let mut best: Option<(String, i64)> = None;
    for r in &ctx.rooms {
        for s in &ctx.slots {
            if (r.id, s.id) == at {
                continue;
            }
            let Some(candidate) = moved(sessions, at, (r.id, s.id)) else {
                continue;
            };
            // One checker run per cell: it says both whether the cell is
            // allowed and what it costs.
            let checked = ctx.check(&candidate);
            if !checked.hard.is_empty() {
                continue;
            }
            let delta = checked.stats.unserved as i64 - base;
            if best.as_ref().is_none_or(|b| delta < b.1) {
                best = Some((ctx.cell_label(r.id, s.id), delta));
            }
        }
    }

    let mut rules = Vec::new();
    for t in &me.topic_ids {
        if ctx.pins.get(t) == Some(&at) {
            rules.push(format!("“{}” is pinned here.", ctx.title(*t)));
        }
    }
    if ctx
        .inst
        .frozen_slots
        .iter()
        .any(|s| super::instance::id_of(s, 's') == Some(at.1))
    {
        rules.push("This slot has started: it is frozen.".into());
    }
    let room = ctx.rooms.iter().find(|r| r.id == at.0);
    if let Some(r) = room.filter(|r| !r.features.is_empty()) {
        rules.push(format!("{} has {}.", r.name, r.features.join(", ")));
    }
    for t in &me.topic_ids {
        if let Some(info) = ctx.topics.get(t) {
            for (host, name) in &info.hosts {
                if let Some(slots) = ctx
                    .inst
                    .unavailable
                    .get(&super::instance::person_key(*host))
                {
                    if !slots.is_empty() {
                        rules.push(format!(
                            "Host {name} is unavailable in {} slot{}.",
                            slots.len(),
                            if slots.len() == 1 { "" } else { "s" }
                        ));
                    }
                }
            }
        }
    }
    if rules.is_empty() {
        rules.push("No rule holds it here: the engine chose this cell for the votes.".into());
    }
    Some(WhyView {
        title: me
            .topic_ids
            .iter()
            .map(|t| ctx.title(*t))
            .collect::<Vec<_>>()
            .join(" + "),
        voters: mine.len() as i64,
        served: (mine.len() - elsewhere.len()) as i64,
        clashes,
        best_alternative: best,
        rules,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(room: i64, slot: i64, topics: &[i64]) -> StoredSession {
        StoredSession {
            room_id: room,
            slot_id: slot,
            topic_ids: topics.to_vec(),
        }
    }

    #[test]
    fn moving_onto_a_session_swaps_the_two() {
        let before = vec![s(1, 10, &[100]), s(2, 10, &[200]), s(1, 11, &[300])];
        let after = moved(&before, (1, 10), (1, 11)).unwrap();
        assert_eq!(
            after,
            vec![s(1, 11, &[100]), s(2, 10, &[200]), s(1, 10, &[300])]
        );
        let to_empty = moved(&before, (2, 10), (2, 11)).unwrap();
        assert!(to_empty.contains(&s(2, 11, &[200])));
        assert_eq!(to_empty.len(), 3);
        assert!(
            moved(&before, (3, 10), (1, 10)).is_none(),
            "no session there"
        );
    }

    #[test]
    fn theme_colours_are_stable() {
        assert_eq!(colour_of("monitoring"), colour_of("monitoring"));
        assert!(colour_of("docker") < 8);
    }
}
