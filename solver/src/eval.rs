//! Fast evaluation of a placement of units, by the same definitions as the
//! checker (used inside the search; the checker stays independent).

use crate::instance::Problem;
use crate::units::Unit;

/// Placement of each unit: (room, slot), or `None` when left out.
pub type Placement = Vec<Option<(usize, usize)>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    pub lost: u64,
    pub overflow: u64,
}

impl Score {
    pub fn unserved(&self) -> u64 {
        self.lost + self.overflow
    }
}

pub fn unit_of_topic(p: &Problem, units: &[Unit]) -> Vec<Option<usize>> {
    let mut m = vec![None; p.n_topics];
    for (k, u) in units.iter().enumerate() {
        for &t in &u.topics {
            m[t] = Some(k);
        }
    }
    m
}

pub fn evaluate(p: &Problem, units: &[Unit], place: &Placement) -> Score {
    let of = unit_of_topic(p, units);
    let mut overflow = 0u64;
    for (u, pl) in units.iter().zip(place) {
        if let Some((r, _)) = pl {
            overflow += (u.demand - p.capacity[*r]).max(0) as u64;
        }
    }
    let mut attendable = 0u64;
    let mut per_unit: Vec<(usize, u64)> = Vec::new();
    for votes in &p.votes_of {
        per_unit.clear();
        for &t in votes {
            if let Some(k) = of[t] {
                if place[k].is_some() {
                    match per_unit.iter_mut().find(|(u, _)| *u == k) {
                        Some(e) => e.1 += 1,
                        None => per_unit.push((k, 1)),
                    }
                }
            }
        }
        // Best session per slot.
        let mut best: Vec<(usize, u64)> = Vec::new();
        for &(k, n) in &per_unit {
            let s = place[k].map(|x| x.1).unwrap_or(0);
            match best.iter_mut().find(|(sl, _)| *sl == s) {
                Some(e) => e.1 = e.1.max(n),
                None => best.push((s, n)),
            }
        }
        attendable += best.iter().map(|x| x.1).sum::<u64>();
    }
    Score {
        lost: p.total_votes() as u64 - attendable,
        overflow,
    }
}
