//! Tracks: after the slots are chosen, rooms within one slot are exchanged
//! (never increasing overflow, never breaking a room's needs or closures) so
//! that related sessions follow each other in the same room, like the
//! monitoring room and the docker room at DevOpsDays Ghent. This never changes
//! who can attend what, so it costs no vote.

use crate::eval::Placement;
use crate::instance::Problem;
use crate::relate::{Relatedness, TRACK_THRESHOLD};
use crate::units::Unit;

fn link(rel: &Relatedness, a: &Unit, b: &Unit) -> f64 {
    let best = a
        .topics
        .iter()
        .flat_map(|&x| b.topics.iter().map(move |&y| (x, y)))
        .map(|(x, y)| rel.score(x, y))
        .fold(0.0, f64::max);
    if best >= TRACK_THRESHOLD {
        best
    } else {
        0.0
    }
}

pub fn improve(p: &Problem, units: &[Unit], place: &mut Placement, rel: &Relatedness) {
    // Which unit sits in (room, slot).
    let mut at = vec![vec![None; p.n_slots]; p.n_rooms];
    for (k, pl) in place.iter().enumerate() {
        if let Some((r, s)) = pl {
            at[*r][*s] = Some(k);
        }
    }
    let prev_slot: Vec<Option<usize>> = {
        let mut v = vec![None; p.n_slots];
        for s in 0..p.n_slots {
            if let Some(n) = p.next_slot[s] {
                v[n] = Some(s);
            }
        }
        v
    };
    let score_at = |at: &Vec<Vec<Option<usize>>>, r: usize, s: usize, k: usize| -> f64 {
        let mut sc = 0.0;
        if let Some(ps) = prev_slot[s] {
            if let Some(o) = at[r][ps] {
                sc += link(rel, &units[o], &units[k]);
            }
        }
        if let Some(ns) = p.next_slot[s] {
            if let Some(o) = at[r][ns] {
                sc += link(rel, &units[k], &units[o]);
            }
        }
        sc
    };
    let movable = |k: usize, r: usize, s: usize| {
        units[k].fixed.is_none() && units[k].room_ok[r] && !p.closed[r][s]
    };
    let over = |k: usize, r: usize| (units[k].demand - p.capacity[r]).max(0);
    for _round in 0..4 {
        let mut changed = false;
        for &s in &p.slot_order {
            for r1 in 0..p.n_rooms {
                for r2 in r1 + 1..p.n_rooms {
                    let (a, b) = (at[r1][s], at[r2][s]);
                    if a.is_none() && b.is_none() {
                        continue;
                    }
                    let ok_a = a.is_none_or(|k| movable(k, r2, s));
                    let ok_b = b.is_none_or(|k| movable(k, r1, s));
                    if !ok_a || !ok_b {
                        continue;
                    }
                    let before_over = a.map_or(0, |k| over(k, r1)) + b.map_or(0, |k| over(k, r2));
                    let after_over = a.map_or(0, |k| over(k, r2)) + b.map_or(0, |k| over(k, r1));
                    if after_over > before_over {
                        continue;
                    }
                    let before = a.map_or(0.0, |k| score_at(&at, r1, s, k))
                        + b.map_or(0.0, |k| score_at(&at, r2, s, k));
                    let mut trial = at.clone();
                    trial[r1][s] = b;
                    trial[r2][s] = a;
                    let after = a.map_or(0.0, |k| score_at(&trial, r2, s, k))
                        + b.map_or(0.0, |k| score_at(&trial, r1, s, k));
                    if after > before + 1e-9 || (after_over < before_over && after >= before) {
                        at = trial;
                        if let Some(k) = a {
                            place[k] = Some((r2, s));
                        }
                        if let Some(k) = b {
                            place[k] = Some((r1, s));
                        }
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
}
