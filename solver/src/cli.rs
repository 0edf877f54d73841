//! The command line: `solve`, `check`, `gen`, `duplicates`. Used by the
//! `kring` binary (`kring solve ...`) and by this crate's own `kring-solver`.

use crate::gen::{generate, GenParams};
use crate::instance::Problem;
use crate::metrics::check;
use crate::relate::Relatedness;
use crate::schedule::Schedule;
use crate::solve::{solve, Options};

pub const USAGE: &str = "usage:
  solve INSTANCE.json [--time-limit SECONDS] [--themed-rooms SHARE] [--out FILE] [--quiet]
  check INSTANCE.json SCHEDULE.json
  gen (--scale meetup|devopsdays|oversubscribed|barcamp|congress | --topics N --rooms N --slots N --attendees N) [--seed N] [--slots-per-day N] [--family venue|skewed|flat|plenary|weak-themes|busy-hosts] [--out FILE]
  duplicates INSTANCE.json [--min-score X] [--limit N]";

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn positional(args: &[String]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
            continue;
        }
        if a.starts_with("--") {
            skip = !matches!(a.as_str(), "--quiet");
            continue;
        }
        out.push(a.as_str());
    }
    out
}

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn write_out(out: Option<&str>, text: &str) -> Result<(), String> {
    match out {
        Some(f) => std::fs::write(f, text).map_err(|e| format!("{f}: {e}")),
        None => {
            println!("{text}");
            Ok(())
        }
    }
}

/// Runs a command; `args[0]` is the command name. Returns the exit code.
pub fn run(args: &[String]) -> i32 {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

fn run_inner(args: &[String]) -> Result<i32, String> {
    let cmd = args.first().map(String::as_str).unwrap_or("");
    let rest = &args[1.min(args.len())..];
    let pos = positional(rest);
    match cmd {
        "solve" => {
            let path = pos.first().ok_or(USAGE)?;
            let mut inst = crate::instance::Instance::from_json(&read(path)?)
                .map_err(|e| format!("{path}: {e}"))?;
            if let Some(x) = flag(rest, "--themed-rooms") {
                inst.themed_rooms = x
                    .parse::<f64>()
                    .ok()
                    .filter(|x| (0.0..=1.0).contains(x))
                    .ok_or_else(|| {
                        format!("--themed-rooms: \"{x}\" is not a share between 0 and 1 (0.02 gives up at most 2 % of unserved votes)")
                    })?;
            }
            let p = Problem::new(inst).map_err(|e| format!("{path}: {e}"))?;
            let time_limit = match flag(rest, "--time-limit") {
                Some(t) => t.parse::<f64>().ok().filter(|t| *t > 0.0).ok_or_else(|| {
                    format!("--time-limit: \"{t}\" is not a positive number of seconds")
                })?,
                None => 10.0,
            };
            let opts = Options {
                time_limit,
                verbose: !rest.iter().any(|a| a == "--quiet"),
                ..Options::default()
            };
            let solved = solve(&p, &opts);
            let text = serde_json::to_string_pretty(&solved.schedule).map_err(|e| e.to_string())?;
            write_out(flag(rest, "--out"), &text)?;
            Ok(0)
        }
        "check" => {
            let (Some(ip), Some(sp)) = (pos.first(), pos.get(1)) else {
                return Err(USAGE.into());
            };
            let inst = crate::instance::Instance::from_json(&read(ip)?)
                .map_err(|e| format!("{ip}: {e}"))?;
            Problem::new(inst.clone()).map_err(|e| format!("{ip}: {e}"))?;
            let sched: Schedule =
                serde_json::from_str(&read(sp)?).map_err(|e| format!("{sp}: {e}"))?;
            let report = check(&inst, &sched);
            let out = serde_json::json!({ "valid": report.is_valid(), "violations": report.violations, "metrics": report.stats });
            println!(
                "{}",
                serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
            );
            Ok(if report.is_valid() { 0 } else { 1 })
        }
        "gen" => {
            let mut g = match flag(rest, "--scale") {
                Some(s) => GenParams::scale(s).ok_or_else(|| format!("unknown scale \"{s}\""))?,
                None => {
                    let num = |n: &str| -> Result<usize, String> {
                        flag(rest, n)
                            .ok_or_else(|| format!("{n} is required"))?
                            .parse()
                            .map_err(|_| format!("{n} must be a number"))
                    };
                    GenParams {
                        name: "generated".into(),
                        topics: num("--topics")?,
                        rooms: num("--rooms")?,
                        slots: num("--slots")?,
                        attendees: num("--attendees")?,
                        slots_per_day: 4,
                        seed: 1,
                        turnout: 0.8,
                        family: Default::default(),
                    }
                }
            };
            if let Some(s) = flag(rest, "--seed") {
                g.seed = s.parse().map_err(|_| "--seed must be a number")?;
            }
            if let Some(s) = flag(rest, "--slots-per-day") {
                g.slots_per_day = s.parse().map_err(|_| "--slots-per-day must be a number")?;
            }
            if let Some(s) = flag(rest, "--family") {
                g.family = crate::gen::Family::named(s).ok_or_else(|| {
                    format!(
                        "unknown family \"{s}\" (one of: {})",
                        crate::gen::Family::NAMES.join(", ")
                    )
                })?;
            }
            let inst = generate(&g);
            write_out(
                flag(rest, "--out"),
                &serde_json::to_string_pretty(&inst).map_err(|e| e.to_string())?,
            )?;
            Ok(0)
        }
        "duplicates" => {
            let path = pos.first().ok_or(USAGE)?;
            let p = Problem::from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
            let min: f64 = flag(rest, "--min-score")
                .map(|s| s.parse().map_err(|_| "--min-score must be a number"))
                .transpose()?
                .unwrap_or(0.4);
            let limit: usize = flag(rest, "--limit")
                .map(|s| s.parse().map_err(|_| "--limit must be a number"))
                .transpose()?
                .unwrap_or(20);
            let rel = Relatedness::new(&p.inst);
            let pairs: Vec<serde_json::Value> = rel
                .ranked_pairs(min, limit)
                .into_iter()
                .map(|(a, b, s)| serde_json::json!({"a": p.inst.topics[a].id, "b": p.inst.topics[b].id, "score": (s * 1000.0).round() / 1000.0, "titles": [p.inst.topics[a].title, p.inst.topics[b].title]}))
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&pairs).map_err(|e| e.to_string())?
            );
            Ok(0)
        }
        _ => Err(USAGE.into()),
    }
}
