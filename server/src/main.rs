//! `kring`: serves the web app (the default), or runs an admin command.
//! Bootstrap only: config → tracing → database + migrations → state → router →
//! serve with graceful shutdown.

use app::server::{db, organizers, seed, AppState};
use clap::{Parser, Subcommand};
use kring_server::{config, startup};
use std::io::BufRead;
use tower_sessions::ExpiredDeletion;

#[derive(Parser)]
#[command(name = "kring", about = "Kring, the open-space scheduler")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an organizer account. The password is read from
    /// KRING_ORGANIZER_PASSWORD or from the first line of standard input.
    CreateOrganizer {
        #[arg(long)]
        email: String,
    },
    /// Copy the database to FILE, consistently, while Kring keeps serving
    /// (SQLite's VACUUM INTO). FILE must not exist yet.
    Backup { file: std::path::PathBuf },
    /// Replace the database with the backup FILE (checked first). Stop Kring
    /// before, start it after; the current database is kept in backups/.
    Restore { file: std::path::PathBuf },
}

/// The scheduling engine's commands, handed to the solver crate as they are.
const SOLVER_COMMANDS: &[&str] = &["solve", "check", "gen", "duplicates"];

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args
        .first()
        .is_some_and(|a| SOLVER_COMMANDS.contains(&a.as_str()))
    {
        let code = tokio::task::spawn_blocking(move || solver::cli::run(&args))
            .await
            .unwrap_or(2);
        return std::process::ExitCode::from(code.clamp(0, 255) as u8);
    }
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            // HiGHS logs every model stopped by a node or time limit as a
            // warning; the engine stops its models by such limits on
            // purpose and reports how each run ended itself.
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn,highs=error".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only on a terminal: journald and container logs get
        // plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Admin {
            command: AdminCommand::CreateOrganizer { email },
        } => create_organizer(&email).await,
        Command::Admin {
            command: AdminCommand::Backup { file },
        } => backup(&file).await,
        Command::Admin {
            command: AdminCommand::Restore { file },
        } => restore(&file).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kring: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn create_organizer(email: &str) -> Result<(), String> {
    let options = config::leptos_options()?;
    let cfg = config::app_config(options.site_addr);
    let password = match std::env::var("KRING_ORGANIZER_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!(
                "Password (at least {} characters):",
                organizers::MIN_PASSWORD_CHARS
            );
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let pool = db::connect_and_migrate(&cfg.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    organizers::create(&pool, email, &password, false)
        .await
        .map_err(|e| app::error::AppError::from(e).to_string())?;
    println!(
        "Organizer {} created. Log in at {}/login",
        email.trim().to_lowercase(),
        cfg.public_url
    );
    Ok(())
}

async fn backup(file: &std::path::Path) -> Result<(), String> {
    let options = config::leptos_options()?;
    let cfg = config::app_config(options.site_addr);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            db::connect_options(&cfg.database_url)
                .map_err(|e| e.to_string())?
                .create_if_missing(false),
        )
        .await
        .map_err(|e| format!("database {}: {e}", cfg.database_url))?;
    db::backup(&pool, file)
        .await
        .map_err(|e| format!("backup to {}: {e}", file.display()))?;
    let version = db::check_backup(file).await?;
    println!(
        "Backed up {} to {} (schema {version}).",
        cfg.database_url,
        file.display()
    );
    Ok(())
}

async fn restore(file: &std::path::Path) -> Result<(), String> {
    let options = config::leptos_options()?;
    let cfg = config::app_config(options.site_addr);
    let kept = db::restore(&cfg.database_url, file).await?;
    println!("Restored {} from {}.", cfg.database_url, file.display());
    if let Some(kept) = kept {
        println!("The previous database is kept at {}.", kept.display());
    }
    println!("Start Kring again: it migrates the restored database if it is older.");
    Ok(())
}

async fn serve() -> Result<(), String> {
    let options = config::leptos_options()?;
    let addr = options.site_addr;
    let cfg = config::app_config(addr);
    let pool = db::connect_and_migrate(&cfg.database_url)
        .await
        .map_err(|e| format!("database {}: {e}", cfg.database_url))?;
    tracing::info!(database = %cfg.database_url, "database ready");

    if cfg.seed_demo {
        match seed::seed_demo(&pool, &cfg.public_url, cfg.demo_password.as_deref()).await {
            Ok(Some(report)) => {
                println!("\nDemo event seeded: {}", report.event_url);
                if let Some((email, pw)) = report.organizer {
                    println!(
                        "Organizer login:   {email} / {pw}   (at {}/login)\n",
                        cfg.public_url
                    );
                }
            }
            Ok(None) => {}
            Err(e) => {
                return Err(format!(
                    "seeding the demo failed: {}",
                    app::error::AppError::from(e)
                ))
            }
        }
    }
    if organizers::count(&pool).await.map_err(|e| e.to_string())? == 0 {
        println!(
            "No organizer yet: open {}/setup or run `kring admin create-organizer --email ...`",
            cfg.public_url
        );
    }

    let state = AppState::new(options, pool, cfg);
    let store = startup::session_store(&state)
        .await
        .map_err(|e| format!("session store: {e}"))?;
    let cleanup = tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(tokio::time::Duration::from_secs(600)),
    );
    let feed = state.feed.clone();
    let router = startup::router(state, store);

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("listen on {addr}: {e}"))?;
    tracing::info!("listening on http://{addr}");
    println!("Kring is running on http://{addr}");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Live streams never end by themselves: end them, or the
        // graceful shutdown would wait for them.
        feed.close();
    })
    .await
    .map_err(|e| e.to_string())?;
    cleanup.abort();
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
