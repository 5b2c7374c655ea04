use anyhow::Context;
use clap::{Parser, Subcommand};
use rolf_api::Application;
use rolf_common::access::tokens;
use rolf_common::config::{DbConfig, ServerConfig};
use rolf_common::db;
use rolf_common::original;
use rolf_common::recipes::import::{self, CookbookFile, Importer};
use tracing_subscriber::EnvFilter;

/// Rolf's API server and its administrative commands.
#[derive(Parser)]
#[command(name = "rolf-api", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document (as checked in at openapi/openapi.json) on stdout.
    Openapi,
    /// Print a new API token on stdout.
    CreateToken {
        /// Issue it to an admin service account (created if missing): how the first admin gets in.
        #[arg(long, required = true)]
        admin: bool,
        /// The service account's name.
        #[arg(long)]
        name: String,
    },
    /// Import a cookbook file (e.g. cookbook/starter.json) into the cookbook: recipes are matched by name, so a
    /// second import updates them in place and never duplicates one. A bad file imports nothing. Prints what
    /// was created, updated and left unchanged, as JSON on stdout.
    ImportCookbook {
        /// The cookbook file (JSON, the format of cookbook/starter.json).
        file: std::path::PathBuf,
    },
    /// Import from the original Rolf, as the admin service account `import-rolf`: its cookbook export and a dump
    /// of its models, either or both. One transaction: an error names the place and imports nothing; importing
    /// the same files again changes nothing. Prints the report as JSON on stdout.
    ImportRolf {
        /// `manage.py dump_cookbook` of the original: CSV rows of name, language, code, description.
        #[arg(long, value_name = "FILE")]
        cookbook: Option<std::path::PathBuf>,
        /// `manage.py dumpdata rolf_main auth.group` of the original (JSON).
        #[arg(long, value_name = "FILE", required_unless_present = "cookbook")]
        dump: Option<std::path::PathBuf>,
        /// Print what would be created, updated and flagged, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

fn read_text(path: Option<&std::path::Path>) -> anyhow::Result<Option<String>> {
    path.map(|p| std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))).transpose()
}

fn init_tracing() {
    let filter = EnvFilter::try_from_env("ROLF_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var("ROLF_LOG_FORMAT").is_ok_and(|f| f == "json");
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json { builder.json().init() } else { builder.init() }
}

#[actix_web::main]
async fn main() -> std::process::ExitCode {
    init_tracing();
    match run(Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let config = ServerConfig::from_env()?;
            let app = Application::build(&config)?;
            tracing::info!(bind = %config.bind, port = app.port(), "rolf-api listening");
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let config = DbConfig::from_env()?;
            let applied = tokio::task::spawn_blocking(move || {
                let mut conn = db::connect(&config.database_url)?;
                db::migrate(&mut conn)
            })
            .await??;
            tracing::info!(count = applied.len(), versions = ?applied, "migrations applied");
        }
        Command::Openapi => {
            #[allow(clippy::print_stdout)]
            {
                print!("{}", rolf_api::openapi_json());
            }
        }
        Command::CreateToken { admin: _, name } => {
            let config = DbConfig::from_env()?;
            let token = tokio::task::spawn_blocking(move || {
                let mut conn = db::connect(&config.database_url)?;
                diesel::Connection::transaction(&mut conn, |conn| tokens::create_bootstrap(conn, &name))
            })
            .await??;
            #[allow(clippy::print_stdout)]
            {
                println!("{token}");
            }
        }
        Command::ImportRolf { cookbook, dump, dry_run } => {
            let input = original::OriginalExport {
                cookbook_csv: read_text(cookbook.as_deref())?,
                dump_json: read_text(dump.as_deref())?,
            };
            let config = DbConfig::from_env()?;
            let report = tokio::task::spawn_blocking(move || {
                let mut conn = db::connect(&config.database_url)?;
                original::import_from_command_line(&mut conn, &input, dry_run)
                    .map_err(|e| anyhow::anyhow!("nothing was imported: {e}"))
            })
            .await??;
            tracing::info!(dry_run, changed = report.changed, flagged = report.flagged.len(), "original Rolf imported");
            #[allow(clippy::print_stdout)]
            {
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
        }
        Command::ImportCookbook { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            let cookbook: CookbookFile =
                serde_json::from_str(&text).with_context(|| format!("{} is not a cookbook file", file.display()))?;
            let config = DbConfig::from_env()?;
            let report = tokio::task::spawn_blocking(move || {
                let mut conn = db::connect(&config.database_url)?;
                diesel::Connection::transaction(&mut conn, |conn| {
                    import::import(conn, &Importer::CommandLine, &cookbook)
                })
                .map_err(|e| anyhow::anyhow!("{} was not imported: {e}", file.display()))
            })
            .await??;
            tracing::info!(
                created = report.created,
                updated = report.updated,
                unchanged = report.unchanged,
                "cookbook imported"
            );
            #[allow(clippy::print_stdout)]
            {
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
        }
    }
    Ok(())
}
