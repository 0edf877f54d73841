//! A deterministic work budget.
//!
//! Why: the same input and time limit must give the same schedule, but the
//! wall clock differs from run to run (shared machines, other processes). So
//! every step that shapes the result stops on *counted work* instead: moves
//! tried and participants recounted in the local search, node limits and
//! simplex iterations in HiGHS. The time limit is turned into an amount of
//! work with rates measured on the development machine (a "work second" is
//! about one second there), and only [`WORK_SHARE`] of the limit is planned,
//! so that the wall clock, which stays as a safety net at [`SAFETY`] of the
//! limit, does not bind on a machine of similar speed. When it does bind (a
//! machine much slower or heavily loaded), the schedule is still valid and
//! returned in time, but may differ between runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Share of the time limit planned as work.
pub const WORK_SHARE: f64 = 0.7;
/// Share of the time limit after which the wall clock stops every step.
pub const SAFETY: f64 = 0.95;

/// Work of one local-search move tried, and of recounting one vote of a
/// participant whose sessions moved.
pub const LS_MOVE: f64 = 0.3e-6;
pub const LS_RECOUNT: f64 = 9e-9;
/// Work of building a HiGHS model, per variable, and of one simplex
/// iteration per row and column of the model; a fixed cost per solve.
pub const ILP_BUILD_PER_VAR: f64 = 20e-6;
pub const ILP_ITERATION_PER_SIZE: f64 = 0.2e-6;
pub const ILP_CALL: f64 = 0.02;

#[derive(Debug, Clone)]
pub struct Budget {
    work: f64,
    used: f64,
    start: Instant,
    wall: f64,
    /// Set from outside (a cancelled run): every step stops as if the clock
    /// had run out, and the best schedule so far is returned.
    stop: Option<Arc<AtomicBool>>,
}

impl Budget {
    /// `work` work-seconds, stopped by the wall clock at [`SAFETY`] × `wall` seconds.
    pub fn new(wall: f64, work: f64) -> Self {
        Budget {
            work,
            used: 0.0,
            start: Instant::now(),
            wall,
            stop: None,
        }
    }

    /// Stops when `stop` is set (checked wherever the clock is).
    pub fn with_stop(mut self, stop: Option<Arc<AtomicBool>>) -> Self {
        self.stop = stop;
        self
    }

    pub fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    }

    pub fn work_left(&self) -> f64 {
        (self.work - self.used).max(0.0)
    }

    pub fn used(&self) -> f64 {
        self.used
    }

    /// Seconds before the safety net.
    pub fn wall_left(&self) -> f64 {
        if self.stopped() {
            return 0.0;
        }
        self.wall * SAFETY - self.start.elapsed().as_secs_f64()
    }

    pub fn charge(&mut self, work: f64) {
        self.used += work;
    }

    /// Neither the work nor the wall clock is spent.
    pub fn left(&self) -> bool {
        self.work_left() > 0.0 && self.wall_left() > 0.0
    }
}

/// Work charged for a HiGHS solve of a model with `vars` variables and
/// `size` rows plus columns that took `iterations` simplex iterations.
pub fn ilp_work(vars: usize, size: usize, iterations: i64) -> f64 {
    ILP_CALL
        + vars as f64 * ILP_BUILD_PER_VAR
        + iterations.max(0) as f64 * size as f64 * ILP_ITERATION_PER_SIZE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_add_up_and_run_out() {
        let mut b = Budget::new(100.0, 1.0);
        assert!(b.left());
        b.charge(0.4);
        assert!((b.work_left() - 0.6).abs() < 1e-12);
        b.charge(0.7);
        assert_eq!(b.work_left(), 0.0);
        assert!(!b.left());
    }

    #[test]
    fn the_wall_clock_is_a_safety_net() {
        let b = Budget::new(0.0, 10.0);
        assert!(b.work_left() > 0.0);
        assert!(!b.left(), "no wall time left");
    }

    #[test]
    fn a_stop_flag_ends_the_budget() {
        let flag = Arc::new(AtomicBool::new(false));
        let b = Budget::new(100.0, 10.0).with_stop(Some(flag.clone()));
        assert!(b.left());
        flag.store(true, Ordering::Relaxed);
        assert!(!b.left());
        assert_eq!(b.wall_left(), 0.0);
    }

    #[test]
    fn bigger_models_and_more_iterations_cost_more() {
        assert!(ilp_work(1000, 2000, 500) > ilp_work(1000, 2000, 100));
        assert!(ilp_work(5000, 9000, 100) > ilp_work(1000, 2000, 100));
    }
}
