//! The engine: plan units (merging or dropping only when topics outnumber
//! room-slots), build a greedy schedule, then improve it with HiGHS: one model
//! for the whole event when it is small enough, otherwise a large-neighbourhood
//! search that re-optimises a few slots at a time with everything else fixed.
//! Finally rooms are exchanged within slots to form tracks.

use crate::eval::{evaluate, Placement};
use crate::ilp::{self, Region};
use crate::instance::Problem;
use crate::relate::Relatedness;
use crate::schedule::{Schedule, Session, Stats, Track};
use crate::units::{self, Unit};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct Options {
    /// Wall-clock budget in seconds.
    pub time_limit: f64,
    /// Largest model (variables) solved in one piece.
    pub max_monolithic: usize,
    /// Print progress on standard error.
    pub verbose: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { time_limit: 10.0, max_monolithic: 12_000, verbose: false }
    }
}

pub struct Solved {
    pub schedule: Schedule,
    pub units: Vec<Unit>,
    pub placement: Placement,
}

fn log(opts: &Options, start: &Instant, msg: impl AsRef<str>) {
    if opts.verbose {
        eprintln!("[{:7.2}s] {}", start.elapsed().as_secs_f64(), msg.as_ref());
    }
}

pub fn solve(p: &Problem, opts: &Options) -> Solved {
    let start = Instant::now();
    let rel = Relatedness::new(&p.inst);
    let plan = units::plan(p, &rel);
    let units = plan.units;
    log(opts, &start, format!("{} topics → {} sessions to place, {} dropped", p.n_topics, units.len(), plan.dropped.len()));
    let mut place = crate::greedy::construct(p, &units);
    let mut best = evaluate(p, &units, &place);
    log(opts, &start, format!("greedy: unserved {} (lost {}, overflow {})", best.unserved(), best.lost, best.overflow));
    let remaining = |start: &Instant| opts.time_limit - start.elapsed().as_secs_f64();
    let mut status = "greedy".to_string();
    let mut bound = None;
    let mut gap = None;
    let size = ilp::model_size(p, &units);
    if size <= opts.max_monolithic && remaining(&start) > 0.2 {
        let region = Region::everything(p, &units);
        if let Some(out) = ilp::solve(p, &units, &place, &region, remaining(&start) * 0.95) {
            let sc = evaluate(p, &units, &out.placement);
            log(opts, &start, format!("ILP ({size} vars): {} unserved, status {}, bound {:?}", sc.unserved(), out.status, out.bound));
            if sc.unserved() <= best.unserved() && out.placement.iter().filter(|x| x.is_some()).count() >= place.iter().filter(|x| x.is_some()).count() {
                place = out.placement;
                best = sc;
            }
            status = if out.optimal { "optimal".into() } else { out.status.clone() };
            bound = out.bound;
            gap = out.gap;
        }
    }
    if status != "optimal" && remaining(&start) > 0.5 {
        // Large-neighbourhood search over groups of slots.
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let per_slot_vars = size.max(1) / p.n_slots.max(1);
        let k = (opts.max_monolithic / 3 / per_slot_vars.max(1)).clamp(2, p.n_slots.max(2)).min(p.n_slots);
        let mut iter = 0;
        let mut stale = 0;
        while remaining(&start) > 0.3 && k >= 2 && p.n_slots >= 2 {
            iter += 1;
            let mut slots: Vec<usize> = (0..p.n_slots).filter(|&s| !p.frozen_slot[s]).collect();
            slots.shuffle(&mut rng);
            slots.truncate(k);
            let mut in_region = vec![false; p.n_slots];
            for &s in &slots {
                in_region[s] = true;
            }
            let free: Vec<bool> = units.iter().zip(&place).map(|(u, pl)| u.fixed.is_none() && pl.is_none_or(|(_, s)| in_region[s])).collect();
            let region = Region { free, slots: in_region };
            let budget = remaining(&start).min(3.0);
            if let Some(out) = ilp::solve(p, &units, &place, &region, budget) {
                let sc = evaluate(p, &units, &out.placement);
                let placed_before = place.iter().filter(|x| x.is_some()).count();
                let placed_after = out.placement.iter().filter(|x| x.is_some()).count();
                if placed_after >= placed_before && sc.unserved() < best.unserved() {
                    log(opts, &start, format!("LNS {iter}: unserved {} → {}", best.unserved(), sc.unserved()));
                    place = out.placement;
                    best = sc;
                    stale = 0;
                } else {
                    stale += 1;
                }
            }
            if stale > 4 * p.n_slots {
                break;
            }
        }
        status = if status == "greedy" { "heuristic (LNS)".into() } else { format!("{status}, then LNS") };
    }
    crate::tracks::improve(p, &units, &mut place, &rel);
    let seconds = start.elapsed().as_secs_f64();
    let schedule = to_schedule(p, &units, &place, &plan.dropped, &rel);
    let mut schedule = schedule;
    let report = crate::metrics::check(&p.inst, &schedule);
    let mut stats = report.stats;
    stats.status = status;
    stats.bound = bound;
    stats.gap = match (bound, gap) {
        (Some(b), _) if stats.unserved > 0 => Some(((stats.unserved as f64 - b) / stats.unserved as f64).max(0.0)),
        (Some(_), _) => Some(0.0),
        (None, g) => g,
    };
    stats.seconds = seconds;
    log(opts, &start, format!("done: unserved {} (lost {}, overflow {}) in {seconds:.2}s", stats.unserved, stats.lost_votes, stats.overflow));
    schedule.stats = Some(stats);
    Solved { schedule, units, placement: place }
}

pub fn to_schedule(p: &Problem, units: &[Unit], place: &Placement, dropped: &[usize], rel: &Relatedness) -> Schedule {
    let mut sessions: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut unscheduled: Vec<usize> = dropped.to_vec();
    for (u, pl) in units.iter().zip(place) {
        match pl {
            Some((r, s)) => sessions.push((*r, *s, u.topics.clone())),
            None => unscheduled.extend(u.topics.iter().copied()),
        }
    }
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
                tracks.push(Track { room: p.inst.rooms[r].id.clone(), label, slots: run.iter().map(|(s, _)| p.inst.slots[*s].id.clone()).collect() });
            }
            run.clear();
        };
        for &s in &p.slot_order {
            let here = sessions.iter().find(|(rr, ss, _)| *rr == r && *ss == s).map(|(_, _, ts)| ts.clone());
            match here {
                Some(ts) => {
                    let linked = run.last().is_some_and(|(ls, lts)| p.next_slot[*ls] == Some(s) && lts.iter().any(|&a| ts.iter().any(|&b| rel.score(a, b) >= crate::relate::TRACK_THRESHOLD)));
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
            .map(|(r, s, ts)| Session { room: p.inst.rooms[r].id.clone(), slot: p.inst.slots[s].id.clone(), topics: ts.iter().map(|&t| p.inst.topics[t].id.clone()).collect() })
            .collect(),
        unscheduled: unscheduled.iter().map(|&t| p.inst.topics[t].id.clone()).collect(),
        stats: None,
        tracks,
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
    stats.status = "naive greedy".into();
    stats.seconds = start.elapsed().as_secs_f64();
    s.stats = Some(stats);
    s
}
