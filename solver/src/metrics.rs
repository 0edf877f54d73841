//! The independent checker: recomputes every metric of a schedule from the raw
//! instance and lists every violated hard rule. It shares no code with the
//! solver except the relatedness measure (to judge merges).
//!
//! Definitions (the same ones the objective uses):
//! - demand(session) = ceil(turnout × number of distinct voters of its topics)
//! - overflow = Σ over sessions of max(0, demand − room capacity)
//! - an attendee's attendable votes = Σ over slots of the largest number of
//!   their voted topics inside one session of that slot
//! - lost votes = total votes − all attendable votes
//! - unserved = lost votes + overflow

use crate::instance::Instance;
use crate::relate::{Relatedness, MERGE_THRESHOLD};
use crate::schedule::{Schedule, Stats};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub stats: Stats,
    pub violations: Vec<String>,
}

impl Report {
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

pub fn check(inst: &Instance, sched: &Schedule) -> Report {
    let mut v: Vec<String> = Vec::new();
    let rooms: HashMap<&str, usize> = inst
        .rooms
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let slots: HashMap<&str, usize> = inst
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let topics: HashMap<&str, usize> = inst
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();

    // Voters per topic and votes per participant (distinct).
    let mut voters: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); inst.topics.len()];
    let mut votes: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for vs in &inst.votes {
        for t in &vs.topics {
            if let Some(&ti) = topics.get(t.as_str()) {
                voters[ti].insert(vs.participant.as_str());
                votes.entry(vs.participant.as_str()).or_default().insert(ti);
            }
        }
    }
    let total_votes: u64 = votes.values().map(|s| s.len() as u64).sum();

    // Placement of each topic.
    let mut placed: Vec<Option<(usize, usize, usize)>> = vec![None; inst.topics.len()]; // (session, room, slot)
    let mut room_slot: HashSet<(usize, usize)> = HashSet::new();
    let mut valid_sessions: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    for (k, s) in sched.sessions.iter().enumerate() {
        let (Some(&r), Some(&sl)) = (rooms.get(s.room.as_str()), slots.get(s.slot.as_str())) else {
            v.push(format!(
                "session {k} names an unknown room \"{}\" or slot \"{}\"",
                s.room, s.slot
            ));
            continue;
        };
        if s.topics.is_empty() || s.topics.len() > 3 {
            v.push(format!(
                "session in {} at {} holds {} topics (1 to 3 allowed)",
                s.room,
                s.slot,
                s.topics.len()
            ));
        }
        if !room_slot.insert((r, sl)) {
            v.push(format!(
                "room {} holds two sessions in slot {}",
                s.room, s.slot
            ));
        }
        if inst
            .room_closed
            .get(&s.room)
            .is_some_and(|c| c.contains(&s.slot))
        {
            v.push(format!("room {} is closed in slot {}", s.room, s.slot));
        }
        let mut ts = Vec::new();
        for t in &s.topics {
            match topics.get(t.as_str()) {
                None => v.push(format!(
                    "session in {} at {} names unknown topic \"{t}\"",
                    s.room, s.slot
                )),
                Some(&ti) => {
                    if placed[ti].is_some() {
                        v.push(format!("topic {t} is scheduled twice"));
                    }
                    placed[ti] = Some((valid_sessions.len(), r, sl));
                    ts.push(ti);
                    for need in &inst.topics[ti].needs {
                        if !inst.rooms[r].features.contains(need) {
                            v.push(format!(
                                "topic {t} needs {need}, which room {} lacks",
                                s.room
                            ));
                        }
                    }
                }
            }
        }
        valid_sessions.push((r, sl, ts));
    }
    let unscheduled: HashSet<&str> = sched.unscheduled.iter().map(String::as_str).collect();
    for (ti, t) in inst.topics.iter().enumerate() {
        match (placed[ti].is_some(), unscheduled.contains(t.id.as_str())) {
            (true, true) => v.push(format!("topic {} is both scheduled and unscheduled", t.id)),
            (false, false) => v.push(format!("topic {} is missing from the schedule", t.id)),
            _ => {}
        }
    }
    for u in &sched.unscheduled {
        if !topics.contains_key(u.as_str()) {
            v.push(format!("unscheduled lists unknown topic \"{u}\""));
        }
    }

    // Hosts: one place per slot, never when unavailable.
    let mut host_slot: HashMap<(&str, usize), usize> = HashMap::new();
    for (k, (_, sl, ts)) in valid_sessions.iter().enumerate() {
        let mut hosts_here: BTreeSet<&str> = BTreeSet::new();
        for &ti in ts {
            hosts_here.extend(inst.topics[ti].hosts.iter().map(String::as_str));
        }
        for h in hosts_here {
            if let Some(&other) = host_slot.get(&(h, *sl)) {
                if other != k {
                    v.push(format!(
                        "host {h} is in two sessions in slot {}",
                        inst.slots[*sl].id
                    ));
                }
            }
            host_slot.insert((h, *sl), k);
            if inst
                .unavailable
                .get(h)
                .is_some_and(|u| u.contains(&inst.slots[*sl].id))
            {
                v.push(format!(
                    "host {h} is unavailable in slot {}",
                    inst.slots[*sl].id
                ));
            }
        }
    }
    for p in &inst.pinned {
        let ok = topics
            .get(p.topic.as_str())
            .and_then(|&t| placed[t])
            .is_some_and(|(_, r, s)| inst.rooms[r].id == p.room && inst.slots[s].id == p.slot);
        if !ok {
            v.push(format!(
                "pin of {} to {} at {} not kept",
                p.topic, p.room, p.slot
            ));
        }
    }
    if let Some(prev) = &inst.previous {
        for fs in &inst.frozen_slots {
            let norm = |ss: &mut Vec<(String, Vec<String>)>| {
                for (_, ts) in ss.iter_mut() {
                    ts.sort();
                }
                ss.sort();
            };
            let mut before: Vec<(String, Vec<String>)> = prev
                .sessions
                .iter()
                .filter(|s| &s.slot == fs)
                .map(|s| (s.room.clone(), s.topics.clone()))
                .collect();
            let mut after: Vec<(String, Vec<String>)> = sched
                .sessions
                .iter()
                .filter(|s| &s.slot == fs)
                .map(|s| (s.room.clone(), s.topics.clone()))
                .collect();
            norm(&mut before);
            norm(&mut after);
            if before != after {
                v.push(format!(
                    "frozen slot {fs} differs from the previous schedule"
                ));
            }
        }
    }

    // Fit: merging or dropping only when topics outnumber room-slots, and then
    // only as much as needed; merged topics must be related; least-voted dropped.
    // Open room-slots: not closed, and not left empty in a frozen slot (those
    // must stay as they were).
    let closed: HashSet<(&str, &str)> = inst
        .room_closed
        .iter()
        .flat_map(|(r, ss)| ss.iter().map(move |s| (r.as_str(), s.as_str())))
        .collect();
    let frozen: HashSet<&str> = inst.frozen_slots.iter().map(String::as_str).collect();
    let used_in_previous: HashSet<(&str, &str)> = inst
        .previous
        .iter()
        .flat_map(|p| {
            p.sessions
                .iter()
                .map(|s| (s.room.as_str(), s.slot.as_str()))
        })
        .collect();
    let open_cells: Vec<(&str, &str)> = inst
        .rooms
        .iter()
        .flat_map(|r| {
            inst.slots
                .iter()
                .map(move |s| (r.id.as_str(), s.id.as_str()))
        })
        .filter(|&(r, s)| {
            !closed.contains(&(r, s)) && (!frozen.contains(s) || used_in_previous.contains(&(r, s)))
        })
        .collect();
    let open_room_slots = open_cells.len();
    let occupied: HashSet<(&str, &str)> = valid_sessions
        .iter()
        .map(|(r, sl, _)| (inst.rooms[*r].id.as_str(), inst.slots[*sl].id.as_str()))
        .collect();
    // No host of `t` is in a session of `slot` (other than session `except`).
    let hosts_free = |t: &crate::instance::Topic, slot: &str, except: Option<usize>| {
        valid_sessions.iter().enumerate().all(|(k, (_, sl, ts))| {
            Some(k) == except
                || inst.slots[*sl].id != slot
                || ts
                    .iter()
                    .all(|&o| inst.topics[o].hosts.iter().all(|h| !t.hosts.contains(h)))
        })
    };
    let merged: Vec<&(usize, usize, Vec<usize>)> = valid_sessions
        .iter()
        .filter(|(_, _, ts)| ts.len() > 1)
        .collect();
    let n_unsched = inst
        .topics
        .iter()
        .enumerate()
        .filter(|(i, _)| placed[*i].is_none())
        .count();
    // "Every topic fits" only when a placement of each topic in a room-slot
    // of its own exists (room features, host availability and host clashes
    // can rule that out even with room-slots to spare).
    let options = topic_options(inst, &open_cells);
    if inst.topics.len() <= open_room_slots && each_topic_fits_alone(inst, &open_cells, &options) {
        if !merged.is_empty() {
            v.push(format!(
                "{} sessions merge topics although every topic fits in its own room-slot",
                merged.len()
            ));
        }
        if n_unsched > 0 {
            v.push(format!(
                "{n_unsched} topics are unscheduled although every topic fits"
            ));
        }
    } else if n_unsched > 0 {
        // A dropped topic with an empty room-slot that suits it (features,
        // its hosts available and not in another session of that slot)
        // could simply have been placed there.
        let free = open_cells.iter().filter(|c| !occupied.contains(*c)).count();
        let placeable = (0..inst.topics.len())
            .filter(|&t| placed[t].is_none())
            .filter(|&t| {
                options[t].iter().any(|&c| {
                    !occupied.contains(&open_cells[c])
                        && hosts_free(&inst.topics[t], open_cells[c].1, None)
                })
            })
            .count();
        if placeable > 0 {
            v.push(format!(
                "{placeable} topics unscheduled while {free} room-slots stay empty"
            ));
        }
    }
    if !merged.is_empty() {
        let rel = Relatedness::new(inst);
        for (_, _, ts) in &merged {
            for (a, &x) in ts.iter().enumerate() {
                for &y in &ts[a + 1..] {
                    let r = rel.score(x, y);
                    if r < MERGE_THRESHOLD {
                        v.push(format!(
                            "topics {} and {} are merged but only {:.2} related (threshold {MERGE_THRESHOLD})",
                            inst.topics[x].id, inst.topics[y].id, r
                        ));
                    }
                }
            }
        }
    }
    // Pairs an organizer keeps apart never share a session.
    for [a, b] in &inst.apart {
        if let (Some(&x), Some(&y)) = (topics.get(a.as_str()), topics.get(b.as_str())) {
            if placed[x].is_some_and(|(k, _, _)| placed[y].is_some_and(|(k2, _, _)| k == k2)) {
                v.push(format!(
                    "topics {a} and {b} share a session although kept apart"
                ));
            }
        }
    }
    // The least-voted topics are the ones dropped: a dropped topic that could
    // take a single session's place (that room-slot suits it, its hosts are
    // free then) and would surely serve more voters there should have had it.
    let nvotes = |t: usize| voters[t].len();
    let pinned: HashSet<&str> = inst.pinned.iter().map(|p| p.topic.as_str()).collect();
    let cell_of: HashMap<(&str, &str), usize> = open_cells
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i))
        .collect();
    let mut worst: Option<(usize, usize)> = None;
    for (k, (r, sl, ts)) in valid_sessions.iter().enumerate() {
        if ts.len() != 1 || pinned.contains(inst.topics[ts[0]].id.as_str()) {
            continue;
        }
        let cell = (inst.rooms[*r].id.as_str(), inst.slots[*sl].id.as_str());
        let Some(&c) = cell_of.get(&cell) else {
            continue;
        };
        let small = ts[0];
        // Voters who already have a session they voted for elsewhere in this slot.
        let elsewhere: BTreeSet<&str> = valid_sessions
            .iter()
            .enumerate()
            .filter(|(k2, (_, s2, _))| *k2 != k && s2 == sl)
            .flat_map(|(_, (_, _, ts2))| ts2.iter().flat_map(|&o| voters[o].iter().copied()))
            .collect();
        let seats = usize::try_from(inst.rooms[*r].capacity.max(0)).unwrap_or(usize::MAX);
        // Taking its place surely serves more: the voters it would newly
        // serve (none of their other choices in this slot, within the seats)
        // outnumber everyone the dropped session could have served.
        let gain = |u: usize| {
            voters[u]
                .iter()
                .filter(|p| !elsewhere.contains(*p))
                .count()
                .min(seats)
        };
        let better = (0..inst.topics.len())
            .filter(|&u| placed[u].is_none() && gain(u) > nvotes(small))
            .filter(|&u| options[u].contains(&c) && hosts_free(&inst.topics[u], cell.1, Some(k)))
            .map(nvotes)
            .max();
        if let Some(mu) = better {
            if worst.is_none_or(|(t, _)| nvotes(small) < nvotes(t)) {
                worst = Some((small, mu));
            }
        }
    }
    if let Some((t, mu)) = worst {
        v.push(format!(
            "topic {} ({} votes) is scheduled while a topic with {mu} votes is dropped",
            inst.topics[t].id,
            nvotes(t)
        ));
    }

    // Metrics.
    let mut overflow = 0u64;
    let mut demands = Vec::new();
    for (r, _, ts) in &valid_sessions {
        let mut all: BTreeSet<&str> = BTreeSet::new();
        for &t in ts {
            all.extend(voters[t].iter().copied());
        }
        let demand = (inst.turnout * all.len() as f64 - 1e-9).ceil().max(0.0) as i64;
        demands.push(demand);
        overflow += (demand - inst.rooms[*r].capacity).max(0) as u64;
    }
    let mut attendable = 0u64;
    for ts in votes.values() {
        let mut best: HashMap<usize, usize> = HashMap::new(); // slot -> max count in one session
        let mut per_session: HashMap<usize, usize> = HashMap::new();
        for &t in ts {
            if let Some((k, _, _)) = placed[t] {
                *per_session.entry(k).or_default() += 1;
            }
        }
        for (k, n) in per_session {
            let sl = valid_sessions[k].1;
            let e = best.entry(sl).or_default();
            *e = (*e).max(n);
        }
        attendable += best.values().map(|&n| n as u64).sum::<u64>();
    }
    let lost = total_votes - attendable;

    // Secondary measures.
    let mut slot_order: Vec<usize> = (0..inst.slots.len()).collect();
    slot_order.sort_by_key(|&s| inst.slots[s].start);
    let mut next: HashMap<usize, usize> = HashMap::new();
    let mut last_of_day: HashSet<usize> = HashSet::new();
    for w in slot_order.windows(2) {
        if inst.slots[w[0]].start.date_naive() == inst.slots[w[1]].start.date_naive() {
            next.insert(w[0], w[1]);
        } else {
            last_of_day.insert(w[0]);
        }
    }
    if let Some(&l) = slot_order.last() {
        last_of_day.insert(l);
    }
    let by_room_slot: HashMap<(usize, usize), usize> = valid_sessions
        .iter()
        .enumerate()
        .map(|(k, (r, s, _))| ((*r, *s), k))
        .collect();
    let rel = Relatedness::new(inst);
    let mut track_links = 0;
    for (k, (r, s, ts)) in valid_sessions.iter().enumerate() {
        if let Some(&k2) = next.get(s).and_then(|n| by_room_slot.get(&(*r, *n))) {
            let _ = k;
            let related = ts.iter().any(|&a| {
                valid_sessions[k2]
                    .2
                    .iter()
                    .any(|&b| rel.score(a, b) >= crate::relate::TRACK_THRESHOLD)
            });
            if related {
                track_links += 1;
            }
        }
    }
    let mut sorted_d = demands.clone();
    sorted_d.sort_unstable_by(|a, b| b.cmp(a));
    let top_quarter = sorted_d
        .get(sorted_d.len() / 4)
        .copied()
        .unwrap_or(i64::MAX)
        .max(1);
    let popular_in_last_slot = valid_sessions
        .iter()
        .zip(&demands)
        .filter(|((_, s, _), d)| last_of_day.contains(s) && **d >= top_quarter)
        .count();
    let moved_from_previous = match &inst.previous {
        None => 0,
        Some(prev) => {
            let mut was: HashMap<&str, (&str, &str)> = HashMap::new();
            for s in &prev.sessions {
                for t in &s.topics {
                    was.insert(t.as_str(), (s.room.as_str(), s.slot.as_str()));
                }
            }
            sched
                .sessions
                .iter()
                .flat_map(|s| s.topics.iter().map(move |t| (t, s)))
                .filter(|(t, s)| {
                    was.get(t.as_str())
                        .is_some_and(|&(r, sl)| r != s.room || sl != s.slot)
                })
                .count()
        }
    };
    let room_purity = purity(inst, &valid_sessions);

    Report {
        stats: Stats {
            total_votes,
            lost_votes: lost,
            overflow,
            unserved: lost + overflow,
            sessions: valid_sessions.len(),
            merged_sessions: merged.len(),
            unscheduled: n_unsched,
            room_purity,
            track_links,
            moved_from_previous,
            popular_in_last_slot,
            status: if v.is_empty() {
                crate::schedule::Status::Valid
            } else {
                crate::schedule::Status::Invalid
            },
            ..Stats::default()
        },
        violations: v,
    }
}

/// Share of sessions whose theme (a topic's first tag) is the most common
/// theme of their room. `None` when no topic has tags.
fn purity(inst: &Instance, sessions: &[(usize, usize, Vec<usize>)]) -> Option<f64> {
    if inst.topics.iter().all(|t| t.tags.is_empty()) || sessions.is_empty() {
        return None;
    }
    let mut by_room: HashMap<usize, HashMap<&str, usize>> = HashMap::new();
    for (r, _, ts) in sessions {
        let theme = ts
            .first()
            .and_then(|&t| inst.topics[t].tags.first())
            .map(String::as_str)
            .unwrap_or("");
        *by_room.entry(*r).or_default().entry(theme).or_default() += 1;
    }
    let pure: usize = by_room
        .values()
        .map(|m| m.values().copied().max().unwrap_or(0))
        .sum();
    Some(pure as f64 / sessions.len() as f64)
}

/// The open room-slots (indices into `open`) each topic could use on its
/// own: the room has the features it needs, its hosts are available in the
/// slot, and a pinned topic only where it is pinned.
fn topic_options(inst: &Instance, open: &[(&str, &str)]) -> Vec<Vec<usize>> {
    let rooms: HashMap<&str, &crate::instance::Room> =
        inst.rooms.iter().map(|r| (r.id.as_str(), r)).collect();
    let pins: HashMap<&str, (&str, &str)> = inst
        .pinned
        .iter()
        .map(|p| (p.topic.as_str(), (p.room.as_str(), p.slot.as_str())))
        .collect();
    inst.topics
        .iter()
        .map(|t| {
            open.iter()
                .enumerate()
                .filter(|(_, (r, s))| {
                    let room_ok = rooms
                        .get(r)
                        .is_some_and(|room| t.needs.iter().all(|n| room.features.contains(n)));
                    let hosts_ok = t.hosts.iter().all(|h| {
                        inst.unavailable
                            .get(h)
                            .is_none_or(|ss| !ss.iter().any(|x| x == s))
                    });
                    let pin_ok = pins
                        .get(t.id.as_str())
                        .is_none_or(|(pr, ps)| pr == r && ps == s);
                    room_ok && hosts_ok && pin_ok
                })
                .map(|(i, _)| i)
                .collect()
        })
        .collect()
}

/// Whether every topic can have an open room-slot of its own (one of its
/// [`topic_options`]) with no host in two sessions of one slot. Decided by a
/// depth-first search with a step limit; when the limit is hit the answer is
/// `false`, so the rule that relies on it never accuses a schedule wrongly.
fn each_topic_fits_alone(inst: &Instance, open: &[(&str, &str)], options: &[Vec<usize>]) -> bool {
    const STEP_LIMIT: u64 = 200_000;
    let slot_of: HashMap<&str, usize> = inst
        .slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut options: Vec<Vec<usize>> = options.to_vec();
    if options.iter().any(Vec::is_empty) {
        return false;
    }
    // Most constrained first.
    let mut order: Vec<usize> = (0..inst.topics.len()).collect();
    order.sort_by_key(|&t| options[t].len());
    for o in &mut options {
        o.sort_unstable();
    }
    let mut cell_used = vec![false; open.len()];
    let mut host_in_slot: HashSet<(&str, usize)> = HashSet::new();
    let mut steps = 0u64;
    #[allow(clippy::too_many_arguments)]
    fn place<'a>(
        k: usize,
        order: &[usize],
        options: &[Vec<usize>],
        inst: &'a Instance,
        open: &[(&str, &str)],
        slot_of: &HashMap<&str, usize>,
        cell_used: &mut Vec<bool>,
        host_in_slot: &mut HashSet<(&'a str, usize)>,
        steps: &mut u64,
    ) -> Option<bool> {
        if k == order.len() {
            return Some(true);
        }
        let t = order[k];
        let topic = &inst.topics[t];
        for &c in &options[t] {
            *steps += 1;
            if *steps > STEP_LIMIT {
                return None;
            }
            if cell_used[c] {
                continue;
            }
            let slot = slot_of.get(open[c].1).copied().unwrap_or(usize::MAX);
            if topic
                .hosts
                .iter()
                .any(|h| host_in_slot.contains(&(h.as_str(), slot)))
            {
                continue;
            }
            cell_used[c] = true;
            for h in &topic.hosts {
                host_in_slot.insert((h.as_str(), slot));
            }
            let found = place(
                k + 1,
                order,
                options,
                inst,
                open,
                slot_of,
                cell_used,
                host_in_slot,
                steps,
            );
            cell_used[c] = false;
            for h in &topic.hosts {
                host_in_slot.remove(&(h.as_str(), slot));
            }
            match found {
                Some(true) => return Some(true),
                None => return None,
                Some(false) => {}
            }
        }
        Some(false)
    }
    place(
        0,
        &order,
        &options,
        inst,
        open,
        &slot_of,
        &mut cell_used,
        &mut host_in_slot,
        &mut steps,
    )
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Session;

    fn inst() -> Instance {
        Instance::from_json(
            &serde_json::json!({
                "name": "t",
                "rooms": [{"id": "big", "capacity": 3}, {"id": "small", "capacity": 1}],
                "slots": [
                    {"id": "a", "start": "2026-10-26T10:00:00+01:00", "end": "2026-10-26T11:00:00+01:00"},
                    {"id": "b", "start": "2026-10-26T11:00:00+01:00", "end": "2026-10-26T12:00:00+01:00"}
                ],
                "topics": [
                    {"id": "t1", "title": "Docker volumes", "hosts": ["h1"]},
                    {"id": "t2", "title": "Kubernetes", "hosts": ["h2"]},
                    {"id": "t3", "title": "Culture", "hosts": ["h1"]}
                ],
                "votes": [
                    {"participant": "p1", "topics": ["t1", "t2"]},
                    {"participant": "p2", "topics": ["t1", "t2", "t3"]},
                    {"participant": "p3", "topics": ["t2"]}
                ],
                "unavailable": {"h2": ["b"]}
            })
            .to_string(),
        )
        .unwrap()
    }

    fn s(room: &str, slot: &str, topics: &[&str]) -> Session {
        Session {
            room: room.into(),
            slot: slot.into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn metrics_follow_the_definitions() {
        // t1 and t2 clash in slot a; t3 alone in b.
        let sched = Schedule {
            sessions: vec![
                s("big", "a", &["t2"]),
                s("small", "a", &["t1"]),
                s("big", "b", &["t3"]),
            ],
            ..Default::default()
        };
        let r = check(&inst(), &sched);
        assert!(r.is_valid(), "{:?}", r.violations);
        // 6 votes; p1 attends 1 of 2 in a; p2 1 in a + 1 in b; p3 1 -> 4 attendable.
        assert_eq!(r.stats.total_votes, 6);
        assert_eq!(r.stats.lost_votes, 2);
        // t1 has 2 voters in a 1-seat room.
        assert_eq!(r.stats.overflow, 1);
        assert_eq!(r.stats.unserved, 3);
    }

    #[test]
    fn every_hard_rule_is_reported() {
        let sched = Schedule {
            sessions: vec![
                s("big", "a", &["t1"]),
                s("small", "a", &["t3"]),
                s("big", "b", &["t2"]),
                s("big", "b", &["t2"]),
            ],
            ..Default::default()
        };
        let r = check(&inst(), &sched);
        let all = r.violations.join("\n");
        assert!(
            all.contains("host h1 is in two sessions in slot a"),
            "{all}"
        );
        assert!(all.contains("host h2 is unavailable in slot b"), "{all}");
        assert!(
            all.contains("room big holds two sessions in slot b"),
            "{all}"
        );
        assert!(all.contains("topic t2 is scheduled twice"), "{all}");
        let missing = check(
            &inst(),
            &Schedule {
                sessions: vec![s("big", "a", &["t1", "t2", "t3", "t1"])],
                ..Default::default()
            },
        );
        let all = missing.violations.join("\n");
        assert!(all.contains("holds 4 topics"), "{all}");
        assert!(
            all.contains("merge topics although every topic fits"),
            "{all}"
        );
    }
}
