//! Benchmark: the engine against the naive greedy and the plain monolithic ILP
//! on generated instances at the scales of the issue, and on PenguiCon 2013.
//! Run in release: `cargo bench -p solver --bench compare` (add `-- --quick`
//! for a short smoke run, `-- --only NAME` for one row). Every schedule goes
//! through the independent checker; the tables are printed as Markdown.
//! Besides the main table: proof times at meetup scale over several generator
//! seeds (the engine against the assignment model alone, same run), and a
//! repeatability check (two runs with the same input and limit).

use solver::gen::{generate, GenParams};
use solver::metrics::check;
use solver::solve::{naive_schedule, plain_ilp_schedule, solve, Options};
use solver::{Instance, Problem, Schedule};
use std::time::Instant;

struct Case {
    name: String,
    inst: Instance,
    engine_limits: Vec<f64>,
}

fn shared(name: &str) -> Option<Instance> {
    for dir in ["../shared/instances", "../../shared/instances"] {
        if let Ok(s) = std::fs::read_to_string(format!("{dir}/{name}.json")) {
            return Instance::from_json(&s).ok();
        }
    }
    None
}

fn row(case: &str, method: &str, inst: &Instance, s: &Schedule, seconds: f64) -> String {
    let r = check(inst, s);
    let st = s.stats.clone().unwrap_or_default();
    format!(
        "| {case} | {method} | {} | {} | {} | {}/{} | {} | {} | {:.2} | {} | {} | {} |",
        r.stats.unserved,
        r.stats.lost_votes,
        r.stats.overflow,
        r.stats.merged_sessions,
        r.stats.unscheduled,
        r.stats
            .room_purity
            .map(|p| format!("{p:.2}"))
            .unwrap_or_else(|| "–".into()),
        r.stats.track_links,
        seconds,
        st.gap
            .map(|g| format!("{:.1}%", g * 100.0))
            .unwrap_or_else(|| "–".into()),
        if st.status == solver::Status::Unknown {
            "–".to_string()
        } else {
            st.status.to_string()
        },
        if r.is_valid() {
            "yes".to_string()
        } else {
            format!("NO: {}", r.violations[0])
        },
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let mono = if quick { 5.0 } else { 120.0 };
    let mut cases: Vec<Case> = Vec::new();
    for (scale, limits) in [
        ("meetup", vec![10.0]),
        ("devopsdays", vec![10.0]),
        ("oversubscribed", vec![10.0]),
        ("barcamp", vec![30.0]),
        ("congress", vec![5.0, 60.0]),
    ] {
        let g = GenParams::scale(scale).expect("scale");
        cases.push(Case {
            name: format!(
                "{scale} ({} topics, {}×{}, {} attendees)",
                g.topics, g.rooms, g.slots, g.attendees
            ),
            inst: generate(&g),
            engine_limits: limits,
        });
    }
    for (file, label) in [
        ("penguicon2013", "PenguiCon 2013 uniform (981)"),
        ("penguicon2013-normal", "PenguiCon 2013 concentrated (514)"),
    ] {
        if let Some(inst) = shared(file) {
            cases.push(Case {
                name: label.into(),
                inst,
                engine_limits: vec![30.0],
            });
        }
    }
    if only.is_none() || only.as_deref() == Some("meetup-seeds") {
        meetup_seeds(if quick { 2 } else { 5 });
    }
    if only.is_none() || only.as_deref() == Some("repeat") {
        repeatability();
    }
    println!("| instance | method | unserved | lost votes | overflow | merged/dropped | room purity | track links | seconds | gap | status | valid |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for case in cases {
        if only
            .as_ref()
            .is_some_and(|o| !case.name.starts_with(o.as_str()))
        {
            continue;
        }
        let p = match Problem::new(case.inst.clone()) {
            Ok(p) => p,
            Err(e) => {
                println!("| {} | – | invalid instance: {e} |", case.name);
                continue;
            }
        };
        let t = Instant::now();
        let naive = naive_schedule(&p);
        println!(
            "{}",
            row(
                &case.name,
                "naive greedy",
                &case.inst,
                &naive,
                t.elapsed().as_secs_f64()
            )
        );
        for &limit in &case.engine_limits {
            let t = Instant::now();
            let s = solve(&p, &Options::with_time_limit(limit)).schedule;
            println!(
                "{}",
                row(
                    &case.name,
                    &format!("engine, limit {limit} s"),
                    &case.inst,
                    &s,
                    t.elapsed().as_secs_f64()
                )
            );
        }
        let t = Instant::now();
        let m = plain_ilp_schedule(&p, mono);
        println!(
            "{}",
            row(
                &case.name,
                &format!("plain ILP, {mono} s HiGHS"),
                &case.inst,
                &m,
                t.elapsed().as_secs_f64()
            )
        );
        if case.name.starts_with("PenguiCon") {
            let file = if case.name.contains("uniform") {
                "penguicon2013.real"
            } else {
                "penguicon2013-normal.real"
            };
            if let Some(real) = ["../shared/instances", "../../shared/instances"]
                .iter()
                .find_map(|d| std::fs::read_to_string(format!("{d}/{file}.json")).ok())
            {
                if let Ok(s) = serde_json::from_str::<Schedule>(&real) {
                    println!(
                        "{}",
                        row(&case.name, "schedule used in 2013", &case.inst, &s, 0.0)
                    );
                }
            }
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Meetup scale over generator seeds: seconds to a proven optimum, the engine
/// (slot-content model) against the assignment model alone (greedy warm
/// start, 60 s), both in this run.
fn meetup_seeds(n: u64) {
    use solver::ilp::{self, Limits, Region};
    println!("| meetup seed | engine unserved | engine seconds | engine status | assignment model unserved | assignment model seconds | status |");
    println!("|---|---|---|---|---|---|---|");
    let (mut fast, mut slow) = (Vec::new(), Vec::new());
    for seed in 1..=n {
        let mut g = GenParams::scale("meetup").expect("scale");
        g.seed = seed;
        let inst = generate(&g);
        let p = Problem::new(inst.clone()).expect("valid");
        let t = Instant::now();
        let s = solve(
            &p,
            &Options {
                time_limit: 10.0,
                ..Options::default()
            },
        )
        .schedule;
        let a = t.elapsed().as_secs_f64();
        let st = s.stats.clone().unwrap_or_default();
        assert!(check(&inst, &s).is_valid());
        let rel = solver::relate::Relatedness::new(&p.inst);
        let plan = solver::units::plan(&p, &rel);
        let warm = solver::greedy::construct(&p, &plan.units);
        let t = Instant::now();
        let out = ilp::solve(
            &p,
            &plan.units,
            &warm,
            &Region::everything(&p, &plan.units),
            Limits::seconds(60.0),
        );
        let b = t.elapsed().as_secs_f64();
        let (u, status) = match out {
            Some(o) => (
                solver::eval::evaluate(&p, &plan.units, &o.placement)
                    .unserved()
                    .to_string(),
                o.status.to_string(),
            ),
            None => ("–".into(), "failed".into()),
        };
        println!(
            "| {seed} | {} | {a:.2} | {} | {u} | {b:.2} | {status} |",
            st.unserved, st.status
        );
        fast.push(a);
        slow.push(b);
    }
    let (ma, mb) = (median(fast), median(slow));
    println!(
        "\nMedian seconds: engine {ma:.2}, assignment model {mb:.2} (ratio {:.1}×).\n",
        mb / ma
    );
}

/// The same input and limit twice, on an instance where the limit binds.
fn repeatability() {
    let g = GenParams::scale("devopsdays").expect("scale");
    let inst = generate(&g);
    let p = Problem::new(inst).expect("valid");
    let run = || {
        solve(
            &p,
            &Options {
                time_limit: 10.0,
                ..Options::default()
            },
        )
        .schedule
    };
    let (a, b) = (run(), run());
    let same = a.sessions == b.sessions && a.unscheduled == b.unscheduled;
    println!(
        "Repeatability (devopsdays, 10 s, twice): unserved {} and {}, identical schedules: {}.\n",
        a.stats.as_ref().map_or(0, |s| s.unserved),
        b.stats.as_ref().map_or(0, |s| s.unserved),
        if same { "yes" } else { "NO" }
    );
}
