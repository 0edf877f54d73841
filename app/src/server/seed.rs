//! The demo event: a DevOpsDays-style open space (2 days, 8 rooms, 6 slots,
//! about 40 topics, 300 attendees with votes), generated from a fixed seed so
//! that every run, screenshot and later feature sees the same data. Seeded once
//! per database; turned off with `KRING_SEED_DEMO=false`.

use super::error::ServiceResult;
use super::now_utc;
use super::{organizers, rooms, slots};
use crate::server::events::{self, EventInput};
use rand::{seq::SliceRandom, Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::SqlitePool;

pub const DEMO_SLUG: &str = "demo";
pub const DEMO_ORGANIZER: &str = "organizer@kring.local";

const THEMES: &[(&str, &[&str])] = &[
    (
        "monitoring",
        &[
            "Prometheus alerting that doesn't wake you for nothing",
            "SLOs in practice: picking the first three",
            "Grafana dashboards nobody looks at",
            "Synthetic monitoring vs real user monitoring",
            "Monitoring Kubernetes without drowning in metrics",
            "On-call health: rotations, pay and burnout",
        ],
    ),
    (
        "logging",
        &[
            "Structured logging: getting teams to adopt it",
            "ELK vs Loki: what we learned switching",
            "Log retention and GDPR",
            "Tracing with OpenTelemetry: worth the effort?",
            "Sampling traces without losing the interesting ones",
        ],
    ),
    (
        "containers",
        &[
            "Data persistence in Docker",
            "Kubernetes for small teams: yes or no?",
            "Helm, Kustomize or plain YAML",
            "Container image supply chain and SBOMs",
            "Running stateful services on Kubernetes",
            "Rootless containers in production",
            "Local dev environments with containers",
        ],
    ),
    (
        "chatops",
        &[
            "ChatOps: deploying from Slack safely",
            "Incident channels and bots that help",
            "Runbooks as code",
            "Chat fatigue: fewer notifications, more signal",
        ],
    ),
    (
        "configuration management",
        &[
            "Ansible at scale: lessons from 5,000 hosts",
            "Terraform state: monorepo or many repos",
            "Puppet to Ansible migration stories",
            "Testing infrastructure code",
            "GitOps with Argo CD or Flux",
            "Secrets management beyond environment variables",
        ],
    ),
    (
        "culture",
        &[
            "Blameless postmortems that actually change things",
            "DevOps team anti-patterns",
            "Convincing management to invest in reliability",
            "Psychological safety in ops teams",
            "Hiring and growing junior SREs",
            "Platform teams: product or service desk?",
            "Remote on-call across time zones",
        ],
    ),
    (
        "ci/cd",
        &[
            "Fast CI for a big monorepo",
            "Feature flags and trunk-based development",
            "Progressive delivery with canaries",
            "Database migrations without downtime",
            "Flaky tests: quarantine or fix?",
        ],
    ),
];

const FIRST: &[&str] = &[
    "Ana", "Bram", "Chloé", "Dries", "Elif", "Femke", "Gert", "Hanne", "Ilse", "Jonas", "Karim",
    "Lotte", "Maarten", "Nina", "Olivier", "Pieter", "Quinten", "Ruth", "Sofie", "Tom", "Uma",
    "Vince", "Wout", "Xavier", "Yara", "Zeno", "Arjen", "Bert", "Carla", "Dimitri", "Eva", "Farid",
    "Greet", "Hugo",
];
const LAST: &[&str] = &[
    "A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "J.", "K.", "L.", "M.", "N.", "P.", "R.", "S.",
    "T.", "V.", "W.",
];

pub struct SeedReport {
    pub event_url: String,
    /// Set when the demo created the first organizer: (email, password).
    pub organizer: Option<(String, String)>,
}

async fn already_seeded(pool: &SqlitePool) -> ServiceResult<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM app_meta WHERE key = 'demo_seeded'")
            .fetch_one(pool)
            .await?
            > 0,
    )
}

/// Seeds the demo once. Returns `None` when it was seeded before.
pub async fn seed_demo(
    pool: &SqlitePool,
    public_url: &str,
    password: Option<&str>,
) -> ServiceResult<Option<SeedReport>> {
    if already_seeded(pool).await? {
        return Ok(None);
    }
    let organizer = if organizers::count(pool).await? == 0 {
        let pw = match password {
            Some(p) => p.to_string(),
            None => {
                let mut rng = rand::thread_rng();
                (0..16)
                    .map(|_| {
                        *b"abcdefghjkmnpqrstuvwxyz23456789"
                            .choose(&mut rng)
                            .unwrap_or(&b'x') as char
                    })
                    .collect()
            }
        };
        organizers::create(pool, DEMO_ORGANIZER, &pw, true).await?;
        Some((DEMO_ORGANIZER.to_string(), pw))
    } else {
        None
    };
    if events::by_slug(pool, DEMO_SLUG).await.is_err() {
        build_event(pool).await?;
    }
    sqlx::query("INSERT OR REPLACE INTO app_meta (key, value) VALUES ('demo_seeded', ?1)")
        .bind(now_utc())
        .execute(pool)
        .await?;
    Ok(Some(SeedReport {
        event_url: events::join_url(public_url, DEMO_SLUG),
        organizer,
    }))
}

async fn build_event(pool: &SqlitePool) -> ServiceResult<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(20_261_026);
    let input = EventInput::parse(
        "DevOpsDays Demo",
        DEMO_SLUG,
        "Europe/Brussels",
        "2027-10-25",
        "2027-10-26",
    )?;
    // The demo's organizer owns the demo; on an instance that had organizers
    // before, the administrator does.
    let owner: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM organizers ORDER BY email = ?1 DESC, is_admin DESC, id LIMIT 1",
    )
    .bind(DEMO_ORGANIZER)
    .fetch_optional(pool)
    .await?;
    let event = events::create_owned(pool, &input, owner).await?;

    for (name, cap, feats) in [
        ("Auditorium", "200", "projector, step-free"),
        ("Main hall", "120", "projector, step-free"),
        ("Room A", "60", "projector"),
        ("Room B", "40", "projector"),
        ("Room C", "30", "whiteboard"),
        ("Room D", "25", "whiteboard, step-free"),
        ("Lounge", "20", "step-free"),
        ("Garden corner", "12", ""),
    ] {
        rooms::add(pool, event.id, &rooms::RoomInput::parse(name, cap, feats)?).await?;
    }
    for day in ["2027-10-25", "2027-10-26"] {
        for (s, e) in [("13:30", "14:15"), ("14:25", "15:10"), ("15:20", "16:05")] {
            slots::add(pool, &event, &slots::SlotInput::parse(&event, day, s, e)?).await?;
        }
    }

    // 300 attendees, each favouring one to three themes.
    let now = now_utc();
    let mut tx = pool.begin().await?;
    let mut attendees: Vec<(i64, Vec<usize>)> = Vec::new();
    for i in 0..300 {
        let name = format!(
            "{} {}",
            FIRST[i % FIRST.len()],
            LAST[(i / FIRST.len() + i) % LAST.len()]
        );
        let id = sqlx::query(
            "INSERT INTO attendees (event_id, display_name, created_at) VALUES (?1, ?2, ?3)",
        )
        .bind(event.id)
        .bind(&name)
        .bind(&now)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        let n = rng.gen_range(1..=3);
        let mut themes: Vec<usize> = (0..THEMES.len()).collect();
        themes.shuffle(&mut rng);
        themes.truncate(n);
        attendees.push((id, themes));
    }

    // Topics, proposed by attendees who like their theme, over one morning.
    let mut topics: Vec<(i64, usize, f64)> = Vec::new(); // id, theme, popularity
                                                         // Proposed over the last hours (before anything an attendee adds now, so
                                                         // that "newest first" puts new proposals on top).
    let base = chrono::Utc::now() - chrono::Duration::hours(8);
    let mut k = 0;
    for (theme_idx, (tag, titles)) in THEMES.iter().enumerate() {
        for title in titles.iter() {
            k += 1;
            let fans: Vec<i64> = attendees
                .iter()
                .filter(|(_, t)| t.contains(&theme_idx))
                .map(|(a, _)| *a)
                .collect();
            let host = *fans.choose(&mut rng).unwrap_or(&attendees[0].0);
            let created = (base + chrono::Duration::minutes(k * 7))
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            let extra = match rng.gen_range(0..4) {
                0 => ", beginners",
                1 => ", war stories",
                _ => "",
            };
            let id = sqlx::query(
                "INSERT INTO topics (event_id, title, description, tags, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?5)",
            )
            .bind(event.id)
            .bind(*title)
            .bind(format!("Open discussion about {}. Bring your questions and experiences.", title.to_lowercase()))
            .bind(serde_json::to_string(&format!("{tag}{extra}").split(", ").collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into()))
            .bind(&created)
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
            sqlx::query("INSERT INTO topic_hosts (topic_id, attendee_id, role, joined_at) VALUES (?1, ?2, 'proposer', ?3)")
                .bind(id)
                .bind(host)
                .bind(&created)
                .execute(&mut *tx)
                .await?;
            if rng.gen_bool(0.2) {
                if let Some(co) = fans.choose(&mut rng).filter(|&&c| c != host) {
                    sqlx::query("INSERT INTO topic_hosts (topic_id, attendee_id, role, joined_at) VALUES (?1, ?2, 'cohost', ?3)")
                        .bind(id)
                        .bind(co)
                        .bind(&created)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            topics.push((id, theme_idx, 0.0));
        }
    }
    // Zipf-like popularity: a few hits, a long tail.
    let mut order: Vec<usize> = (0..topics.len()).collect();
    order.shuffle(&mut rng);
    for (rank, &i) in order.iter().enumerate() {
        topics[i].2 = 1.0 / (rank as f64 + 1.0).powf(0.8);
    }
    for (attendee, themes) in &attendees {
        let want = rng.gen_range(2..=7);
        let mut picked: Vec<i64> = Vec::new();
        for _ in 0..want * 6 {
            if picked.len() >= want {
                break;
            }
            let &(tid, theme, pop) = topics.choose(&mut rng).expect("topics");
            let affinity = if themes.contains(&theme) { 1.0 } else { 0.08 };
            if !picked.contains(&tid) && rng.gen_bool((affinity * (0.25 + pop)).min(1.0)) {
                picked.push(tid);
            }
        }
        for tid in picked {
            sqlx::query("INSERT OR IGNORE INTO votes (attendee_id, topic_id, created_at) VALUES (?1, ?2, ?3)")
                .bind(attendee)
                .bind(tid)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
    async fn demo_is_realistic_seeded_once_and_deterministic(pool: SqlitePool) {
        let r = seed_demo(&pool, "http://localhost:3000", Some("demo-password-1"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.event_url, "http://localhost:3000/e/demo");
        assert_eq!(r.organizer.unwrap().0, DEMO_ORGANIZER);
        assert!(
            seed_demo(&pool, "http://x", None).await.unwrap().is_none(),
            "only once"
        );

        let ev = events::by_slug(&pool, DEMO_SLUG).await.unwrap();
        assert_eq!(rooms::list(&pool, ev.id).await.unwrap().len(), 8);
        assert_eq!(slots::list(&pool, &ev).await.unwrap().len(), 6);
        let c = events::counts(&pool, ev.id).await.unwrap();
        assert_eq!(c.attendees, 300);
        assert!((38..=45).contains(&c.topics), "{}", c.topics);
        assert!(c.votes > 600, "{}", c.votes);
        let voters: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT attendee_id) FROM votes")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(voters > 250, "{voters}");
        assert!(organizers::verify(&pool, DEMO_ORGANIZER, "demo-password-1")
            .await
            .unwrap()
            .is_some());

        // Same seed, same votes: a fingerprint of the vote table.
        let fp: (i64, i64) =
            sqlx::query_as("SELECT COUNT(*), SUM(attendee_id * 31 + topic_id) FROM votes")
                .fetch_one(&pool)
                .await
                .unwrap();
        let other = SqlitePool::connect("sqlite::memory:").await.unwrap();
        crate::server::db::MIGRATOR.run(&other).await.unwrap();
        seed_demo(&other, "http://x", Some("another-password"))
            .await
            .unwrap();
        let fp2: (i64, i64) =
            sqlx::query_as("SELECT COUNT(*), SUM(attendee_id * 31 + topic_id) FROM votes")
                .fetch_one(&other)
                .await
                .unwrap();
        assert_eq!(fp, fp2);
    }
}
