//! Local search (simulated annealing with a fixed seed) over the placement of
//! units: swap two sessions' room-slots, or move a session to an empty
//! room-slot. Each move is priced exactly before it is made ([`State::price`]:
//! for most voters from how many of their sessions each slot holds, for the
//! rest by recounting their votes), and made only when accepted, so hundreds
//! of thousands of moves fit in a few seconds. It complements the ILP: fast
//! progress on big events, whose neighbourhoods the ILP then polishes.

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
    /// For a participant with one vote in each of their sessions (nearly
    /// everyone: more only when merged topics share a session), how many of
    /// their sessions each slot holds; `None` for the others. With it a
    /// move's change in attendance is known per voter in O(1), without
    /// recounting their votes (see [`State::price`]).
    slot_count: Vec<Option<Vec<u16>>>,
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
        let slot_count = pvotes
            .iter()
            .map(|vs| {
                vs.iter().all(|&(_, v)| v == 1).then(|| {
                    let mut c = vec![0u16; p.n_slots];
                    for &(k, _) in vs {
                        if let Some((_, s)) = place[k] {
                            c[s] += 1;
                        }
                    }
                    c
                })
            })
            .collect();
        let mut st = State {
            p,
            units,
            place,
            at,
            host_busy,
            pvotes,
            uvoters,
            attend: vec![0; p.participants.len()],
            slot_count,
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
        self.attendable_at(pi, |k| self.place[k])
    }

    /// [`State::attendable`] with each unit where `at` says.
    fn attendable_at(&self, pi: usize, at: impl Fn(usize) -> Option<(usize, usize)>) -> i64 {
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
            if let Some((_, s)) = at(k) {
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
            let (from, to_slot) = (self.place[k].map(|(_, s)| s), to.map(|(_, s)| s));
            if from != to_slot {
                for &pi in &self.uvoters[k] {
                    if let Some(c) = self.slot_count[pi].as_mut() {
                        if let Some(s) = from {
                            c[s] -= 1;
                        }
                        if let Some(s) = to_slot {
                            c[s] += 1;
                        }
                    }
                }
            }
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
        let (affected, work) = self.voters_of(moves);
        for pi in affected {
            let a = self.attendable(pi);
            self.lost_total -= a - self.attend[pi];
            self.attend[pi] = a;
        }
        (self.cost() - before, work)
    }
}

impl State<'_> {
    /// The voters of the moved units (each once), and how many votes they
    /// have in all: what a move recounts.
    fn voters_of(&self, moves: &[(usize, Option<(usize, usize)>)]) -> (Vec<usize>, usize) {
        let mut voters: Vec<usize> = moves
            .iter()
            .flat_map(|&(k, _)| self.uvoters[k].iter().copied())
            .collect();
        voters.sort_unstable();
        voters.dedup();
        let work = voters.iter().map(|&pi| self.pvotes[pi].len()).sum();
        (voters, work)
    }

    /// What [`State::apply`] would return for `moves`, without making them:
    /// the change in the cost and the votes it would recount (the same
    /// work is charged as if it had applied them, so that the search's
    /// counted work, and with it its result, does not depend on this).
    ///
    /// Why: the local search rejects most moves it tries, and applying a
    /// move, then undoing it, recounts every vote of every voter of the
    /// moved sessions twice (at congress scale about 4,150 votes a try,
    /// `BENCHMARKS.md`). A voter with one vote per session attends one
    /// session in each slot that holds any of theirs, so their change is
    /// read from how many each slot holds.
    ///
    /// `moves` names each unit once, as for `apply`.
    pub(crate) fn price(&self, moves: &[(usize, Option<(usize, usize)>)]) -> (i64, usize) {
        let moved = |k: usize| moves.iter().find(|&&(u, _)| u == k).map(|&(_, to)| to);
        let mut delta = 0i64;
        for &(k, to) in moves {
            let from = self.place[k];
            let u = &self.units[k];
            if let Some((r, _)) = from {
                delta -= (u.demand - self.p.capacity[r]).max(0);
            }
            if let Some((r, _)) = to {
                delta += (u.demand - self.p.capacity[r]).max(0);
            }
            delta += UNPLACED_PENALTY * (i64::from(to.is_none()) - i64::from(from.is_none()));
        }
        // (voter, slot, change in their sessions there)
        let mut changes: Vec<(usize, usize, i32)> = Vec::new();
        for &(k, to) in moves {
            let (from, to) = (self.place[k].map(|(_, s)| s), to.map(|(_, s)| s));
            if from == to {
                continue;
            }
            for &pi in &self.uvoters[k] {
                if self.slot_count[pi].is_some() {
                    if let Some(s) = from {
                        changes.push((pi, s, -1));
                    }
                    if let Some(s) = to {
                        changes.push((pi, s, 1));
                    }
                }
            }
        }
        let (voters, work) = self.voters_of(moves);
        changes.sort_unstable();
        let mut attend = 0i64;
        let mut i = 0;
        while i < changes.len() {
            let (pi, s, _) = changes[i];
            let mut d = 0i32;
            while i < changes.len() && changes[i].0 == pi && changes[i].1 == s {
                d += changes[i].2;
                i += 1;
            }
            let c = i32::from(self.slot_count[pi].as_ref().expect("counted voter")[s]);
            attend += i64::from(c + d > 0) - i64::from(c > 0);
        }
        for &pi in &voters {
            if self.slot_count[pi].is_none() {
                let at = |k: usize| moved(k).unwrap_or(self.place[k]);
                attend += self.attendable_at(pi, at) - self.attend[pi];
            }
        }
        // Lost votes fall by what is attended more.
        (delta - attend, work)
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
        // Priced first, made only when accepted; the work is counted as if
        // every move had been made and a rejected one undone.
        let (delta, w) = st.price(&moves);
        recounted += w as u64;
        let accept = delta <= 0 || rng.gen_bool((-(delta as f64) / temperature).exp().min(1.0));
        if !accept {
            recounted += w as u64;
            continue;
        }
        let (made, _) = st.apply(&moves);
        debug_assert_eq!(made, delta, "priced {moves:?}");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gen::{generate, GenParams};
    use crate::relate::Relatedness;

    /// A move's price is exactly what making it changes, for voters with
    /// one vote per session and for those whose sessions merge topics they
    /// both voted for (`oversubscribed` merges topics), for swaps, moves to
    /// a free cell and sessions taken out or put back.
    #[test]
    fn price_is_what_apply_changes() {
        for (scale, seed) in [
            ("devopsdays", 1),
            ("oversubscribed", 2),
            ("oversubscribed", 5),
        ] {
            let mut g = GenParams::scale(scale).unwrap();
            g.seed = seed;
            let p = Problem::new(generate(&g)).unwrap();
            let rel = Relatedness::new(&p.inst);
            let plan = crate::units::plan(&p, &rel);
            let place = crate::greedy::construct(&p, &plan.units);
            let mut st = State::new(&p, &plan.units, place);
            assert!(
                scale != "oversubscribed" || st.slot_count.iter().any(Option::is_none),
                "{scale}/{seed}: no voter of a merged session"
            );
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let n = plan.units.len();
            for i in 0..3000 {
                let k = rng.gen_range(0..n);
                let moves: Vec<(usize, Option<(usize, usize)>)> = match i % 3 {
                    0 => {
                        let o = rng.gen_range(0..n);
                        if o == k {
                            continue;
                        }
                        vec![(k, st.place[o]), (o, st.place[k])]
                    }
                    1 => {
                        let (r, s) = (rng.gen_range(0..p.n_rooms), rng.gen_range(0..p.n_slots));
                        if st.at[r][s].is_some() {
                            continue;
                        }
                        vec![(k, Some((r, s)))]
                    }
                    _ => vec![(k, None)],
                };
                let (priced, work) = st.price(&moves);
                let undo: Vec<_> = moves.iter().map(|&(u, _)| (u, st.place[u])).collect();
                let (made, recounted) = st.apply(&moves);
                assert_eq!(priced, made, "{scale}/{seed}, try {i}: {moves:?}");
                assert_eq!(work, recounted, "{scale}/{seed}, try {i}");
                // Keep about half, so that the schedule wanders.
                if rng.gen_bool(0.5) {
                    st.apply(&undo);
                }
            }
            let fresh = State::new(&p, &plan.units, st.place.clone());
            assert_eq!(fresh.unserved(), st.unserved());
            assert_eq!(fresh.slot_count, st.slot_count);
        }
    }
}
