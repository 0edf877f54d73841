//! Rate limits that work behind a venue's NAT. A conference puts hundreds of
//! phones behind one public address, so an address is never the unit that
//! stops a person: each person is limited by their session (their attendee
//! id, or the account they try to log in to), and the address only gets a
//! ceiling far above what a full venue does. Built on `governor` (GCRA, one
//! state per key, no background task); forgotten keys are dropped every few
//! thousand checks so the maps do not grow without end.
//!
//! Logging in: failed attempts count per account, against two limits (a
//! short burst, then a slower hourly one: the delay grows the longer someone
//! guesses); once one is used up the account's log-ins wait (429 with
//! `Retry-After`) until it refills. Successful log-ins do not count. Every
//! attempt also counts against a ceiling per address. All of this applies to
//! any email, known or not, so the answer never tells whether an account
//! exists.

use crate::error::AppError;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use std::time::Instant;

/// The client's address as the server sees it, after trusting forwarded
/// headers only from the configured proxies (set by the server's middleware;
/// `UNKNOWN` when there is none, as in tests that call the router directly).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    pub const UNKNOWN: ClientIp = ClientIp(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
}

/// What is being limited, each with its own quotas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// An attempt to log in as an organizer.
    Login,
    /// Joining an event with a display name.
    Join,
    /// Proposing a topic.
    Propose,
    /// Editing, withdrawing, co-hosting a topic.
    Edit,
    /// Voting and unvoting.
    Vote,
}

/// `burst` at once, then one more every `every`.
#[derive(Clone, Copy, Debug)]
pub struct Rate {
    pub burst: u32,
    pub every: Duration,
}

impl Rate {
    pub const fn new(burst: u32, every: Duration) -> Rate {
        Rate { burst, every }
    }

    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.burst.max(1)).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(self.every.max(Duration::from_nanos(1)))
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(burst)
    }
}

const fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}
const fn millis(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

/// The quotas. `Policy::default()` is what Kring runs with; tests make
/// tighter ones.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Failed log-ins per account: 5, then one every 12 s ...
    pub login_account: Rate,
    /// ... and 20 an hour, then one every 3 minutes.
    pub login_account_slow: Rate,
    /// Per address: 30 tries, then one every 2 s.
    pub login_client: Rate,
    /// Per session (attendee): joins, proposals, edits, votes.
    pub join: Rate,
    pub propose: Rate,
    pub edit: Rate,
    pub vote: Rate,
    /// Per address, for all attendee actions together: a ceiling that a
    /// venue of 1,000 people behind one address stays under.
    pub attendee_client: Rate,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            login_account: Rate::new(5, secs(12)),
            login_account_slow: Rate::new(20, secs(180)),
            login_client: Rate::new(30, secs(2)),
            join: Rate::new(10, secs(60)),
            // 10 proposals per 10 minutes.
            propose: Rate::new(10, secs(60)),
            edit: Rate::new(30, secs(20)),
            // Far above human speed: 30 at once, then 5 a second.
            vote: Rate::new(30, millis(200)),
            attendee_client: Rate::new(5_000, millis(2)),
        }
    }
}

struct Keyed<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> Keyed<K> {
    fn new(rate: Rate) -> Self {
        Keyed {
            limiter: RateLimiter::keyed(rate.quota()),
        }
    }

    /// `Ok` or how long to wait.
    fn check(&self, key: &K) -> Result<(), Duration> {
        self.limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// Every limiter of the server, shared by all requests (in `AppState`).
pub struct Limits {
    login_account: Keyed<String>,
    login_account_slow: Keyed<String>,
    login_client: Keyed<ClientIp>,
    join: Keyed<String>,
    propose: Keyed<i64>,
    edit: Keyed<i64>,
    vote: Keyed<i64>,
    attendee_client: Keyed<ClientIp>,
    /// Accounts whose failed log-ins used up a limit, until when.
    login_blocked: Mutex<HashMap<String, Instant>>,
    checks: AtomicU64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new(Policy::default())
    }
}

impl Limits {
    pub fn new(p: Policy) -> Self {
        Limits {
            login_account: Keyed::new(p.login_account),
            login_account_slow: Keyed::new(p.login_account_slow),
            login_client: Keyed::new(p.login_client),
            join: Keyed::new(p.join),
            propose: Keyed::new(p.propose),
            edit: Keyed::new(p.edit),
            vote: Keyed::new(p.vote),
            attendee_client: Keyed::new(p.attendee_client),
            login_blocked: Mutex::new(HashMap::new()),
            checks: AtomicU64::new(0),
        }
    }

    fn tick(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            for k in [&self.login_client, &self.attendee_client] {
                k.forget_idle();
            }
            for k in [&self.login_account, &self.login_account_slow, &self.join] {
                k.forget_idle();
            }
            for k in [&self.propose, &self.edit, &self.vote] {
                k.forget_idle();
            }
            let now = Instant::now();
            self.blocked().retain(|_, until| *until > now);
        }
    }

    fn blocked(&self) -> std::sync::MutexGuard<'_, HashMap<String, Instant>> {
        // A poisoned map only holds deadlines: keep using it.
        self.login_blocked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Before checking a password: may `client` try to log in as `email` now?
    pub fn login(&self, email: &str, client: ClientIp) -> Result<(), AppError> {
        self.tick();
        self.login_client
            .check(&client)
            .map_err(|wait| refusal(Action::Login, wait))?;
        let account = email.trim().to_lowercase();
        let now = Instant::now();
        match self.blocked().get(&account) {
            Some(until) if *until > now => Err(refusal(Action::Login, *until - now)),
            _ => Ok(()),
        }
    }

    /// After a wrong password for `email`: counts it, and makes the account
    /// wait once a limit is used up.
    pub fn login_failed(&self, email: &str) {
        let account = email.trim().to_lowercase();
        let wait = self
            .login_account
            .check(&account)
            .and_then(|_| self.login_account_slow.check(&account));
        if let Err(wait) = wait {
            tracing::warn!(
                wait_s = wait.as_secs(),
                "log-ins paused for an account after failures"
            );
            self.blocked().insert(account, Instant::now() + wait);
        }
    }

    /// Joining an event: per session (its id, when it has one yet) and the
    /// address's ceiling.
    pub fn join(&self, session: Option<&str>, client: ClientIp) -> Result<(), AppError> {
        self.tick();
        self.attendee_client
            .check(&client)
            .and_then(|_| match session {
                Some(s) => self.join.check(&s.to_string()),
                None => Ok(()),
            })
            .map_err(|wait| refusal(Action::Join, wait))
    }

    /// An attendee's action (not joining or logging in).
    pub fn attendee(
        &self,
        action: Action,
        attendee: i64,
        client: ClientIp,
    ) -> Result<(), AppError> {
        self.tick();
        let per_person = match action {
            Action::Propose => &self.propose,
            Action::Edit => &self.edit,
            Action::Vote => &self.vote,
            Action::Login | Action::Join => return Ok(()),
        };
        self.attendee_client
            .check(&client)
            .and_then(|_| per_person.check(&attendee))
            .map_err(|wait| refusal(action, wait))
    }
}

/// The 429 an attendee or organizer sees: what was limited and when to try
/// again, in words and in `Retry-After`.
pub fn refusal(action: Action, wait: Duration) -> AppError {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let secs = secs.max(1);
    let when = if secs == 1 {
        "a second".to_string()
    } else if secs < 90 {
        format!("{secs} seconds")
    } else {
        format!("{} minutes", secs.div_ceil(60))
    };
    let what = match action {
        Action::Login => "Too many log-in attempts",
        Action::Join => "Too many joins from here",
        Action::Propose => "You have proposed many topics in a short time",
        Action::Edit => "Too many changes in a short time",
        Action::Vote => "Too many votes in a short time",
    };
    AppError::TooManyRequests {
        message: format!("{what}. Please try again in {when}."),
        retry_after: secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> ClientIp {
        ClientIp(IpAddr::V4(Ipv4Addr::new(192, 0, 2, last)))
    }

    #[test]
    fn ten_proposals_then_a_clear_refusal_with_the_time_to_wait() {
        let limits = Limits::default();
        for i in 0..10 {
            assert!(
                limits.attendee(Action::Propose, 1, ip(1)).is_ok(),
                "proposal {i}"
            );
        }
        match limits.attendee(Action::Propose, 1, ip(1)) {
            Err(AppError::TooManyRequests {
                message,
                retry_after,
            }) => {
                assert!((1..=60).contains(&retry_after), "{retry_after}");
                assert!(message.contains("try again in"), "{message}");
            }
            other => panic!("expected 429, got {other:?}"),
        }
        // Another attendee behind the same address is not affected.
        assert!(limits.attendee(Action::Propose, 2, ip(1)).is_ok());
    }

    #[test]
    fn a_thousand_attendees_behind_one_address_join_and_vote_at_once() {
        let limits = Limits::default();
        let venue = ip(9);
        for a in 0..1_000i64 {
            limits
                .join(Some(&format!("session-{a}")), venue)
                .unwrap_or_else(|e| panic!("join {a}: {e}"));
            for _ in 0..3 {
                limits
                    .attendee(Action::Vote, a, venue)
                    .unwrap_or_else(|e| panic!("vote of {a}: {e}"));
            }
        }
    }

    #[test]
    fn failed_log_ins_count_per_account_whether_or_not_it_exists() {
        let limits = Limits::default();
        // Successful log-ins do not count.
        for _ in 0..10 {
            assert!(limits.login("ana@example.org", ip(1)).is_ok());
        }
        // Six failures, from different addresses ...
        for i in 0..6 {
            assert!(limits.login("nobody@example.org", ip(i)).is_ok(), "try {i}");
            limits.login_failed("nobody@example.org");
        }
        // ... and the next try for this account waits, from any address ...
        let err = limits.login("NOBODY@example.org", ip(77)).unwrap_err();
        assert!(
            matches!(err, AppError::TooManyRequests { retry_after, .. } if (1..=12).contains(&retry_after)),
            "{err:?}"
        );
        assert_eq!(err.status(), 429);
        // ... while another account is untouched.
        assert!(limits.login("ana@example.org", ip(77)).is_ok());
        // One address trying many accounts meets its ceiling.
        let mut refused = 0;
        for i in 0..40 {
            if limits
                .login(&format!("user{i}@example.org"), ip(200))
                .is_err()
            {
                refused += 1;
            }
        }
        assert!(refused >= 10, "{refused}");
    }

    #[test]
    fn waits_read_as_people_say_them() {
        let m = |d| match refusal(Action::Vote, d) {
            AppError::TooManyRequests { message, .. } => message,
            _ => unreachable!(),
        };
        assert!(m(millis(300)).ends_with("in a second."));
        assert!(m(secs(12)).ends_with("12 seconds."));
        assert!(m(secs(170)).ends_with("3 minutes."));
    }
}
