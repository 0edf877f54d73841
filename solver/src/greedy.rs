//! Two greedy schedulers.
//!
//! - [`naive`]: what an organizer with a marker does, and the benchmark's
//!   baseline: most-voted topics into the biggest rooms, round-robin over the
//!   slots, hosts respected.
//! - [`construct`]: the engine's warm start and fallback: units in order of
//!   demand, each into the free room-slot that loses the fewest votes (clashes
//!   with what the unit's voters already attend) plus overflow.

use crate::eval::Placement;
use crate::instance::Problem;
use crate::units::Unit;

struct Occupancy {
    room: Vec<Vec<bool>>,
    host: Vec<Vec<bool>>,
}

impl Occupancy {
    fn new(p: &Problem) -> Self {
        Occupancy {
            room: vec![vec![false; p.n_slots]; p.n_rooms],
            host: vec![vec![false; p.n_slots]; p.participants.len()],
        }
    }

    fn fits(&self, p: &Problem, u: &Unit, r: usize, s: usize) -> bool {
        u.room_ok[r]
            && u.slot_ok[s]
            && !p.closed[r][s]
            && !self.room[r][s]
            && u.hosts.iter().all(|&h| !self.host[h][s])
    }

    fn take(&mut self, u: &Unit, r: usize, s: usize) {
        self.room[r][s] = true;
        for &h in &u.hosts {
            self.host[h][s] = true;
        }
    }
}

fn place_fixed(p: &Problem, units: &[Unit], occ: &mut Occupancy, place: &mut Placement) {
    let _ = p;
    for (k, u) in units.iter().enumerate() {
        if let Some((r, s)) = u.fixed {
            occ.take(u, r, s);
            place[k] = Some((r, s));
        }
    }
}

pub fn naive(p: &Problem, units: &[Unit]) -> Placement {
    let mut place: Placement = vec![None; units.len()];
    let mut occ = Occupancy::new(p);
    place_fixed(p, units, &mut occ, &mut place);
    let mut order: Vec<usize> = (0..units.len())
        .filter(|&k| units[k].fixed.is_none())
        .collect();
    order.sort_by_key(|&k| (std::cmp::Reverse(units[k].demand), k));
    let mut rooms: Vec<usize> = (0..p.n_rooms).collect();
    rooms.sort_by_key(|&r| (std::cmp::Reverse(p.capacity[r]), r));
    let mut next = 0usize;
    for k in order {
        let u = &units[k];
        // Round-robin: start at the next slot, take the biggest free room.
        'search: for off in 0..p.n_slots {
            let s = p.slot_order[(next + off) % p.n_slots];
            for &r in &rooms {
                if occ.fits(p, u, r, s) {
                    occ.take(u, r, s);
                    place[k] = Some((r, s));
                    next = (next + off + 1) % p.n_slots;
                    break 'search;
                }
            }
        }
    }
    place
}

pub fn construct(p: &Problem, units: &[Unit]) -> Placement {
    let mut place: Placement = vec![None; units.len()];
    let mut occ = Occupancy::new(p);
    place_fixed(p, units, &mut occ, &mut place);
    // How many of each participant's voted units sit in each slot.
    let mut att = vec![vec![0u16; p.n_slots]; p.participants.len()];
    let unit_voters: Vec<Vec<usize>> = units
        .iter()
        .map(|u| {
            let mut v: Vec<usize> = u
                .topics
                .iter()
                .flat_map(|&t| p.voters[t].iter().copied())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    for (k, pl) in place.iter().enumerate() {
        if let Some((_, s)) = pl {
            for &v in &unit_voters[k] {
                att[v][*s] += 1;
            }
        }
    }
    let max_demand = units.iter().map(|u| u.demand).max().unwrap_or(1).max(1) as f64;
    let mut order: Vec<usize> = (0..units.len())
        .filter(|&k| units[k].fixed.is_none())
        .collect();
    // Most constrained first within equal demand: fewer allowed slots.
    order.sort_by_key(|&k| {
        (
            std::cmp::Reverse(units[k].demand),
            units[k].slot_ok.iter().filter(|&&b| b).count(),
            k,
        )
    });
    for k in order {
        let u = &units[k];
        let mut best: Option<(f64, usize, usize)> = None;
        for &s in &p.slot_order {
            if !u.slot_ok[s] {
                continue;
            }
            let clash = unit_voters[k].iter().filter(|&&v| att[v][s] > 0).count() as f64;
            let late = if p.last_of_day[s] {
                0.01 * u.demand as f64 / max_demand
            } else {
                0.0
            };
            for r in 0..p.n_rooms {
                if !occ.fits(p, u, r, s) {
                    continue;
                }
                let overflow = (u.demand - p.capacity[r]).max(0) as f64;
                // Among rooms that fit, the tightest; a tiny nudge only.
                let waste =
                    1e-4 * (p.capacity[r] - u.demand).max(0) as f64 / (1.0 + p.capacity[r] as f64);
                let cost = clash + overflow + late + waste;
                if best.is_none_or(|(c, _, _)| cost < c - 1e-12) {
                    best = Some((cost, r, s));
                }
            }
        }
        if let Some((_, r, s)) = best {
            occ.take(u, r, s);
            place[k] = Some((r, s));
            for &v in &unit_voters[k] {
                att[v][s] += 1;
            }
        }
    }
    place
}
