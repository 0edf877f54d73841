//! frab's schedule format, as XML and JSON, valid against the c3voc schemas
//! (`shared/schemas/frab/`). A Kring session is a frab "event"; its id is its
//! first topic's id and its guid a UUIDv5 of the topic's URL, so that apps
//! that cache the schedule update sessions instead of duplicating them.
//!
//! The schemas' traps: the acronym is `[a-z0-9_]`, at least 4 characters, no
//! hyphen after the first character (so the event's link name with `_` for
//! `-`); an event slug is `{acronym}-{at least 4 more}` ending in a letter or
//! digit; every time carries its UTC offset; a person in JSON is `{name}`.

use super::{Published, Session};
use crate::html::escape;
use chrono::{DateTime, Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The conference acronym from the event's link name.
pub fn acronym(slug: &str) -> String {
    let mut a: String = slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    while a.len() < 4 {
        a.push('_');
    }
    a
}

/// ASCII lower-case words joined by hyphens ("Docker & K8s!" → "docker-k8s").
fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-')
        .chars()
        .take(60)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

fn event_slug(p: &Published, s: &Session) -> String {
    let title = slugify(&s.title());
    if title.is_empty() {
        format!("{}-topic{}", acronym(&p.event.slug), s.key())
    } else {
        format!("{}-topic{}-{title}", acronym(&p.event.slug), s.key())
    }
}

fn guid(p: &Published, s: &Session) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, p.topic_url(s.key()).as_bytes()).to_string()
}

fn room_guid(p: &Published, room_id: i64) -> String {
    let url = format!("{}/rooms/{room_id}", p.event_url());
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, url.as_bytes()).to_string()
}

fn hhmm(d: Duration) -> String {
    let m = d.num_minutes().max(0);
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn track(s: &Session) -> String {
    s.topics
        .iter()
        .find_map(|t| t.tags.first().cloned())
        .unwrap_or_default()
}

fn abstract_of(s: &Session) -> String {
    s.topics
        .iter()
        .map(|t| t.description.as_str())
        .filter(|d| !d.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

struct Day {
    index: usize,
    date: NaiveDate,
    start: DateTime<Tz>,
    end: DateTime<Tz>,
    /// Room name → sessions, in the event's room order.
    rooms: Vec<(String, i64, Vec<Session>)>,
}

fn local_midnight(tz: Tz, d: NaiveDate) -> DateTime<Tz> {
    let naive = d.and_hms_opt(0, 0, 0).expect("midnight");
    tz.from_local_datetime(&naive)
        .earliest()
        .unwrap_or_else(|| tz.from_utc_datetime(&naive))
}

/// Every day of the event (its first to last date, and any day with a
/// session outside them), each with its rooms and sessions.
fn days(p: &Published) -> Vec<Day> {
    let tz = p.event.tz();
    let mut dates: BTreeMap<NaiveDate, Vec<&Session>> = BTreeMap::new();
    if let Some(d) = p.event.dates() {
        let mut day = d.start;
        while day <= d.end {
            dates.entry(day).or_default();
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
    }
    for s in &p.sessions {
        dates
            .entry(s.start.with_timezone(&tz).date_naive())
            .or_default()
            .push(s);
    }
    dates
        .into_iter()
        .enumerate()
        .map(|(i, (date, sessions))| {
            let start = sessions
                .iter()
                .map(|s| s.start.with_timezone(&tz))
                .min()
                .unwrap_or_else(|| local_midnight(tz, date));
            let end = sessions
                .iter()
                .map(|s| s.end.with_timezone(&tz))
                .max()
                .unwrap_or_else(|| local_midnight(tz, date.succ_opt().unwrap_or(date)));
            let rooms = p
                .rooms
                .iter()
                .filter_map(|r| {
                    let list: Vec<Session> = sessions
                        .iter()
                        .filter(|s| s.room.id == r.id)
                        .map(|s| (*s).clone())
                        .collect();
                    (!list.is_empty()).then(|| (r.name.clone(), r.id, list))
                })
                .collect();
            Day {
                index: i + 1,
                date,
                start,
                end,
                rooms,
            }
        })
        .collect()
}

fn timeslot(p: &Published) -> String {
    // The shortest session length, in whole quarter hours at least 5 minutes.
    let m = p
        .sessions
        .iter()
        .map(|s| (s.end - s.start).num_minutes())
        .filter(|m| *m > 0)
        .min()
        .unwrap_or(15)
        .clamp(5, 15);
    format!("00:{m:02}")
}

/// frab's `schedule.xml`.
pub fn xml(p: &Published) -> String {
    let tz = p.event.tz();
    let days = days(p);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<schedule>\n");
    x.push_str(&format!(
        "  <generator name=\"kring\" version=\"{}\"/>\n",
        env!("CARGO_PKG_VERSION")
    ));
    x.push_str(&format!(
        "  <url>{}</url>\n",
        escape(&format!("{}/schedule.xml", p.event_url()))
    ));
    x.push_str(&format!(
        "  <version>Kring version {}</version>\n",
        p.number
    ));
    x.push_str("  <conference>\n");
    x.push_str(&format!("    <title>{}</title>\n", escape(&p.event.name)));
    x.push_str(&format!(
        "    <acronym>{}</acronym>\n",
        acronym(&p.event.slug)
    ));
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        x.push_str(&format!("    <start>{}</start>\n", first.date));
        x.push_str(&format!("    <end>{}</end>\n", last.date));
    }
    x.push_str(&format!("    <days>{}</days>\n", days.len()));
    x.push_str(&format!(
        "    <timeslot_duration>{}</timeslot_duration>\n",
        timeslot(p)
    ));
    x.push_str(&format!("    <url>{}</url>\n", escape(&p.event_url())));
    x.push_str(&format!(
        "    <time_zone_name>{}</time_zone_name>\n",
        escape(tz.name())
    ));
    x.push_str("  </conference>\n");
    for d in &days {
        x.push_str(&format!(
            "  <day index=\"{}\" date=\"{}\" start=\"{}\" end=\"{}\">\n",
            d.index,
            d.date,
            d.start.to_rfc3339(),
            d.end.to_rfc3339()
        ));
        for (name, room_id, sessions) in &d.rooms {
            x.push_str(&format!(
                "    <room name=\"{}\" guid=\"{}\">\n",
                escape(name),
                room_guid(p, *room_id)
            ));
            for s in sessions {
                let start = s.start.with_timezone(&tz);
                x.push_str(&format!(
                    "      <event id=\"{}\" guid=\"{}\">\n",
                    s.key(),
                    guid(p, s)
                ));
                x.push_str(&format!("        <date>{}</date>\n", start.to_rfc3339()));
                x.push_str(&format!(
                    "        <start>{}</start>\n",
                    start.format("%H:%M")
                ));
                x.push_str(&format!(
                    "        <duration>{}</duration>\n",
                    hhmm(s.end - s.start)
                ));
                x.push_str(&format!("        <room>{}</room>\n", escape(name)));
                x.push_str(&format!("        <slug>{}</slug>\n", event_slug(p, s)));
                x.push_str(&format!(
                    "        <url>{}</url>\n",
                    escape(&p.topic_url(s.key()))
                ));
                x.push_str(&format!("        <title>{}</title>\n", escape(&s.title())));
                x.push_str("        <subtitle></subtitle>\n");
                x.push_str(&format!("        <track>{}</track>\n", escape(&track(s))));
                x.push_str("        <type>discussion</type>\n");
                x.push_str("        <language>en</language>\n");
                x.push_str(&format!(
                    "        <abstract>{}</abstract>\n",
                    escape(&abstract_of(s))
                ));
                x.push_str("        <description></description>\n");
                x.push_str("        <persons>\n");
                for h in s.hosts() {
                    x.push_str(&format!("          <person>{}</person>\n", escape(&h)));
                }
                x.push_str("        </persons>\n");
                x.push_str("        <links></links>\n");
                x.push_str("      </event>\n");
            }
            x.push_str("    </room>\n");
        }
        x.push_str("  </day>\n");
    }
    x.push_str("</schedule>\n");
    x
}

/// frab's `schedule.json`.
pub fn json(p: &Published) -> Value {
    let tz = p.event.tz();
    let days = days(p);
    let tz_name = tz.name();
    let mut conference = json!({
        "acronym": acronym(&p.event.slug),
        "title": p.event.name,
        "start": days.first().map(|d| d.date.to_string()).unwrap_or_default(),
        "end": days.last().map(|d| d.date.to_string()).unwrap_or_default(),
        "daysCount": days.len(),
        "timeslot_duration": timeslot(p),
        "url": p.event_url(),
        "rooms": p.rooms.iter().map(|r| json!({
            "name": r.name,
            "guid": room_guid(p, r.id),
            "capacity": r.capacity,
        })).collect::<Vec<_>>(),
        "days": days.iter().map(|d| json!({
            "index": d.index,
            "date": d.date.to_string(),
            "day_start": d.start.to_rfc3339(),
            "day_end": d.end.to_rfc3339(),
            "rooms": d.rooms.iter().map(|(name, _, sessions)| {
                (name.clone(), Value::Array(sessions.iter().map(|s| {
                    let start = s.start.with_timezone(&tz);
                    json!({
                        "guid": guid(p, s),
                        "id": s.key(),
                        "date": start.to_rfc3339(),
                        "start": start.format("%H:%M").to_string(),
                        "end": s.end.with_timezone(&tz).to_rfc3339(),
                        "duration": hhmm(s.end - s.start),
                        "room": name,
                        "slug": event_slug(p, s),
                        "url": p.topic_url(s.key()),
                        "title": s.title(),
                        "subtitle": "",
                        "track": track(s),
                        "type": "discussion",
                        "language": "en",
                        "abstract": abstract_of(s),
                        "description": "",
                        "persons": s.hosts().into_iter().map(|h| json!({"name": h})).collect::<Vec<_>>(),
                        "links": [],
                    })
                }).collect()))
            }).collect::<serde_json::Map<String, Value>>(),
        })).collect::<Vec<_>>(),
    });
    // The schema's time zone pattern takes "Area/City" names and UTC.
    let ok_tz = tz_name == "UTC"
        || tz_name
            .split_once('/')
            .is_some_and(|(a, c)| !a.is_empty() && !c.is_empty() && !c.contains('/'));
    if ok_tz {
        conference["time_zone_name"] = json!(tz_name);
    }
    json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": { "name": "kring", "version": env!("CARGO_PKG_VERSION") },
        "schedule": {
            "version": format!("Kring version {}", p.number),
            "base_url": p.event_url(),
            "conference": conference,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn acronyms_and_slugs_fit_the_schemas() {
        assert_eq!(acronym("devopsdays-ghent"), "devopsdays_ghent");
        assert_eq!(acronym("os"), "os__");
        assert_eq!(
            slugify("Docker & K8s: </title> tips!"),
            "docker-k8s-title-tips"
        );
        assert_eq!(slugify("¿Qué?"), "qu");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn durations_are_hours_and_minutes() {
        assert_eq!(hhmm(Duration::minutes(45)), "00:45");
        assert_eq!(hhmm(Duration::minutes(135)), "02:15");
    }

    #[test]
    fn utc_times_carry_an_offset() {
        let t = Utc.with_ymd_and_hms(2027, 10, 25, 11, 30, 0).unwrap();
        assert!(t
            .with_timezone(&chrono_tz::UTC)
            .to_rfc3339()
            .ends_with("+00:00"));
    }
}
