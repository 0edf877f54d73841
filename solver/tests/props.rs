//! Property tests of the engine's input parser and checker: arbitrary input
//! gives a clear error or, for a valid instance, a schedule the independent
//! checker accepts; never a panic.

use proptest::prelude::*;
use serde_json::{json, Value};
use solver::metrics::check;
use solver::solve::{solve, Options};
use solver::{Instance, Problem, Schedule, Session};

/// A small instance with every field drawn at random, valid or not:
/// capacities of 0, slots that end before they start or overlap, hosts and
/// votes naming topics that do not exist, duplicate ids, empty titles.
fn instance() -> impl Strategy<Value = Value> {
    let id = "[a-d]{1,2}";
    let room = (
        id,
        0u32..60,
        proptest::collection::vec("projector|step-free|x", 0..2),
    )
        .prop_map(|(id, cap, features)| json!({"id": id, "capacity": cap, "features": features}));
    let slot = (id, 8u32..18, 0u32..3).prop_map(|(id, hour, len)| {
        json!({
            "id": id,
            "start": format!("2026-10-26T{hour:02}:00:00+01:00"),
            "end": format!("2026-10-26T{:02}:00:00+01:00", (hour + len).min(23)),
        })
    });
    let topic = (
        id,
        ".{0,12}",
        proptest::collection::vec("h[1-4]", 0..3),
        proptest::collection::vec("docker|ops|ci", 0..3),
        proptest::collection::vec("projector|z", 0..2),
    )
        .prop_map(|(id, title, hosts, tags, needs)| {
            json!({"id": id, "title": title, "hosts": hosts, "tags": tags, "needs": needs})
        });
    let vote = ("p[0-9]{1,2}", proptest::collection::vec("[a-d]{1,2}", 0..5))
        .prop_map(|(p, topics)| json!({"participant": p, "topics": topics}));
    (
        proptest::collection::vec(room, 0..4),
        proptest::collection::vec(slot, 0..4),
        proptest::collection::vec(topic, 0..8),
        proptest::collection::vec(vote, 0..20),
    )
        .prop_map(|(rooms, slots, topics, votes)| {
            json!({"name": "prop", "rooms": rooms, "slots": slots, "topics": topics, "votes": votes})
        })
}

/// A valid instance of random shape: 1–4 rooms of 1–60 seats, 1–4
/// consecutive slots, up to 10 topics with hosts, tags and needs, up to 30
/// participants voting for any of them, some hosts unavailable.
fn valid_instance() -> impl Strategy<Value = Value> {
    (1usize..5, 1usize..5, 0usize..11, 0usize..31).prop_flat_map(|(nr, ns, nt, np)| {
        (
            proptest::collection::vec((1u32..61, any::<bool>()), nr),
            proptest::collection::vec((0usize..5, proptest::collection::vec(0usize..3, 0..3), any::<bool>()), nt),
            proptest::collection::vec(proptest::collection::vec(0usize..nt.max(1), 0..5), np),
            proptest::collection::vec((0usize..5, 0usize..ns), 0..3),
        )
            .prop_map(move |(rooms, topics, votes, unavailable)| {
                let tags = ["docker", "ops", "ci"];
                let rooms: Vec<Value> = rooms
                    .iter()
                    .enumerate()
                    .map(|(i, (cap, projector))| {
                        let f: Vec<&str> = if *projector { vec!["projector"] } else { vec![] };
                        json!({"id": format!("r{i}"), "capacity": cap, "features": f})
                    })
                    .collect();
                let slots: Vec<Value> = (0..ns)
                    .map(|i| {
                        json!({
                            "id": format!("s{i}"),
                            "start": format!("2026-10-26T{:02}:00:00+01:00", 9 + i),
                            "end": format!("2026-10-26T{:02}:45:00+01:00", 9 + i),
                        })
                    })
                    .collect();
                let topics_json: Vec<Value> = topics
                    .iter()
                    .enumerate()
                    .map(|(i, (host, ts, needs))| {
                        let t: Vec<&str> = ts.iter().map(|k| tags[*k]).collect();
                        let n: Vec<&str> = if *needs { vec!["projector"] } else { vec![] };
                        json!({"id": format!("t{i}"), "title": format!("Topic {i}"), "hosts": [format!("h{host}")], "tags": t, "needs": n})
                    })
                    .collect();
                let votes: Vec<Value> = if nt == 0 {
                    Vec::new()
                } else {
                    votes
                        .iter()
                        .enumerate()
                        .map(|(p, ts)| {
                            let mut ids: Vec<String> = ts.iter().map(|t| format!("t{t}")).collect();
                            ids.sort();
                            ids.dedup();
                            json!({"participant": format!("p{p}"), "topics": ids})
                        })
                        .collect()
                };
                let mut unav = serde_json::Map::new();
                for (h, sl) in unavailable {
                    unav.insert(format!("h{h}"), json!([format!("s{sl}")]));
                }
                json!({"name": "valid", "rooms": rooms, "slots": slots, "topics": topics_json, "votes": votes, "unavailable": unav})
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn every_valid_instance_gets_a_schedule_the_checker_accepts(v in valid_instance()) {
        let text = v.to_string();
        let inst = Instance::from_json(&text);
        prop_assert!(inst.is_ok(), "{:?}\n{}", inst.err(), text);
        let inst = inst.unwrap();
        let p = Problem::new(inst.clone());
        prop_assert!(p.is_ok(), "{:?}\n{}", p.err(), text);
        let opts = Options { time_limit: 0.2, ..Options::default() };
        let s = solve(&p.unwrap(), &opts).schedule;
        let report = check(&inst, &s);
        prop_assert!(report.is_valid(), "violations: {:?}\ninstance: {}", report.violations, text);
        prop_assert_eq!(
            s.stats.as_ref().map(|st| st.unserved),
            Some(report.stats.unserved),
            "reported stats match the checker"
        );
    }

    #[test]
    fn any_text_is_an_instance_or_an_error(s in ".{0,400}") {
        let _ = Instance::from_json(&s);
        let _ = Problem::from_json(&s);
        let _ = serde_json::from_str::<Schedule>(&s);
    }

    #[test]
    fn a_random_instance_is_refused_clearly_or_solved_validly(v in instance()) {
        let text = v.to_string();
        let Ok(inst) = Instance::from_json(&text) else { return Ok(()); };
        let p = match Problem::new(inst.clone()) {
            Ok(p) => p,
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                return Ok(());
            }
        };
        let opts = Options { time_limit: 0.2, ..Options::default() };
        let s = solve(&p, &opts).schedule;
        let report = check(&inst, &s);
        prop_assert!(report.is_valid(), "violations: {:?}\ninstance: {}", report.violations, text);
    }

    #[test]
    fn the_checker_judges_any_schedule_without_panicking(
        v in instance(),
        sessions in proptest::collection::vec(("[a-d]{1,2}", "[a-d]{1,2}", proptest::collection::vec("[a-d]{1,2}", 0..3)), 0..6),
    ) {
        let Ok(inst) = Instance::from_json(&v.to_string()) else { return Ok(()); };
        if Problem::new(inst.clone()).is_err() {
            return Ok(());
        }
        let s = Schedule {
            sessions: sessions
                .into_iter()
                .map(|(room, slot, topics)| Session { room, slot, topics })
                .collect(),
            unscheduled: Vec::new(),
            stats: None,
            ..Schedule::default()
        };
        let _ = check(&inst, &s);
    }
}
