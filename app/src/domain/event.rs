//! What an organizer types when setting up an event.

use super::{normalize_line, FieldError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The event's name as shown on every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventName(String);

impl EventName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = normalize_line(raw);
        if s.is_empty() {
            return Err(FieldError::new("name", "Give the event a name."));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                "name",
                format!("Keep the name to {} characters.", Self::MAX_CHARS),
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The part of the join link after `/e/`: lowercase letters, digits and dashes,
/// so that it survives being read aloud, printed and typed on a phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSlug(String);

impl EventSlug {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        if s.len() < 3 || s.len() > 40 {
            return Err(FieldError::new(
                "slug",
                "Use 3 to 40 characters: lowercase letters, digits and dashes.",
            ));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(FieldError::new(
                "slug",
                "Use only lowercase letters, digits and dashes (for example devopsdays-ghent).",
            ));
        }
        if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(FieldError::new(
                "slug",
                "Dashes go between words, one at a time.",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone such as `Europe/Brussels`. Slot times are typed and shown in
/// it, and stored in UTC. Server only: the time-zone database stays out of
/// the browser's bundle (pages get times already localised).
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventTimeZone(chrono_tz::Tz);

#[cfg(feature = "ssr")]
impl EventTimeZone {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        raw.trim().parse::<chrono_tz::Tz>().map(Self).map_err(|_| {
            FieldError::new(
                "timezone",
                format!(
                    "\"{}\" is not a time zone; use a name such as Europe/Brussels.",
                    raw.trim()
                ),
            )
        })
    }

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}

/// First and last day of the event (inclusive), at most two weeks apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDates {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl EventDates {
    pub const MAX_DAYS: i64 = 14;

    pub fn parse(start: &str, end: &str) -> Result<Self, FieldError> {
        let start_d = NaiveDate::parse_from_str(start.trim(), "%Y-%m-%d")
            .map_err(|_| FieldError::new("start_date", "Enter the first day as YYYY-MM-DD."))?;
        let end_d = NaiveDate::parse_from_str(end.trim(), "%Y-%m-%d")
            .map_err(|_| FieldError::new("end_date", "Enter the last day as YYYY-MM-DD."))?;
        if end_d < start_d {
            return Err(FieldError::new(
                "end_date",
                "The last day cannot be before the first day.",
            ));
        }
        if (end_d - start_d).num_days() >= Self::MAX_DAYS {
            return Err(FieldError::new(
                "end_date",
                format!("An event lasts at most {} days.", Self::MAX_DAYS),
            ));
        }
        Ok(Self {
            start: start_d,
            end: end_d,
        })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.start && day <= self.end
    }
}

/// Dot voting: how many topics one attendee may mark. Empty means unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VoteBudget(Option<u32>);

impl VoteBudget {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Ok(Self(None));
        }
        match s.parse::<u32>() {
            Ok(n) if (1..=1000).contains(&n) => Ok(Self(Some(n))),
            _ => Err(FieldError::new(
                "vote_budget",
                "Enter a number of votes from 1 to 1000, or leave it empty for unlimited.",
            )),
        }
    }

    pub fn get(&self) -> Option<u32> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_rules() {
        assert_eq!(
            EventSlug::parse(" DevOpsDays-Ghent ").unwrap().as_str(),
            "devopsdays-ghent"
        );
        for bad in [
            "ab",
            "a b c",
            "-abc",
            "abc-",
            "a--b",
            "ünï",
            &"a".repeat(41),
        ] {
            assert!(EventSlug::parse(bad).is_err(), "{bad}");
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn timezone_must_be_iana() {
        assert_eq!(
            EventTimeZone::parse("Europe/Brussels").unwrap().name(),
            "Europe/Brussels"
        );
        let e = EventTimeZone::parse("Mars/Olympus").unwrap_err();
        assert_eq!(e.field, "timezone");
    }

    #[test]
    fn dates_are_ordered_and_bounded() {
        assert!(EventDates::parse("2026-10-26", "2026-10-27").is_ok());
        assert_eq!(
            EventDates::parse("2026-10-27", "2026-10-26")
                .unwrap_err()
                .field,
            "end_date"
        );
        assert!(EventDates::parse("2026-10-01", "2026-10-20").is_err());
        assert_eq!(
            EventDates::parse("26/10/2026", "2026-10-27")
                .unwrap_err()
                .field,
            "start_date"
        );
    }

    #[test]
    fn vote_budget_empty_is_unlimited() {
        assert_eq!(VoteBudget::parse("").unwrap().get(), None);
        assert_eq!(VoteBudget::parse(" 5 ").unwrap().get(), Some(5));
        assert!(VoteBudget::parse("0").is_err());
        assert!(VoteBudget::parse("-3").is_err());
        assert!(VoteBudget::parse("many").is_err());
    }
}
