//! Free text typed by attendees: topic titles, descriptions, tags and display
//! names. Markup is not stripped here: every view escapes text, so a title such as
//! `<script>` is shown literally and never run.

use super::{has_control_chars, normalize_line, FieldError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicTitle(String);

impl TopicTitle {
    pub const MAX_CHARS: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = normalize_line(raw);
        if s.is_empty() {
            return Err(FieldError::new("title", "Give your topic a title."));
        }
        let n = s.chars().count();
        if n > Self::MAX_CHARS {
            return Err(FieldError::new(
                "title",
                format!(
                    "The title is {n} characters long; keep it to {} or fewer.",
                    Self::MAX_CHARS
                ),
            ));
        }
        if has_control_chars(&s) {
            return Err(FieldError::new(
                "title",
                "The title contains invisible control characters.",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicDescription(String);

impl TopicDescription {
    pub const MAX_CHARS: usize = 2000;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().replace("\r\n", "\n");
        let n = s.chars().count();
        if n > Self::MAX_CHARS {
            return Err(FieldError::new(
                "description",
                format!(
                    "The description is {n} characters long; keep it to {} or fewer.",
                    Self::MAX_CHARS
                ),
            ));
        }
        if has_control_chars(&s) {
            return Err(FieldError::new(
                "description",
                "The description contains invisible control characters.",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Up to ten short lowercase tags, typed comma separated ("docker, k8s").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Tags(Vec<String>);

impl Tags {
    pub const MAX_TAGS: usize = 10;
    pub const MAX_TAG_CHARS: usize = 30;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let mut tags: Vec<String> = Vec::new();
        for part in raw.split(',') {
            let tag = normalize_line(part).trim_start_matches('#').to_lowercase();
            if tag.is_empty() {
                continue;
            }
            if tag.chars().count() > Self::MAX_TAG_CHARS {
                return Err(FieldError::new(
                    "tags",
                    format!(
                        "The tag \"{tag}\" is too long; keep tags to {} characters.",
                        Self::MAX_TAG_CHARS
                    ),
                ));
            }
            if has_control_chars(&tag) {
                return Err(FieldError::new(
                    "tags",
                    "A tag contains invisible control characters.",
                ));
            }
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > Self::MAX_TAGS {
            return Err(FieldError::new(
                "tags",
                format!("Use at most {} tags.", Self::MAX_TAGS),
            ));
        }
        Ok(Self(tags))
    }

    pub fn from_vec(tags: Vec<String>) -> Self {
        Self(tags)
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn into_vec(self) -> Vec<String> {
        self.0
    }
}

/// The name an attendee shows to others. No account, no email: just this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = normalize_line(raw);
        if s.is_empty() {
            return Err(FieldError::new(
                "display_name",
                "Choose a name that others will see.",
            ));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                "display_name",
                format!("Keep your name to {} characters.", Self::MAX_CHARS),
            ));
        }
        if has_control_chars(&s) {
            return Err(FieldError::new(
                "display_name",
                "The name contains invisible control characters.",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_trimmed_and_collapsed() {
        assert_eq!(
            TopicTitle::parse("  Docker   in  prod ").unwrap().as_str(),
            "Docker in prod"
        );
    }

    #[test]
    fn empty_title_is_rejected() {
        let e = TopicTitle::parse("   \n ").unwrap_err();
        assert_eq!(e.field, "title");
    }

    #[test]
    fn title_limit_counts_characters_not_bytes() {
        let ok = "é".repeat(120);
        assert!(TopicTitle::parse(&ok).is_ok());
        let too_long = "é".repeat(121);
        let e = TopicTitle::parse(&too_long).unwrap_err();
        assert!(e.message.contains("121"), "{}", e.message);
    }

    #[test]
    fn markup_is_kept_verbatim_for_escaping_at_render() {
        let t = TopicTitle::parse("<script>alert(1)</script>").unwrap();
        assert_eq!(t.as_str(), "<script>alert(1)</script>");
    }

    #[test]
    fn control_characters_are_rejected() {
        assert!(TopicTitle::parse("a\u{0007}b").is_err());
        assert!(DisplayName::parse("bob\u{202e}").is_ok()); // format char, not control
        assert!(DisplayName::parse("bo\u{0000}b").is_err());
    }

    #[test]
    fn description_may_be_empty_but_not_huge() {
        assert_eq!(TopicDescription::parse("  ").unwrap().as_str(), "");
        assert!(TopicDescription::parse(&"x".repeat(2000)).is_ok());
        assert_eq!(
            TopicDescription::parse(&"x".repeat(2001))
                .unwrap_err()
                .field,
            "description"
        );
    }

    #[test]
    fn tags_are_lowercased_deduplicated_and_bounded() {
        let t = Tags::parse("Docker, #k8s, docker, , CI/CD").unwrap();
        assert_eq!(t.as_slice(), ["docker", "k8s", "ci/cd"]);
        let many = (0..11)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(Tags::parse(&many).is_err());
        assert!(Tags::parse(&"a".repeat(31)).is_err());
        assert!(Tags::parse("").unwrap().as_slice().is_empty());
    }

    #[test]
    fn display_name_rules() {
        assert_eq!(DisplayName::parse(" Ana  B ").unwrap().as_str(), "Ana B");
        assert!(DisplayName::parse("").is_err());
        assert!(DisplayName::parse(&"n".repeat(41)).is_err());
    }
}
