//! Local search (simulated annealing with a fixed seed) over the placement of
//! units: swap two sessions' room-slots, or move a session to an empty
//! room-slot. Each move is evaluated exactly and incrementally (only the
//! voters of the moved units are recounted), so hundreds of thousands of moves
//! fit in a few seconds. It complements the ILP: fast progress on big events,
//! whose neighbourhoods the ILP then polishes.

use crate::budget::{Budget, LS_MOVE, LS_RECOUNT};
use crate::eval::Placement;
use crate::instance::Problem;
use crate::units::Unit;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const UNPLACED_PENALTY: i64 = 1_000_000;

/// The search's incremental state (also driven by `themes`).
pub(crate) struct State<'a> {
    p: &'a Problem,
    units: &'a [Unit],
    pub(crate) place: Placement,
    pub(crate) at: Vec<Vec<Option<usize>>>,
    host_busy: Vec<Vec<u16>>,
    /// For each participant: (unit, votes in it).
    pvotes: Vec<Vec<(usize, u16)>>,
    /// For each unit: participants who voted for it.
    uvoters: Vec<Vec<usize>>,
    attend: Vec<i64>,
    overflow: i64,
    lost_total: i64,
    total: i64,
}

impl<'a> State<'a> {
    pub(crate) fn new(p: &'a Problem, units: &'a [Unit], place: Placement) -> Self {
        let of = crate::eval::unit_of_topic(p, units);
        let mut pvotes: Vec<Vec<(usize, u16)>> = vec![Vec::new(); p.participants.len()];
        let mut uvoters: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
        for (pi, ts) in p.votes_of.iter().enumerate() {
            for &t in ts {
                if let Some(k) = of[t] {
                    match pvotes[pi].iter_mut().find(|(u, _)| *u == k) {
                        Some(e) => e.1 += 1,
                        None => {
                            pvotes[pi].push((k, 1));
                            uvoters[k].push(pi);
                        }
                    }
                }
            }
        }
        let mut at = vec![vec![None; p.n_slots]; p.n_rooms];
        let mut host_busy = vec![vec![0u16; p.n_slots]; p.participants.len()];
        let mut overflow = 0;
        for (k, pl) in place.iter().enumerate() {
            if let Some((r, s)) = pl {
                at[*r][*s] = Some(k);
                for &h in &units[k].hosts {
                    host_busy[h][*s] += 1;
                }
                overflow += (units[k].demand - p.capacity[*r]).max(0);
            }
        }
        let mut st = State {
            p,
            units,
            place,
            at,
            host_busy,
            pvotes,
            uvoters,
            attend: vec![0; p.participants.len()],
            overflow,
            lost_total: 0,
            total: p.total_votes() as i64,
        };
        let mut sum = 0;
        for pi in 0..p.participants.len() {
            st.attend[pi] = st.attendable(pi);
            sum += st.attend[pi];
        }
        st.lost_total = st.total - sum;
        st
    }

    /// Σ over slots of the largest number of this participant's votes in one
    /// session of that slot (exact; a stack buffer for the usual few votes).
    fn attendable(&self, pi: usize) -> i64 {
        const BUF: usize = 64;
        let vs = &self.pvotes[pi];
        let mut stack: [(usize, u16); BUF] = [(usize::MAX, 0); BUF];
        let mut heap: Vec<(usize, u16)> = Vec::new();
        let best: &mut [(usize, u16)] = if vs.len() <= BUF {
            &mut stack
        } else {
            heap.resize(vs.len(), (usize::MAX, 0));
            &mut heap
        };
        let mut n = 0;
        for &(k, v) in vs {
            if let Some((_, s)) = self.place[k] {
                match best[..n].iter_mut().find(|(sl, _)| *sl == s) {
                    Some(e) => e.1 = e.1.max(v),
                    None => {
                        best[n] = (s, v);
                        n += 1;
                    }
                }
            }
        }
        best[..n].iter().map(|&(_, v)| i64::from(v)).sum::<i64>()
    }

    pub(crate) fn unserved(&self) -> i64 {
        self.lost_total + self.overflow
    }

    /// What the search minimises: unserved votes, and far above them every
    /// session that found no room-slot.
    fn cost(&self) -> i64 {
        self.unserved()
            + UNPLACED_PENALTY * self.place.iter().filter(|p| p.is_none()).count() as i64
    }

    pub(crate) fn fits(&self, k: usize, r: usize, s: usize, ignore: Option<usize>) -> bool {
        let u = &self.units[k];
        if !u.room_ok[r] || !u.slot_ok[s] || self.p.closed[r][s] {
            return false;
        }
        self.hosts_free(k, s, ignore)
    }

    /// Lost votes (unserved without overflow).
    pub(crate) fn lost(&self) -> i64 {
        self.lost_total
    }

    /// Whether unit k's hosts are free in slot s, not counting units that
    /// move out of s in this move (k itself and `ignore`).
    pub(crate) fn hosts_free(&self, k: usize, s: usize, ignore: Option<usize>) -> bool {
        let u = &self.units[k];
        u.hosts.iter().all(|&h| {
            let mut busy = self.host_busy[h][s];
            if let Some((_, ks)) = self.place[k] {
                if ks == s {
                    busy -= 1;
                }
            }
            if let Some(o) = ignore {
                if self.place[o].is_some_and(|(_, os)| os == s) && self.units[o].hosts.contains(&h)
                {
                    busy -= 1;
                }
            }
            busy == 0
        })
    }

    /// Applies new positions for the given units and returns the change in
    /// the cost and the number of votes recounted (the work it took).
    pub(crate) fn apply(&mut self, moves: &[(usize, Option<(usize, usize)>)]) -> (i64, usize) {
        let before = self.cost();
        for &(k, to) in moves {
            if let Some((r, s)) = self.place[k] {
                self.at[r][s] = None;
                for &h in &self.units[k].hosts {
                    self.host_busy[h][s] -= 1;
                }
                self.overflow -= (self.units[k].demand - self.p.capacity[r]).max(0);
            }
            self.place[k] = to;
        }
        for &(k, to) in moves {
            if let Some((r, s)) = to {
                self.at[r][s] = Some(k);
                for &h in &self.units[k].hosts {
                    self.host_busy[h][s] += 1;
                }
                self.overflow += (self.units[k].demand - self.p.capacity[r]).max(0);
            }
        }
        let mut affected: Vec<usize> = moves
            .iter()
            .flat_map(|&(k, _)| self.uvoters[k].iter().copied())
            .collect();
        affected.sort_unstable();
        affected.dedup();
        let work: usize = affected.iter().map(|&pi| self.pvotes[pi].len()).sum();
        for pi in affected {
            let a = self.attendable(pi);
            self.lost_total -= a - self.attend[pi];
            self.attend[pi] = a;
        }
        (self.cost() - before, work)
    }
}

/// Improves `place` with `work` work-seconds of moves (charged to `budget`;
/// see [`crate::budget`]): deterministic, unless the wall clock's safety net
/// stops it first.
pub fn improve(
    p: &Problem,
    units: &[Unit],
    place: Placement,
    budget: &mut Budget,
    work: f64,
    seed: u64,
) -> Placement {
    let movable: Vec<usize> = (0..units.len())
        .filter(|&k| units[k].fixed.is_none())
        .collect();
    let work = work.min(budget.work_left());
    if movable.is_empty() || work <= 0.0 {
        return place;
    }
    let mut st = State::new(p, units, place);
    let mut unplaced: Vec<usize> = movable
        .iter()
        .copied()
        .filter(|&k| st.place[k].is_none())
        .collect();
    let mut best = st.place.clone();
    let mut best_val = st.cost();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let t0 = 2.0f64;
    let mut iter: u64 = 0;
    let mut recounted: u64 = 0;
    let mut done = 0.0f64;
    loop {
        iter += 1;
        if iter.is_multiple_of(512) {
            // Work so far, as a share of the work given.
            done = (iter as f64 * LS_MOVE + recounted as f64 * LS_RECOUNT) / work;
            if done >= 1.0 || budget.wall_left() <= 0.0 {
                break;
            }
        }
        let temperature = t0 * (1.0 - done.min(1.0)).powi(2) + 0.02;
        let k = if !unplaced.is_empty() && rng.gen_bool(0.2) {
            unplaced[rng.gen_range(0..unplaced.len())]
        } else {
            movable[rng.gen_range(0..movable.len())]
        };
        let moves: Vec<(usize, Option<(usize, usize)>)> = if st.place[k].is_none() {
            // Insert a session that has no room-slot yet, moving the occupant
            // of the chosen cell to a free cell if needed.
            let r = rng.gen_range(0..p.n_rooms);
            let s = rng.gen_range(0..p.n_slots);
            match st.at[r][s] {
                None if st.fits(k, r, s, None) => vec![(k, Some((r, s)))],
                Some(o) if units[o].fixed.is_none() && st.fits(k, r, s, Some(o)) => {
                    let (r2, s2) = (rng.gen_range(0..p.n_rooms), rng.gen_range(0..p.n_slots));
                    if st.at[r2][s2].is_none()
                        && (r2, s2) != (r, s)
                        && st.fits(o, r2, s2, None)
                        && (s2 != s || !units[k].hosts.iter().any(|h| units[o].hosts.contains(h)))
                    {
                        vec![(o, Some((r2, s2))), (k, Some((r, s)))]
                    } else {
                        continue;
                    }
                }
                _ => continue,
            }
        } else if rng.gen_bool(0.7) {
            // Swap with another unit.
            let o = movable[rng.gen_range(0..movable.len())];
            if o == k {
                continue;
            }
            let (pk, po) = (st.place[k], st.place[o]);
            let (Some((rk, sk)), Some((ro, so))) = (pk, po) else {
                continue;
            };
            if !st.fits(k, ro, so, Some(o)) || !st.fits(o, rk, sk, Some(k)) {
                continue;
            }
            vec![(k, Some((ro, so))), (o, Some((rk, sk)))]
        } else {
            // Move to a free room-slot.
            let r = rng.gen_range(0..p.n_rooms);
            let s = rng.gen_range(0..p.n_slots);
            if st.at[r][s].is_some() || !st.fits(k, r, s, None) {
                continue;
            }
            vec![(k, Some((r, s)))]
        };
        let undo: Vec<(usize, Option<(usize, usize)>)> =
            moves.iter().map(|&(u, _)| (u, st.place[u])).collect();
        let (delta, w) = st.apply(&moves);
        recounted += w as u64;
        let accept = delta <= 0 || rng.gen_bool((-(delta as f64) / temperature).exp().min(1.0));
        if !accept {
            recounted += st.apply(&undo).1 as u64;
            continue;
        }
        if st.cost() < best_val {
            best_val = st.cost();
            best = st.place.clone();
        }
        if !unplaced.is_empty() {
            unplaced.retain(|&u| st.place[u].is_none());
        }
    }
    budget.charge(iter as f64 * LS_MOVE + recounted as f64 * LS_RECOUNT);

    best
}
