//! The exact model by slot contents (set partitioning), for small events and
//! small neighbourhoods.
//!
//! Why: unserved votes are separable by slot. Given *which* sessions share a
//! slot, the votes an attendee can attend there and the overflow (after the
//! best match of those sessions to the slot's rooms) are fixed numbers. So
//! instead of the assignment model of [`crate::ilp`], whose LP relaxation
//! spreads a topic over all slots and sees no clashes, we enumerate every
//! feasible content of a slot (no host twice, hosts available, a room for each
//! session with its needs met), price it exactly (attendance per attendee,
//! overflow by the Hungarian method), and choose one content per slot so that
//! each session is used at most once:
//!
//! minimise  Σ_c cost(c)·z_c
//! s.t.      Σ_{c of class j} z_c = |slots of class j|     (one content per slot)
//!           Σ_{c ∋ u} z_c ≤ 1                            (a session placed once)
//!
//! cost(c) = overflow − attended votes − Σ M_u (a reward for every session
//! placed, as in the assignment model) + tie-breaks. Slots that nothing tells
//! apart (same candidate sessions, same open rooms, same fixed sessions) form
//! one class with one set of columns, which removes the slot symmetry; the
//! chosen contents are then matched to the class's slots by the tie-breaks.
//! The LP relaxation is far tighter than the assignment model's: at meetup
//! scale it proves optimality in a fraction of a second. The number of
//! columns grows as C(sessions, rooms), so it is used only while that stays
//! below a limit (the whole event at meetup scale, two slots at a time on
//! larger events). The model goes to HiGHS directly (column-wise), since it
//! is built column by column.

use crate::assign::{hungarian, FORBIDDEN};
use crate::eval::Placement;
use crate::ilp::{fixed_overflow, Limits, Outcome, Region};
use crate::instance::Problem;
use crate::units::Unit;
use std::collections::HashMap;

/// Slots priced together (interchangeable for the primary objective).
struct Class {
    slots: Vec<usize>,
    /// Free units that may go into these slots.
    cand: Vec<usize>,
    /// Rooms open and not taken by units that stay where they are.
    rooms: Vec<usize>,
    /// Units that stay in the (first) slot of the class.
    fixed: Vec<usize>,
}

struct Column {
    class: usize,
    units: Vec<usize>,
    /// Room of each unit (parallel to `units`).
    rooms: Vec<usize>,
    cost: f64,
}

/// Everything the enumeration reads, and its running state.
struct Enumerator<'a> {
    p: &'a Problem,
    units: &'a [Unit],
    unit_votes: &'a [Vec<(usize, u32)>],
    tie_prev: f64,
    tie_last: f64,
    max_demand: f64,
    max_columns: usize,
    /// Best votes each participant can attend in the slot so far.
    best: Vec<u32>,
    host_used: Vec<bool>,
    columns: Vec<Column>,
}

impl Enumerator<'_> {
    /// Room-matching matrix of `content` in slot `s` over `rooms`.
    fn matching(&self, content: &[usize], s: usize, rooms: &[usize]) -> Option<(f64, Vec<usize>)> {
        let cost: Vec<Vec<f64>> = content
            .iter()
            .map(|&k| {
                let u = &self.units[k];
                rooms
                    .iter()
                    .map(|&r| {
                        if !u.room_ok[r] {
                            return FORBIDDEN;
                        }
                        let mut c = (u.demand - self.p.capacity[r]).max(0) as f64;
                        if self.p.inst.previous.is_some() {
                            let stays =
                                u.topics.iter().all(|&t| self.p.previous[t] == Some((r, s)));
                            if !stays {
                                c += self.tie_prev;
                            }
                        }
                        c
                    })
                    .collect()
            })
            .collect();
        hungarian(&cost).map(|(c, of)| (c, of.into_iter().map(|i| rooms[i]).collect()))
    }

    /// Add every feasible content of class `j` that extends `content` with
    /// candidates from position `from` on. `attended` is the running total.
    /// Returns false when the column limit is exceeded.
    fn extend(
        &mut self,
        class: &Class,
        j: usize,
        content: &mut Vec<usize>,
        from: usize,
        attended: u64,
    ) -> bool {
        let s = class.slots[0];
        let Some((overflow, rooms)) = self.matching(content, s, &class.rooms) else {
            // No room for this content: no superset has one either.
            return true;
        };
        let reward: f64 = content
            .iter()
            .map(|&k| (self.units[k].demand.max(0) + 1) as f64)
            .sum();
        let mut cost = overflow - attended as f64 - reward;
        if class.slots.len() == 1 {
            cost += last_tie(
                self.p,
                self.units,
                content,
                s,
                self.tie_last,
                self.max_demand,
            );
        }
        self.columns.push(Column {
            class: j,
            units: content.clone(),
            rooms,
            cost,
        });
        if self.columns.len() > self.max_columns {
            return false;
        }
        if content.len() == class.rooms.len() {
            return true;
        }
        for i in from..class.cand.len() {
            let k = class.cand[i];
            if self.units[k].hosts.iter().any(|&h| self.host_used[h]) {
                continue;
            }
            for &h in &self.units[k].hosts {
                self.host_used[h] = true;
            }
            let mut changed: Vec<(usize, u32)> = Vec::new();
            let mut gain = 0u64;
            for &(a, v) in &self.unit_votes[k] {
                if v > self.best[a] {
                    changed.push((a, self.best[a]));
                    gain += u64::from(v - self.best[a]);
                    self.best[a] = v;
                }
            }
            content.push(k);
            let ok = self.extend(class, j, content, i + 1, attended + gain);
            content.pop();
            for (a, old) in changed.into_iter().rev() {
                self.best[a] = old;
            }
            for &h in &self.units[k].hosts {
                self.host_used[h] = false;
            }
            if !ok {
                return false;
            }
        }
        true
    }
}

/// Whether the whole event may fit in `max_columns` columns (a quick count of
/// subsets; hosts and rooms can only make it smaller).
pub fn fits(p: &Problem, units: &[Unit], max_columns: usize) -> bool {
    let rooms = p.n_rooms;
    let mut total = 0.0;
    for s in 0..p.n_slots {
        let cand = units
            .iter()
            .filter(|u| u.fixed.is_none() && u.slot_ok[s])
            .count();
        total += (0..=rooms.min(cand))
            .map(|j| binomial(cand, j))
            .sum::<f64>();
    }
    total <= 4.0 * max_columns as f64
}

/// Solve `region` exactly by slot contents, or `None` when it would need more
/// than `max_columns` columns (or HiGHS fails).
pub fn solve(
    p: &Problem,
    units: &[Unit],
    current: &Placement,
    region: &Region,
    limits: Limits,
    max_columns: usize,
) -> Option<Outcome> {
    let n = units.len();
    let slots: Vec<usize> = p
        .slot_order
        .iter()
        .copied()
        .filter(|&s| region.slots[s])
        .collect();
    // What stays where it is.
    let mut fixed_in: Vec<Vec<usize>> = vec![Vec::new(); p.n_slots];
    let mut room_taken = vec![vec![false; p.n_slots]; p.n_rooms];
    let mut host_taken = vec![vec![false; p.n_slots]; p.participants.len()];
    for k in 0..n {
        if region.free[k] {
            continue;
        }
        if let Some((r, s)) = current[k] {
            room_taken[r][s] = true;
            fixed_in[s].push(k);
            for &h in &units[k].hosts {
                host_taken[h][s] = true;
            }
        }
    }
    let mut classes: Vec<Class> = Vec::new();
    let mut class_of = vec![usize::MAX; p.n_slots];
    for &s in &slots {
        let rooms: Vec<usize> = (0..p.n_rooms)
            .filter(|&r| !p.closed[r][s] && !room_taken[r][s])
            .collect();
        let cand: Vec<usize> = (0..n)
            .filter(|&k| {
                let u = &units[k];
                region.free[k]
                    && u.slot_ok[s]
                    && !u.hosts.iter().any(|&h| host_taken[h][s])
                    && rooms.iter().any(|&r| u.room_ok[r])
            })
            .collect();
        let fixed = fixed_in[s].clone();
        // Slots differ in the tie-breaks for `previous` room by room, so they
        // are only merged into classes without one.
        let same = classes.iter().position(|c| {
            p.inst.previous.is_none()
                && fixed.is_empty()
                && c.fixed.is_empty()
                && c.cand == cand
                && c.rooms == rooms
        });
        match same {
            Some(j) => {
                classes[j].slots.push(s);
                class_of[s] = j;
            }
            None => {
                class_of[s] = classes.len();
                classes.push(Class {
                    slots: vec![s],
                    cand,
                    rooms,
                    fixed,
                });
            }
        }
    }
    // Give up at once when even the count of subsets (hosts and rooms aside)
    // is far beyond the limit.
    let estimate: f64 = classes
        .iter()
        .map(|c| {
            (0..=c.rooms.len().min(c.cand.len()))
                .map(|j| binomial(c.cand.len(), j))
                .sum::<f64>()
        })
        .sum();
    if estimate > 4.0 * max_columns as f64 {
        return None;
    }
    // Votes of each participant per unit.
    let of = crate::eval::unit_of_topic(p, units);
    let mut unit_votes: Vec<Vec<(usize, u32)>> = vec![Vec::new(); n];
    for (a, ts) in p.votes_of.iter().enumerate() {
        let mut per: Vec<(usize, u32)> = Vec::new();
        for &t in ts {
            if let Some(k) = of[t] {
                match per.iter_mut().find(|e| e.0 == k) {
                    Some(e) => e.1 += 1,
                    None => per.push((k, 1)),
                }
            }
        }
        for (k, v) in per {
            unit_votes[k].push((a, v));
        }
    }
    let n_free = (0..n).filter(|&k| region.free[k]).count().max(1) as f64;
    let max_demand = units.iter().map(|u| u.demand).max().unwrap_or(1).max(1) as f64;
    let mut en = Enumerator {
        p,
        units,
        unit_votes: &unit_votes,
        tie_prev: 0.2 / n_free,
        tie_last: 0.2 / n_free,
        max_demand,
        max_columns,
        best: vec![0; p.participants.len()],
        host_used: vec![false; p.participants.len()],
        columns: Vec::new(),
    };
    for (j, class) in classes.iter().enumerate() {
        // Attendance that the units staying in this slot already give.
        let mut base = 0u64;
        for &k in &class.fixed {
            for &(a, v) in &unit_votes[k] {
                if v > en.best[a] {
                    base += u64::from(v - en.best[a]);
                    en.best[a] = v;
                }
            }
            for &h in &units[k].hosts {
                en.host_used[h] = true;
            }
        }
        if !en.extend(class, j, &mut Vec::new(), 0, base) {
            return None;
        }
        en.best.iter_mut().for_each(|b| *b = 0);
        en.host_used.iter_mut().for_each(|h| *h = false);
    }
    let columns = en.columns;
    let mut appears = vec![0usize; n];
    for c in &columns {
        for &k in &c.units {
            appears[k] += 1;
        }
    }
    // Warm start: the current contents of the region's slots.
    let index: HashMap<(usize, &[usize]), usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| ((c.class, c.units.as_slice()), i))
        .collect();
    let mut warm: Option<Vec<f64>> = Some(vec![0.0; columns.len()]);
    for &s in &slots {
        let content: Vec<usize> = (0..n)
            .filter(|&k| region.free[k] && current[k].is_some_and(|(_, cs)| cs == s))
            .collect();
        match (index.get(&(class_of[s], content.as_slice())), warm.as_mut()) {
            (Some(&i), Some(w)) => w[i] += 1.0,
            _ => warm = None,
        }
    }
    let clock = std::time::Instant::now();
    let left = |clock: &std::time::Instant| Limits {
        seconds: limits.seconds - clock.elapsed().as_secs_f64(),
        nodes: limits.nodes,
    };
    let mut work = columns.len() as f64 * COLUMN_WORK;
    let mut keep = vec![true; columns.len()];
    if let Some(w) = warm.as_mut() {
        if let Some((lp_bound, rc, lp_work)) =
            lp_relaxation(&classes, &columns, &appears, left(&clock))
        {
            work += lp_work;
            // A good incumbent first, from a small model over the columns
            // with the lowest reduced costs (the LP is tight: the optimum
            // mostly uses those).
            let mut order: Vec<usize> = (0..columns.len()).collect();
            order.sort_by(|&a, &b| rc[a].total_cmp(&rc[b]).then(a.cmp(&b)));
            let mut few = vec![false; columns.len()];
            for &i in order.iter().take(RESTRICTED_COLUMNS) {
                few[i] = true;
            }
            for (i, x) in w.iter().enumerate() {
                few[i] |= *x > 0.0;
            }
            let quick = Limits {
                seconds: left(&clock).seconds * 0.3,
                ..limits
            };
            if let Some(m) = mip(&classes, &columns, &appears, &few, w, quick) {
                work += m.work;
                if m.objective < objective(&columns, w) {
                    *w = m.values;
                }
            }
            // Reduced-cost filtering: a column whose reduced cost exceeds the
            // gap between the incumbent and the LP bound is in no better
            // solution, so the exact model needs only the others.
            let slack = objective(&columns, w) - lp_bound + 1e-6;
            for i in 0..columns.len() {
                keep[i] = rc[i] <= slack || w[i] > 0.0;
            }
        }
    }
    if std::env::var_os("KRING_HIGHS_LOG").is_some() {
        eprintln!(
            "slotpack: {} columns, {} kept after reduced-cost filtering",
            columns.len(),
            keep.iter().filter(|&&k| k).count()
        );
    }
    let start_values = warm.unwrap_or_default();
    let m = mip(
        &classes,
        &columns,
        &appears,
        &keep,
        &start_values,
        left(&clock),
    )?;
    let (label, optimal) = (m.status, m.status.is_optimal());
    // Chosen contents per class, then matched to the class's slots.
    let mut chosen: Vec<Vec<usize>> = vec![Vec::new(); classes.len()];
    for (i, (c, x)) in columns.iter().zip(&m.values).enumerate() {
        let times = x.round() as usize;
        for _ in 0..times {
            chosen[c.class].push(i);
        }
    }
    let mut placement = current.clone();
    for k in 0..n {
        if region.free[k] {
            placement[k] = None;
        }
    }
    for (j, class) in classes.iter().enumerate() {
        let picks = &chosen[j];
        if picks.len() != class.slots.len() {
            return None;
        }
        let cost: Vec<Vec<f64>> = picks
            .iter()
            .map(|&i| {
                class
                    .slots
                    .iter()
                    .map(|&s| last_tie(p, units, &columns[i].units, s, 0.2 / n_free, max_demand))
                    .collect()
            })
            .collect();
        let (_, slot_of) = hungarian(&cost)?;
        for (pick, &si) in picks.iter().zip(&slot_of) {
            let s = class.slots[si];
            let c = &columns[*pick];
            for (&k, &r) in c.units.iter().zip(&c.rooms) {
                placement[k] = Some((r, s));
            }
        }
    }
    let gap = m.gap;
    let dual = m.dual_bound;
    let placeable: Vec<usize> = (0..n).filter(|&k| appears[k] > 0).collect();
    let all_placed = placeable.iter().all(|&k| placement[k].is_some());
    let whole = region.slots.iter().all(|&s| s)
        && region
            .free
            .iter()
            .zip(units)
            .all(|(f, u)| *f || u.fixed.is_some());
    let m_sum: f64 = placeable
        .iter()
        .map(|&k| (units[k].demand.max(0) + 1) as f64)
        .sum();
    // unserved = objective + total votes + Σ M_u over placed units − tie-breaks (< 0.4).
    let bound = dual
        .filter(|b| b.is_finite() && all_placed && whole)
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
        work: work + m.work,
    })
}

/// C(n, k) as a float (only compared with a limit).
fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// Work of enumerating and pricing one column.
pub const COLUMN_WORK: f64 = 5e-6;

/// Columns of the restricted model that looks for a good incumbent.
const RESTRICTED_COLUMNS: usize = 2_000;

fn objective(columns: &[Column], values: &[f64]) -> f64 {
    columns.iter().zip(values).map(|(c, x)| c.cost * x).sum()
}

/// The LP relaxation's value and every column's reduced cost.
fn lp_relaxation(
    classes: &[Class],
    columns: &[Column],
    appears: &[usize],
    limits: Limits,
) -> Option<(f64, Vec<f64>, f64)> {
    let all = vec![true; columns.len()];
    let mut lp = model(classes, columns, appears, &all, false).optimise(highs::Sense::Minimise);
    configure(&mut lp, limits);
    lp.set_option("presolve", "off");
    let solved = lp.try_solve().ok()?;
    if solved.status() != highs::HighsModelStatus::Optimal {
        return None;
    }
    let rc = solved.get_solution().dual_columns().to_vec();
    let size = columns.len() + classes.len() + appears.iter().filter(|&&a| a > 1).count();
    let work = crate::budget::ilp_work(0, size, solved.simplex_iteration_count());
    Some((solved.objective_value(), rc, work))
}

struct Mip {
    /// Value of every column (zero for those left out).
    values: Vec<f64>,
    objective: f64,
    status: crate::schedule::Status,
    dual_bound: Option<f64>,
    gap: f64,
    work: f64,
}

/// The integer model over the columns marked in `keep`, warm-started from
/// `start` when it is a full assignment of values.
fn mip(
    classes: &[Class],
    columns: &[Column],
    appears: &[usize],
    keep: &[bool],
    start: &[f64],
    limits: Limits,
) -> Option<Mip> {
    let kept: Vec<usize> = (0..columns.len()).filter(|&i| keep[i]).collect();
    let mut model = model(classes, columns, appears, keep, true).optimise(highs::Sense::Minimise);
    configure(&mut model, limits);
    let size = model.num_cols() + model.num_rows();
    if start.len() == columns.len() {
        let init: Vec<f64> = kept.iter().map(|&i| start[i]).collect();
        model.set_solution(Some(&init), None, None, None);
    }
    let solved = model.try_solve().ok()?;
    let status = crate::ilp::ended(&solved)?;
    let mut values = vec![0.0; columns.len()];
    for (&i, x) in kept.iter().zip(solved.get_solution().columns()) {
        values[i] = *x;
    }
    Some(Mip {
        objective: objective(columns, &values),
        values,
        status,
        dual_bound: solved.double_info_value(c"mip_dual_bound").ok(),
        gap: solved.mip_gap(),
        work: crate::budget::ilp_work(0, size, solved.simplex_iteration_count()),
    })
}

/// The set-partitioning model over the columns marked in `keep`.
fn model(
    classes: &[Class],
    columns: &[Column],
    appears: &[usize],
    keep: &[bool],
    integer: bool,
) -> highs::ColProblem {
    let mut pb = highs::ColProblem::new();
    let class_rows: Vec<highs::Row> = classes
        .iter()
        .map(|c| {
            let m = c.slots.len() as f64;
            pb.add_row(m..=m)
        })
        .collect();
    let unit_rows: Vec<Option<highs::Row>> = appears
        .iter()
        .map(|&a| (a > 1).then(|| pb.add_row(..=1.0)))
        .collect();
    for (c, _) in columns.iter().zip(keep).filter(|(_, k)| **k) {
        let mut factors: Vec<(highs::Row, f64)> = vec![(class_rows[c.class], 1.0)];
        factors.extend(
            c.units
                .iter()
                .filter_map(|&k| unit_rows[k].map(|r| (r, 1.0))),
        );
        let ub = if c.units.is_empty() {
            classes[c.class].slots.len() as f64
        } else {
            1.0
        };
        pb.add_column_with_integrality(c.cost, 0.0..=ub, factors, integer);
    }
    pb
}

/// The limits, quiet unless `KRING_HIGHS_LOG` is set.
pub(crate) fn configure(model: &mut highs::Model, limits: Limits) {
    let highs_log = std::env::var_os("KRING_HIGHS_LOG").is_some();
    model.set_option("output_flag", highs_log);
    model.set_option("log_to_console", highs_log);
    limits.apply(model);
}

/// Tie-break: popular sessions not in the last slot of a day.
fn last_tie(
    p: &Problem,
    units: &[Unit],
    content: &[usize],
    s: usize,
    weight: f64,
    max_demand: f64,
) -> f64 {
    if !p.last_of_day[s] {
        return 0.0;
    }
    content
        .iter()
        .map(|&k| weight * units[k].demand as f64 / max_demand)
        .sum()
}
