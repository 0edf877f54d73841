//! iCalendar (RFC 5545): the whole published schedule, or one attendee's
//! agenda, for calendar apps that subscribe to the URL.
//!
//! Times are written in UTC (`DTSTART:20271025T113000Z`), which every client
//! places correctly across time zones and daylight-saving changes without a
//! VTIMEZONE block. UIDs are stable per session (its first topic), so that a
//! re-published schedule updates events instead of adding copies; SEQUENCE is
//! the published version number, so clients take the newer one. Lines are
//! folded at 75 octets and text is escaped as the RFC says.

use super::{Published, Session};
use chrono::{DateTime, Utc};

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (never inside a UTF-8 sequence) and
/// ends it with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn host_of(url: &str) -> String {
    url.split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or("kring")
        .to_string()
}

/// A calendar of `sessions` (all of `p`'s, or one attendee's), named `name`.
pub fn calendar(p: &Published, sessions: &[&Session], name: &str) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Kring//Open space scheduler//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    line(
        &mut out,
        &format!("X-WR-TIMEZONE:{}", text(&p.event.timezone)),
    );
    let host = host_of(&p.public_url);
    for s in sessions {
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!("UID:kring-{}-topic-{}@{}", p.event.slug, s.key(), host),
        );
        line(&mut out, &format!("DTSTAMP:{}", stamp(p.published_at)));
        line(&mut out, &format!("DTSTART:{}", stamp(s.start)));
        line(&mut out, &format!("DTEND:{}", stamp(s.end)));
        line(&mut out, &format!("SEQUENCE:{}", p.number));
        line(&mut out, &format!("SUMMARY:{}", text(&s.title())));
        line(&mut out, &format!("LOCATION:{}", text(&s.room.name)));
        let mut desc = String::new();
        let hosts = s.hosts();
        if !hosts.is_empty() {
            desc.push_str(&format!("Hosts: {}", hosts.join(", ")));
        }
        for t in &s.topics {
            if !t.description.is_empty() {
                if !desc.is_empty() {
                    desc.push_str("\n\n");
                }
                desc.push_str(&t.description);
            }
        }
        if !desc.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", text(&desc)));
        }
        line(&mut out, &format!("URL:{}", p.topic_url(s.key())));
        if s.topics.iter().all(|t| t.cancelled) {
            line(&mut out, "STATUS:CANCELLED");
        } else {
            line(&mut out, "STATUS:CONFIRMED");
        }
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a, b; c\\d\nnext"), "a\\, b\\; c\\\\d\\nnext");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(100));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }
}
