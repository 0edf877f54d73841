//! Settings of a scheduler run, parsed from the organizer's form.

use super::FieldError;

/// How long the engine may run: 1 to 120 seconds (default 10).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeLimit(u32);

impl TimeLimit {
    pub const DEFAULT: u32 = 10;
    pub const MAX: u32 = 120;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Ok(TimeLimit(Self::DEFAULT));
        }
        match s.parse::<u32>() {
            Ok(n) if (1..=Self::MAX).contains(&n) => Ok(TimeLimit(n)),
            _ => Err(FieldError::new(
                "time_limit",
                format!("Choose a time limit from 1 to {} seconds.", Self::MAX),
            )),
        }
    }

    pub fn seconds(self) -> f64 {
        f64::from(self.0)
    }
}

/// How many votes a change to the published schedule must gain before the
/// engine makes it when re-planning (0: any gain; default 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stability(u32);

impl Stability {
    pub const DEFAULT: u32 = 5;
    pub const MAX: u32 = 1000;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().parse::<u32>() {
            Ok(n) if n <= Self::MAX => Ok(Stability(n)),
            _ => Err(FieldError::new(
                "stability",
                format!("Enter a number of votes from 0 to {}.", Self::MAX),
            )),
        }
    }

    pub fn votes(self) -> u32 {
        self.0
    }
}

/// Themed rooms: the share of unserved votes, in whole percent (0 to 20,
/// default 2), the engine may give up so that each room keeps to one theme.
/// 0 keeps the engine theme-blind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemedRooms(u32);

impl ThemedRooms {
    pub const DEFAULT: u32 = 2;
    pub const MAX: u32 = 20;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().trim_end_matches('%').trim_end();
        match s.parse::<u32>() {
            Ok(n) if n <= Self::MAX => Ok(ThemedRooms(n)),
            _ => Err(FieldError::new(
                "themed_rooms",
                format!(
                    "Enter a whole percentage from 0 to {} (0 turns themed rooms off).",
                    Self::MAX
                ),
            )),
        }
    }

    pub fn percent(self) -> u32 {
        self.0
    }

    /// The engine's allowance (a share, 0 to 0.2).
    pub fn share(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limits() {
        assert_eq!(TimeLimit::parse("").unwrap().seconds(), 10.0);
        assert_eq!(TimeLimit::parse(" 30 ").unwrap().seconds(), 30.0);
        assert_eq!(TimeLimit::parse("120").unwrap().seconds(), 120.0);
        for bad in ["0", "121", "-5", "ten", "1.5"] {
            let e = TimeLimit::parse(bad).unwrap_err();
            assert_eq!(e.field, "time_limit", "{bad}");
            assert!(e.message.contains("1 to 120"), "{bad}");
        }
    }

    #[test]
    fn themed_rooms() {
        assert_eq!(ThemedRooms::parse("0").unwrap().percent(), 0);
        assert_eq!(ThemedRooms::parse(" 2 ").unwrap().share(), 0.02);
        assert_eq!(ThemedRooms::parse("5%").unwrap().percent(), 5);
        assert_eq!(ThemedRooms::parse("20").unwrap().percent(), 20);
        for bad in ["", "21", "-1", "2.5", "some", "</title>"] {
            let e = ThemedRooms::parse(bad).unwrap_err();
            assert_eq!(e.field, "themed_rooms", "{bad}");
            assert!(e.message.contains("0 to 20"), "{bad}");
        }
    }

    #[test]
    fn stability() {
        assert_eq!(Stability::parse("0").unwrap().votes(), 0);
        assert_eq!(Stability::parse("5").unwrap().votes(), 5);
        for bad in ["", "-1", "1001", "a lot"] {
            assert_eq!(
                Stability::parse(bad).unwrap_err().field,
                "stability",
                "{bad}"
            );
        }
    }
}
