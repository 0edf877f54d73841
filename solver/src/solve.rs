//! The engine: plan units (merging or dropping only when topics outnumber
//! room-slots), build a greedy schedule, then improve it with HiGHS: one model
//! for the whole event when it is small enough, otherwise a large-neighbourhood
//! search that re-optimises a few slots at a time with everything else fixed.
//! Finally rooms are exchanged within slots to form tracks.

use crate::budget::{Budget, WORK_SHARE};
use crate::eval::{evaluate, Placement};
use crate::ilp::{self, Limits, Region};
use crate::instance::Problem;
use crate::relate::Relatedness;
use crate::schedule::{Schedule, Session, Stats, Status, Track};
use crate::units::{self, Unit};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

/// What the engine is doing, for a progress display.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The step now running ("greedy start", "exact model", "local search",
    /// "neighbourhood search", "themed rooms", "tracks", "stability", "done").
    pub step: &'static str,
    /// Unserved votes of the best schedule so far.
    pub best_unserved: u64,
    /// Seconds since the start.
    pub elapsed: f64,
}

/// Called at every step boundary and improvement (from the solving thread).
#[derive(Clone)]
pub struct Observer(pub Arc<dyn Fn(&Progress) + Send + Sync>);

impl std::fmt::Debug for Observer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Observer")
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Wall-clock budget in seconds.
    pub time_limit: f64,
    /// Largest model (variables) solved in one piece.
    pub max_monolithic: usize,
    /// Work budget in work-seconds (see the `budget` module); by default
    /// `WORK_SHARE` of the time limit.
    pub work_limit: Option<f64>,
    /// Largest exact slot-content model (columns) solved in one piece.
    pub max_columns: usize,
    /// Print progress on standard error.
    pub verbose: bool,
    /// Told of each step and improvement.
    pub observer: Option<Observer>,
    /// When set (by another thread), the engine stops at the next check and
    /// returns the best schedule so far.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Options {
    /// The defaults with a time limit of `seconds`.
    pub fn with_time_limit(seconds: f64) -> Self {
        Options {
            time_limit: seconds,
            ..Options::default()
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            time_limit: 10.0,
            max_monolithic: 40_000,
            max_columns: 200_000,
            work_limit: None,
            verbose: false,
            observer: None,
            stop: None,
        }
    }
}

pub struct Solved {
    pub schedule: Schedule,
    pub units: Vec<Unit>,
    pub placement: Placement,
}

fn note(opts: &Options, start: &Instant, step: &'static str, best_unserved: u64) {
    if let Some(Observer(f)) = &opts.observer {
        f(&Progress {
            step,
            best_unserved,
            elapsed: start.elapsed().as_secs_f64(),
        });
    }
}

fn log(opts: &Options, start: &Instant, msg: impl AsRef<str>) {
    if opts.verbose {
        eprintln!("[{:7.2}s] {}", start.elapsed().as_secs_f64(), msg.as_ref());
    }
}

pub fn solve(p: &Problem, opts: &Options) -> Solved {
    std::thread::scope(|scope| solve_in(p, opts, scope))
}

/// Work for the bound on lost votes by slot contents (`bound::colgen`), as a
/// share of the time limit: as much as the search's, since it runs beside
/// the search, on a thread of its own, and changes nothing in the schedule.
/// At DevOpsDays scale it needs about 3 work-seconds to reach the
/// relaxation's value and stops there; at barcamp scale it is still rising
/// when its work runs out (`venue` seed 1, 30 s: 216 lost votes proven with
/// half the time limit, 333 with 0.7 of it).
const BOUND_SHARE: f64 = WORK_SHARE;

fn solve_in<'s, 'p: 's>(
    p: &'p Problem,
    opts: &'p Options,
    scope: &'s std::thread::Scope<'s, '_>,
) -> Solved {
    let start = Instant::now();
    let work = opts.work_limit.unwrap_or(opts.time_limit * WORK_SHARE);
    // With themed rooms, the steps before them stop on the wall clock early
    // enough to leave that step its share of the limit: on a machine slower
    // than the one the work rates were measured on, they would otherwise run
    // into the safety net and leave it nothing.
    let main_wall = if p.inst.themed_rooms > 0.0 {
        opts.time_limit * (1.0 - THEMED_WALL)
    } else {
        opts.time_limit
    };
    let mut budget = Budget::new(main_wall, work).with_stop(opts.stop.clone());
    let rel = Relatedness::new(&p.inst);
    let plan = units::plan(p, &rel);
    let units = plan.units;
    log(
        opts,
        &start,
        format!(
            "{} topics → {} sessions to place, {} dropped",
            p.n_topics,
            units.len(),
            plan.dropped.len()
        ),
    );
    let mut place = crate::greedy::construct(p, &units);
    let mut best = evaluate(p, &units, &place);
    // The slot-content bound, beside everything else: its own work (so the
    // bound is the same for the same input and limit) and the time limit as
    // its wall clock; stopped early when nothing needs it any more.
    let bound_stop = Arc::new(AtomicBool::new(false));
    let clash_bound = (best.lost > crate::bound::lost(p, &units)).then(|| {
        let (units, from, stop) = (units.clone(), place.clone(), bound_stop.clone());
        let bound_work = opts.work_limit.map_or(opts.time_limit, |w| w / WORK_SHARE) * BOUND_SHARE;
        let wall = opts.time_limit;
        scope.spawn(move || {
            let mut own = Budget::new(wall, bound_work).with_stop(Some(stop));
            let lost = crate::bound::colgen::lost(p, &units, &from, &mut own);
            (lost, own.used())
        })
    });
    log(
        opts,
        &start,
        format!(
            "greedy: unserved {} (lost {}, overflow {})",
            best.unserved(),
            best.lost,
            best.overflow
        ),
    );
    note(opts, &start, "greedy start", best.unserved());
    let mut status = Status::Greedy;
    let mut bound = None;
    let mut gap = None;
    let size = ilp::model_size(p, &units);
    // One model for the whole event: the slot-content model (small events)
    // or the assignment model. Adopted unless the incumbent is strictly
    // better; returns whether it proved optimality.
    let try_whole = |place: &mut Placement,
                     best: &mut crate::eval::Score,
                     budget: &mut Budget,
                     share: f64,
                     by_slots: bool,
                     status: &mut Status,
                     bound: &mut Option<f64>,
                     gap: &mut Option<f64>| {
        note(opts, &start, "exact model", best.unserved());
        let region = Region::everything(p, &units);
        let limits = Limits {
            seconds: budget.wall_left() * share,
            nodes: Some(nodes_for(budget.work_left() * share)),
        };
        let out = if by_slots {
            crate::slotpack::solve(p, &units, place, &region, limits, opts.max_columns)
        } else {
            ilp::solve(p, &units, place, &region, limits)
        };
        budget.charge(out.as_ref().map_or(crate::budget::ILP_CALL, |o| o.work));
        let Some(out) = out else {
            return false;
        };
        let sc = evaluate(p, &units, &out.placement);
        let model = if by_slots {
            "slot-content model".to_string()
        } else {
            format!("whole model ({size} variables)")
        };
        log(
            opts,
            &start,
            format!(
                "{model}: unserved {}, {}, bound {:?}",
                sc.unserved(),
                out.status,
                out.bound
            ),
        );
        if !better(&out.placement, &sc, place, best) {
            *place = out.placement;
            *best = sc;
        }
        *status = out.status;
        *bound = out.bound;
        *gap = out.gap;
        out.optimal
    };
    let mut optimal = false;
    if best.unserved() == 0 {
        // Nothing to gain: every vote is attendable and every room fits.
        optimal = true;
        status = Status::Optimal;
        bound = Some(0.0);
        gap = Some(0.0);
    }
    if !optimal && budget.left() && crate::slotpack::fits(p, &units, opts.max_columns) {
        // Small events: the exact slot-content model (half the budget at
        // most: the other steps need the rest if it does not finish).
        optimal = try_whole(
            &mut place,
            &mut best,
            &mut budget,
            0.5,
            true,
            &mut status,
            &mut bound,
            &mut gap,
        );
    }
    if !optimal && size <= 1_500 && budget.left() {
        // A good incumbent first makes HiGHS prune far more.
        let improved = crate::search::improve(
            p,
            &units,
            place.clone(),
            &mut budget,
            (work * 0.03).min(0.3),
            11,
        );
        let sc = evaluate(p, &units, &improved);
        if better(&place, &best, &improved, &sc) {
            place = improved;
            best = sc;
        }
        optimal = try_whole(
            &mut place,
            &mut best,
            &mut budget,
            0.9,
            false,
            &mut status,
            &mut bound,
            &mut gap,
        );
    }
    // Slot-pair neighbourhoods are only worth it (and only stop on their node
    // limit rather than the clock) while their models stay small.
    let lns = p.n_slots >= 2 && size * 2 / p.n_slots <= LNS_MAX_VARIABLES;
    if !optimal && budget.left() {
        // Fast local search first: most of the gain on big events.
        note(opts, &start, "local search", best.unserved());
        let share = budget.work_left() * if lns { 0.6 } else { 1.0 };
        let improved = crate::search::improve(p, &units, place.clone(), &mut budget, share, 11);
        let sc = evaluate(p, &units, &improved);
        if better(&place, &best, &improved, &sc) {
            log(
                opts,
                &start,
                format!(
                    "local search: unserved {} → {}",
                    best.unserved(),
                    sc.unserved()
                ),
            );
            place = improved;
            best = sc;
        }
    }
    if !optimal && lns && budget.left() {
        // Large-neighbourhood search: re-optimise two slots at a time (all
        // their sessions, every room) with everything else fixed, over all
        // pairs in a fixed pseudo-random order, until a full pass finds
        // nothing better or the budget is spent. Each model stops at a node
        // limit, so the search is deterministic.
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let open: Vec<usize> = (0..p.n_slots).filter(|&s| !p.frozen_slot[s]).collect();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for i in 0..open.len() {
            for j in i + 1..open.len() {
                pairs.push((open[i], open[j]));
            }
        }
        pairs.shuffle(&mut rng);
        note(opts, &start, "neighbourhood search", best.unserved());
        let mut since_improvement = 0usize;
        let mut iter = 0usize;
        while !pairs.is_empty() && since_improvement < pairs.len() && budget.left() {
            let (a, b) = pairs[iter % pairs.len()];
            iter += 1;
            let mut in_region = vec![false; p.n_slots];
            in_region[a] = true;
            in_region[b] = true;
            let free: Vec<bool> = units
                .iter()
                .zip(&place)
                .map(|(u, pl)| u.fixed.is_none() && pl.is_none_or(|(_, s)| in_region[s]))
                .collect();
            let region = Region {
                free,
                slots: in_region,
                plain: false,
            };
            since_improvement += 1;
            let limits = Limits {
                seconds: budget.wall_left(),
                nodes: Some(LNS_NODES),
            };
            let out = ilp::solve(p, &units, &place, &region, limits);
            budget.charge(out.as_ref().map_or(crate::budget::ILP_CALL, |o| o.work));
            if let Some(out) = out {
                let sc = evaluate(p, &units, &out.placement);
                if better(&place, &best, &out.placement, &sc) {
                    log(
                        opts,
                        &start,
                        format!(
                            "LNS slots {}+{}: unserved {} → {}",
                            p.inst.slots[a].id,
                            p.inst.slots[b].id,
                            best.unserved(),
                            sc.unserved()
                        ),
                    );
                    place = out.placement;
                    best = sc;
                    since_improvement = 0;
                    note(opts, &start, "neighbourhood search", best.unserved());
                }
            }
        }
        log(
            opts,
            &start,
            format!("LNS: {iter} neighbourhoods, unserved {}", best.unserved()),
        );
        status = Status::Heuristic;
        if budget.left() {
            // A full pass found nothing: the rest goes to the local search.
            let share = budget.work_left();
            let improved = crate::search::improve(p, &units, place.clone(), &mut budget, share, 12);
            let sc = evaluate(p, &units, &improved);
            if better(&place, &best, &improved, &sc) {
                log(
                    opts,
                    &start,
                    format!(
                        "local search: unserved {} → {}",
                        best.unserved(),
                        sc.unserved()
                    ),
                );
                place = improved;
            }
        }
    }
    if !optimal && status == Status::Greedy {
        status = Status::Heuristic;
    }
    log(
        opts,
        &start,
        format!(
            "work used {:.2} of {work:.2} work-seconds{}",
            budget.used(),
            if budget.wall_left() <= 0.0 {
                " (stopped by the wall clock: may differ between runs)"
            } else {
                ""
            }
        ),
    );
    if place.iter().any(Option::is_none) {
        // A model stopped early (a loaded machine) may leave sessions out that
        // fit: the local search inserts them, with work and time of its own,
        // since a valid schedule comes first.
        let extra = (work * 0.1).max(0.05);
        let mut repair = Budget::new(f64::INFINITY, extra);
        let improved = crate::search::improve(p, &units, place.clone(), &mut repair, extra, 14);
        let sc = evaluate(p, &units, &improved);
        if better(&place, &best, &improved, &sc) {
            log(
                opts,
                &start,
                format!("repair: {} sessions placed", placed(&improved)),
            );
            place = improved;
        }
    }
    let themed = (p.inst.themed_rooms > 0.0).then(|| {
        note(
            opts,
            &start,
            "themed rooms",
            evaluate(p, &units, &place).unserved(),
        );
        // First the tracks of the theme-blind run (they can lower overflow),
        // so that the allowance is measured against exactly its result.
        crate::tracks::improve(p, &units, &mut place, &rel, None);
        let themes = crate::themes::Themes::new(p, &units);
        // Work of its own on top, so that everything before is exactly the
        // theme-blind run and the allowance is measured against its result.
        // (A budget of its own: the steps before may have overspent theirs,
        // which would leave this step nothing.)
        let mut own = Budget::new(
            opts.time_limit * crate::budget::SAFETY - start.elapsed().as_secs_f64(),
            work * THEMED_SHARE,
        )
        .with_stop(opts.stop.clone());
        let (target, out) = crate::themes::improve(
            p,
            &units,
            &mut place,
            &themes,
            p.inst.themed_rooms,
            &mut own,
        );
        budget.charge(own.used());
        log(
            opts,
            &start,
            format!(
                "themed rooms: unserved {} → {} (cap {}), sessions in their room's theme {} → {}",
                out.unserved_before, out.unserved_after, out.cap, out.pure_before, out.pure_after
            ),
        );
        (target, themes, out.unserved_after - out.unserved_before)
    });
    note(
        opts,
        &start,
        "tracks",
        evaluate(p, &units, &place).unserved(),
    );
    crate::tracks::improve(
        p,
        &units,
        &mut place,
        &rel,
        themed
            .as_ref()
            .map(|(target, themes, _)| (target.as_slice(), themes.of_unit.as_slice())),
    );
    // A quick combinatorial bound, when it beats what the models proved; with
    // the slot-content bound on lost votes when that one ran.
    if optimal || budget.stopped() {
        bound_stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let lost_bound = clash_bound.and_then(|h| h.join().ok()).map(|(lost, used)| {
        log(
            opts,
            &start,
            format!("slot-content bound: lost votes ≥ {lost} (work {used:.2})"),
        );
        lost
    });
    let simple = crate::bound::with_lost(p, &units, lost_bound.unwrap_or(0)) as f64;
    if bound.is_none_or(|b| b < simple) {
        bound = Some(simple);
    }
    let seconds = start.elapsed().as_secs_f64();
    let mut schedule = to_schedule(p, &units, &place, &plan.dropped, &rel);
    if let Some((_, themes, _)) = &themed {
        schedule.room_themes = crate::themes::named(p, &units, &place, themes);
    }
    if p.inst.previous.is_some() && p.inst.stability > 0 {
        // Moves from the published schedule that gain too little are undone.
        note(
            opts,
            &start,
            "stability",
            evaluate(p, &units, &place).unserved(),
        );
        schedule = crate::stability::keep(&p.inst, schedule);
    }
    let report = crate::metrics::check(&p.inst, &schedule);
    let mut stats = report.stats;
    stats.status = status;
    stats.bound = bound;
    stats.gap = match (bound, gap) {
        (Some(b), _) if stats.unserved > 0 => {
            Some(((stats.unserved as f64 - b) / stats.unserved as f64).max(0.0))
        }
        (Some(_), _) => Some(0.0),
        (None, g) => g,
    };
    stats.seconds = seconds;
    stats.themed_cost = themed.as_ref().map(|(_, _, cost)| *cost);
    log(
        opts,
        &start,
        format!(
            "done: unserved {} (lost {}, overflow {}) in {seconds:.2}s",
            stats.unserved, stats.lost_votes, stats.overflow
        ),
    );
    note(opts, &start, "done", stats.unserved);
    schedule.stats = Some(stats);
    Solved {
        schedule,
        units,
        placement: place,
    }
}

/// Extra work for themed rooms, when they are asked for (a share of the
/// work; `WORK_SHARE` leaves room for it within the time limit).
const THEMED_SHARE: f64 = 0.1;

/// Share of the time limit kept on the wall clock for themed rooms: the
/// steps before them get the rest as their wall clock (each budget's own
/// `SAFETY` applies inside it).
const THEMED_WALL: f64 = 0.25;

/// Largest estimated slot-pair model for the large-neighbourhood search.
const LNS_MAX_VARIABLES: usize = 4_000;

/// Branch-and-bound nodes of one large-neighbourhood model.
const LNS_NODES: usize = 200;

/// Node limit for a whole model given `work` work-seconds (rough: what
/// matters is that the limit is a count, not a time).
fn nodes_for(work: f64) -> usize {
    (work * 200.0).max(50.0) as usize
}

fn placed(pl: &Placement) -> usize {
    pl.iter().filter(|x| x.is_some()).count()
}

/// Is (`new`, `new_score`) better than (`old`, `old_score`)? More sessions
/// placed first, then fewer unserved votes.
fn better(
    old: &Placement,
    old_score: &crate::eval::Score,
    new: &Placement,
    new_score: &crate::eval::Score,
) -> bool {
    (placed(new), std::cmp::Reverse(new_score.unserved()))
        > (placed(old), std::cmp::Reverse(old_score.unserved()))
}

pub fn to_schedule(
    p: &Problem,
    units: &[Unit],
    place: &Placement,
    dropped: &[usize],
    rel: &Relatedness,
) -> Schedule {
    let mut sessions: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut unscheduled: Vec<usize> = dropped.to_vec();
    for (u, pl) in units.iter().zip(place) {
        match pl {
            Some((r, s)) => sessions.push((*r, *s, u.topics.clone())),
            None => unscheduled.extend(u.topics.iter().copied()),
        }
    }
    fill_empty_cells(p, &mut sessions, &mut unscheduled);
    let pos: Vec<usize> = {
        let mut v = vec![0; p.n_slots];
        for (i, &s) in p.slot_order.iter().enumerate() {
            v[s] = i;
        }
        v
    };
    sessions.sort_by_key(|(r, s, _)| (pos[*s], *r));
    unscheduled.sort_unstable();
    // Tracks: runs of related sessions in one room on one day.
    let mut tracks = Vec::new();
    for r in 0..p.n_rooms {
        let mut run: Vec<(usize, Vec<usize>)> = Vec::new();
        let flush = |run: &mut Vec<(usize, Vec<usize>)>, tracks: &mut Vec<Track>| {
            if run.len() >= 2 {
                let label = track_label(p, run);
                tracks.push(Track {
                    room: p.inst.rooms[r].id.clone(),
                    label,
                    slots: run
                        .iter()
                        .map(|(s, _)| p.inst.slots[*s].id.clone())
                        .collect(),
                });
            }
            run.clear();
        };
        for &s in &p.slot_order {
            let here = sessions
                .iter()
                .find(|(rr, ss, _)| *rr == r && *ss == s)
                .map(|(_, _, ts)| ts.clone());
            match here {
                Some(ts) => {
                    let linked = run.last().is_some_and(|(ls, lts)| {
                        p.next_slot[*ls] == Some(s)
                            && lts.iter().any(|&a| {
                                ts.iter()
                                    .any(|&b| rel.score(a, b) >= crate::relate::TRACK_THRESHOLD)
                            })
                    });
                    if !linked {
                        flush(&mut run, &mut tracks);
                    }
                    run.push((s, ts));
                }
                None => flush(&mut run, &mut tracks),
            }
        }
        flush(&mut run, &mut tracks);
    }
    Schedule {
        sessions: sessions
            .into_iter()
            .map(|(r, s, ts)| Session {
                room: p.inst.rooms[r].id.clone(),
                slot: p.inst.slots[s].id.clone(),
                topics: ts.iter().map(|&t| p.inst.topics[t].id.clone()).collect(),
            })
            .collect(),
        unscheduled: unscheduled
            .iter()
            .map(|&t| p.inst.topics[t].id.clone())
            .collect(),
        stats: None,
        tracks,
        room_themes: Vec::new(),
    }
}

/// Last repair: a dropped topic that fits an empty room-slot on its own (the
/// room has its features, its hosts are available and in no other session
/// then, the room is open and the slot not frozen) goes there, most voted
/// first. The plan drops topics by counting room-slots, before it knows which
/// hosts and features will make some placements impossible; this never makes
/// the schedule worse, since a dropped topic serves nobody.
/// The dropped topics that are not pinned, most voted first (ties by index).
fn most_voted_first(p: &Problem, unscheduled: &[usize], pinned: &HashSet<usize>) -> Vec<usize> {
    let mut order: Vec<usize> = unscheduled
        .iter()
        .copied()
        .filter(|t| !pinned.contains(t))
        .collect();
    order.sort_by_key(|&t| (std::cmp::Reverse(p.voters[t].len()), t));
    order
}

fn fill_empty_cells(
    p: &Problem,
    sessions: &mut Vec<(usize, usize, Vec<usize>)>,
    unscheduled: &mut Vec<usize>,
) {
    let pinned: HashSet<usize> = p.pins.iter().map(|(t, _, _)| *t).collect();
    for t in most_voted_first(p, unscheduled, &pinned) {
        let busy = |s: usize, sessions: &Vec<(usize, usize, Vec<usize>)>| {
            sessions.iter().any(|(_, ss, ts)| {
                *ss == s
                    && ts
                        .iter()
                        .any(|&o| p.hosts[o].iter().any(|h| p.hosts[t].contains(h)))
            })
        };
        let cell = p.slot_order.iter().find_map(|&s| {
            if p.frozen_slot[s] || !p.slot_ok[t][s] || busy(s, sessions) {
                return None;
            }
            (0..p.n_rooms)
                .filter(|&r| {
                    p.room_ok[t][r]
                        && !p.closed[r][s]
                        && !sessions.iter().any(|(rr, ss, _)| *rr == r && *ss == s)
                })
                // The smallest room that holds its voters, else the largest.
                .min_by_key(|&r| {
                    let fits = p.capacity[r] >= p.voters[t].len() as i64;
                    (!fits, if fits { p.capacity[r] } else { -p.capacity[r] })
                })
                .map(|r| (r, s))
        });
        if let Some((r, s)) = cell {
            sessions.push((r, s, vec![t]));
            unscheduled.retain(|&u| u != t);
        }
    }
    // Then swaps: a dropped topic takes a single, unpinned session's place
    // when it surely serves more there (its voters with no other choice in
    // that slot, within the room's seats, outnumber all of the session's
    // voters). Each swap serves strictly more votes, so this ends.
    loop {
        let mut swapped = false;
        'topics: for u in most_voted_first(p, unscheduled, &pinned) {
            for k in 0..sessions.len() {
                let (r, s, ref ts) = sessions[k];
                if ts.len() != 1
                    || pinned.contains(&ts[0])
                    || p.frozen_slot[s]
                    // Attendees were told where it is: re-planning keeps it.
                    || p.previous[ts[0]].is_some()
                {
                    continue;
                }
                let small = ts[0];
                if !p.room_ok[u][r] || !p.slot_ok[u][s] || p.closed[r][s] {
                    continue;
                }
                let clash = sessions.iter().enumerate().any(|(k2, (_, s2, ts2))| {
                    k2 != k
                        && *s2 == s
                        && ts2
                            .iter()
                            .any(|&o| p.hosts[o].iter().any(|h| p.hosts[u].contains(h)))
                });
                if clash {
                    continue;
                }
                let elsewhere: HashSet<usize> = sessions
                    .iter()
                    .enumerate()
                    .filter(|(k2, (_, s2, _))| *k2 != k && *s2 == s)
                    .flat_map(|(_, (_, _, ts2))| {
                        ts2.iter().flat_map(|&o| p.voters[o].iter().copied())
                    })
                    .collect();
                let seats = usize::try_from(p.capacity[r].max(0)).unwrap_or(usize::MAX);
                let gain = p.voters[u]
                    .iter()
                    .filter(|v| !elsewhere.contains(v))
                    .count()
                    .min(seats);
                if gain > p.voters[small].len() {
                    sessions[k].2 = vec![u];
                    unscheduled.retain(|&x| x != u);
                    unscheduled.push(small);
                    swapped = true;
                    break 'topics;
                }
            }
        }
        if !swapped {
            break;
        }
    }
}

/// The most common tag of a run of sessions, or its first title word.
fn track_label(p: &Problem, run: &[(usize, Vec<usize>)]) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (_, ts) in run {
        for &t in ts {
            for tag in &p.inst.topics[t].tags {
                *counts.entry(tag.as_str()).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(tag, n)| (*n, std::cmp::Reverse(*tag)))
        .map(|(t, _)| t.to_string())
        .unwrap_or_else(|| p.inst.topics[run[0].1[0]].title.clone())
}

/// The naive greedy baseline as a schedule (for benchmarks and comparisons).
pub fn naive_schedule(p: &Problem) -> Schedule {
    let start = Instant::now();
    let rel = Relatedness::new(&p.inst);
    let plan = units::plan(p, &rel);
    let place = crate::greedy::naive(p, &plan.units);
    let mut s = to_schedule(p, &plan.units, &place, &plan.dropped, &rel);
    let mut stats: Stats = crate::metrics::check(&p.inst, &s).stats;
    stats.status = Status::NaiveGreedy;
    stats.seconds = start.elapsed().as_secs_f64();
    s.stats = Some(stats);
    s
}

/// The plain monolithic ILP (topic × room × slot, the same objective, no warm
/// start, no decomposition) for `seconds`: the benchmark's second baseline.
pub fn plain_ilp_schedule(p: &Problem, seconds: f64) -> Schedule {
    let start = Instant::now();
    let rel = Relatedness::new(&p.inst);
    let plan = units::plan(p, &rel);
    let empty: Placement = plan.units.iter().map(|u| u.fixed).collect();
    let mut region = Region::everything(p, &plan.units);
    region.plain = true;
    let out = ilp::solve(p, &plan.units, &empty, &region, Limits::seconds(seconds));
    let (place, status, bound) = match out {
        Some(o) => (o.placement, o.status, o.bound),
        None => (empty, Status::NoSolution, None),
    };
    let mut s = to_schedule(p, &plan.units, &place, &plan.dropped, &rel);
    let mut stats: Stats = crate::metrics::check(&p.inst, &s).stats;
    stats.status = status;
    stats.bound = bound;
    stats.gap = bound.map(|b| {
        if stats.unserved > 0 {
            ((stats.unserved as f64 - b) / stats.unserved as f64).max(0.0)
        } else {
            0.0
        }
    });
    stats.seconds = start.elapsed().as_secs_f64();
    s.stats = Some(stats);
    s
}
