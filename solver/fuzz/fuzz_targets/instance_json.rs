//! Any bytes as the engine's instance JSON: the parser and the validation
//! either refuse with an error that names something, or give a problem; a
//! small valid problem is solved and the independent checker must accept the
//! schedule; any bytes as a schedule are judged by the checker without a
//! panic. A panic or an invalid schedule is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use solver::{metrics::check, solve, Instance, Options, Problem, Schedule};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = serde_json::from_str::<Schedule>(text) {
        if let Ok(inst) = Instance::from_json(text) {
            let _ = check(&inst, &s);
        }
    }
    let inst = match Instance::from_json(text) {
        Ok(i) => i,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let problem = match Problem::new(inst.clone()) {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    // Solve only what solves in milliseconds, so the fuzzer keeps its pace.
    let small = inst.topics.len() <= 12
        && inst.rooms.len() * inst.slots.len() <= 24
        && inst.votes.len() <= 40;
    if !small {
        return;
    }
    let opts = Options {
        time_limit: 0.05,
        ..Options::default()
    };
    let schedule = solve(&problem, &opts).schedule;
    let report = check(&inst, &schedule);
    assert!(
        report.is_valid(),
        "the engine's schedule breaks a rule: {:?}",
        report.violations
    );
    // The checker also judges any other schedule for this instance.
    if let Ok(other) = serde_json::from_str::<Schedule>(text) {
        let _ = check(&inst, &other);
    }
});
