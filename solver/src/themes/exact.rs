//! Rooms and room themes chosen together, exactly, for fixed slot contents.
//!
//! Why: the annealing in [`super`] decides what each slot holds against
//! target themes fixed in advance by a heuristic (shares of rooms, or fit),
//! and its greedy passes move one session at a time. Once the slots are
//! chosen, however, what is left is small and exact: lost votes depend only
//! on which sessions share a slot, and a room change only changes overflow,
//! which is separable per session. So one integer program picks every room's
//! theme and every session's room at once, maximising the sessions in their
//! room's theme (what room purity counts) within the allowance. Measured on
//! the theme-blind schedules of `cargo bench --bench themes`, this alone
//! takes rooms from about 0.35 to 0.55 purity at the 2 % allowance.
//!
//! Variables, for each placed session k in slot s(k):
//! - `x[k][r]` ∈ {0, 1}: k is in room r (only rooms it may use: features,
//!   not closed, its own room when it is pinned or frozen);
//! - `y[r][t]` ∈ {0, 1}: room r's theme is t, at most one per room;
//! - `w[r][s][t]` ∈ [0, 1], w ≤ y[r][t] and w ≤ Σ x[k][r] over the
//!   sessions k of theme t in slot s: cell (r, s) holds a session of its
//!   room's theme.
//!
//! Rows: each session in exactly one room; each room holds at most one
//! session per slot; total overflow ≤ cap − lost votes.
//! Objective: maximise Σ w, an integer, so HiGHS may stop as soon as its
//! bound is within one session. Overflow is then minimised slot by slot for
//! the chosen themes (an assignment each), which never loses a session.

use crate::assign::{hungarian, FORBIDDEN};
use crate::budget::ilp_work;
use crate::eval::{evaluate, Placement};
use crate::ilp::Limits;
use crate::instance::Problem;
use crate::units::Unit;
use std::collections::BTreeMap;

use super::Themes;

/// What the model found.
pub(super) struct Found {
    pub place: Placement,
    /// Each room's theme, or `themes.names.len()` for a room without one.
    pub target: Vec<usize>,
    /// Deterministic work done (see the `budget` module).
    pub work: f64,
}

/// Rooms for the sessions of `place`, each kept in its slot, with the most
/// sessions in their room's theme and unserved ≤ `cap`. `None` when the
/// model gives no usable answer (the caller keeps what it had).
pub(super) fn rooms(
    p: &Problem,
    units: &[Unit],
    place: &Placement,
    themes: &Themes,
    cap: i64,
    limits: Limits,
) -> Option<Found> {
    let lost = evaluate(p, units, place).lost as i64;
    let spare = cap - lost;
    if spare < 0 {
        return None;
    }
    let th = &themes.of_unit;
    let n_th = themes.names.len();
    let allowed = |k: usize, r: usize, r0: usize, s: usize| match units[k].fixed {
        Some((fr, _)) => fr == r,
        None => r == r0 || (units[k].room_ok[r] && !p.closed[r][s]),
    };
    let mut pb = highs::RowProblem::new();
    let y: Vec<Vec<highs::Col>> = (0..p.n_rooms)
        .map(|_| {
            (0..n_th)
                .map(|_| pb.add_integer_column(0.0, 0..=1))
                .collect()
        })
        .collect();
    // Start from the current rooms, each room given its most common theme.
    let current_target = super::retarget(p, place, themes);
    let mut warm: Vec<(highs::Col, f64)> = Vec::new();
    for (r, ys) in y.iter().enumerate() {
        for (t, &c) in ys.iter().enumerate() {
            warm.push((c, f64::from(u8::from(current_target[r] == t))));
        }
    }
    // (unit, room, x)
    let mut xs: Vec<(usize, usize, highs::Col)> = Vec::new();
    let mut overflow: Vec<(highs::Col, f64)> = Vec::new();
    let mut per_cell: BTreeMap<(usize, usize), Vec<highs::Col>> = BTreeMap::new();
    let mut per_theme: BTreeMap<(usize, usize, usize), Vec<highs::Col>> = BTreeMap::new();
    for (k, pl) in place.iter().enumerate() {
        let Some((r0, s)) = *pl else { continue };
        let mut mine: Vec<(highs::Col, f64)> = Vec::new();
        for r in (0..p.n_rooms).filter(|&r| allowed(k, r, r0, s)) {
            let x = pb.add_integer_column(0.0, 0..=1);
            warm.push((x, f64::from(u8::from(r == r0))));
            let ov = (units[k].demand - p.capacity[r]).max(0) as f64;
            if ov > 0.0 {
                overflow.push((x, ov));
            }
            per_cell.entry((r, s)).or_default().push(x);
            per_theme.entry((r, s, th[k])).or_default().push(x);
            xs.push((k, r, x));
            mine.push((x, 1.0));
        }
        pb.add_row(1.0..=1.0, mine);
    }
    for (&(r, s, t), cell_xs) in &per_theme {
        let w = pb.add_column(-1.0, 0..=1);
        pb.add_row(..=0.0, [(w, 1.0), (y[r][t], -1.0)]);
        pb.add_row(..=0.0, cell_xs.iter().map(|&x| (x, -1.0)).chain([(w, 1.0)]));
        let on = current_target[r] == t
            && place
                .iter()
                .enumerate()
                .any(|(k, pl)| *pl == Some((r, s)) && th[k] == t);
        warm.push((w, f64::from(u8::from(on))));
    }
    for cols in per_cell.values().filter(|c| c.len() > 1) {
        pb.add_row(..=1.0, cols.iter().map(|&c| (c, 1.0)));
    }
    for ys in &y {
        pb.add_row(..=1.0, ys.iter().map(|&c| (c, 1.0)));
    }
    if !overflow.is_empty() {
        pb.add_row(..=spare as f64, overflow);
    }
    let mut model = pb.optimise(highs::Sense::Minimise);
    crate::slotpack::configure(&mut model, limits);
    // The objective counts sessions: proven to within one is proven.
    model.set_option("mip_abs_gap", 1.0 - 1e-6);
    model.set_option("mip_pool_soft_limit", 100);
    let (ncols, nrows) = (model.num_cols(), model.num_rows());
    let mut init = vec![0.0; ncols];
    for (c, v) in warm {
        init[c.index()] = v;
    }
    model.set_solution(Some(&init), None, None, None);
    let solved = model.try_solve().ok()?;
    let work = ilp_work(ncols, ncols + nrows, solved.simplex_iteration_count());
    crate::ilp::ended(&solved)?;
    let sol = solved.get_solution();
    let cols = sol.columns();
    let mut out = place.clone();
    for &(k, r, x) in &xs {
        if cols[x.index()] > 0.5 {
            let (_, s) = out[k].expect("placed");
            out[k] = Some((r, s));
        }
    }
    let target: Vec<usize> = y
        .iter()
        .map(|ys| {
            ys.iter()
                .position(|&c| cols[c.index()] > 0.5)
                .unwrap_or(n_th)
        })
        .collect();
    // Least overflow for these themes, slot by slot, never a session fewer
    // in its room's theme; kept only if the cap still holds.
    let tidy = least_overflow(p, units, &out, th, &target, allowed);
    let place = if evaluate(p, units, &tidy).unserved() as i64 <= cap {
        tidy
    } else {
        out
    };
    Some(Found {
        place,
        target,
        work,
    })
}

/// Each slot's rooms by an assignment: first the most sessions in their
/// room's theme, then the least overflow.
fn least_overflow(
    p: &Problem,
    units: &[Unit],
    place: &Placement,
    th: &[usize],
    target: &[usize],
    allowed: impl Fn(usize, usize, usize, usize) -> bool,
) -> Placement {
    // Above any slot's total overflow.
    let miss = 1.0 + units.iter().map(|u| u.demand.max(0) as f64).sum::<f64>();
    let mut out = place.clone();
    for s in 0..p.n_slots {
        let members: Vec<(usize, usize)> = place
            .iter()
            .enumerate()
            .filter_map(|(k, pl)| pl.filter(|&(_, ss)| ss == s).map(|(r0, _)| (k, r0)))
            .collect();
        let cost: Vec<Vec<f64>> = members
            .iter()
            .map(|&(k, r0)| {
                (0..p.n_rooms)
                    .map(|r| {
                        if !allowed(k, r, r0, s) {
                            return FORBIDDEN;
                        }
                        (units[k].demand - p.capacity[r]).max(0) as f64
                            + if target[r] == th[k] { 0.0 } else { miss }
                    })
                    .collect()
            })
            .collect();
        if let Some((total, cols)) = hungarian(&cost) {
            if total < FORBIDDEN {
                for (&(k, _), r) in members.iter().zip(cols) {
                    out[k] = Some((r, s));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::setup;
    use super::*;
    use crate::gen::{generate, GenParams};
    use crate::relate::Relatedness;

    /// Slots stay, every cell holds one session, the cap holds, purity
    /// never falls, and with a cap at today's unserved no vote is lost.
    #[test]
    fn keeps_slots_and_the_cap() {
        for seed in [1, 2] {
            let (p, units, place) = setup(seed);
            let themes = Themes::new(&p, &units);
            let before = evaluate(&p, &units, &place).unserved() as i64;
            for extra in [0, before / 50] {
                let cap = before + extra;
                let f = rooms(&p, &units, &place, &themes, cap, Limits::seconds(20.0))
                    .expect("a solution");
                let after = evaluate(&p, &units, &f.place).unserved() as i64;
                assert!(after <= cap, "seed {seed}: {after} > {cap}");
                let mut cells = std::collections::HashSet::new();
                for (a, b) in place.iter().zip(&f.place) {
                    assert_eq!(a.map(|x| x.1), b.map(|x| x.1), "slot changed");
                    if let Some(c) = b {
                        assert!(cells.insert(*c), "two sessions in {c:?}");
                    }
                }
                assert!(
                    super::super::pure(&p, &f.place, &themes)
                        >= super::super::pure(&p, &place, &themes)
                );
                let rel = Relatedness::new(&p.inst);
                let s = crate::solve::to_schedule(&p, &units, &f.place, &[], &rel);
                let report = crate::metrics::check(&p.inst, &s);
                assert!(report.is_valid(), "{:?}", report.violations);
            }
        }
    }

    /// On a tiny event (3 rooms × 3 slots) the model's count matches brute
    /// force over every room order of every slot.
    #[test]
    fn matches_brute_force_on_a_small_case() {
        let mut g = GenParams::scale("meetup").unwrap();
        (g.rooms, g.slots, g.topics, g.attendees, g.seed) = (3, 3, 9, 40, 5);
        let p = Problem::new(generate(&g)).unwrap();
        let rel = Relatedness::new(&p.inst);
        let units = crate::units::plan(&p, &rel).units;
        let small = crate::greedy::construct(&p, &units);
        let themes = Themes::new(&p, &units);
        let cap = i64::MAX / 4;
        let f = rooms(&p, &units, &small, &themes, cap, Limits::seconds(20.0)).expect("solved");
        // Brute force: every permutation of rooms 0..3 in each slot.
        let perms = [
            [0, 1, 2],
            [0, 2, 1],
            [1, 0, 2],
            [1, 2, 0],
            [2, 0, 1],
            [2, 1, 0],
        ];
        let by_slot: Vec<Vec<usize>> = (0..3)
            .map(|s| {
                (0..units.len())
                    .filter(|&k| small[k].is_some_and(|(_, ss)| ss == s))
                    .collect()
            })
            .collect();
        let mut best = 0;
        for a in &perms {
            for b in &perms {
                for c in &perms {
                    let mut pl = small.clone();
                    let mut ok = true;
                    for (s, perm) in [a, b, c].into_iter().enumerate() {
                        for (i, &k) in by_slot[s].iter().enumerate() {
                            let r = perm[i];
                            ok &= units[k].fixed.is_none() && units[k].room_ok[r];
                            pl[k] = Some((r, s));
                        }
                    }
                    if ok {
                        best = best.max(super::super::pure(&p, &pl, &themes));
                    }
                }
            }
        }
        assert_eq!(super::super::pure(&p, &f.place, &themes), best);
    }
}
