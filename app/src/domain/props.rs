//! Property tests of every form parser: arbitrary input (any Unicode,
//! control characters, markup, very long text) gives a value or a clear
//! error for the right field, never a panic; a value keeps the parser's
//! promises (trimmed, within its limits) and parses to itself again.

use super::*;
use proptest::prelude::*;

/// Text as people and attackers type it: any characters, markup, the odd
/// control character, up to well past every limit.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,200}",
        "[ a-zA-Z<>&\"'/#,\\n\\t\\r\\u{0}-\\u{1f}\\u{7f}\\u{200b}\\u{202e}é漢🙂]{0,300}",
        ".{1900,2100}",
        "[0-9 +-.eE]{0,20}",
    ]
}

fn error_names(e: &FieldError, field: &str) {
    assert_eq!(e.field, field);
    assert!(!e.message.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn titles(s in text()) {
        match TopicTitle::parse(&s) {
            Ok(t) => {
                let v = t.as_str();
                prop_assert!(!v.is_empty() && v.chars().count() <= TopicTitle::MAX_CHARS);
                prop_assert_eq!(v.trim(), v);
                let again = TopicTitle::parse(v).unwrap();
                prop_assert_eq!(again.as_str(), v);
            }
            Err(e) => error_names(&e, "title"),
        }
    }

    #[test]
    fn descriptions(s in text()) {
        match TopicDescription::parse(&s) {
            Ok(d) => {
                prop_assert!(d.as_str().chars().count() <= TopicDescription::MAX_CHARS);
                prop_assert_eq!(TopicDescription::parse(d.as_str()).unwrap(), d);
            }
            Err(e) => error_names(&e, "description"),
        }
    }

    #[test]
    fn tags(s in text()) {
        match Tags::parse(&s) {
            Ok(t) => {
                prop_assert!(t.as_slice().len() <= Tags::MAX_TAGS);
                for tag in t.as_slice() {
                    prop_assert!(!tag.is_empty() && tag.chars().count() <= Tags::MAX_TAG_CHARS);
                    prop_assert!(!tag.contains(','));
                }
                let again = Tags::parse(&t.as_slice().join(",")).unwrap();
                prop_assert_eq!(again.as_slice(), t.as_slice());
            }
            Err(e) => error_names(&e, "tags"),
        }
    }

    #[test]
    fn display_names(s in text()) {
        match DisplayName::parse(&s) {
            Ok(n) => {
                prop_assert!(!n.as_str().is_empty() && n.as_str().chars().count() <= DisplayName::MAX_CHARS);
                let again = DisplayName::parse(n.as_str()).unwrap();
                prop_assert_eq!(again.as_str(), n.as_str());
            }
            Err(e) => error_names(&e, "display_name"),
        }
    }

    #[test]
    fn event_fields(name in text(), slug in text(), tz in text(), start in text(), end in text()) {
        if let Ok(n) = EventName::parse(&name) {
            prop_assert!(n.as_str().chars().count() <= EventName::MAX_CHARS);
        }
        if let Ok(s) = EventSlug::parse(&slug) {
            prop_assert!(s.as_str().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
        let _ = EventTimeZone::parse(&tz);
        if let Ok(d) = EventDates::parse(&start, &end) {
            prop_assert!(d.end >= d.start && (d.end - d.start).num_days() < EventDates::MAX_DAYS);
        }
        let _ = VoteBudget::parse(&start);
    }

    #[test]
    fn venue_and_schedule_fields(s in text()) {
        if let Ok(n) = RoomName::parse(&s) {
            prop_assert!(!n.as_str().is_empty());
        }
        if let Ok(c) = Capacity::parse(&s) {
            prop_assert!(c.get() >= 1);
        }
        if let Ok(f) = Features::parse(&s) {
            prop_assert!(f.as_slice().len() <= 10);
        }
        if let Ok(t) = TimeLimit::parse(&s) {
            prop_assert!(t.seconds() >= 1.0 && t.seconds() <= f64::from(TimeLimit::MAX));
        }
        if let Ok(st) = Stability::parse(&s) {
            prop_assert!(st.votes() <= Stability::MAX);
        }
        if let Ok(t) = ThemedRooms::parse(&s) {
            prop_assert!(t.percent() <= ThemedRooms::MAX);
            prop_assert!((0.0..=0.2).contains(&t.share()));
        }
    }
}
