//! Benchmark: themed rooms. For generated instances whose themes are known
//! (a topic's first tag), the same engine run without and with an allowance
//! (`Instance::themed_rooms`): room purity, unserved votes, and the price
//! paid against the theme-blind result of the same run. Release, one HiGHS
//! thread: `cargo bench -p solver --bench themes` (`-- --seeds N`: seeds
//! 1..=N, default 10; `-- --first F` starts at seed F instead; `-- --scale
//! NAME`, default devopsdays; `-- --limit S`, default 10; `-- --allowance
//! A` runs one allowance instead of 2 % and 5 %).
//! Every schedule goes through the independent checker.

use solver::gen::{generate, GenParams};
use solver::metrics::check;
use solver::solve::{solve, Options};
use solver::{Instance, Problem};

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn run(inst: &Instance, limit: f64) -> (u64, f64, usize, f64) {
    let p = Problem::new(inst.clone()).expect("valid instance");
    let s = solve(&p, &Options::with_time_limit(limit)).schedule;
    let r = check(inst, &s);
    assert!(r.is_valid(), "invalid schedule: {:?}", r.violations);
    let st = s.stats.unwrap_or_default();
    (
        r.stats.unserved,
        r.stats.room_purity.unwrap_or(0.0),
        s.room_themes.len(),
        st.seconds,
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn main() {
    let seeds: u64 = arg("--seeds", 10);
    let first: u64 = arg("--first", 1);
    let scale: String = arg("--scale", "devopsdays".to_string());
    let limit: f64 = arg("--limit", 10.0);
    // `-- --allowance A` runs that one allowance only.
    let only: f64 = arg("--allowance", f64::NAN);
    let allowances: Vec<f64> = if only.is_nan() {
        vec![0.02, 0.05]
    } else {
        vec![only]
    };
    println!("Themed rooms at {scale} scale, limit {limit} s, seeds {first}..={seeds}\n");
    println!("| seed | theme-blind unserved | purity | allowance | unserved | price | purity | named rooms | seconds |");
    println!("|---|---|---|---|---|---|---|---|---|");
    // Per allowance: purity and price (share above theme-blind) per seed.
    let mut purity: Vec<Vec<f64>> = vec![Vec::new(); allowances.len()];
    let mut prices: Vec<Vec<f64>> = vec![Vec::new(); allowances.len()];
    let mut blind_purity = Vec::new();
    for seed in first..=seeds {
        let mut g = GenParams::scale(&scale).expect("known scale");
        g.seed = seed;
        let inst = generate(&g);
        let (u0, p0, _, _) = run(&inst, limit);
        blind_purity.push(p0);
        for (i, &a) in allowances.iter().enumerate() {
            let mut themed = inst.clone();
            themed.themed_rooms = a;
            let (u, pu, named, secs) = run(&themed, limit);
            let price = (u as f64 - u0 as f64) / u0.max(1) as f64;
            assert!(
                u <= u0 + (a * u0 as f64).floor() as u64,
                "seed {seed}: the allowance was exceeded ({u0} → {u})"
            );
            println!(
                "| {seed} | {u0} | {p0:.2} | {:.0} % | {u} | {:+.1} % | {pu:.2} | {named} | {secs:.1} |",
                a * 100.0,
                price * 100.0
            );
            purity[i].push(pu);
            prices[i].push(price);
        }
    }
    println!("\n| allowance | purity: worst | median | best | theme-blind median | price: median | worst |");
    println!("|---|---|---|---|---|---|---|");
    for ((a, pur), price) in allowances.iter().zip(&purity).zip(&prices) {
        let worst = pur.iter().copied().fold(f64::INFINITY, f64::min);
        let best = pur.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let worst_price = price.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        println!(
            "| {:.0} % | {worst:.2} | {:.2} | {best:.2} | {:.2} | {:+.1} % | {:+.1} % |",
            a * 100.0,
            median(pur.clone()),
            median(blind_purity.clone()),
            median(price.clone()) * 100.0,
            worst_price * 100.0
        );
    }
}
