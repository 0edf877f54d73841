//! SQLite, set up for many small concurrent writes from one venue: WAL so that
//! readers never wait for the writer, a busy timeout so that writers queue
//! instead of failing with "database is locked", and foreign keys enforced.
//!
//! Backups are `VACUUM INTO`: a consistent copy taken while Kring serves (it
//! reads one snapshot; writers go on). One is taken by itself before
//! migrations change an existing database, beside it in `backups/`.

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
        // A file in this process cannot drop the connection the way a
        // network database can, and sqlx already pings each connection when it
        // comes back to the pool: a second ping on every acquire was one more
        // round trip to the connection's thread per query (perf: about 7 % of
        // the CPU under 200 simultaneous page loads went to those wake-ups).
        .test_before_acquire(false)
        .connect_with(connect_options(url)?)
        .await?;
    if let Some(path) = file_path(url) {
        let pending = pending_migrations(&pool).await?;
        if pending > 0 && has_data(&pool).await? {
            let copy = backup_path(&path, &format!("before-migration-{}", latest_version()));
            backup(&pool, &copy).await?;
            tracing::info!(backup = %copy.display(), pending, "database backed up before migrating");
        }
    }
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// The newest migration this build knows.
pub fn latest_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// How many of this build's migrations the database has not run yet.
pub async fn pending_migrations(pool: &SqlitePool) -> Result<usize, sqlx::Error> {
    let table: Option<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(pool)
    .await?;
    if table.is_none() {
        return Ok(MIGRATOR.iter().count());
    }
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
            .fetch_all(pool)
            .await?;
    Ok(MIGRATOR
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .count())
}

/// A database with Kring's tables in it (a new, empty file needs no backup).
async fn has_data(pool: &SqlitePool) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'",
    )
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// `<folder of the database>/backups/<name>-<label>-<UTC time>.db`.
pub fn backup_path(db_path: &str, label: &str) -> std::path::PathBuf {
    let db = std::path::Path::new(db_path);
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("kring");
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    db.parent()
        .unwrap_or(std::path::Path::new("."))
        .join("backups")
        .join(format!("{stem}-{label}-{stamp}.db"))
}

/// A consistent copy of the live database at `to` (which must not exist:
/// a backup never overwrites anything).
pub async fn backup(pool: &SqlitePool, to: &std::path::Path) -> Result<(), sqlx::Error> {
    if to.exists() {
        return Err(sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} exists already", to.display()),
        )));
    }
    if let Some(dir) = to.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    let target = to.to_str().ok_or_else(|| {
        sqlx::Error::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the backup path is not UTF-8",
        ))
    })?;
    sqlx::query("VACUUM INTO ?1")
        .bind(target)
        .execute(pool)
        .await?;
    Ok(())
}

/// Checks that `file` is a Kring database this build can open (an SQLite
/// file with Kring's migrations, none newer than this build's), and returns
/// its newest migration.
pub async fn check_backup(file: &std::path::Path) -> Result<i64, String> {
    if !file.is_file() {
        return Err(format!("{}: no such file", file.display()));
    }
    let opts = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .create_if_missing(false);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(|e| format!("{}: not an SQLite database ({e})", file.display()))?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .map_err(|e| format!("{}: not an SQLite database ({e})", file.display()))?;
    if check != "ok" {
        return Err(format!("{}: damaged ({check})", file.display()));
    }
    let version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&pool)
        .await
        .map_err(|_| format!("{}: not a Kring database", file.display()))?;
    pool.close().await;
    let version = version.ok_or_else(|| format!("{}: not a Kring database", file.display()))?;
    if version > latest_version() {
        return Err(format!(
            "{}: made by a newer Kring (schema {version}, this one knows {})",
            file.display(),
            latest_version()
        ));
    }
    Ok(version)
}

/// Replaces the database at `url` with the backup `from`, keeping the
/// current one as `backups/<name>-before-restore-<time>.db`. Kring must not
/// be serving this database meanwhile (its open connections would keep the
/// old file). Migrations run on the next start as usual.
pub async fn restore(
    url: &str,
    from: &std::path::Path,
) -> Result<Option<std::path::PathBuf>, String> {
    let path = file_path(url).ok_or("restore needs a database file, not an in-memory one")?;
    check_backup(from).await?;
    let mut kept = None;
    if std::path::Path::new(&path).exists() {
        let copy = backup_path(&path, "before-restore");
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(connect_options(url).map_err(|e| e.to_string())?)
            .await
            .map_err(|e| format!("database {path}: {e}"))?;
        backup(&pool, &copy).await.map_err(|e| e.to_string())?;
        kept = Some(copy);
        // Folds the write-ahead log into the file, so nothing of the old
        // database is left beside the restored one.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&pool)
            .await
            .map_err(|e| e.to_string())?;
        pool.close().await;
    }
    let tmp = format!("{path}.restoring");
    std::fs::copy(from, &tmp).map_err(|e| format!("{tmp}: {e}"))?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
    std::fs::rename(&tmp, &path).map_err(|e| format!("{path}: {e}"))?;
    Ok(kept)
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

    #[tokio::test]
    async fn an_existing_database_is_backed_up_before_it_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kring.db");
        let url = format!("sqlite://{}", path.display());
        // A database from an older Kring: all but the newest migration.
        let older = sqlx::migrate::Migrator {
            migrations: std::borrow::Cow::Owned(
                MIGRATOR
                    .iter()
                    .take(MIGRATOR.iter().count() - 1)
                    .cloned()
                    .collect(),
            ),
            ..sqlx::migrate::Migrator::DEFAULT
        };
        let pool = SqlitePoolOptions::new()
            .connect_with(connect_options(&url).unwrap())
            .await
            .unwrap();
        older.run(&pool).await.unwrap();
        pool.close().await;

        let pool = connect_and_migrate(&url).await.unwrap();
        assert_eq!(pending_migrations(&pool).await.unwrap(), 0);
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(backups.len(), 1, "{backups:?}");
        let name = backups[0]
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            name.starts_with(&format!("kring-before-migration-{}", latest_version())),
            "{name}"
        );
        assert!(check_backup(&backups[0]).await.unwrap() < latest_version());
        // Starting again migrates nothing and copies nothing.
        pool.close().await;
        connect_and_migrate(&url).await.unwrap();
        assert_eq!(
            std::fs::read_dir(dir.path().join("backups"))
                .unwrap()
                .count(),
            1
        );
        // A brand-new database needs no backup.
        let fresh = dir.path().join("fresh").join("kring.db");
        connect_and_migrate(&format!("sqlite://{}", fresh.display()))
            .await
            .unwrap();
        assert!(!dir.path().join("fresh").join("backups").exists());
    }

    #[tokio::test]
    async fn a_backup_taken_while_writing_restores_what_was_there() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/kring.db", dir.path().display());
        let pool = connect_and_migrate(&url).await.unwrap();
        let add = |slug: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query(
                    "INSERT INTO events (slug, name, timezone, start_date, end_date, created_at)
                     VALUES (?1, 'X', 'UTC', '2026-10-26', '2026-10-26', '2026-01-01T00:00:00Z')",
                )
                .bind(slug)
                .execute(&pool)
                .await
                .unwrap();
            }
        };
        add("before").await;
        let copy = dir.path().join("copy.db");
        // Writers keep going while the copy is taken.
        let writer = tokio::spawn({
            let pool = pool.clone();
            async move {
                for i in 0..50 {
                    sqlx::query("INSERT INTO app_meta (key, value) VALUES (?1, 'x')")
                        .bind(format!("k{i}"))
                        .execute(&pool)
                        .await
                        .unwrap();
                }
            }
        });
        backup(&pool, &copy).await.unwrap();
        writer.await.unwrap();
        assert!(backup(&pool, &copy).await.is_err(), "never overwrites");
        assert_eq!(check_backup(&copy).await.unwrap(), latest_version());
        add("after").await;
        pool.close().await;

        let kept = restore(&url, &copy)
            .await
            .unwrap()
            .expect("the old database is kept");
        assert!(kept.exists());
        let pool = connect_and_migrate(&url).await.unwrap();
        let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM events ORDER BY slug")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert_eq!(slugs, ["before"]);
        // Not a database, or not Kring's: refused, nothing replaced.
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, "hello").unwrap();
        assert!(restore(&url, &junk).await.is_err());
        assert!(check_backup(&dir.path().join("missing.db")).await.is_err());
    }

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
