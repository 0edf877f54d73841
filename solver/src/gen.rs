//! Realistic generated instances: latent interest themes (each attendee
//! favours one to three), Zipf-like topic popularity, hosts of one or two
//! topics and some co-hosts, some hosts unavailable in some slots, and
//! venue-like room sizes (a few big rooms, many small ones). A topic's first
//! tag is its theme, so room purity can be measured.
//!
//! [`Family`] varies what real events differ in, so the engine is measured on
//! more than the kind of instance it was tuned on (see [`Family::named`]):
//! votes per attendee, how skewed popularity is, room sizes, how strongly
//! attendees keep to their themes, and how often hosts are unavailable.

use crate::instance::{Instance, Room, Slot, Topic, Votes};
use chrono::{Duration, TimeZone};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct GenParams {
    pub name: String,
    pub topics: usize,
    pub rooms: usize,
    pub slots: usize,
    pub attendees: usize,
    pub slots_per_day: usize,
    pub seed: u64,
    pub turnout: f64,
    pub family: Family,
}

/// How the rooms' sizes are drawn (`avg` = the average session's demand).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rooms {
    /// One room of 4×avg, one of 2.5×avg, the rest 0.5–1.6×avg.
    Venue,
    /// One plenary hall (10×avg) and small circles (0.3–0.8×avg).
    Plenary,
    /// All alike (0.8–1.2×avg).
    Alike,
    /// A quarter large (2–3×avg), the rest 0.4–0.9×avg.
    FewLarge,
}

/// What a generated event is like. The default is the generator's original
/// kind (the instances of `BENCHMARKS.md`), drawn exactly as before.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Family {
    /// Votes per attendee, drawn uniformly from this range (inclusive).
    pub votes: (usize, usize),
    /// Zipf exponent of topic popularity (0.6 flat … 1.4 a few hits).
    pub zipf: f64,
    pub rooms: Rooms,
    /// Chance that a vote goes to one of the attendee's own themes (strong
    /// co-voting near 1, weak near 0.4).
    pub focus: f64,
    /// Chance that a host is unavailable in one slot.
    pub unavailable: f64,
}

impl Default for Family {
    fn default() -> Self {
        Family {
            votes: (3, 8),
            zipf: 0.9,
            rooms: Rooms::Venue,
            focus: 0.85,
            unavailable: 0.08,
        }
    }
}

impl Family {
    /// The families of the robustness benchmark.
    pub const NAMES: [&'static str; 6] = [
        "venue",
        "skewed",
        "flat",
        "plenary",
        "weak-themes",
        "busy-hosts",
    ];

    /// - `venue`: the default (3–8 votes, Zipf 0.9, a few big rooms).
    /// - `skewed`: 3–15 votes, Zipf 1.4: a few hits far bigger than any room.
    /// - `flat`: 10–14 votes, Zipf 0.6, rooms all alike.
    /// - `plenary`: one plenary hall and small circles, Zipf 1.1, 4–10 votes.
    /// - `weak-themes`: attendees keep to their themes only 40 % of the time.
    /// - `busy-hosts`: a third of the hosts miss a slot; a quarter of the
    ///   rooms large, 5–12 votes.
    pub fn named(name: &str) -> Option<Family> {
        let d = Family::default();
        Some(match name {
            "venue" => d,
            "skewed" => Family {
                votes: (3, 15),
                zipf: 1.4,
                ..d
            },
            "flat" => Family {
                votes: (10, 14),
                zipf: 0.6,
                rooms: Rooms::Alike,
                ..d
            },
            "plenary" => Family {
                votes: (4, 10),
                zipf: 1.1,
                rooms: Rooms::Plenary,
                ..d
            },
            "weak-themes" => Family { focus: 0.4, ..d },
            "busy-hosts" => Family {
                votes: (5, 12),
                rooms: Rooms::FewLarge,
                unavailable: 0.33,
                ..d
            },
            _ => return None,
        })
    }
}

impl GenParams {
    /// The scales of the benchmark table.
    pub fn scale(name: &str) -> Option<GenParams> {
        let (topics, rooms, slots, attendees, per_day) = match name {
            "meetup" => (16, 4, 4, 80, 4),
            "devopsdays" => (56, 8, 7, 400, 4),
            "oversubscribed" => (60, 8, 6, 400, 3),
            "barcamp" => (150, 15, 10, 1500, 5),
            "congress" => (400, 20, 20, 5000, 5),
            _ => return None,
        };
        Some(GenParams {
            name: name.into(),
            topics,
            rooms,
            slots,
            attendees,
            slots_per_day: per_day,
            seed: 2026,
            turnout: 0.8,
            family: Family::default(),
        })
    }
}

const THEMES: &[(&str, &[&str])] = &[
    (
        "monitoring",
        &[
            "prometheus",
            "alerting",
            "dashboards",
            "slo",
            "metrics",
            "on-call",
            "observability",
        ],
    ),
    (
        "logging",
        &[
            "logs",
            "elk",
            "loki",
            "tracing",
            "opentelemetry",
            "retention",
            "sampling",
        ],
    ),
    (
        "containers",
        &[
            "docker",
            "kubernetes",
            "helm",
            "images",
            "registries",
            "operators",
            "storage",
        ],
    ),
    (
        "chatops",
        &[
            "slack",
            "bots",
            "incidents",
            "runbooks",
            "notifications",
            "chat",
        ],
    ),
    (
        "configuration",
        &[
            "ansible",
            "terraform",
            "puppet",
            "gitops",
            "secrets",
            "drift",
        ],
    ),
    (
        "culture",
        &[
            "postmortems",
            "burnout",
            "hiring",
            "teams",
            "management",
            "psychological-safety",
        ],
    ),
    (
        "ci-cd",
        &[
            "pipelines",
            "flaky-tests",
            "canaries",
            "feature-flags",
            "migrations",
            "monorepo",
        ],
    ),
    (
        "security",
        &[
            "sbom",
            "supply-chain",
            "vulnerabilities",
            "zero-trust",
            "audits",
            "policies",
        ],
    ),
    (
        "cloud",
        &[
            "aws",
            "costs",
            "serverless",
            "multi-cloud",
            "finops",
            "regions",
        ],
    ),
    (
        "databases",
        &[
            "postgres",
            "backups",
            "replication",
            "schemas",
            "scaling",
            "sharding",
        ],
    ),
];

const FORMS: &[&str] = &[
    "{} in practice",
    "Lessons from {}",
    "{}: what works?",
    "Getting started with {}",
    "{} at scale",
    "{} war stories",
    "Help me with {}",
    "{} anti-patterns",
];

pub fn generate(g: &GenParams) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(g.seed);
    let n_themes = THEMES.len().min((g.topics / 5).clamp(3, THEMES.len()));
    // Rooms: one or two large rooms, the rest 15 to 60 seats.
    let avg_demand = (g.attendees as f64 * 5.0 * g.turnout / g.topics.max(1) as f64).max(8.0);
    let f = g.family;
    // Drawn room by room, interleaved with the features as always, so the
    // default family gives exactly the instances it always gave.
    let between = |rng: &mut ChaCha8Rng, lo: f64, hi: f64| -> i64 {
        rng.gen_range((avg_demand * lo) as i64..=(avg_demand * hi) as i64)
    };
    let rooms: Vec<Room> = (0..g.rooms)
        .map(|i| {
            let cap = match f.rooms {
                Rooms::Venue if i == 0 => (avg_demand * 4.0) as i64,
                Rooms::Venue if i == 1 => (avg_demand * 2.5) as i64,
                Rooms::Venue => between(&mut rng, 0.5, 1.6).max(10),
                Rooms::Plenary if i == 0 => (avg_demand * 10.0) as i64,
                Rooms::Plenary => between(&mut rng, 0.3, 0.8).max(10),
                Rooms::Alike => between(&mut rng, 0.8, 1.2).max(10),
                Rooms::FewLarge if i < g.rooms.div_ceil(4) => between(&mut rng, 2.0, 3.0),
                Rooms::FewLarge => between(&mut rng, 0.4, 0.9).max(10),
            };
            Room {
                id: format!("r{}", i + 1),
                name: format!("Room {}", i + 1),
                capacity: cap.clamp(10, if f.rooms == Rooms::Plenary { 1000 } else { 400 }),
                features: if i < 2 || rng.gen_bool(0.5) {
                    vec!["projector".into()]
                } else {
                    vec![]
                },
            }
        })
        .collect();
    let base = chrono::FixedOffset::east_opt(3600)
        .expect("offset")
        .with_ymd_and_hms(2026, 10, 26, 10, 0, 0)
        .single()
        .expect("date");
    let slots: Vec<Slot> = (0..g.slots)
        .map(|i| {
            let day = i / g.slots_per_day.max(1);
            let k = i % g.slots_per_day.max(1);
            let start = base + Duration::days(day as i64) + Duration::minutes(55 * k as i64);
            Slot {
                id: format!("d{}s{}", day + 1, k + 1),
                start,
                end: start + Duration::minutes(45),
            }
        })
        .collect();
    // Hosts: a pool of people who host one or two topics.
    let mut topics = Vec::with_capacity(g.topics);
    let mut theme_of = Vec::with_capacity(g.topics);
    let mut host_next = 0usize;
    let mut hosted: Vec<u32> = Vec::new();
    let mut used_titles: BTreeMap<String, usize> = BTreeMap::new();
    for i in 0..g.topics {
        let theme = if i < n_themes {
            i
        } else {
            rng.gen_range(0..n_themes)
        };
        let (tag, words) = THEMES[theme];
        let w = words[rng.gen_range(0..words.len())];
        let form = FORMS[rng.gen_range(0..FORMS.len())];
        let mut title = form.replace("{}", w);
        let n = used_titles.entry(title.clone()).or_default();
        *n += 1;
        if *n > 1 {
            title = format!("{title} ({})", n);
        }
        let other = words[rng.gen_range(0..words.len())];
        // Hosts run one or two topics (and co-host at most one more).
        let second = (0..host_next)
            .filter(|&h| hosted[h] == 1)
            .collect::<Vec<_>>();
        let host = if !second.is_empty() && rng.gen_bool(0.25) {
            second[rng.gen_range(0..second.len())]
        } else {
            host_next += 1;
            hosted.push(0);
            host_next - 1
        };
        hosted[host] += 1;
        let mut hosts = vec![format!("h{host}")];
        if rng.gen_bool(0.15) {
            let co: Vec<usize> = (0..host_next)
                .filter(|&h| h != host && hosted[h] < 2)
                .collect();
            if !co.is_empty() {
                let c = co[rng.gen_range(0..co.len())];
                hosted[c] += 1;
                hosts.push(format!("h{c}"));
            }
        }
        topics.push(Topic {
            id: format!("t{}", i + 1),
            title,
            description: format!("Let's talk about {w} and {other} in {tag}."),
            hosts,
            tags: vec![tag.to_string(), w.to_string()],
            needs: if rng.gen_bool(0.1) {
                vec!["projector".into()]
            } else {
                vec![]
            },
        });
        theme_of.push(theme);
    }
    // Zipf-like popularity.
    let mut rank: Vec<usize> = (0..g.topics).collect();
    rank.shuffle(&mut rng);
    let mut pop = vec![0.0; g.topics];
    for (r, &t) in rank.iter().enumerate() {
        pop[t] = 1.0 / (r as f64 + 1.0).powf(f.zipf);
    }
    let by_theme: Vec<Vec<usize>> = (0..n_themes)
        .map(|th| (0..g.topics).filter(|&t| theme_of[t] == th).collect())
        .collect();
    let mut votes = Vec::with_capacity(g.attendees);
    for a in 0..g.attendees {
        let k = rng.gen_range(1..=3);
        let mut themes: Vec<usize> = (0..n_themes).collect();
        themes.shuffle(&mut rng);
        themes.truncate(k);
        let want = rng.gen_range(f.votes.0..=f.votes.1.max(f.votes.0));
        let mut chosen: Vec<usize> = Vec::new();
        let mut guard = 0;
        while chosen.len() < want && guard < 200 {
            guard += 1;
            let pool: &Vec<usize> = if rng.gen_bool(f.focus) {
                &by_theme[themes[rng.gen_range(0..themes.len())]]
            } else {
                &rank
            };
            if pool.is_empty() {
                continue;
            }
            // Popularity-weighted pick.
            let total: f64 = pool.iter().map(|&t| pop[t] + 0.02).sum();
            let mut x = rng.gen_range(0.0..total);
            let mut pick = pool[0];
            for &t in pool {
                x -= pop[t] + 0.02;
                if x <= 0.0 {
                    pick = t;
                    break;
                }
            }
            if !chosen.contains(&pick) {
                chosen.push(pick);
            }
        }
        chosen.sort_unstable();
        votes.push(Votes {
            participant: format!("a{a}"),
            topics: chosen.iter().map(|&t| format!("t{}", t + 1)).collect(),
        });
    }
    // Some hosts are unavailable in a slot or two.
    let mut unavailable: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for h in 0..host_next {
        if rng.gen_bool(f.unavailable) && g.slots > 2 {
            let s = rng.gen_range(0..g.slots);
            unavailable
                .entry(format!("h{h}"))
                .or_default()
                .push(slots[s].id.clone());
        }
    }
    Instance {
        name: g.name.clone(),
        rooms,
        slots,
        topics,
        votes,
        unavailable,
        room_closed: BTreeMap::new(),
        pinned: vec![],
        previous: None,
        frozen_slots: vec![],
        turnout: g.turnout,
        stability: 0,
        apart: Vec::new(),
        themed_rooms: 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::Problem;

    fn at(scale: &str, family: &str, seed: u64) -> Instance {
        let mut g = GenParams::scale(scale).unwrap();
        g.seed = seed;
        g.family = Family::named(family).unwrap();
        generate(&g)
    }

    /// Every family gives valid instances with what the family promises.
    #[test]
    fn families_differ_as_documented() {
        for name in Family::NAMES {
            let f = Family::named(name).unwrap();
            let inst = at("devopsdays", name, 3);
            assert!(Problem::new(inst.clone()).is_ok(), "{name}");
            for v in &inst.votes {
                assert!(v.topics.len() <= f.votes.1, "{name}: {}", v.topics.len());
            }
        }
        assert!(Family::named("nope").is_none());
        // Plenary: one hall of 10× and small circles; alike: within 1.5×.
        let caps = |i: &Instance| i.rooms.iter().map(|r| r.capacity).collect::<Vec<_>>();
        let p = caps(&at("barcamp", "plenary", 1));
        let big = *p.iter().max().unwrap();
        assert!(
            p.iter().filter(|&&c| c * 5 < big).count() == p.len() - 1,
            "{p:?}"
        );
        let a = caps(&at("barcamp", "flat", 1));
        assert!(
            a.iter().max().unwrap() * 2 <= a.iter().min().unwrap() * 3,
            "{a:?}"
        );
        // Skewed popularity: the top topic draws a far larger share of votes.
        let top_share = |i: &Instance| {
            let mut n: BTreeMap<&str, usize> = BTreeMap::new();
            let mut total = 0;
            for v in &i.votes {
                for t in &v.topics {
                    *n.entry(t).or_default() += 1;
                    total += 1;
                }
            }
            *n.values().max().unwrap() as f64 / total as f64
        };
        assert!(
            top_share(&at("barcamp", "skewed", 1)) > 1.5 * top_share(&at("barcamp", "flat", 1))
        );
        // Busy hosts: far more unavailability than the default.
        assert!(
            at("barcamp", "busy-hosts", 1).unavailable.len()
                > 2 * at("barcamp", "venue", 1).unavailable.len()
        );
    }

    /// The default family draws the same instance for the same seed.
    #[test]
    fn the_default_is_deterministic() {
        let a = serde_json::to_string(&at("meetup", "venue", 9)).unwrap();
        let b = serde_json::to_string(&generate(&{
            let mut g = GenParams::scale("meetup").unwrap();
            g.seed = 9;
            g
        }))
        .unwrap();
        assert_eq!(a, b);
    }
}
