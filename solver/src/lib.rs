//! Kring's scheduling engine. Plain data in ([`Instance`]), schedule out
//! ([`Schedule`]); no web, no database, deterministic for a given input.
//!
//! - [`instance`]: the input format and its validation.
//! - [`metrics`]: the independent checker (every metric, every hard rule).
//! - [`relate`]: topic relatedness (text + co-votes), duplicates, tracks.
//! - [`units`], [`greedy`], [`ilp`], [`slotpack`], [`solve`](mod@solve), `tracks`: the engine
//!   (`assign`: exact small matchings; `budget`: deterministic work;
//!   `bound`: lower bounds, quick and by slot contents).
//!
//! What the web app uses is re-exported at the top: [`solve()`](fn@solve), [`Options`],
//! [`Observer`], [`Instance`], [`Schedule`], [`Stats`], [`Status`], the checker
//! [`metrics::check`] and [`relate::Relatedness::from_parts`]. The engine's
//! steps stay public only where the benchmarks and the engine tests drive them
//! one by one; the purely internal ones (`assign`, `bound`, `budget`,
//! `search`, `tracks`) are private.
//! - [`stability`]: keeping a published schedule when re-planning.
//! - [`gen`]: realistic generated instances.

// Rooms, slots, topics and units are numbered; the algorithms index several
// parallel tables with the same number, which is clearer than zipped iterators.
#![allow(clippy::needless_range_loop)]

mod assign;
mod bound;
mod budget;
pub mod cli;
pub mod eval;
pub mod gen;
pub mod greedy;
pub mod ilp;
pub mod instance;
pub mod metrics;
pub mod relate;
pub mod schedule;
mod search;
pub mod slotpack;
pub mod solve;
pub mod stability;
mod themes;
mod tracks;
pub mod units;

pub use instance::{Instance, InstanceError, Problem};
pub use schedule::{Schedule, Session, Stats, Status};
pub use solve::{solve, Observer, Options, Progress};
