//! Rooms are circles of chairs: a name, a number of seats and what the room offers
//! (a projector, step-free access, ...), which topics may later require.

use super::{normalize_line, FieldError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomName(String);

impl RoomName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = normalize_line(raw);
        if s.is_empty() {
            return Err(FieldError::new("name", "Give the room a name."));
        }
        if s.chars().count() > 60 {
            return Err(FieldError::new(
                "name",
                "Keep the room name to 60 characters.",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Seats in a room: open spaces range from a corner with 10 chairs to a 200-seat
/// auditorium; we accept 1 to 10,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capacity(u32);

impl Capacity {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().parse::<i64>() {
            Ok(n) if (1..=10_000).contains(&n) => Ok(Self(n as u32)),
            Ok(_) => Err(FieldError::new(
                "capacity",
                "A room holds from 1 to 10,000 people.",
            )),
            Err(_) => Err(FieldError::new(
                "capacity",
                "Enter the number of seats as a whole number.",
            )),
        }
    }

    pub fn get(&self) -> u32 {
        self.0
    }
}

/// Comma separated, lowercased, deduplicated: "Projector, step-free".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Features(Vec<String>);

impl Features {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let mut out: Vec<String> = Vec::new();
        for part in raw.split(',') {
            let f = normalize_line(part).to_lowercase();
            if f.is_empty() {
                continue;
            }
            if f.chars().count() > 30 {
                return Err(FieldError::new(
                    "features",
                    "Keep each feature to 30 characters.",
                ));
            }
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.len() > 10 {
            return Err(FieldError::new("features", "List at most 10 features."));
        }
        Ok(Self(out))
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<String> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_bounds() {
        assert_eq!(Capacity::parse(" 40 ").unwrap().get(), 40);
        assert!(Capacity::parse("0").is_err());
        assert!(Capacity::parse("-5").is_err());
        assert!(Capacity::parse("12.5").is_err());
        assert!(Capacity::parse("10001").is_err());
    }

    #[test]
    fn features_are_normalised() {
        let f = Features::parse("Projector,  step-free , projector,").unwrap();
        assert_eq!(f.as_slice(), ["projector", "step-free"]);
    }

    #[test]
    fn room_name_required() {
        assert!(RoomName::parse("  ").is_err());
        assert_eq!(
            RoomName::parse(" Main  hall").unwrap().as_str(),
            "Main hall"
        );
    }
}
