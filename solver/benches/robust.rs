//! Robustness benchmark: the engine on every generator family
//! (`solver::gen::Family`) and several seeds per scale, not only on the kind
//! of instance it was tuned on. For each instance: unserved votes of the
//! naive greedy (an organizer with a marker), of the engine's own greedy
//! start, and of the engine within the scale's limit (release, one HiGHS
//! thread), the improvement over both, and the gap to the engine's proven
//! bound. Every engine schedule must pass the independent checker.
//!
//! `cargo bench -p solver --bench robust` runs the DevOpsDays and barcamp
//! scales with 5 seeds per family (30 instances each); options:
//! `-- --scale devopsdays|barcamp|congress`, `-- --seeds N`.

mod support;

use solver::eval::evaluate;
use solver::gen::{generate, Family, GenParams};
use solver::metrics::check;
use solver::relate::Relatedness;
use solver::solve::{naive_schedule, solve, Options};
use solver::Problem;
use support::{arg, pct};

struct Row {
    family: &'static str,
    naive_gain: f64,
    greedy_gain: f64,
    gap: Option<f64>,
}

fn main() {
    let scales: Vec<String> = match arg("--scale") {
        Some(s) => vec![s],
        None => vec!["devopsdays".into(), "barcamp".into()],
    };
    let seeds: u64 = arg("--seeds").and_then(|s| s.parse().ok()).unwrap_or(5);
    for scale in scales {
        let limit = match scale.as_str() {
            "devopsdays" => 10.0,
            "barcamp" => 30.0,
            "congress" => 60.0,
            other => panic!("unknown scale {other}"),
        };
        println!(
            "\n### {scale}: {} families × {seeds} seeds, limit {limit} s\n",
            Family::NAMES.len()
        );
        println!("| family | seed | naive | engine's greedy | engine | vs naive | vs own greedy | gap | seconds |");
        println!("|---|---|---|---|---|---|---|---|---|");
        let mut rows: Vec<Row> = Vec::new();
        for family in Family::NAMES {
            for seed in 1..=seeds {
                let mut g = GenParams::scale(&scale).expect("known scale");
                g.seed = seed;
                g.family = Family::named(family).expect("known family");
                let inst = generate(&g);
                let p = Problem::new(inst.clone()).expect("valid instance");
                let naive = check(&inst, &naive_schedule(&p)).stats.unserved as f64;
                let rel = Relatedness::new(&p.inst);
                let plan = solver::units::plan(&p, &rel);
                let start = solver::greedy::construct(&p, &plan.units);
                let greedy = evaluate(&p, &plan.units, &start).unserved() as f64;
                let s = solve(&p, &Options::with_time_limit(limit)).schedule;
                let report = check(&inst, &s);
                assert!(
                    report.is_valid(),
                    "{scale}/{family}/{seed}: {:?}",
                    report.violations
                );
                let engine = report.stats.unserved as f64;
                let st = s.stats.unwrap_or_default();
                let row = Row {
                    family,
                    naive_gain: 1.0 - engine / naive.max(1.0),
                    greedy_gain: 1.0 - engine / greedy.max(1.0),
                    gap: st.gap,
                };
                println!(
                    "| {family} | {seed} | {naive} | {greedy} | {engine} | {:+.1} % | {:+.1} % | {} | {:.1} |",
                    -row.naive_gain * 100.0,
                    -row.greedy_gain * 100.0,
                    row.gap.map_or("–".into(), |g| format!("{:.0} %", g * 100.0)),
                    st.seconds
                );
                rows.push(row);
            }
        }
        let summary = |label: &str, rows: &[&Row]| {
            let n: Vec<f64> = rows.iter().map(|r| r.naive_gain * 100.0).collect();
            let g: Vec<f64> = rows.iter().map(|r| r.greedy_gain * 100.0).collect();
            let gaps: Vec<f64> = rows
                .iter()
                .filter_map(|r| r.gap)
                .map(|x| x * 100.0)
                .collect();
            println!(
                "| {label} | {} | {:.1} % | {:.1} % | {:.1} % | {:.1} % | {:.1} % | {:.1} % | {:.0} % | {:.0} % |",
                rows.len(),
                pct(0.0, &n),
                pct(0.5, &n),
                pct(1.0, &n),
                pct(0.0, &g),
                pct(0.5, &g),
                pct(1.0, &g),
                pct(0.5, &gaps),
                pct(1.0, &gaps),
            );
        };
        println!("\nFewer unserved than the naive greedy / than the engine's own greedy start (worst, median, best), and the gap to the proven bound (median, worst):\n");
        println!("| instances | n | naive: worst | median | best | own greedy: worst | median | best | gap: median | worst |");
        println!("|---|---|---|---|---|---|---|---|---|---|");
        for family in Family::NAMES {
            let of: Vec<&Row> = rows.iter().filter(|r| r.family == family).collect();
            summary(family, &of);
        }
        let all: Vec<&Row> = rows.iter().collect();
        summary(&format!("**all {scale}**"), &all);
    }
}
