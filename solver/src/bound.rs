//! A quick combinatorial lower bound on unserved votes, for events whose
//! models are too big to prove anything.
//!
//! Why: unserved = lost votes + overflow, and each part has a cheap bound
//! that holds for every schedule of these units:
//! - lost: an attendee attends at most one session per slot, so at most the
//!   votes of their `slots` best sessions (votes for dropped topics are lost);
//! - overflow: every session needs its own room-slot; matching the demands,
//!   largest first, to the largest open room-slots minimises Σ max(0, demand −
//!   capacity) over all such assignments (the cost is convex in demand −
//!   capacity), so no schedule has less. Fixed sessions keep their room.
//!
//! The per-attendee count is far from tight on events where clashes between
//! sessions dominate; there [`colgen`] proves far more lost votes (from which
//! sessions can share a slot), and replaces it when it does. Where overflow
//! dominates (a congress whose rooms are too small) the quick bound alone
//! shows how close the schedule is.

pub mod colgen;

use crate::eval::unit_of_topic;
use crate::instance::Problem;
use crate::units::Unit;

/// The quick bound, with a better bound on lost votes (from
/// [`colgen::lost`], 0 for none) in place of the per-attendee one when it is
/// higher. Lost votes depend only on which sessions share a slot and overflow
/// only on the rooms, so the two bounds add up.
pub fn with_lost(p: &Problem, units: &[Unit], lost_bound: u64) -> u64 {
    lost(p, units).max(lost_bound) + overflow(p, units)
}

pub fn lost(p: &Problem, units: &[Unit]) -> u64 {
    let of = unit_of_topic(p, units);
    let open_slots = (0..p.n_slots)
        .filter(|&s| (0..p.n_rooms).any(|r| !p.closed[r][s]))
        .count();
    let mut total = 0u64;
    let mut per_unit: Vec<(usize, u64)> = Vec::new();
    for votes in &p.votes_of {
        per_unit.clear();
        for &t in votes {
            if let Some(k) = of[t] {
                match per_unit.iter_mut().find(|e| e.0 == k) {
                    Some(e) => e.1 += 1,
                    None => per_unit.push((k, 1)),
                }
            }
        }
        let mut counts: Vec<u64> = per_unit.iter().map(|e| e.1).collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let best: u64 = counts.iter().take(open_slots).sum();
        total += votes.len() as u64 - best;
    }
    total
}

fn overflow(p: &Problem, units: &[Unit]) -> u64 {
    let mut taken = vec![vec![false; p.n_slots]; p.n_rooms];
    let mut total = 0u64;
    let mut demands: Vec<i64> = Vec::new();
    for u in units {
        match u.fixed {
            Some((r, s)) => {
                taken[r][s] = true;
                total += (u.demand - p.capacity[r]).max(0) as u64;
            }
            None => demands.push(u.demand),
        }
    }
    let mut caps: Vec<i64> = (0..p.n_rooms)
        .flat_map(|r| (0..p.n_slots).map(move |s| (r, s)))
        .filter(|&(r, s)| !p.closed[r][s] && !taken[r][s] && !p.frozen_slot[s])
        .map(|(r, _)| p.capacity[r])
        .collect();
    demands.sort_unstable_by(|a, b| b.cmp(a));
    caps.sort_unstable_by(|a, b| b.cmp(a));
    for (i, d) in demands.iter().enumerate() {
        // More sessions than room-slots cannot be placed at all; the rest of
        // the engine reports that, the bound just ignores them.
        if let Some(c) = caps.get(i) {
            total += (d - c).max(0) as u64;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::evaluate;
    use crate::gen::{generate, GenParams};
    use crate::relate::Relatedness;

    /// The bound never exceeds what any schedule achieves: here the greedy,
    /// the local search and the proven optimum of small instances.
    #[test]
    fn never_above_a_real_schedule() {
        for (seed, topics, rooms, slots) in [(1, 12, 3, 4), (2, 40, 5, 8), (3, 60, 4, 10)] {
            let inst = generate(&GenParams {
                name: "b".into(),
                topics,
                rooms,
                slots,
                attendees: 150,
                slots_per_day: 4,
                seed,
                turnout: 1.0,
                family: Default::default(),
            });
            let p = Problem::new(inst).unwrap();
            let rel = Relatedness::new(&p.inst);
            let plan = crate::units::plan(&p, &rel);
            let b = with_lost(&p, &plan.units, 0);
            let greedy = crate::greedy::construct(&p, &plan.units);
            assert!(
                b <= evaluate(&p, &plan.units, &greedy).unserved(),
                "seed {seed}"
            );
            let opts = crate::solve::Options {
                time_limit: 30.0,
                work_limit: Some(1.0),
                ..Default::default()
            };
            let solved = crate::solve::solve(&p, &opts);
            let st = solved.schedule.stats.unwrap();
            assert!(b <= st.unserved, "seed {seed}: bound {b} > {}", st.unserved);
            if st.status.is_optimal() {
                assert!(st.bound.unwrap() >= b as f64, "seed {seed}");
            }
            // The engine's reported bound (with the slot-content bound on
            // lost votes) never claims more than its own schedule, proven
            // optimal or not.
            assert!(st.bound.unwrap() <= st.unserved as f64, "seed {seed}");
        }
    }

    /// Attendees with more votes than slots lose the surplus; sessions bigger
    /// than every room overflow by the difference.
    #[test]
    fn counts_the_obvious_losses() {
        let inst = crate::Instance::from_json(
            &serde_json::json!({
                "name": "b",
                "rooms": [{"id": "r", "capacity": 1}],
                "slots": [
                    {"id": "a", "start": "2026-10-26T10:00:00+01:00", "end": "2026-10-26T10:45:00+01:00"},
                    {"id": "b", "start": "2026-10-26T11:00:00+01:00", "end": "2026-10-26T11:45:00+01:00"}
                ],
                "topics": [
                    {"id": "t1", "title": "One", "hosts": ["h1"]},
                    {"id": "t2", "title": "Two", "hosts": ["h2"]}
                ],
                "votes": [
                    {"participant": "p1", "topics": ["t1", "t2"]},
                    {"participant": "p2", "topics": ["t1", "t2"]},
                    {"participant": "p3", "topics": ["t1"]}
                ]
            })
            .to_string(),
        )
        .unwrap();
        let p = Problem::new(inst).unwrap();
        let rel = Relatedness::new(&p.inst);
        let plan = crate::units::plan(&p, &rel);
        // No lost votes (two slots), overflow (3 − 1) + (2 − 1) = 3.
        assert_eq!(with_lost(&p, &plan.units, 0), 3);
    }
}
