//! Units: what becomes one session. Normally one topic each. When topics
//! outnumber the open room-slots, the closest related pairs are merged (a unit
//! holds at most three topics, only above [`MERGE_THRESHOLD`]) and, when no
//! merge is possible, the least-voted topics are dropped, until they fit.
//! Pinned topics and the sessions of frozen slots become fixed units.

use crate::instance::Problem;
use crate::relate::{Relatedness, MERGE_THRESHOLD};

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub topics: Vec<usize>,
    pub hosts: Vec<usize>,
    /// Rooms whose features meet every topic's needs.
    pub room_ok: Vec<bool>,
    /// Slots in which every host is available.
    pub slot_ok: Vec<bool>,
    pub demand: i64,
    /// Where it must go (a pin, or a frozen slot).
    pub fixed: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub units: Vec<Unit>,
    /// Topics left out because nothing could be merged any more.
    pub dropped: Vec<usize>,
}

fn unit_of(p: &Problem, topics: Vec<usize>, fixed: Option<(usize, usize)>) -> Unit {
    let mut hosts: Vec<usize> = topics
        .iter()
        .flat_map(|&t| p.hosts[t].iter().copied())
        .collect();
    hosts.sort_unstable();
    hosts.dedup();
    let room_ok = (0..p.n_rooms)
        .map(|r| topics.iter().all(|&t| p.room_ok[t][r]))
        .collect();
    let slot_ok = (0..p.n_slots)
        .map(|s| !p.frozen_slot[s] && topics.iter().all(|&t| p.slot_ok[t][s]))
        .collect();
    let demand = p.demand(&topics);
    Unit {
        topics,
        hosts,
        room_ok,
        slot_ok,
        demand,
        fixed,
    }
}

/// Whether the unit can go anywhere at all.
fn placeable(u: &Unit, p: &Problem) -> bool {
    if u.fixed.is_some() {
        return true;
    }
    (0..p.n_slots).any(|s| u.slot_ok[s] && (0..p.n_rooms).any(|r| u.room_ok[r] && !p.closed[r][s]))
}

pub fn plan(p: &Problem, rel: &Relatedness) -> Plan {
    let mut units: Vec<Unit> = Vec::new();
    let mut taken = vec![false; p.n_topics];
    // Frozen slots keep exactly their previous sessions.
    for (s, r, ts) in &p.frozen {
        for &t in ts {
            taken[t] = true;
        }
        let mut u = unit_of(p, ts.clone(), Some((*r, *s)));
        u.slot_ok = vec![false; p.n_slots];
        u.slot_ok[*s] = true;
        units.push(u);
    }
    for &(t, r, s) in &p.pins {
        if !taken[t] {
            taken[t] = true;
            units.push(unit_of(p, vec![t], Some((r, s))));
        }
    }
    let n_fixed = units.len();
    let mut dropped = Vec::new();
    for t in 0..p.n_topics {
        if !taken[t] {
            let u = unit_of(p, vec![t], None);
            if placeable(&u, p) {
                units.push(u);
            } else {
                dropped.push(t);
            }
        }
    }
    let capacity = (0..p.n_rooms)
        .map(|r| {
            (0..p.n_slots)
                .filter(|&s| !p.closed[r][s] && !p.frozen_slot[s])
                .count()
        })
        .sum::<usize>();
    let movable_capacity = capacity.saturating_sub(
        units[..n_fixed]
            .iter()
            .filter(|u| !p.frozen_slot[u.fixed.map(|f| f.1).unwrap_or(0)])
            .count(),
    );
    let votes = |u: &Unit| u.topics.iter().map(|&t| p.voters[t].len()).sum::<usize>();
    while units.len() - n_fixed > movable_capacity {
        // Best merge: the most related pair of free units that fits together.
        let mut best: Option<(f64, usize, usize)> = None;
        for i in n_fixed..units.len() {
            for j in i + 1..units.len() {
                let (a, b) = (&units[i], &units[j]);
                if a.topics.len() + b.topics.len() > 3 {
                    continue;
                }
                let kept_apart = a.topics.iter().any(|&x| {
                    b.topics
                        .iter()
                        .any(|&y| p.apart.contains(&(x.min(y), x.max(y))))
                });
                if kept_apart {
                    continue;
                }
                let score = a
                    .topics
                    .iter()
                    .flat_map(|&x| b.topics.iter().map(move |&y| (x, y)))
                    .map(|(x, y)| rel.score(x, y))
                    .fold(f64::INFINITY, f64::min);
                if score < MERGE_THRESHOLD {
                    continue;
                }
                let both_ok = (0..p.n_slots).any(|s| a.slot_ok[s] && b.slot_ok[s])
                    && (0..p.n_rooms).any(|r| a.room_ok[r] && b.room_ok[r]);
                if !both_ok {
                    continue;
                }
                // Prefer strong relatedness, then merging small topics.
                let key = score - 1e-6 * (votes(a) + votes(b)) as f64;
                if best.is_none_or(|(k, _, _)| key > k) {
                    best = Some((key, i, j));
                }
            }
        }
        match best {
            Some((_, i, j)) => {
                let mut topics = units[i].topics.clone();
                topics.extend(units[j].topics.iter().copied());
                topics.sort_unstable();
                let merged = unit_of(p, topics, None);
                units.remove(j);
                units[i] = merged;
            }
            None => {
                // Drop the least-voted free unit.
                let (k, _) = units
                    .iter()
                    .enumerate()
                    .skip(n_fixed)
                    .min_by_key(|(k, u)| (votes(u), std::cmp::Reverse(*k)))
                    .expect("free units");
                dropped.extend(units.remove(k).topics);
            }
        }
    }
    dropped.sort_unstable();
    Plan { units, dropped }
}
