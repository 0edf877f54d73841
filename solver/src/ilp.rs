//! The integer program (good_lp model, solved by HiGHS).
//!
//! Variables exist only where they can be non-zero: `x[u,r,s] = 1` when unit u
//! is in room r at slot s, for rooms that meet its needs, are open, and slots
//! in which all its hosts are free. Attendance is modelled per group of
//! participants with the same votes (`w` = group size), per slot:
//! `y[g,s] ≤ Σ_u v(g,u)·x[u,·,s]` and `y[g,s] ≤ 1 + Σ_u (v(g,u)−1)·x[u,·,s]`,
//! where v(g,u) is how many of the group's votes unit u holds. This is exact
//! for single-topic sessions (the common case) and for one merged session per
//! slot. Participants whose votes all sit in one unit need no y at all.
//!
//! minimise  Σ overflow(u,r)·x − Σ w·y − Σ (single-unit votes)·x
//!           + Σ M_u·(1 − Σ x[u,·,·])                (every unit placed if it can be)
//!           + tiny tie-breaks: popular topics not in a day's last slot, stay
//!             close to `previous`                 (together < 1 vote)
//! s.t.      Σ_u x\[u,r,s\] ≤ 1 (one session per room-slot), Σ over a host's
//!           units of x[u,·,s] ≤ 1 (a host is in one place), Σ x[u,·,·] ≤ 1.
//!
//! The same function re-optimises a region (some units, some slots) with the
//! rest fixed: that is the large-neighbourhood search of big events.

use crate::eval::Placement;
use crate::instance::Problem;
use crate::schedule::Status;
use crate::units::Unit;
use good_lp::{variable, Expression, ProblemVariables, Variable};
use std::collections::{BTreeMap, HashMap};

/// Room "type" of a unit that fits every room and only chooses its slot.
const FLEX: usize = usize::MAX;

/// Which units may move, and to which slots.
pub struct Region {
    pub free: Vec<bool>,
    pub slots: Vec<bool>,
    /// The plain textbook model (benchmark baseline): one variable per
    /// topic × room × slot, no room types, no symmetry breaking.
    pub plain: bool,
}

impl Region {
    pub fn everything(p: &Problem, units: &[Unit]) -> Self {
        Region {
            free: units.iter().map(|u| u.fixed.is_none()).collect(),
            slots: vec![true; p.n_slots],
            plain: false,
        }
    }
}

/// When HiGHS stops: a node limit (deterministic) and a wall-clock limit
/// (the safety net; see the `budget` module).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub seconds: f64,
    pub nodes: Option<usize>,
}

impl Limits {
    pub fn seconds(seconds: f64) -> Self {
        Limits {
            seconds,
            nodes: None,
        }
    }

    /// Apply to a HiGHS model, with one thread and a fixed seed.
    pub(crate) fn apply(&self, model: &mut highs::Model) {
        model.set_option("threads", 1);
        model.set_option("random_seed", 0);
        model.set_option("time_limit", self.seconds.max(0.05));
        model.set_option("mip_rel_gap", 1e-6);
        if let Some(n) = self.nodes {
            model.set_option("mip_max_nodes", n.min(i32::MAX as usize) as i32);
        }
    }
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub placement: Placement,
    /// Optimal, or the limit that stopped the model.
    pub status: Status,
    pub optimal: bool,
    /// Lower bound on unserved votes for the region's problem, if HiGHS proved one.
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    /// Deterministic work done (see the `budget` module).
    pub work: f64,
}

struct Votes {
    /// For each participant: (unit, number of their votes in it).
    by_participant: Vec<Vec<(usize, u32)>>,
}

fn votes_by_unit(p: &Problem, units: &[Unit]) -> Votes {
    let of = crate::eval::unit_of_topic(p, units);
    let by_participant = p
        .votes_of
        .iter()
        .map(|ts| {
            let mut m: BTreeMap<usize, u32> = BTreeMap::new();
            for &t in ts {
                if let Some(k) = of[t] {
                    *m.entry(k).or_default() += 1;
                }
            }
            m.into_iter().collect()
        })
        .collect();
    Votes { by_participant }
}

/// Overflow of the units that stay where they are (a constant the model
/// leaves out of its objective, but part of unserved).
pub(crate) fn fixed_overflow(
    p: &Problem,
    units: &[Unit],
    current: &Placement,
    region: &Region,
) -> f64 {
    units
        .iter()
        .zip(current)
        .zip(&region.free)
        .filter(|(_, free)| !**free)
        .filter_map(|((u, pl), _)| pl.map(|(r, _)| (u.demand - p.capacity[r]).max(0) as f64))
        .sum()
}

/// How a HiGHS solve ended, as the schedule's stats report it ("optimal",
/// "time limit", "limit"), or `None` when it left no usable solution.
pub(crate) fn ended(solved: &highs::SolvedModel) -> Option<Status> {
    use highs::HighsModelStatus as S;
    let label = match solved.status() {
        S::Optimal => Status::Optimal,
        S::ReachedTimeLimit => Status::TimeLimit,
        S::ObjectiveBound
        | S::ObjectiveTarget
        | S::ReachedSolutionLimit
        | S::ReachedIterationLimit
        | S::ReachedMemoryLimit
        | S::ReachedInterrupt => Status::Limit,
        _ => return None,
    };
    (solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible).then_some(label)
}

/// Σ vars ≤ cap.
fn at_most(vars: &[Variable], cap: f64) -> good_lp::Constraint {
    vars.iter()
        .map(|&x| Expression::from(x))
        .sum::<Expression>()
        .leq(cap)
}

/// Size of the full model, to decide between one model and a decomposition.
pub fn model_size(p: &Problem, units: &[Unit]) -> usize {
    let x: usize = units
        .iter()
        .filter(|u| u.fixed.is_none())
        .map(|u| {
            (0..p.n_slots).filter(|&s| u.slot_ok[s]).count()
                * (0..p.n_rooms).filter(|&r| u.room_ok[r]).count()
        })
        .sum();
    let multi = p.votes_of.iter().filter(|v| v.len() > 1).count();
    x + multi * p.n_slots
}

/// Rooms that are interchangeable (same seats, features and closures) form one
/// type; the model chooses a type, not a room, so it has no room symmetry.
fn room_types(p: &Problem, plain: bool) -> (Vec<usize>, Vec<Vec<usize>>) {
    if plain {
        return (
            (0..p.n_rooms).collect(),
            (0..p.n_rooms).map(|r| vec![r]).collect(),
        );
    }
    let mut keys: Vec<(i64, Vec<String>, Vec<bool>)> = Vec::new();
    let mut type_of = vec![0; p.n_rooms];
    let mut members: Vec<Vec<usize>> = Vec::new();
    for r in 0..p.n_rooms {
        let mut f = p.inst.rooms[r].features.clone();
        f.sort();
        let key = (p.capacity[r], f, p.closed[r].clone());
        match keys.iter().position(|k| *k == key) {
            Some(t) => {
                type_of[r] = t;
                members[t].push(r);
            }
            None => {
                keys.push(key);
                type_of[r] = keys.len() - 1;
                members.push(vec![r]);
            }
        }
    }
    (type_of, members)
}

/// Slots that no unit, host, room or pin tells apart can be relabelled at
/// will; ordering units along them ("staircase") removes that symmetry: the
/// j-th unit (by demand) may only use the first j+1 slots of its class.
fn slot_classes(
    p: &Problem,
    units: &[Unit],
    region: &Region,
    fixed_in: &[bool],
) -> Vec<Vec<usize>> {
    if p.inst.previous.is_some() || region.plain {
        return Vec::new();
    }
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for &s in &p.slot_order {
        if !region.slots[s] || fixed_in[s] || p.frozen_slot[s] {
            continue;
        }
        let sig = |s: usize| -> (Vec<bool>, Vec<bool>) {
            (
                units.iter().map(|u| u.slot_ok[s]).collect(),
                (0..p.n_rooms).map(|r| p.closed[r][s]).collect(),
            )
        };
        match classes.iter_mut().find(|c| sig(c[0]) == sig(s)) {
            Some(c) => c.push(s),
            None => classes.push(vec![s]),
        }
    }
    classes.retain(|c| c.len() > 1);
    classes
}

pub fn solve(
    p: &Problem,
    units: &[Unit],
    current: &Placement,
    region: &Region,
    limits: Limits,
) -> Option<Outcome> {
    let n = units.len();
    let (type_of, members) = room_types(p, region.plain);
    let n_types = members.len();
    // Room-slots and host-slots taken by units that stay where they are.
    let mut room_taken = vec![vec![false; p.n_slots]; p.n_rooms];
    let mut host_taken: HashMap<(usize, usize), ()> = HashMap::new();
    let mut fixed_in = vec![false; p.n_slots];
    for k in 0..n {
        if region.free[k] {
            continue;
        }
        if let Some((r, s)) = current[k] {
            room_taken[r][s] = true;
            fixed_in[s] = true;
            for &h in &units[k].hosts {
                host_taken.insert((h, s), ());
            }
        }
    }
    // Free rooms of each type in each slot.
    let free_rooms = |t: usize, s: usize| {
        members[t]
            .iter()
            .filter(|&&r| !p.closed[r][s] && !room_taken[r][s])
            .count()
    };
    // Staircase limits from slot symmetry.
    let mut max_pos: HashMap<(usize, usize), usize> = HashMap::new(); // (unit, slot) -> allowed?
    let classes = slot_classes(p, units, region, &fixed_in);
    let mut order: Vec<usize> = (0..n).filter(|&k| region.free[k]).collect();
    order.sort_by_key(|&k| (std::cmp::Reverse(units[k].demand), k));
    for class in &classes {
        let mut j = 0;
        for &k in &order {
            if class.iter().any(|&s| units[k].slot_ok[s]) {
                for (i, &s) in class.iter().enumerate() {
                    if i > j {
                        max_pos.insert((k, s), 0);
                    }
                }
                j += 1;
            }
        }
    }
    // Relabel the warm start's slots within each class to match the staircase.
    let relabelled = {
        let rank: HashMap<usize, usize> = order.iter().enumerate().map(|(i, &k)| (k, i)).collect();
        let mut cur = current.clone();
        for class in &classes {
            let first = |s: usize| {
                (0..n)
                    .filter(|&k| region.free[k] && current[k].is_some_and(|(_, cs)| cs == s))
                    .filter_map(|k| rank.get(&k).copied())
                    .min()
                    .unwrap_or(usize::MAX)
            };
            let mut sorted = class.clone();
            sorted.sort_by_key(|&s| (first(s), s));
            for (i, &old) in sorted.iter().enumerate() {
                let new = class[i];
                for k in 0..n {
                    if region.free[k] && current[k].is_some_and(|(_, cs)| cs == old) {
                        cur[k] = current[k].map(|(r, _)| (r, new));
                    }
                }
            }
        }
        cur
    };
    let current = &relabelled;
    // Units that fit every room (no needs, demand within the smallest room)
    // choose a slot only; rooms are handed out afterwards. Not in the plain model.
    let min_cap = (0..p.n_rooms).map(|r| p.capacity[r]).min().unwrap_or(0);
    let flex: Vec<bool> = units
        .iter()
        .map(|u| !region.plain && u.room_ok.iter().all(|&ok| ok) && u.demand <= min_cap)
        .collect();
    let mut vars = ProblemVariables::new();
    // good_lp numbers columns in creation order; we keep the numbers.
    let mut col_of: HashMap<Variable, usize> = HashMap::new();
    let mut next_col = 0usize;
    // x variables per free unit: (room type, slot, var).
    let mut xs: Vec<Vec<(usize, usize, Variable)>> = vec![Vec::new(); n];
    for k in 0..n {
        if !region.free[k] {
            continue;
        }
        let u = &units[k];
        for s in 0..p.n_slots {
            if !region.slots[s]
                || !u.slot_ok[s]
                || max_pos.contains_key(&(k, s))
                || u.hosts.iter().any(|&h| host_taken.contains_key(&(h, s)))
            {
                continue;
            }
            if flex[k] {
                // Fits every room: only the slot matters (FLEX marks "any room").
                let x = vars.add(variable().binary());
                col_of.insert(x, next_col);
                next_col += 1;
                xs[k].push((FLEX, s, x));
                continue;
            }
            for t in 0..n_types {
                if u.room_ok[members[t][0]] && free_rooms(t, s) > 0 {
                    let x = vars.add(variable().binary());
                    col_of.insert(x, next_col);
                    next_col += 1;
                    xs[k].push((t, s, x));
                }
            }
        }
    }
    let n_free = (0..n).filter(|&k| region.free[k]).count().max(1) as f64;
    let max_demand = units.iter().map(|u| u.demand).max().unwrap_or(1).max(1) as f64;
    let mut obj = Expression::from(0.0);
    let mut warm: Vec<(Variable, f64)> = Vec::new();
    for k in 0..n {
        let u = &units[k];
        let m_u = (u.demand.max(0) + 1) as f64;
        for &(t, s, x) in &xs[k] {
            let cap = if t == FLEX {
                min_cap
            } else {
                p.capacity[members[t][0]]
            };
            let mut c = (u.demand - cap).max(0) as f64 - m_u;
            if p.last_of_day[s] {
                c += 0.2 / n_free * (u.demand as f64 / max_demand);
            }
            let prev_ok = u.topics.iter().all(|&tp| {
                p.previous[tp].is_some_and(|(r, ps)| ps == s && (t == FLEX || type_of[r] == t))
            });
            if p.inst.previous.is_some() && !prev_ok {
                c += 0.2 / n_free;
            }
            obj += c * x;
            if current[k].is_some_and(|(r, cs)| cs == s && (t == FLEX || type_of[r] == t)) {
                warm.push((x, 1.0));
            }
        }
    }
    // Attendance.
    let votes = votes_by_unit(p, units);
    let mut groups: BTreeMap<&[(usize, u32)], u32> = BTreeMap::new();
    for vs in &votes.by_participant {
        if vs.iter().any(|&(k, _)| region.free[k]) {
            *groups.entry(vs.as_slice()).or_default() += 1;
        }
    }
    let mut rows: Vec<(Expression, f64)> = Vec::new(); // expr <= rhs
    for (vs, &w) in &groups {
        let w = f64::from(w);
        if vs.len() == 1 {
            let (k, v) = vs[0];
            for &(_, _, x) in &xs[k] {
                obj -= w * f64::from(v) * x;
            }
            continue;
        }
        for s in 0..p.n_slots {
            if !region.slots[s] {
                continue;
            }
            let mut sum_v = Expression::from(0.0);
            let mut sum_extra = Expression::from(0.0);
            let (mut c1, mut c2) = (0.0, 0.0);
            let mut any_free = false;
            let mut has_extra = false;
            let mut ub = 0.0f64;
            for &(k, v) in vs.iter() {
                let v = f64::from(v);
                if region.free[k] {
                    for &(_, s2, x) in &xs[k] {
                        if s2 == s {
                            sum_v += v * x;
                            if v > 1.0 {
                                sum_extra += (v - 1.0) * x;
                                has_extra = true;
                            }
                            any_free = true;
                            ub = ub.max(v);
                        }
                    }
                } else if current[k].is_some_and(|(_, s2)| s2 == s) {
                    c1 += v;
                    c2 += v - 1.0;
                    ub = ub.max(v);
                }
            }
            if !any_free {
                continue; // constant in this region
            }
            let y = vars.add(variable().min(0.0).max(ub));
            col_of.insert(y, next_col);
            next_col += 1;
            obj -= w * y;
            rows.push((Expression::from(y) - sum_v, c1));
            if has_extra || c2 > 0.0 {
                // Only needed where a merged session holds several of the
                // group's votes; otherwise y ≤ 1 is the variable's bound.
                rows.push((Expression::from(y) - sum_extra, 1.0 + c2));
            }
            // Warm start value of y from the current placement.
            let in_s = |k: usize| current[k].is_some_and(|(_, s2)| s2 == s);
            let a: f64 = vs
                .iter()
                .filter(|&&(k, _)| in_s(k))
                .map(|&(_, v)| f64::from(v))
                .sum();
            let b: f64 = 1.0
                + vs.iter()
                    .filter(|&&(k, _)| in_s(k))
                    .map(|&(_, v)| f64::from(v) - 1.0)
                    .sum::<f64>();
            warm.push((y, a.min(b).min(ub).max(0.0)));
        }
    }
    let mut model = vars
        .minimise(obj.clone())
        .using(good_lp::solvers::highs::highs);
    use good_lp::SolverModel;
    for k in 0..n {
        if xs[k].len() > 1 {
            let e: Expression = xs[k].iter().map(|&(_, _, x)| Expression::from(x)).sum();
            model.add_constraint(e.leq(1.0));
        }
    }
    let mut per_type_slot: HashMap<(usize, usize), Vec<Variable>> = HashMap::new();
    let mut per_host_slot: HashMap<(usize, usize), Vec<Variable>> = HashMap::new();
    for k in 0..n {
        for &(t, s, x) in &xs[k] {
            per_type_slot.entry((t, s)).or_default().push(x);
            for &h in &units[k].hosts {
                per_host_slot.entry((h, s)).or_default().push(x);
            }
        }
    }
    let mut keys: Vec<_> = per_type_slot.keys().copied().collect();
    keys.sort_unstable();
    let mut per_slot: BTreeMap<usize, Vec<Variable>> = BTreeMap::new();
    for key in keys {
        let v = &per_type_slot[&key];
        per_slot.entry(key.1).or_default().extend(v.iter().copied());
        if key.0 == FLEX {
            continue;
        }
        let cap = free_rooms(key.0, key.1);
        if v.len() > cap {
            model.add_constraint(at_most(v, cap as f64));
        }
    }
    // All sessions of a slot, typed or not, within its free rooms.
    if flex.iter().any(|&f| f) {
        for (s, v) in per_slot {
            let cap: usize = (0..n_types).map(|t| free_rooms(t, s)).sum();
            if v.len() > cap {
                model.add_constraint(at_most(&v, cap as f64));
            }
        }
    }
    let mut keys: Vec<_> = per_host_slot.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let v = &per_host_slot[&key];
        // A host with one unit in this slot cannot clash with itself.
        let units_here = (0..n)
            .filter(|&k| {
                units[k].hosts.contains(&key.0) && xs[k].iter().any(|&(_, s, _)| s == key.1)
            })
            .count();
        if units_here > 1 {
            model.add_constraint(at_most(v, 1.0));
        }
    }
    for (e, rhs) in rows {
        model.add_constraint(e.leq(rhs));
    }
    let mut hm = model.into_inner();
    hm.set_option("output_flag", false);
    limits.apply(&mut hm);
    // Warm start (HiGHS completes or rejects it).
    let total_cols = hm.num_cols();
    let mut init = vec![0.0; total_cols];
    for (v, val) in &warm {
        if let Some(&c) = col_of.get(v) {
            if c < total_cols {
                init[c] = *val;
            }
        }
    }
    hm.set_solution(Some(&init), None, None, None);
    let (ncols, nrows) = (hm.num_cols(), hm.num_rows());
    let solved = hm.try_solve().ok()?;
    let work = crate::budget::ilp_work(ncols, ncols + nrows, solved.simplex_iteration_count());
    let label = ended(&solved)?;
    let optimal = label.is_optimal();
    let sol = solved.get_solution();
    let cols = sol.columns();
    let mut placement = current.clone();
    let mut used = room_taken.clone();
    let chosen: Vec<Option<(usize, usize)>> = (0..n)
        .map(|k| {
            xs[k]
                .iter()
                .find(|&&(_, _, x)| cols[col_of[&x]] > 0.5)
                .map(|&(t, s, _)| (t, s))
        })
        .collect();
    // Typed units take rooms of their type; then units that fit anywhere take
    // what is left, smallest rooms first (the big ones stay free for tracks).
    for pass_flex in [false, true] {
        for k in 0..n {
            if !region.free[k] {
                continue;
            }
            let Some((t, s)) = chosen[k] else {
                if !pass_flex {
                    placement[k] = None;
                }
                continue;
            };
            if (t == FLEX) != pass_flex {
                continue;
            }
            let room = if t == FLEX {
                let mut rooms: Vec<usize> = (0..p.n_rooms)
                    .filter(|&r| !p.closed[r][s] && !used[r][s])
                    .collect();
                rooms.sort_by_key(|&r| (p.capacity[r], r));
                rooms.first().copied()
            } else {
                members[t]
                    .iter()
                    .copied()
                    .find(|&r| !p.closed[r][s] && !used[r][s])
            };
            placement[k] = room.map(|r| {
                used[r][s] = true;
                (r, s)
            });
        }
    }
    let gap = solved.mip_gap();
    let dual = solved.double_info_value(c"mip_dual_bound").ok();
    // Translate the objective bound into a bound on unserved votes: unserved =
    // objective + total votes + Σ M_u over placed units − tie-breaks (< 1).
    let all_placed = (0..n).all(|k| !region.free[k] || placement[k].is_some() || xs[k].is_empty());
    let m_sum: f64 = (0..n)
        .filter(|&k| region.free[k] && !xs[k].is_empty())
        .map(|k| (units[k].demand.max(0) + 1) as f64)
        .sum();
    let bound = dual
        .filter(|b| {
            b.is_finite()
                && all_placed
                && region
                    .free
                    .iter()
                    .zip(units)
                    .all(|(f, u)| *f || u.fixed.is_some())
        })
        .map(|b| {
            (b + p.total_votes() as f64 + m_sum + fixed_overflow(p, units, current, region) - 0.4)
                .max(0.0)
                .ceil()
        });
    Some(Outcome {
        placement,
        status: label,
        optimal,
        bound,
        gap: if gap.is_finite() { Some(gap) } else { None },
        work,
    })
}
