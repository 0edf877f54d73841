//! Keeping a published schedule when re-planning.
//!
//! Why: once attendees have been told where a session is, moving it costs
//! them (they go to the wrong room, their calendar is stale), so a move is
//! only worth making when it serves enough more votes. The instance's
//! `stability` says how many: a session that is not where `previous` had it
//! must gain at least `stability` unserved votes over being put back (its
//! previous cell, changing places with whatever is there now), or it is put
//! back. With `stability` 0 every gain counts and nothing is put back.
//!
//! [`keep`] applies that rule to a finished schedule (every put-back keeps
//! the schedule valid by the independent checker); [`weak_moves`] lists the
//! moves that break it, for tests and `kring check`.

use crate::instance::Instance;
use crate::metrics::check;
use crate::schedule::{Schedule, Session};
use std::collections::HashMap;

/// Where `previous` had each topic: topic → (room, slot).
fn previous_cells(inst: &Instance) -> HashMap<&str, (&str, &str)> {
    let mut was = HashMap::new();
    if let Some(prev) = &inst.previous {
        for s in &prev.sessions {
            for t in &s.topics {
                was.insert(t.as_str(), (s.room.as_str(), s.slot.as_str()));
            }
        }
    }
    was
}

/// Session `k` of `sched` put back in `cell`, exchanging places with the
/// session there, if any.
fn put_back(sched: &Schedule, k: usize, cell: (&str, &str)) -> Schedule {
    let from = (
        sched.sessions[k].room.clone(),
        sched.sessions[k].slot.clone(),
    );
    let mut out = sched.clone();
    for (i, s) in out.sessions.iter_mut().enumerate() {
        if i == k {
            s.room = cell.0.to_string();
            s.slot = cell.1.to_string();
        } else if s.room == cell.0 && s.slot == cell.1 {
            s.room = from.0.clone();
            s.slot = from.1.clone();
        }
    }
    out
}

/// The sessions that are not where `previous` had (the first of) their
/// topics, with the cell they came from.
fn moved<'a>(inst: &'a Instance, sched: &Schedule) -> Vec<(usize, (&'a str, &'a str))> {
    let was = previous_cells(inst);
    sched
        .sessions
        .iter()
        .enumerate()
        .filter_map(|(k, s): (usize, &Session)| {
            let cell = s.topics.iter().find_map(|t| was.get(t.as_str()).copied())?;
            (cell != (s.room.as_str(), s.slot.as_str())).then_some((k, cell))
        })
        .collect()
}

/// Moves from `previous` that gain fewer than `stability` votes over being
/// put back: (session index, votes the move gains). Put-backs that would
/// break a hard rule are not counted (the move was needed).
pub fn weak_moves(inst: &Instance, sched: &Schedule) -> Vec<(usize, i64)> {
    if inst.previous.is_none() || inst.stability == 0 {
        return Vec::new();
    }
    let base = check(inst, sched).stats.unserved as i64;
    moved(inst, sched)
        .into_iter()
        .filter_map(|(k, cell)| {
            let back = check(inst, &put_back(sched, k, cell));
            if !back.is_valid() {
                return None;
            }
            let gain = back.stats.unserved as i64 - base;
            (gain < i64::from(inst.stability)).then_some((k, gain))
        })
        .collect()
}

/// Puts back every move that gains fewer than `stability` votes, the one
/// that gains least first, until none is left. `sched` must be valid; the
/// result is valid and deterministic.
pub fn keep(inst: &Instance, sched: Schedule) -> Schedule {
    let mut sched = sched;
    // Each put-back restores one session's cell; a bound on rounds guards
    // against two sessions trading a cell back and forth.
    for _ in 0..=sched.sessions.len() * 2 {
        let weak = weak_moves(inst, &sched);
        let Some(&(k, _)) = weak.iter().min_by_key(|(k, gain)| (*gain, *k)) else {
            break;
        };
        let cell = moved(inst, &sched)
            .into_iter()
            .find(|(i, _)| *i == k)
            .map(|(_, c)| (c.0.to_string(), c.1.to_string()));
        let Some((room, slot)) = cell else { break };
        sched = put_back(&sched, k, (&room, &slot));
    }
    sched
}
