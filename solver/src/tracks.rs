//! Tracks: related sessions following each other in the same room, like the
//! monitoring room and the docker room at DevOpsDays Ghent. Once the
//! schedule is found, two kinds of change line them up, alternately, while
//! either raises the track score (Σ over consecutive slots of a day, per
//! room, of the relatedness of the two sessions when it reaches
//! [`TRACK_THRESHOLD`]):
//!
//! - exchanging the rooms of two sessions of one slot (never increasing
//!   overflow, never breaking needs or closures);
//! - exchanging the whole contents of two slots, each session keeping its
//!   room, when every host is available and every room open in the other
//!   slot, and no more popular sessions land in the last slot of a day.
//!
//! Neither changes which sessions share a slot, so nobody's choices change:
//! tracks cost no vote at all (the issue allows up to 1 %; we need none).
//! Slots are not exchanged when a `previous` schedule is to be kept.

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

/// Rooms' target themes and units' themes, when rooms are themed: room
/// exchanges then never take a session out of its theme's room.
pub type Keep<'a> = Option<(&'a [usize], &'a [usize])>;

pub fn improve(p: &Problem, units: &[Unit], place: &mut Placement, rel: &Relatedness, keep: Keep) {
    let n = units.len();
    let links: Vec<Vec<f64>> = (0..n)
        .map(|a| {
            (0..n)
                .map(|b| {
                    if a == b {
                        0.0
                    } else {
                        link(rel, &units[a], &units[b])
                    }
                })
                .collect()
        })
        .collect();
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
            if let Some(nx) = p.next_slot[s] {
                v[nx] = Some(s);
            }
        }
        v
    };
    // Popular: demand in the top quarter (as the checker counts it).
    let popular: Vec<bool> = {
        let mut d: Vec<i64> = units.iter().map(|u| u.demand).collect();
        d.sort_unstable_by(|a, b| b.cmp(a));
        let top = d.get(d.len() / 4).copied().unwrap_or(i64::MAX).max(1);
        units.iter().map(|u| u.demand >= top).collect()
    };
    let may_swap_slots = p.inst.previous.is_none();
    for _round in 0..8 {
        let mut changed = exchange_rooms(p, units, &links, &mut at, &prev_slot, keep);
        if may_swap_slots {
            changed |= exchange_slots(p, units, &links, &mut at, &prev_slot, &popular);
        }
        if !changed {
            break;
        }
    }
    for r in 0..p.n_rooms {
        for s in 0..p.n_slots {
            if let Some(k) = at[r][s] {
                place[k] = Some((r, s));
            }
        }
    }
}

type Grid = Vec<Vec<Option<usize>>>;

/// Track score of the pairs (r, s)–(r, next(s)) for every room and the slots given.
fn score_from(p: &Problem, links: &[Vec<f64>], at: &Grid, slots: &[usize]) -> f64 {
    let mut sc = 0.0;
    for r in 0..p.n_rooms {
        for &s in slots {
            if let (Some(a), Some(b)) = (at[r][s], p.next_slot[s].and_then(|nx| at[r][nx])) {
                sc += links[a][b];
            }
        }
    }
    sc
}

/// One pass of room exchanges within slots; whether anything changed.
fn exchange_rooms(
    p: &Problem,
    units: &[Unit],
    links: &[Vec<f64>],
    at: &mut Grid,
    prev_slot: &[Option<usize>],
    keep: Keep,
) -> bool {
    // Sessions in their theme's room, of the two cells' occupants.
    let in_theme = |a: Option<usize>, r: usize| {
        keep.map_or(0, |(target, theme)| {
            usize::from(a.is_some_and(|k| theme[k] == target[r]))
        })
    };
    let score_at = |at: &Grid, r: usize, s: usize, k: usize| -> f64 {
        let mut sc = 0.0;
        if let Some(o) = prev_slot[s].and_then(|ps| at[r][ps]) {
            sc += links[o][k];
        }
        if let Some(o) = p.next_slot[s].and_then(|ns| at[r][ns]) {
            sc += links[k][o];
        }
        sc
    };
    let movable = |k: usize, r: usize, s: usize| {
        units[k].fixed.is_none() && units[k].room_ok[r] && !p.closed[r][s]
    };
    let over = |k: usize, r: usize| (units[k].demand - p.capacity[r]).max(0);
    let mut changed = false;
    for &s in &p.slot_order {
        for r1 in 0..p.n_rooms {
            for r2 in r1 + 1..p.n_rooms {
                let (a, b) = (at[r1][s], at[r2][s]);
                if a.is_none() && b.is_none() {
                    continue;
                }
                if !a.is_none_or(|k| movable(k, r2, s)) || !b.is_none_or(|k| movable(k, r1, s)) {
                    continue;
                }
                let before_over = a.map_or(0, |k| over(k, r1)) + b.map_or(0, |k| over(k, r2));
                let after_over = a.map_or(0, |k| over(k, r2)) + b.map_or(0, |k| over(k, r1));
                if after_over > before_over
                    || in_theme(a, r2) + in_theme(b, r1) < in_theme(a, r1) + in_theme(b, r2)
                {
                    continue;
                }
                let before = a.map_or(0.0, |k| score_at(at, r1, s, k))
                    + b.map_or(0.0, |k| score_at(at, r2, s, k));
                at[r1][s] = b;
                at[r2][s] = a;
                let after = a.map_or(0.0, |k| score_at(at, r2, s, k))
                    + b.map_or(0.0, |k| score_at(at, r1, s, k));
                if after > before + 1e-9 || (after_over < before_over && after >= before) {
                    changed = true;
                } else {
                    at[r1][s] = a;
                    at[r2][s] = b;
                }
            }
        }
    }
    changed
}

/// One pass of exchanges of whole slot contents; whether anything changed.
fn exchange_slots(
    p: &Problem,
    units: &[Unit],
    links: &[Vec<f64>],
    at: &mut Grid,
    prev_slot: &[Option<usize>],
    popular: &[bool],
) -> bool {
    // May the contents of slot `from` move, room by room, to slot `to`?
    let fits = |at: &Grid, from: usize, to: usize| {
        (0..p.n_rooms).all(|r| {
            at[r][from].is_none_or(|k| {
                units[k].fixed.is_none() && units[k].slot_ok[to] && !p.closed[r][to]
            })
        })
    };
    let popular_last = |at: &Grid, s: usize| -> usize {
        if !p.last_of_day[s] {
            return 0;
        }
        (0..p.n_rooms)
            .filter(|&r| at[r][s].is_some_and(|k| popular[k]))
            .count()
    };
    let mut changed = false;
    let order = &p.slot_order;
    for i in 0..order.len() {
        for j in i + 1..order.len() {
            let (s1, s2) = (order[i], order[j]);
            if p.frozen_slot[s1] || p.frozen_slot[s2] || !fits(at, s1, s2) || !fits(at, s2, s1) {
                continue;
            }
            // Pairs that can change: those starting at s1, s2 or their predecessors.
            let mut touched: Vec<usize> = vec![s1, s2];
            touched.extend(prev_slot[s1]);
            touched.extend(prev_slot[s2]);
            touched.sort_unstable();
            touched.dedup();
            let before = score_from(p, links, at, &touched);
            let last_before = popular_last(at, s1) + popular_last(at, s2);
            for row in at.iter_mut() {
                row.swap(s1, s2);
            }
            let after = score_from(p, links, at, &touched);
            let last_after = popular_last(at, s1) + popular_last(at, s2);
            if after > before + 1e-9 && last_after <= last_before {
                changed = true;
            } else {
                for row in at.iter_mut() {
                    row.swap(s1, s2);
                }
            }
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::evaluate;
    use crate::gen::{generate, GenParams};

    fn total_score(p: &Problem, units: &[Unit], rel: &Relatedness, place: &Placement) -> f64 {
        let n = units.len();
        let links: Vec<Vec<f64>> = (0..n)
            .map(|a| {
                (0..n)
                    .map(|b| {
                        if a == b {
                            0.0
                        } else {
                            link(rel, &units[a], &units[b])
                        }
                    })
                    .collect()
            })
            .collect();
        let mut at = vec![vec![None; p.n_slots]; p.n_rooms];
        for (k, pl) in place.iter().enumerate() {
            if let Some((r, s)) = pl {
                at[*r][*s] = Some(k);
            }
        }
        let all: Vec<usize> = (0..p.n_slots).collect();
        score_from(p, &links, &at, &all)
    }

    /// Tracks never cost a vote, never add overflow, keep every hard rule,
    /// and raise the track score of a theme-blind schedule.
    #[test]
    fn tracks_cost_no_vote_and_raise_the_score() {
        for seed in [1, 2, 3] {
            let inst = generate(&GenParams {
                name: "t".into(),
                topics: 40,
                rooms: 5,
                slots: 8,
                attendees: 200,
                slots_per_day: 4,
                seed,
                turnout: 0.8,
                family: Default::default(),
            });
            let p = Problem::new(inst.clone()).unwrap();
            let rel = Relatedness::new(&p.inst);
            let plan = crate::units::plan(&p, &rel);
            let mut place = crate::greedy::construct(&p, &plan.units);
            let before = evaluate(&p, &plan.units, &place);
            let score_before = total_score(&p, &plan.units, &rel, &place);
            improve(&p, &plan.units, &mut place, &rel, None);
            let after = evaluate(&p, &plan.units, &place);
            assert_eq!(after.lost, before.lost, "seed {seed}");
            assert!(after.overflow <= before.overflow, "seed {seed}");
            let score_after = total_score(&p, &plan.units, &rel, &place);
            assert!(
                score_after > score_before,
                "seed {seed}: {score_before} → {score_after}"
            );
            let s = crate::solve::to_schedule(&p, &plan.units, &place, &plan.dropped, &rel);
            let report = crate::metrics::check(&inst, &s);
            assert!(report.is_valid(), "seed {seed}: {:?}", report.violations);
        }
    }
}
