//! The schedule workflow without HTTP: the engine's instance from the
//! database, a run stored as a draft, edits checked by the engine's checker,
//! publishing (with its conflicts), diff, rollback, stability and exports.

use super::instance::{self, StoredSession};
use super::*;
use crate::domain::{DisplayName, Stability, ThemedRooms, TimeLimit};
use crate::server::events::{self, EventInput, EventRow};
use crate::server::topics::{self, TopicInput};
use crate::server::{attendees, rooms, seed, slots, votes, ServiceError};
use chrono::TimeZone;
use sqlx::SqlitePool;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

/// Well before the demo (October 2027).
fn before_demo() -> DateTime<Utc> {
    at(2027, 1, 1, 0)
}

async fn demo(pool: &SqlitePool) -> EventRow {
    seed::seed_demo(pool, "http://127.0.0.1:3000", Some("pw-for-tests"))
        .await
        .unwrap();
    events::by_slug(pool, "demo").await.unwrap()
}

async fn run_and_wait(
    pool: &SqlitePool,
    jobs: &Jobs,
    ev: &EventRow,
    now: DateTime<Utc>,
) -> versions::VersionRow {
    run(pool, jobs, ev, None, TimeLimit::parse("2").unwrap(), now)
        .await
        .unwrap();
    let done = jobs.wait(ev.id).await.unwrap();
    assert!(done.error.is_none(), "{:?}", done.error);
    versions::draft(pool, ev.id)
        .await
        .unwrap()
        .expect("a draft")
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn the_instance_holds_what_organizers_and_attendees_decided(pool: SqlitePool) {
    let ev = events::create(
        &pool,
        &EventInput::parse("X", "xyz", "UTC", "2026-10-26", "2026-10-26").unwrap(),
    )
    .await
    .unwrap();
    let big = rooms::add(
        &pool,
        ev.id,
        &rooms::RoomInput::parse("Big", "50", "projector").unwrap(),
    )
    .await
    .unwrap();
    let small = rooms::add(
        &pool,
        ev.id,
        &rooms::RoomInput::parse("Small", "10", "").unwrap(),
    )
    .await
    .unwrap();
    for (s, e) in [("10:00", "11:00"), ("11:00", "12:00")] {
        slots::add(
            &pool,
            &ev,
            &slots::SlotInput::parse(&ev, "2026-10-26", s, e).unwrap(),
        )
        .await
        .unwrap();
    }
    let slot_ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM slots ORDER BY starts_at")
        .fetch_all(&pool)
        .await
        .unwrap();
    let name = |n: &str| DisplayName::parse(n).unwrap();
    let ana = attendees::join(&pool, ev.id, &name("Ana")).await.unwrap();
    let bob = attendees::join(&pool, ev.id, &name("Bob")).await.unwrap();
    let cy = attendees::join(&pool, ev.id, &name("Cy")).await.unwrap();
    let t1 = topics::propose(
        &pool,
        &ev,
        ana,
        &TopicInput::parse("Docker", "", "containers").unwrap(),
    )
    .await
    .unwrap();
    let t2 = topics::propose(
        &pool,
        &ev,
        bob,
        &TopicInput::parse("Prometheus", "", "").unwrap(),
    )
    .await
    .unwrap();
    let t3 = topics::propose(
        &pool,
        &ev,
        cy,
        &TopicInput::parse("Docker again", "", "").unwrap(),
    )
    .await
    .unwrap();
    let t4 = topics::propose(&pool, &ev, cy, &TopicInput::parse("Gone", "", "").unwrap())
        .await
        .unwrap();
    topics::set_cohost(&pool, &ev, bob, t1, true).await.unwrap();
    votes::cast(&pool, &ev, ana, t2).await.unwrap();
    votes::cast(&pool, &ev, cy, t1).await.unwrap();
    votes::cast(&pool, &ev, bob, t3).await.unwrap();
    topics::merge(&pool, &ev, t1, &[t3]).await.unwrap();
    topics::withdraw(&pool, &ev, topics::Actor::Organizer, t4)
        .await
        .unwrap();
    sqlx::query("INSERT INTO schedule_pins (topic_id, room_id, slot_id) VALUES (?1, ?2, ?3)")
        .bind(t2)
        .bind(small)
        .bind(slot_ids[1])
        .execute(&pool)
        .await
        .unwrap();
    set_closed(&pool, &ev, big, slot_ids[1], true)
        .await
        .unwrap();
    set_unavailable(&pool, &ev, ana, slot_ids[0], true)
        .await
        .unwrap();

    let inst = instance::build(&pool, &ev, None, at(2026, 10, 1, 0))
        .await
        .unwrap();
    let ids: Vec<&str> = inst.topics.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [instance::topic_key(t1), instance::topic_key(t2)],
        "open topics only"
    );
    assert_eq!(
        inst.topics[0].hosts,
        [
            instance::person_key(ana),
            instance::person_key(bob),
            instance::person_key(cy)
        ],
        "proposer first, then co-hosts (Cy's merged topic made Cy one)"
    );
    // Bob's vote for the merged topic moved to its target.
    let bob_votes = inst
        .votes
        .iter()
        .find(|v| v.participant == instance::person_key(bob))
        .unwrap();
    assert_eq!(bob_votes.topics, [instance::topic_key(t1)]);
    assert_eq!(inst.pinned.len(), 1);
    assert_eq!(
        inst.room_closed[&instance::room_key(big)],
        [instance::slot_key(slot_ids[1])]
    );
    assert_eq!(
        inst.unavailable[&instance::person_key(ana)],
        [instance::slot_key(slot_ids[0])]
    );
    assert!(inst.previous.is_none() && inst.frozen_slots.is_empty());
    assert_eq!(inst.stability, 5, "the event's default");
    assert!(solver::Problem::new(inst.clone()).is_ok());

    // With a published schedule, started slots are frozen and withdrawn
    // topics leave it.
    let previous = vec![StoredSession {
        room_id: big,
        slot_id: slot_ids[0],
        topic_ids: vec![t1, t4],
    }];
    let during = at(2026, 10, 26, 10) + chrono::Duration::minutes(30);
    let inst = instance::build(&pool, &ev, Some(&previous), during)
        .await
        .unwrap();
    assert_eq!(inst.frozen_slots, [instance::slot_key(slot_ids[0])]);
    let prev = inst.previous.unwrap();
    assert_eq!(prev.sessions.len(), 1);
    assert_eq!(prev.sessions[0].topics, [instance::topic_key(t1)]);
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn run_draft_edit_publish_and_export(pool: SqlitePool) {
    let ev = demo(&pool).await;
    let jobs = Jobs::default();
    let now = before_demo();
    let draft = run_and_wait(&pool, &jobs, &ev, now).await;
    let ctx = context(&pool, &ev, now).await.unwrap();
    let sessions = versions::sessions(&pool, draft.id).await.unwrap();
    assert!(
        sessions.len() >= 40,
        "every demo topic fits: {}",
        sessions.len()
    );
    assert!(
        ctx.check(&sessions).hard.is_empty(),
        "{:?}",
        ctx.check(&sessions).hard
    );
    let stats: solver::Stats = serde_json::from_str(&draft.stats).unwrap();
    assert_eq!(stats.unserved, ctx.check(&sessions).stats.unserved);

    // Nothing is public yet.
    assert!(versions::published(&pool, ev.id).await.unwrap().is_none());
    assert!(export::load(&pool, &ev, "http://x")
        .await
        .unwrap()
        .is_none());

    // An edit: move a session to an empty cell; the delta matches the checker.
    let empty = ctx
        .rooms
        .iter()
        .flat_map(|r| ctx.slots.iter().map(move |s| (r.id, s.id)))
        .find(|c| !sessions.iter().any(|s| (s.room_id, s.slot_id) == *c));
    let from = (sessions[0].room_id, sessions[0].slot_id);
    if let Some(to) = empty {
        let before = grid::unserved(&ctx, &sessions);
        match edit(&pool, &ev, draft.id, &Edit::Move { from, to }, now).await {
            Ok(r) => {
                let after = versions::sessions(&pool, draft.id).await.unwrap();
                assert_eq!(r.delta, grid::unserved(&ctx, &after) - before);
                assert!(after.iter().any(|s| (s.room_id, s.slot_id) == to));
            }
            Err(ServiceError::Conflict(m)) => assert!(m.starts_with("Not changed"), "{m}"),
            Err(e) => panic!("{e}"),
        }
    }

    // A move into a closed cell is refused and nothing changes.
    let stored = versions::sessions(&pool, draft.id).await.unwrap();
    let target = (stored[1].room_id, stored[1].slot_id);
    let free_room = ctx
        .rooms
        .iter()
        .find(|r| {
            !stored
                .iter()
                .any(|s| s.room_id == r.id && s.slot_id == target.1)
        })
        .map(|r| r.id);
    if let Some(room) = free_room {
        set_closed(&pool, &ev, room, target.1, true).await.unwrap();
        let err = edit(
            &pool,
            &ev,
            draft.id,
            &Edit::Move {
                from: target,
                to: (room, target.1),
            },
            now,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(err, ServiceError::Conflict(ref m) if m.contains("closed")),
            "{err}"
        );
        assert_eq!(versions::sessions(&pool, draft.id).await.unwrap(), stored);
        set_closed(&pool, &ev, room, target.1, false).await.unwrap();
    }

    // Publish: version 1; a second publish based on "nothing published" is refused.
    let n = publish(&pool, &ev, draft.id, None, false, None, now)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let again = run_and_wait(&pool, &jobs, &ev, now).await;
    let err = publish(&pool, &ev, again.id, None, false, None, now)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::Conflict(ref m) if m.contains("newer version")),
        "{err}"
    );

    // Exports of version 1.
    let p = export::load(&pool, &ev, "http://127.0.0.1:3000")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.number, 1);
    assert_eq!(p.sessions.len(), stored.len());
    let xml = export::frab::xml(&p);
    assert!(xml.contains("<acronym>demo</acronym>"), "{xml}");
    assert!(xml.contains("<room name=\"Auditorium\""));
    let ics = export::ical::calendar(&p, &p.sessions.iter().collect::<Vec<_>>(), "x");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), p.sessions.len());
    let csv = export::csv::csv(&p);
    assert_eq!(csv.lines().count(), p.sessions.len() + 1);
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn diff_rollback_and_cancelled_topics(pool: SqlitePool) {
    let ev = demo(&pool).await;
    let jobs = Jobs::default();
    let now = before_demo();
    let d1 = run_and_wait(&pool, &jobs, &ev, now).await;
    let v1_sessions = versions::sessions(&pool, d1.id).await.unwrap();
    publish(&pool, &ev, d1.id, None, false, None, now)
        .await
        .unwrap();

    // A new draft with two sessions of different slots exchanged.
    let a = v1_sessions[0].clone();
    let b = v1_sessions
        .iter()
        .find(|s| s.slot_id != a.slot_id)
        .unwrap()
        .clone();
    let swapped =
        grid::moved(&v1_sessions, (a.room_id, a.slot_id), (b.room_id, b.slot_id)).unwrap();
    let id = versions::store_draft(
        &pool,
        &versions::NewDraft {
            event_id: ev.id,
            organizer_id: None,
            sessions: &swapped,
            input_hash: &d1.input_hash,
            stats_json: "{}",
            origin: "test",
        },
    )
    .await
    .unwrap();
    let ctx = context(&pool, &ev, now).await.unwrap();
    let diff = grid::diff(&ctx, &v1_sessions, &swapped);
    assert_eq!(diff.moved.len(), a.topic_ids.len() + b.topic_ids.len());
    assert!(diff.added.is_empty() && diff.removed.is_empty());
    assert!(diff.affected_attendees > 0);
    assert_eq!(
        publish(&pool, &ev, id, Some(1), true, None, now)
            .await
            .unwrap(),
        2
    );

    // Roll back to 1: version 3, with version 1's sessions.
    assert_eq!(rollback(&pool, &ev, 1, Some(2), None).await.unwrap(), 3);
    let (v3, s3) = published_sessions(&pool, ev.id).await.unwrap().unwrap();
    assert_eq!(v3.number, Some(3));
    assert_eq!(s3, v1_sessions);
    // Rolling back to the current one, or from a stale view, is refused.
    assert!(rollback(&pool, &ev, 3, Some(3), None).await.is_err());
    assert!(matches!(
        rollback(&pool, &ev, 2, Some(2), None).await,
        Err(ServiceError::Conflict(_))
    ));
    // The mirror the room guard uses follows the published version.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM schedule_sessions WHERE event_id = ?1")
        .bind(ev.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n as usize, s3.len());

    // A topic withdrawn after publishing shows as cancelled, not gone.
    let t = s3[0].topic_ids[0];
    topics::withdraw(&pool, &ev, topics::Actor::Organizer, t)
        .await
        .unwrap();
    let public = public::schedule(&pool, &ev, None, true, now)
        .await
        .unwrap()
        .unwrap();
    let shown = public
        .slots
        .iter()
        .flat_map(|s| s.sessions.iter())
        .flat_map(|s| s.topics.iter())
        .find(|x| x.id == t)
        .expect("still listed");
    assert!(shown.cancelled);
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn re_planning_keeps_the_published_schedule_when_moves_gain_little(pool: SqlitePool) {
    let ev = demo(&pool).await;
    let jobs = Jobs::default();
    let now = before_demo();
    let d1 = run_and_wait(&pool, &jobs, &ev, now).await;
    publish(&pool, &ev, d1.id, None, false, None, now)
        .await
        .unwrap();
    let published = versions::sessions(&pool, d1.id).await.unwrap();
    // A few new votes, and a stability no move can reach: nothing moves.
    set_stability(&pool, &ev, Stability::parse("1000").unwrap())
        .await
        .unwrap();
    let voters: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM attendees WHERE event_id = ?1 LIMIT 5")
            .bind(ev.id)
            .fetch_all(&pool)
            .await
            .unwrap();
    for a in voters {
        let _ = votes::cast(&pool, &ev, a, published[0].topic_ids[0]).await;
    }
    let d2 = run_and_wait(&pool, &jobs, &ev, now).await;
    let replanned = versions::sessions(&pool, d2.id).await.unwrap();
    let ctx = context(&pool, &ev, now).await.unwrap();
    assert!(grid::diff(&ctx, &published, &replanned).moved.is_empty());

    // Once a slot has started it is frozen: pinning into it is refused.
    let first_slot = ctx.slots[0].clone();
    let during = DateTime::parse_from_rfc3339(&first_slot.starts_at)
        .unwrap()
        .with_timezone(&Utc)
        + chrono::Duration::minutes(5);
    let s = replanned
        .iter()
        .find(|s| s.slot_id == first_slot.id)
        .unwrap();
    let err = set_pin(&pool, &ev, d2.id, (s.room_id, s.slot_id), true, during)
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::Conflict(ref m) if m.contains("frozen")),
        "{err}"
    );
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn one_run_per_event_and_an_empty_event_is_refused_clearly(pool: SqlitePool) {
    let ev = demo(&pool).await;
    let jobs = Jobs::default();
    let now = before_demo();
    run(&pool, &jobs, &ev, None, TimeLimit::parse("3").unwrap(), now)
        .await
        .unwrap();
    let second = run(&pool, &jobs, &ev, None, TimeLimit::parse("3").unwrap(), now).await;
    assert!(matches!(second, Err(ServiceError::Conflict(ref m)) if m.contains("already running")));
    jobs.cancel(ev.id).unwrap();
    let done = jobs.wait(ev.id).await.unwrap();
    assert!(!done.running);
    assert!(
        versions::draft(&pool, ev.id).await.unwrap().is_some(),
        "the best so far is kept"
    );

    let empty = events::create(
        &pool,
        &EventInput::parse("Empty", "empty", "UTC", "2026-10-26", "2026-10-26").unwrap(),
    )
    .await
    .unwrap();
    let err = run(
        &pool,
        &jobs,
        &empty,
        None,
        TimeLimit::parse("1").unwrap(),
        now,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, ServiceError::Conflict(ref m) if m.contains("Add at least one room")),
        "{err}"
    );
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn an_undone_merge_stays_undone(pool: SqlitePool) {
    let ev = events::create(
        &pool,
        &EventInput::parse("Small", "small", "UTC", "2026-10-26", "2026-10-26").unwrap(),
    )
    .await
    .unwrap();
    rooms::add(
        &pool,
        ev.id,
        &rooms::RoomInput::parse("Only room", "30", "").unwrap(),
    )
    .await
    .unwrap();
    for (s, e) in [("10:00", "11:00"), ("11:00", "12:00")] {
        slots::add(
            &pool,
            &ev,
            &slots::SlotInput::parse(&ev, "2026-10-26", s, e).unwrap(),
        )
        .await
        .unwrap();
    }
    let name = |n: &str| DisplayName::parse(n).unwrap();
    let mut people = Vec::new();
    for n in ["Ana", "Bob", "Cy", "Dee"] {
        people.push(attendees::join(&pool, ev.id, &name(n)).await.unwrap());
    }
    let mut ids = Vec::new();
    for (i, (title, tags)) in [
        ("Docker volumes", "docker"),
        ("Docker volumes in production", "docker"),
        ("Prometheus alert rules", "monitoring"),
        ("Prometheus alerts that matter", "monitoring"),
    ]
    .into_iter()
    .enumerate()
    {
        let t = topics::propose(
            &pool,
            &ev,
            people[i],
            &TopicInput::parse(title, "", tags).unwrap(),
        )
        .await
        .unwrap();
        ids.push(t);
    }
    for (a, t) in [(0, 1), (1, 0), (2, 3), (3, 2), (0, 0)] {
        votes::cast(&pool, &ev, people[a], ids[t]).await.unwrap();
    }
    let jobs = Jobs::default();
    let now = at(2026, 10, 1, 0);
    let d1 = run_and_wait(&pool, &jobs, &ev, now).await;
    let s1 = versions::sessions(&pool, d1.id).await.unwrap();
    let merged = s1
        .iter()
        .find(|s| s.topic_ids.len() > 1)
        .expect("4 topics, 2 room-slots: merged");
    let pair = (merged.topic_ids[0], merged.topic_ids[1]);
    undo_merge(&pool, &ev, d1.id, (merged.room_id, merged.slot_id), now)
        .await
        .unwrap();
    let s2 = versions::sessions(&pool, d1.id).await.unwrap();
    let cell = s2
        .iter()
        .find(|s| (s.room_id, s.slot_id) == (merged.room_id, merged.slot_id))
        .unwrap();
    assert_eq!(cell.topic_ids.len(), 1, "the most voted stays: {s2:?}");
    let inst = instance::build(&pool, &ev, None, now).await.unwrap();
    assert_eq!(inst.apart.len(), 1);
    // The next run never puts the pair together again.
    let d2 = run_and_wait(&pool, &jobs, &ev, now).await;
    let s3 = versions::sessions(&pool, d2.id).await.unwrap();
    assert!(
        !s3.iter()
            .any(|s| s.topic_ids.contains(&pair.0) && s.topic_ids.contains(&pair.1)),
        "{s3:?}"
    );
    // A single-topic session has no merge to undo.
    if let Some(single) = s3.iter().find(|s| s.topic_ids.len() == 1) {
        let err = undo_merge(&pool, &ev, d2.id, (single.room_id, single.slot_id), now)
            .await
            .unwrap_err();
        assert!(
            matches!(err, ServiceError::Conflict(ref m) if m.contains("one topic")),
            "{err}"
        );
    }
    // The replaced draft can no longer be edited.
    let err = undo_merge(&pool, &ev, d1.id, (merged.room_id, merged.slot_id), now).await;
    assert!(matches!(err, Err(ServiceError::Conflict(_))));
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn an_engine_panic_ends_the_job_clearly_and_stores_nothing(pool: SqlitePool) {
    let ev = demo(&pool).await;
    let jobs = Jobs::default();
    let before = versions::draft(&pool, ev.id).await.unwrap().map(|v| v.id);
    fn exploding(_: &solver::Problem, _: &solver::Options) -> solver::Schedule {
        panic!("index out of bounds: the len is 3 but the index is 7")
    }
    jobs::start(
        &pool,
        &jobs,
        jobs::RunRequest {
            engine: exploding,
            event: &ev,
            organizer_id: None,
            time_limit: TimeLimit::parse("2").unwrap(),
            previous: None,
            now: before_demo(),
        },
    )
    .await
    .unwrap();
    let done = jobs.wait(ev.id).await.unwrap();
    assert!(!done.running);
    let error = done.error.expect("the job reports the failure");
    assert!(error.contains("Nothing was changed"), "{error}");
    assert!(
        !error.contains("index out of bounds"),
        "internals stay in the log: {error}"
    );
    assert_eq!(
        versions::draft(&pool, ev.id).await.unwrap().map(|v| v.id),
        before,
        "no draft was written"
    );
    let rows: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM schedule_versions WHERE event_id = ?1")
        .bind(ev.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows.0, 0, "nothing half-written");
    // The event is free again: the next run works.
    run_and_wait(&pool, &jobs, &ev, before_demo()).await;
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn the_board_shows_the_marketplace_then_now_and_next_per_room(pool: SqlitePool) {
    use crate::model::BoardMode;
    use crate::server::board::{self, BoardSettings};
    let ev = demo(&pool).await;
    let jobs = Jobs::default();
    // Before publishing: the marketplace, whatever the time.
    let b = board::board(&pool, &ev, "https://kring.example", before_demo())
        .await
        .unwrap();
    assert!(b.schedule.is_none());
    assert_eq!(b.join_short, "kring.example/e/demo");
    assert!(
        b.topics >= 40 && b.newest.len() == 8,
        "{} {}",
        b.topics,
        b.newest.len()
    );
    assert!(
        b.newest.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    assert!(!b.top.is_empty() && b.top.windows(2).all(|w| w[0].votes >= w[1].votes));

    let draft = run_and_wait(&pool, &jobs, &ev, before_demo()).await;
    publish(&pool, &ev, draft.id, None, false, None, before_demo())
        .await
        .unwrap();
    // 14:00 in Ghent on the first day: the first slot is on, the second next.
    let during_first = at(2027, 10, 25, 12);
    let b = board::board(&pool, &ev, "https://kring.example", during_first)
        .await
        .unwrap();
    let s = b.schedule.expect("schedule mode once published");
    assert_eq!(s.now.as_ref().unwrap().local_start, "13:30");
    assert_eq!(s.next.as_ref().unwrap().local_start, "14:25");
    let first_now = s.now.clone().unwrap();
    assert_eq!(s.rooms.len(), 8);
    assert_eq!(s.rooms[0].name, "Auditorium");
    // Themed rooms are on by default: a room whose sessions share a theme
    // carries it, the others none.
    let published = versions::sessions(&pool, draft.id).await.unwrap();
    let topics = export::topics(&pool, ev.id).await.unwrap();
    let themes = rooms::themes(&pool, ev.id, &published, &topics)
        .await
        .unwrap();
    assert!(!themes.is_empty(), "the demo's rooms keep to themes");
    for r in &s.rooms {
        assert_eq!(r.theme.as_ref(), themes.get(&r.id), "{}", r.name);
    }
    assert!(s.rooms.iter().filter(|r| r.now.is_some()).count() >= 6);
    // The last slot of the day: nothing "next" from tomorrow on this page.
    let last_of_day = at(2027, 10, 25, 14);
    let s = board::board(&pool, &ev, "x", last_of_day)
        .await
        .unwrap()
        .schedule
        .unwrap();
    assert_eq!(s.now.as_ref().unwrap().local_start, "15:20");
    assert!(s.next.is_none() && s.rooms.iter().all(|r| r.next.is_none()));
    // After the event.
    let s = board::board(&pool, &ev, "x", at(2027, 11, 1, 0))
        .await
        .unwrap()
        .schedule
        .unwrap();
    assert!(s.ended);

    // The organizer forces the marketplace; bad settings are refused.
    board::set_settings(&pool, ev.id, BoardSettings::parse("market", "20").unwrap())
        .await
        .unwrap();
    let b = board::board(&pool, &ev, "x", during_first).await.unwrap();
    assert!(b.schedule.is_none());
    assert_eq!((b.mode, b.page_seconds), (BoardMode::Market, 20));
    assert!(matches!(
        BoardSettings::parse("market", "4"),
        Err(ServiceError::Invalid(ref f)) if f.field == "board_page_seconds"
    ));
    assert!(BoardSettings::parse("disco", "20").is_err());

    // A door: now, next, and the next free slot of that room.
    let rooms = rooms::list(&pool, ev.id).await.unwrap();
    let garden = rooms.iter().find(|r| r.name == "Garden corner").unwrap();
    let d = board::door(&pool, &ev, garden.id, during_first)
        .await
        .unwrap();
    assert!(d.published);
    assert_eq!(d.room, "Garden corner");
    // (Another day's 13:30 may well be next: a door's "next" is whatever
    // the day.)
    if let Some((slot, _)) = &d.next {
        assert_ne!(slot, &first_now, "next is after now");
    }
    let sessions = versions::sessions(
        &pool,
        versions::published(&pool, ev.id).await.unwrap().unwrap().id,
    )
    .await
    .unwrap();
    let used = sessions.iter().filter(|s| s.room_id == garden.id).count();
    assert_eq!(
        d.theme.as_ref(),
        rooms::themes(&pool, ev.id, &sessions, &topics)
            .await
            .unwrap()
            .get(&garden.id),
        "the door shows the room's theme, when it has one"
    );
    assert_eq!(
        d.next_free.is_none(),
        used == 6,
        "free slots exist unless every slot is used"
    );
    // Another event's room is not found.
    assert!(matches!(
        board::door(&pool, &ev, 999_999, during_first).await,
        Err(ServiceError::NotFound(_))
    ));
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn a_publish_tells_each_attendee_what_moved_for_them(pool: SqlitePool) {
    let ev = demo(&pool).await;
    let jobs = Jobs::default();
    let now = before_demo();
    let d1 = run_and_wait(&pool, &jobs, &ev, now).await;
    let v1 = versions::sessions(&pool, d1.id).await.unwrap();
    publish(&pool, &ev, d1.id, None, false, None, now)
        .await
        .unwrap();
    let a = v1[0].clone();
    let b = v1.iter().find(|s| s.slot_id != a.slot_id).unwrap().clone();
    let swapped = grid::moved(&v1, (a.room_id, a.slot_id), (b.room_id, b.slot_id)).unwrap();
    let id = versions::store_draft(
        &pool,
        &versions::NewDraft {
            event_id: ev.id,
            organizer_id: None,
            sessions: &swapped,
            input_hash: &d1.input_hash,
            stats_json: "{}",
            origin: "test",
        },
    )
    .await
    .unwrap();
    publish(&pool, &ev, id, Some(1), true, None, now)
        .await
        .unwrap();
    // Someone who voted only for a topic of session `a`.
    let moved_topic = a.topic_ids[0];
    let voter = attendees::join(&pool, ev.id, &DisplayName::parse("Newcomer").unwrap())
        .await
        .unwrap();
    votes::cast(&pool, &ev, voter, moved_topic).await.unwrap();
    let news = public::news(&pool, &ev, voter, 2).await.unwrap();
    assert_eq!(news.len(), 1, "{news:?}");
    assert!(news[0].contains("moved to"), "{news:?}");
    let room: String = sqlx::query_scalar("SELECT name FROM rooms WHERE id = ?1")
        .bind(b.room_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        news[0].contains(&room),
        "{news:?} names the new room {room}"
    );
    // Nothing for version 1 (nothing before it) or a version that does not exist.
    assert!(public::news(&pool, &ev, voter, 1).await.unwrap().is_empty());
    assert!(public::news(&pool, &ev, voter, 9).await.unwrap().is_empty());
    // Someone with nothing in the moved sessions hears nothing.
    let other = attendees::join(&pool, ev.id, &DisplayName::parse("Bystander").unwrap())
        .await
        .unwrap();
    assert!(public::news(&pool, &ev, other, 2).await.unwrap().is_empty());
}

/// The themed-rooms setting reaches the engine (2 % by default, 0 turns it
/// off), and rooms whose sessions share a theme are labelled "Room · Tag"
/// for organizers, attendees and the board, only while the setting is on.
#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn themed_rooms_reach_the_engine_and_label_rooms(pool: SqlitePool) {
    let ev = demo(&pool).await;
    let now = before_demo();
    let inst = instance::build(&pool, &ev, None, now).await.unwrap();
    assert_eq!(inst.themed_rooms, 0.02, "the default");

    // Two topics with the same first tag in one room, one without in it too.
    let ctx = context(&pool, &ev, now).await.unwrap();
    let mut by_tag: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for (id, t) in &ctx.topics {
        if let Some(tag) = t.tags.first() {
            by_tag.entry(tag.clone()).or_default().push(*id);
        }
    }
    let (tag, ids) = by_tag
        .iter()
        .find(|(_, v)| v.len() >= 2)
        .expect("the demo has two topics with one tag");
    let room = ctx.rooms[0].clone();
    let sessions: Vec<StoredSession> = ctx
        .slots
        .iter()
        .take(2)
        .zip(ids)
        .map(|(s, &t)| StoredSession {
            room_id: room.id,
            slot_id: s.id,
            topic_ids: vec![t],
        })
        .collect();
    assert_eq!(
        grid::room_themes(&ctx, &sessions),
        vec![(room.id, tag.clone())]
    );
    let topics = export::topics(&pool, ev.id).await.unwrap();
    let titles = rooms::titles(&pool, ev.id, &sessions, &topics)
        .await
        .unwrap();
    let shown = format!("{} · {tag}", room.name);
    assert!(titles.contains(&(room.id, shown)), "{titles:?}");
    // One session of a theme beside one of another: no theme.
    let mut mixed = sessions.clone();
    mixed[1].topic_ids = vec![*by_tag
        .values()
        .flatten()
        .find(|t| !ids.contains(t))
        .unwrap()];
    assert!(grid::room_themes(&ctx, &mixed).is_empty());

    // Off: the engine is theme-blind and no room is labelled.
    set_themed_rooms(&pool, &ev, ThemedRooms::parse("0").unwrap())
        .await
        .unwrap();
    let inst = instance::build(&pool, &ev, None, now).await.unwrap();
    assert_eq!(inst.themed_rooms, 0.0);
    let ctx = context(&pool, &ev, now).await.unwrap();
    assert!(grid::room_themes(&ctx, &sessions).is_empty());
    let titles = rooms::titles(&pool, ev.id, &sessions, &topics)
        .await
        .unwrap();
    assert!(titles.contains(&(room.id, room.name.clone())));
    assert!(rooms::themes(&pool, ev.id, &sessions, &topics)
        .await
        .unwrap()
        .is_empty());
}

#[sqlx::test(migrator = "crate::server::db::MIGRATOR")]
async fn a_pin_leaves_the_draft_up_to_date_and_a_vote_does_not(pool: SqlitePool) {
    let ev = demo(&pool).await;
    let jobs = Jobs::default();
    let now = before_demo();
    let d = run_and_wait(&pool, &jobs, &ev, now).await;
    let page = admin_page(&pool, &jobs, &ev, now).await.unwrap();
    assert!(!page.draft_out_of_date);

    // Pinning a session where the draft has it, and unpinning it again.
    let s = versions::sessions(&pool, d.id).await.unwrap()[0].clone();
    for pinned in [true, false, true] {
        set_pin(&pool, &ev, d.id, (s.room_id, s.slot_id), pinned, now)
            .await
            .unwrap();
        let page = admin_page(&pool, &jobs, &ev, now).await.unwrap();
        assert!(!page.draft_out_of_date, "pinned = {pinned}");
    }

    // A new vote is a change of input: the draft is out of date.
    let newcomer = attendees::join(&pool, ev.id, &DisplayName::parse("Newcomer").unwrap())
        .await
        .unwrap();
    votes::cast(&pool, &ev, newcomer, s.topic_ids[0])
        .await
        .unwrap();
    let page = admin_page(&pool, &jobs, &ev, now).await.unwrap();
    assert!(page.draft_out_of_date);
}
