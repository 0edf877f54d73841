//! SQLite, set up for many small concurrent writes from one venue: WAL so that
//! readers never wait for the writer, a busy timeout so that writers queue
//! instead of failing with "database is locked", and foreign keys enforced.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

pub fn connect_options(url: &str) -> Result<SqliteConnectOptions, sqlx::Error> {
    Ok(SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(30))
        .foreign_keys(true))
}

/// Opens (creating the file and its folder if needed) and migrates the database.
pub async fn connect_and_migrate(url: &str) -> Result<SqlitePool, sqlx::Error> {
    if let Some(path) = file_path(url) {
        if let Some(dir) = std::path::Path::new(&path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
            }
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(connect_options(url)?)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

fn file_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(path.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_path_of_urls() {
        assert_eq!(
            file_path("sqlite://data/kring.db").as_deref(),
            Some("data/kring.db")
        );
        assert_eq!(
            file_path("sqlite:data/k.db?mode=rwc").as_deref(),
            Some("data/k.db")
        );
        assert_eq!(file_path("sqlite::memory:"), None);
    }
}
