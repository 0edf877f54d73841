//! Benchmark: the engine against the naive greedy and the plain monolithic ILP
//! on generated instances at the scales of the issue, and on PenguiCon 2013.
//! Run in release: `cargo bench -p solver --bench compare` (add `-- --quick`
//! for a short smoke run, `-- --only NAME` for one row). Every schedule goes
//! through the independent checker; the table is printed as Markdown.

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
        "| {case} | {method} | {} | {} | {} | {}/{} | {} | {:.2} | {} | {} | {} |",
        r.stats.unserved,
        r.stats.lost_votes,
        r.stats.overflow,
        r.stats.merged_sessions,
        r.stats.unscheduled,
        r.stats
            .room_purity
            .map(|p| format!("{p:.2}"))
            .unwrap_or_else(|| "–".into()),
        seconds,
        st.gap
            .map(|g| format!("{:.1}%", g * 100.0))
            .unwrap_or_else(|| "–".into()),
        if st.status.is_empty() {
            "–".to_string()
        } else {
            st.status.clone()
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
    println!("| instance | method | unserved | lost votes | overflow | merged/dropped | room purity | seconds | gap | status | valid |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
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
            let s = solve(
                &p,
                &Options {
                    time_limit: limit,
                    ..Options::default()
                },
            )
            .schedule;
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
