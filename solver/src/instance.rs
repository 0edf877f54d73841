//! The instance format (see `solver/README.md` and `solver/schema/instance.schema.json`)
//! and its validation into [`Problem`], an indexed form the algorithms use.
//! Every rejection names the offending item.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::schedule::Schedule;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub name: String,
    pub rooms: Vec<Room>,
    pub slots: Vec<Slot>,
    pub topics: Vec<Topic>,
    #[serde(default)]
    pub votes: Vec<Votes>,
    /// Participant → slots in which they cannot be anywhere.
    #[serde(default)]
    pub unavailable: BTreeMap<String, Vec<String>>,
    /// Room → slots in which it is closed.
    #[serde(default)]
    pub room_closed: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub pinned: Vec<Pin>,
    #[serde(default)]
    pub previous: Option<Schedule>,
    #[serde(default)]
    pub frozen_slots: Vec<String>,
    #[serde(default = "one")]
    pub turnout: f64,
    /// When re-planning against `previous`: how many unserved votes a
    /// session's move must gain to be made (0: any gain). See `stability.rs`.
    #[serde(default)]
    pub stability: u32,
    /// Pairs of topics that must not share a session (an organizer undid
    /// that merge): the engine merges others or drops a topic instead.
    #[serde(default)]
    pub apart: Vec<[String; 2]>,
    /// Themed rooms: the share of unserved votes (0 to 1) the engine may
    /// give up so that each room keeps to one theme. 0: theme-blind, as
    /// before. See `themes.rs`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub themed_rooms: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Room {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub capacity: i64,
    #[serde(default)]
    pub features: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    pub id: String,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub hosts: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub needs: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Votes {
    pub participant: String,
    pub topics: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub topic: String,
    pub room: String,
    pub slot: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InstanceError {
    #[error("invalid JSON: {0}")]
    Json(String),
    #[error("duplicate {kind} id \"{id}\"")]
    Duplicate { kind: &'static str, id: String },
    #[error("{context}: unknown {kind} \"{id}\"")]
    Unknown {
        context: String,
        kind: &'static str,
        id: String,
    },
    #[error("room \"{0}\" has a negative or zero capacity")]
    Capacity(String),
    #[error("slot \"{0}\" ends before it starts")]
    SlotOrder(String),
    #[error("topic \"{0}\" has no host")]
    NoHost(String),
    #[error("pin of topic \"{topic}\": {reason}")]
    Pin { topic: String, reason: String },
    #[error("turnout must be in (0, 1], got {0}")]
    Turnout(f64),
    #[error("themed_rooms must be between 0 and 1, got {0}")]
    ThemedRooms(f64),
    #[error("instance has no {0}")]
    Empty(&'static str),
}

impl Instance {
    pub fn from_json(s: &str) -> Result<Self, InstanceError> {
        serde_json::from_str(s).map_err(|e| InstanceError::Json(e.to_string()))
    }
}

/// The validated, indexed instance. Indices are positions in the instance's
/// vectors; slots are sorted by start time (`slot_order`).
#[derive(Debug, Clone)]
pub struct Problem {
    pub inst: Instance,
    pub n_rooms: usize,
    pub n_slots: usize,
    pub n_topics: usize,
    pub capacity: Vec<i64>,
    /// For each topic, the distinct participants (indices) who voted for it.
    pub voters: Vec<Vec<usize>>,
    /// For each participant, the distinct topics they voted for.
    pub votes_of: Vec<Vec<usize>>,
    pub participants: Vec<String>,
    /// For each topic, host participant indices.
    pub hosts: Vec<Vec<usize>>,
    /// topic → may it be in room r (features meet needs)?
    pub room_ok: Vec<Vec<bool>>,
    /// topic → may it be in slot s (hosts available)?
    pub slot_ok: Vec<Vec<bool>>,
    /// room → closed in slot s?
    pub closed: Vec<Vec<bool>>,
    /// (topic, room, slot) pins.
    pub pins: Vec<(usize, usize, usize)>,
    /// Frozen slots and what `previous` had in them: (slot, room, topics).
    pub frozen: Vec<(usize, usize, Vec<usize>)>,
    pub frozen_slot: Vec<bool>,
    /// previous placement of each topic: (room, slot).
    pub previous: Vec<Option<(usize, usize)>>,
    /// Topic pairs (smaller index first) never merged into one session.
    pub apart: HashSet<(usize, usize)>,
    /// Slot indices in time order, and each slot's day index and whether it is
    /// the last slot of its day.
    pub slot_order: Vec<usize>,
    pub day_of: Vec<usize>,
    pub last_of_day: Vec<bool>,
    /// The slot that follows s on the same day, if any.
    pub next_slot: Vec<Option<usize>>,
    pub topic_index: HashMap<String, usize>,
    pub room_index: HashMap<String, usize>,
    pub slot_index: HashMap<String, usize>,
}

fn index<'a>(
    kind: &'static str,
    ids: impl Iterator<Item = &'a String>,
) -> Result<HashMap<String, usize>, InstanceError> {
    let mut m = HashMap::new();
    for (i, id) in ids.enumerate() {
        if m.insert(id.clone(), i).is_some() {
            return Err(InstanceError::Duplicate {
                kind,
                id: id.clone(),
            });
        }
    }
    Ok(m)
}

fn lookup(
    m: &HashMap<String, usize>,
    context: impl Into<String>,
    kind: &'static str,
    id: &str,
) -> Result<usize, InstanceError> {
    m.get(id).copied().ok_or_else(|| InstanceError::Unknown {
        context: context.into(),
        kind,
        id: id.to_string(),
    })
}

impl Problem {
    pub fn new(inst: Instance) -> Result<Self, InstanceError> {
        if inst.rooms.is_empty() {
            return Err(InstanceError::Empty("rooms"));
        }
        if inst.slots.is_empty() {
            return Err(InstanceError::Empty("slots"));
        }
        if !(inst.turnout > 0.0 && inst.turnout <= 1.0) {
            return Err(InstanceError::Turnout(inst.turnout));
        }
        if !(0.0..=1.0).contains(&inst.themed_rooms) {
            return Err(InstanceError::ThemedRooms(inst.themed_rooms));
        }
        let room_index = index("room", inst.rooms.iter().map(|r| &r.id))?;
        let slot_index = index("slot", inst.slots.iter().map(|s| &s.id))?;
        let topic_index = index("topic", inst.topics.iter().map(|t| &t.id))?;
        for r in &inst.rooms {
            if r.capacity <= 0 {
                return Err(InstanceError::Capacity(r.id.clone()));
            }
        }
        for s in &inst.slots {
            if s.end <= s.start {
                return Err(InstanceError::SlotOrder(s.id.clone()));
            }
        }
        let mut participants: Vec<String> = Vec::new();
        let mut pidx: HashMap<String, usize> = HashMap::new();
        let mut person = |name: &str, participants: &mut Vec<String>| -> usize {
            if let Some(&i) = pidx.get(name) {
                return i;
            }
            participants.push(name.to_string());
            pidx.insert(name.to_string(), participants.len() - 1);
            participants.len() - 1
        };
        let n_topics = inst.topics.len();
        let (n_rooms, n_slots) = (inst.rooms.len(), inst.slots.len());
        let mut hosts = Vec::with_capacity(n_topics);
        for t in &inst.topics {
            if t.hosts.is_empty() {
                return Err(InstanceError::NoHost(t.id.clone()));
            }
            let mut hs: Vec<usize> = t
                .hosts
                .iter()
                .map(|h| person(h, &mut participants))
                .collect();
            hs.sort_unstable();
            hs.dedup();
            hosts.push(hs);
        }
        let mut seen_voter = HashSet::new();
        let mut voters = vec![Vec::new(); n_topics];
        let mut votes_raw: Vec<(usize, Vec<usize>)> = Vec::new();
        for v in &inst.votes {
            if !seen_voter.insert(v.participant.clone()) {
                return Err(InstanceError::Duplicate {
                    kind: "votes participant",
                    id: v.participant.clone(),
                });
            }
            let p = person(&v.participant, &mut participants);
            let mut ts = Vec::new();
            for t in &v.topics {
                ts.push(lookup(
                    &topic_index,
                    format!("votes of \"{}\"", v.participant),
                    "topic",
                    t,
                )?);
            }
            ts.sort_unstable();
            ts.dedup();
            for &t in &ts {
                voters[t].push(p);
            }
            votes_raw.push((p, ts));
        }
        let mut votes_of = vec![Vec::new(); participants.len()];
        for (p, ts) in votes_raw {
            votes_of[p] = ts;
        }
        let capacity = inst.rooms.iter().map(|r| r.capacity).collect();
        let room_ok: Vec<Vec<bool>> = inst
            .topics
            .iter()
            .map(|t| {
                inst.rooms
                    .iter()
                    .map(|r| t.needs.iter().all(|n| r.features.contains(n)))
                    .collect()
            })
            .collect();
        let mut slot_ok = vec![vec![true; n_slots]; n_topics];
        for (p, slots) in &inst.unavailable {
            let Some(&pi) = pidx.get(p) else { continue }; // not a host: irrelevant
            let mut ss = Vec::new();
            for s in slots {
                ss.push(lookup(
                    &slot_index,
                    format!("unavailable of \"{p}\""),
                    "slot",
                    s,
                )?);
            }
            for (t, hs) in hosts.iter().enumerate() {
                if hs.contains(&pi) {
                    for &s in &ss {
                        slot_ok[t][s] = false;
                    }
                }
            }
        }
        let mut closed = vec![vec![false; n_slots]; n_rooms];
        for (r, slots) in &inst.room_closed {
            let ri = lookup(&room_index, "room_closed", "room", r)?;
            for s in slots {
                closed[ri][lookup(&slot_index, format!("room_closed of \"{r}\""), "slot", s)?] =
                    true;
            }
        }
        let mut pins = Vec::new();
        for p in &inst.pinned {
            let t = lookup(&topic_index, "pinned", "topic", &p.topic)?;
            let r = lookup(
                &room_index,
                format!("pin of \"{}\"", p.topic),
                "room",
                &p.room,
            )?;
            let s = lookup(
                &slot_index,
                format!("pin of \"{}\"", p.topic),
                "slot",
                &p.slot,
            )?;
            if closed[r][s] {
                return Err(InstanceError::Pin {
                    topic: p.topic.clone(),
                    reason: format!("room \"{}\" is closed in slot \"{}\"", p.room, p.slot),
                });
            }
            if !room_ok[t][r] {
                let missing: Vec<&str> = inst.topics[t]
                    .needs
                    .iter()
                    .filter(|n| !inst.rooms[r].features.contains(n))
                    .map(String::as_str)
                    .collect();
                return Err(InstanceError::Pin {
                    topic: p.topic.clone(),
                    reason: format!(
                        "room \"{}\" lacks what the topic needs: {}",
                        p.room,
                        missing.join(", ")
                    ),
                });
            }
            if !slot_ok[t][s] {
                return Err(InstanceError::Pin {
                    topic: p.topic.clone(),
                    reason: format!("a host is unavailable in slot \"{}\"", p.slot),
                });
            }
            if pins.iter().any(|&(pt, _, _)| pt == t) {
                return Err(InstanceError::Pin {
                    topic: p.topic.clone(),
                    reason: "pinned twice".into(),
                });
            }
            pins.push((t, r, s));
        }
        let mut frozen_slot = vec![false; n_slots];
        for s in &inst.frozen_slots {
            frozen_slot[lookup(&slot_index, "frozen_slots", "slot", s)?] = true;
        }
        let mut previous = vec![None; n_topics];
        let mut frozen = Vec::new();
        if let Some(prev) = &inst.previous {
            for sess in &prev.sessions {
                let r = lookup(&room_index, "previous", "room", &sess.room)?;
                let s = lookup(&slot_index, "previous", "slot", &sess.slot)?;
                let mut ts = Vec::new();
                for t in &sess.topics {
                    let ti = lookup(&topic_index, "previous", "topic", t)?;
                    previous[ti] = Some((r, s));
                    ts.push(ti);
                }
                if frozen_slot[s] {
                    frozen.push((s, r, ts));
                }
            }
        }
        let mut apart = HashSet::new();
        for [a, b] in &inst.apart {
            let x = lookup(&topic_index, "apart", "topic", a)?;
            let y = lookup(&topic_index, "apart", "topic", b)?;
            apart.insert((x.min(y), x.max(y)));
        }
        let mut slot_order: Vec<usize> = (0..n_slots).collect();
        slot_order.sort_by_key(|&s| (inst.slots[s].start, s));
        let mut day_of = vec![0; n_slots];
        let mut last_of_day = vec![false; n_slots];
        let mut next_slot = vec![None; n_slots];
        let mut day = 0;
        for (k, &s) in slot_order.iter().enumerate() {
            if k > 0 {
                let prev = slot_order[k - 1];
                if inst.slots[prev].start.date_naive() != inst.slots[s].start.date_naive() {
                    day += 1;
                    last_of_day[prev] = true;
                } else {
                    next_slot[prev] = Some(s);
                }
            }
            day_of[s] = day;
        }
        if let Some(&last) = slot_order.last() {
            last_of_day[last] = true;
        }
        Ok(Problem {
            n_rooms,
            n_slots,
            n_topics,
            capacity,
            voters,
            votes_of,
            participants,
            hosts,
            room_ok,
            slot_ok,
            closed,
            pins,
            frozen,
            frozen_slot,
            previous,
            apart,
            slot_order,
            day_of,
            last_of_day,
            next_slot,
            topic_index,
            room_index,
            slot_index,
            inst,
        })
    }

    pub fn from_json(s: &str) -> Result<Self, InstanceError> {
        Problem::new(Instance::from_json(s)?)
    }

    /// Seats needed by a session holding `topics`:
    /// ceil(turnout × distinct voters).
    pub fn demand(&self, topics: &[usize]) -> i64 {
        let n = if topics.len() == 1 {
            self.voters[topics[0]].len()
        } else {
            let mut all: Vec<usize> = topics
                .iter()
                .flat_map(|&t| self.voters[t].iter().copied())
                .collect();
            all.sort_unstable();
            all.dedup();
            all.len()
        };
        (self.inst.turnout * n as f64 - 1e-9).ceil().max(0.0) as i64
    }

    pub fn total_votes(&self) -> usize {
        self.votes_of.iter().map(Vec::len).sum()
    }

    /// Room-slots that can hold a session (open, not frozen).
    pub fn open_room_slots(&self) -> usize {
        (0..self.n_rooms)
            .map(|r| (0..self.n_slots).filter(|&s| !self.closed[r][s]).count())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn tiny() -> serde_json::Value {
        serde_json::json!({
            "name": "tiny",
            "rooms": [{"id": "r1", "capacity": 10, "features": ["projector"]}, {"id": "r2", "capacity": 5}],
            "slots": [
                {"id": "s1", "start": "2026-10-26T13:30:00+01:00", "end": "2026-10-26T14:15:00+01:00"},
                {"id": "s2", "start": "2026-10-26T14:30:00+01:00", "end": "2026-10-26T15:15:00+01:00"}
            ],
            "topics": [
                {"id": "t1", "title": "Docker volumes", "hosts": ["p1"], "needs": ["projector"]},
                {"id": "t2", "title": "Kubernetes storage", "hosts": ["p2"]},
                {"id": "t3", "title": "Blameless culture", "hosts": ["p1"]}
            ],
            "votes": [{"participant": "p3", "topics": ["t1", "t2"]}, {"participant": "p4", "topics": ["t2", "t3", "t2"]}],
            "unavailable": {"p2": ["s2"]}
        })
    }

    fn with(mut v: serde_json::Value, path: &[&str], value: serde_json::Value) -> String {
        let mut cur = &mut v;
        for p in &path[..path.len() - 1] {
            cur = match p.parse::<usize>() {
                Ok(i) => &mut cur[i],
                Err(_) => &mut cur[*p],
            };
        }
        let last = path[path.len() - 1];
        match last.parse::<usize>() {
            Ok(i) => cur[i] = value,
            Err(_) => cur[last] = value,
        }
        v.to_string()
    }

    #[test]
    fn valid_instance_is_indexed() {
        let p = Problem::from_json(&tiny().to_string()).unwrap();
        assert_eq!((p.n_rooms, p.n_slots, p.n_topics), (2, 2, 3));
        assert_eq!(
            p.voters[1].len(),
            2,
            "t2 voted by p3 and p4 (p4's duplicate counted once)"
        );
        assert!(!p.room_ok[0][1], "t1 needs a projector");
        assert!(!p.slot_ok[1][1], "t2's host is unavailable in s2");
        assert_eq!(p.total_votes(), 4);
        assert_eq!(p.next_slot[0], Some(1));
        assert!(p.last_of_day[1] && !p.last_of_day[0]);
        assert_eq!(p.demand(&[1]), 2);
    }

    #[test]
    fn errors_name_the_offending_item() {
        let cases = [
            (
                with(tiny(), &["rooms", "1", "id"], "r1".into()),
                "duplicate room id \"r1\"",
            ),
            (
                with(tiny(), &["rooms", "0", "capacity"], (-1).into()),
                "room \"r1\"",
            ),
            (
                with(
                    tiny(),
                    &["slots", "0", "end"],
                    "2026-10-26T13:00:00+01:00".into(),
                ),
                "slot \"s1\" ends before it starts",
            ),
            (
                with(tiny(), &["topics", "2", "hosts"], serde_json::json!([])),
                "topic \"t3\" has no host",
            ),
            (
                with(tiny(), &["votes", "0", "topics"], serde_json::json!(["t9"])),
                "unknown topic \"t9\"",
            ),
            (
                with(tiny(), &["unavailable"], serde_json::json!({"p1": ["s7"]})),
                "unknown slot \"s7\"",
            ),
            (
                with(
                    with(tiny(), &["room_closed"], serde_json::json!({"r1": ["s1"]}))
                        .parse()
                        .unwrap(),
                    &["pinned"],
                    serde_json::json!([{"topic": "t1", "room": "r1", "slot": "s1"}]),
                ),
                "pin of topic \"t1\": room \"r1\" is closed",
            ),
            (
                // Found by the fuzz target: a pin into a room without a
                // feature the topic needs was accepted, and the engine's
                // schedule then broke the rule (features match exactly).
                with(
                    tiny(),
                    &["pinned"],
                    serde_json::json!([{"topic": "t1", "room": "r2", "slot": "s1"}]),
                ),
                "pin of topic \"t1\": room \"r2\" lacks what the topic needs: projector",
            ),
        ];
        for (json, want) in cases {
            let err = Problem::from_json(&json).unwrap_err().to_string();
            assert!(err.contains(want), "{err} should contain {want}");
        }
        assert!(Problem::from_json("{")
            .unwrap_err()
            .to_string()
            .starts_with("invalid JSON"));
    }
}
