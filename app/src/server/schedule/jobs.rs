//! Scheduler runs as background jobs, one per event at a time.
//!
//! The engine is CPU-bound for up to two minutes, so it runs on a thread of
//! its own (never on the async runtime, whose threads serve attendees), and
//! the request that starts it returns at once. The job's progress (the
//! engine's current step and best result so far) lives in memory, shared by
//! every request: a second organizer or a reload sees the running job. When
//! the engine ends, its schedule is stored as the event's draft in one
//! transaction; a failure or a panic ends the job with a clear message and
//! stores nothing.

use super::super::error::{ServiceError, ServiceResult};
use super::super::events::EventRow;
use super::instance::{self, StoredSession};
use super::versions;
use crate::domain::TimeLimit;
use crate::model::JobView;
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A draft was stored (`cancelled`: stopped early, the best so far).
    Stored {
        version_id: i64,
        unserved: u64,
        cancelled: bool,
    },
    Failed(String),
}

#[derive(Debug)]
struct Progress {
    step: String,
    best_unserved: Option<u64>,
    outcome: Option<Outcome>,
    finished_after: Option<f64>,
}

/// Scheduler runs since the server started, for `/metrics`.
#[derive(Debug, Default)]
pub struct RunStats {
    pub stored: std::sync::atomic::AtomicU64,
    pub failed: std::sync::atomic::AtomicU64,
    /// Total seconds of all ended runs, in milliseconds.
    pub millis: std::sync::atomic::AtomicU64,
}

#[derive(Debug, Clone)]
struct Job {
    stats: Arc<RunStats>,
    started: Instant,
    time_limit: f64,
    progress: Arc<Mutex<Progress>>,
    stop: Arc<AtomicBool>,
}

impl Job {
    fn running(&self) -> bool {
        self.progress
            .lock()
            .map(|p| p.outcome.is_none())
            .unwrap_or(false)
    }

    fn view(&self) -> JobView {
        let p = self.progress.lock().expect("job progress lock");
        let elapsed = p
            .finished_after
            .unwrap_or_else(|| self.started.elapsed().as_secs_f64());
        let (message, error, version_id) = match &p.outcome {
            None => (None, None, None),
            Some(Outcome::Stored {
                version_id,
                unserved,
                cancelled,
            }) => (
                Some(if *cancelled {
                    format!("Stopped early: the best schedule so far ({unserved} unserved votes) is the new draft.")
                } else {
                    format!("Done: a new draft with {unserved} unserved votes.")
                }),
                None,
                Some(*version_id),
            ),
            Some(Outcome::Failed(m)) => (None, Some(m.clone()), None),
        };
        JobView {
            running: p.outcome.is_none(),
            cancelling: p.outcome.is_none() && self.stop.load(Ordering::Relaxed),
            step: p.step.clone(),
            best_unserved: p.best_unserved,
            elapsed_seconds: elapsed,
            remaining_seconds: if p.outcome.is_none() {
                (self.time_limit + 2.0 - elapsed).max(0.0)
            } else {
                0.0
            },
            time_limit: self.time_limit,
            message,
            error,
            version_id,
        }
    }
}

/// Every event's latest job (running or ended), shared by all requests.
#[derive(Debug, Clone, Default)]
pub struct Jobs(Arc<Mutex<HashMap<i64, Job>>>, Arc<RunStats>);

impl Jobs {
    /// Counts of ended runs and their total duration.
    pub fn stats(&self) -> &RunStats {
        &self.1
    }

    /// The event's latest job, if any was started since the server started.
    pub fn view(&self, event_id: i64) -> Option<JobView> {
        let jobs = self.0.lock().expect("jobs lock");
        jobs.get(&event_id).map(Job::view)
    }

    pub fn running(&self, event_id: i64) -> bool {
        let jobs = self.0.lock().expect("jobs lock");
        jobs.get(&event_id).is_some_and(Job::running)
    }

    /// Asks the event's running job to stop; it stores the best schedule so
    /// far. Refused when nothing runs.
    pub fn cancel(&self, event_id: i64) -> ServiceResult<()> {
        let jobs = self.0.lock().expect("jobs lock");
        match jobs.get(&event_id) {
            Some(j) if j.running() => {
                j.stop.store(true, Ordering::Relaxed);
                Ok(())
            }
            _ => Err(ServiceError::Conflict(
                "The scheduler is not running for this event.".into(),
            )),
        }
    }

    /// Waits until the event's job has ended (for tests and benchmarks).
    pub async fn wait(&self, event_id: i64) -> Option<JobView> {
        loop {
            let v = self.view(event_id)?;
            if !v.running {
                return Some(v);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// The engine a job runs: [`solver::solve`] in the app; tests put in one that
/// fails, to check that a failure stores nothing.
pub type Engine = fn(&solver::Problem, &solver::Options) -> solver::Schedule;

/// The real engine.
pub fn engine(problem: &solver::Problem, opts: &solver::Options) -> solver::Schedule {
    solver::solve(problem, opts).schedule
}

/// What a run needs to know about the event.
pub struct RunRequest<'a> {
    pub engine: Engine,
    pub event: &'a EventRow,
    pub organizer_id: Option<i64>,
    pub time_limit: TimeLimit,
    /// Which version the engine should stay close to (the published one).
    pub previous: Option<Vec<StoredSession>>,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// A clear sentence for an instance the engine cannot take.
fn explain(e: &solver::InstanceError) -> String {
    use solver::InstanceError as E;
    match e {
        E::Empty("rooms") => "Add at least one room before running the scheduler.".into(),
        E::Empty("slots") => "Add at least one time slot before running the scheduler.".into(),
        E::Empty("topics") => "There are no open topics to schedule yet.".into(),
        other => format!("The scheduler cannot use this event's data: {other}."),
    }
}

/// Starts the engine for `req.event` in the background; refused while a run
/// for the event is going on, or when the event has nothing to schedule.
pub async fn start(pool: &SqlitePool, jobs: &Jobs, req: RunRequest<'_>) -> ServiceResult<()> {
    let event_id = req.event.id;
    if jobs.running(event_id) {
        return Err(ServiceError::Conflict(
            "The scheduler is already running for this event; its progress is shown below.".into(),
        ));
    }
    let inst = instance::build(pool, req.event, req.previous.as_deref(), req.now).await?;
    let hash = instance::fingerprint(&inst);
    let problem = solver::Problem::new(inst).map_err(|e| ServiceError::Conflict(explain(&e)))?;

    let job = Job {
        stats: jobs.1.clone(),
        started: Instant::now(),
        time_limit: req.time_limit.seconds(),
        progress: Arc::new(Mutex::new(Progress {
            step: "preparing".into(),
            best_unserved: None,
            outcome: None,
            finished_after: None,
        })),
        stop: Arc::new(AtomicBool::new(false)),
    };
    {
        let mut all = jobs.0.lock().expect("jobs lock");
        // Checked again under the lock: two clicks at once start one job.
        if all.get(&event_id).is_some_and(Job::running) {
            return Err(ServiceError::Conflict(
                "The scheduler is already running for this event; its progress is shown below."
                    .into(),
            ));
        }
        all.insert(event_id, job.clone());
    }

    let observer = {
        let progress = job.progress.clone();
        solver::Observer(Arc::new(move |p: &solver::Progress| {
            if let Ok(mut g) = progress.lock() {
                g.step = p.step.to_string();
                g.best_unserved = Some(p.best_unserved);
            }
        }))
    };
    let opts = solver::Options {
        time_limit: req.time_limit.seconds(),
        observer: Some(observer),
        stop: Some(job.stop.clone()),
        ..solver::Options::default()
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    let engine = req.engine;
    let spawned = std::thread::Builder::new()
        .name(format!("scheduler-{event_id}"))
        .spawn(move || {
            lower_priority();
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| engine(&problem, &opts)));
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        finish(
            &job,
            Outcome::Failed("The scheduler could not start. Please try again.".into()),
        );
        return Err(ServiceError::Internal(format!(
            "spawning the scheduler thread: {e}"
        )));
    }

    let pool = pool.clone();
    let organizer_id = req.organizer_id;
    tokio::spawn(async move {
        let outcome = match rx.await {
            Ok(Ok(schedule)) => {
                match store(&pool, event_id, organizer_id, &schedule, &hash).await {
                    Ok((version_id, unserved)) => Outcome::Stored {
                        version_id,
                        unserved,
                        cancelled: job.stop.load(Ordering::Relaxed),
                    },
                    Err(e) => {
                        tracing::error!(error = %e, event_id, "storing the scheduler's draft failed");
                        Outcome::Failed(
                            "The schedule could not be saved. Nothing was changed; please run the scheduler again."
                                .into(),
                        )
                    }
                }
            }
            Ok(Err(panic)) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                tracing::error!(event_id, panic = %what, "the scheduler panicked");
                Outcome::Failed(
                    "The scheduler failed on this event's data. Nothing was changed. The error was logged for the operators."
                        .into(),
                )
            }
            Err(_) => {
                Outcome::Failed("The scheduler stopped unexpectedly. Nothing was changed.".into())
            }
        };
        finish(&job, outcome);
    });
    Ok(())
}

/// The engine is a background job and attendees are people waiting for a
/// page: on a small server the engine would otherwise take a core from them
/// for the whole run. A nice of 10 gives it about a tenth of a core that
/// attendees' requests need, and all of it when they do not; its time limit
/// is wall-clock, so a run still ends on time. Linux only (there, nice is per
/// thread); elsewhere the thread keeps the default priority. The engine's
/// bound (`solver`'s slot-content bound) runs on a second thread that the
/// engine starts from this one, and Linux gives a new thread the nice value
/// of the thread that created it, so it yields to attendees too.
#[cfg(target_os = "linux")]
const ENGINE_NICE: i32 = 10;

fn lower_priority() {
    #[cfg(target_os = "linux")]
    if let Err(e) =
        rustix::process::setpriority_process(Some(rustix::thread::gettid()), ENGINE_NICE)
    {
        tracing::warn!(error = %e, "could not lower the scheduler thread's priority");
    }
}

fn finish(job: &Job, outcome: Outcome) {
    use std::sync::atomic::Ordering::Relaxed;
    let counter = match &outcome {
        Outcome::Stored { .. } => &job.stats.stored,
        Outcome::Failed(_) => &job.stats.failed,
    };
    counter.fetch_add(1, Relaxed);
    let ms = u64::try_from(job.started.elapsed().as_millis()).unwrap_or(u64::MAX);
    job.stats.millis.fetch_add(ms, Relaxed);
    if let Ok(mut p) = job.progress.lock() {
        p.step = "done".into();
        p.finished_after = Some(job.started.elapsed().as_secs_f64());
        if let Outcome::Stored { unserved, .. } = &outcome {
            p.best_unserved = Some(*unserved);
        }
        p.outcome = Some(outcome);
    }
}

async fn store(
    pool: &SqlitePool,
    event_id: i64,
    organizer_id: Option<i64>,
    schedule: &solver::Schedule,
    hash: &str,
) -> ServiceResult<(i64, u64)> {
    let sessions = instance::from_schedule(schedule)?;
    let stats = schedule.stats.clone().unwrap_or_default();
    let stats_json =
        serde_json::to_string(&stats).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let id = versions::store_draft(
        pool,
        &versions::NewDraft {
            event_id,
            organizer_id,
            sessions: &sessions,
            input_hash: hash,
            stats_json: &stats_json,
            origin: "engine",
        },
    )
    .await?;
    Ok((id, stats.unserved))
}
