//! Keeping a published schedule when re-planning.
//!
//! Why: once attendees have been told where a session is, moving it costs
//! them (they go to the wrong room, their calendar is stale), so a move is
//! only worth making when it serves enough more votes. The instance's
//! `stability` says how many: starting from the published placement, each
//! change the engine proposes (a session to another cell, exchanging places
//! with the session there) is made only if it serves at least `stability`
//! more votes, the most valuable first. With `stability` 0 the engine's
//! schedule stands as it is.
//!
//! [`keep`] applies that rule to a finished schedule (every step stays valid
//! by the independent checker).

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

/// Most checker calls [`keep`] makes (each is a full evaluation): beyond
/// that, the engine's schedule stands. Keeps big events' runs bounded.
const MAX_CHECKS: usize = 6_000;

/// `sched` with every session put back where `previous` had it, as far as
/// that stays valid (a session whose old cell is now closed, or whose host is
/// now unavailable there, stays where the engine put it).
fn back_to_previous(inst: &Instance, sched: &Schedule, checks: &mut usize) -> Schedule {
    let mut cur = sched.clone();
    let was = previous_cells(inst);
    let mut progress = true;
    while progress && *checks < MAX_CHECKS {
        progress = false;
        for (k, cell) in moved(inst, &cur) {
            // Not when the session in that cell is where it belongs already.
            let occupant_home = cur.sessions.iter().any(|s| {
                (s.room.as_str(), s.slot.as_str()) == cell
                    && s.topics.iter().find_map(|t| was.get(t.as_str()).copied()) == Some(cell)
            });
            if occupant_home {
                continue;
            }
            let cand = put_back(&cur, k, cell);
            *checks += 1;
            if check(inst, &cand).is_valid() {
                cur = cand;
                progress = true;
            }
            if *checks >= MAX_CHECKS {
                break;
            }
        }
    }
    cur
}

/// Keeps the published schedule unless a change serves enough votes.
///
/// Starting from the engine's sessions put back where `previous` had them
/// (`back_to_previous`), the engine's own placements are taken one session
/// at a time (exchanging places with the session there), always the one that
/// gains most, while it gains at least `stability` unserved votes. So every
/// change made pays for itself, and a schedule the engine merely permuted
/// stays as published. `sched` must be valid; the result is valid (else the
/// engine's schedule is returned) and deterministic.
pub fn keep(inst: &Instance, sched: Schedule) -> Schedule {
    if inst.previous.is_none() || inst.stability == 0 {
        return sched;
    }
    let mut checks = 0usize;
    let target: std::collections::HashMap<String, (String, String)> = sched
        .sessions
        .iter()
        .filter_map(|s| Some((s.topics.first()?.clone(), (s.room.clone(), s.slot.clone()))))
        .collect();
    let mut cur = back_to_previous(inst, &sched, &mut checks);
    let mut score = check(inst, &cur).stats.unserved as i64;
    while checks < MAX_CHECKS {
        let mut best: Option<(i64, usize, Schedule)> = None;
        for k in 0..cur.sessions.len() {
            let s = &cur.sessions[k];
            let Some(goal) = s.topics.first().and_then(|t| target.get(t)) else {
                continue;
            };
            if (&s.room, &s.slot) == (&goal.0, &goal.1) {
                continue;
            }
            let cand = put_back(&cur, k, (goal.0.as_str(), goal.1.as_str()));
            checks += 1;
            let r = check(inst, &cand);
            if !r.is_valid() {
                continue;
            }
            let gain = score - r.stats.unserved as i64;
            if best.as_ref().is_none_or(|b| gain > b.0) {
                best = Some((gain, k, cand));
            }
        }
        match best {
            Some((gain, _, cand)) if gain >= i64::from(inst.stability) => {
                cur = cand;
                score -= gain;
            }
            _ => break,
        }
    }
    if check(inst, &cur).is_valid() {
        cur
    } else {
        sched
    }
}
