//! Everything that only runs on the server: state, database, sessions and the
//! services that hold Kring's rules. Services take explicit arguments (a pool,
//! ids, parsed values) so that they are tested without HTTP; server functions
//! and the JSON API are thin wrappers around them.

pub mod access;
pub mod attendees;
pub mod board;
pub mod chunks;
pub mod db;
pub mod duplicates;
pub mod error;
pub mod events;
pub mod limits;
pub mod live;
pub mod moderation;
pub mod organizers;
pub mod qr;
pub mod rooms;
pub mod schedule;
pub mod security;
pub mod seed;
pub mod session;
pub mod slots;
pub mod state;
pub mod topics;
pub mod votes;

pub use error::ServiceError;
pub use state::{AppState, Config};

/// Now, in UTC, as stored in the database.
pub fn now_utc() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}
