//! The command line.

use clap::{Args, Parser, Subcommand};

use crate::error::EXIT_CODES;

fn after_help() -> String {
    format!(
        "\
A deployment is named by its id or as application/deployment.

Environment:
  ROLF_URL         the API's URL (like --url); overrides the one `rolf login` stored
  ROLF_TOKEN       the token to send; overrides the stored one (for CI: a service account's API token)
  XDG_CONFIG_HOME  `rolf login` stores the URL and token in $XDG_CONFIG_HOME/rolf/config.json
                   (default $HOME/.config/rolf/config.json), readable by you only

{EXIT_CODES}"
    )
}

/// Rolf's command-line client: start pushes and follow them to the end, from a terminal or a CI pipeline.
#[derive(Debug, Parser)]
#[command(name = "rolf", version, after_help = after_help())]
pub struct Cli {
    /// The API's URL, e.g. https://rolf.example.org [default: the one `rolf login` stored]
    #[arg(long, global = true, env = "ROLF_URL", value_name = "URL")]
    pub url: Option<String>,
    /// Machine-readable output: the API's JSON; while following, one JSON object per event and line.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign in with your directory username and password (or store an API token) and remember the URL.
    Login(Login),
    /// Search the logs of the pushes you may view.
    #[command(subcommand)]
    Logs(crate::logs::LogsCommand),
    /// List the deployments you may view, with your level on each.
    Deployments,
    /// Print the push status changes of every deployment you may view as they happen.
    Events(crate::events::EventsArgs),
    /// Start a push of a deployment; with --wait, follow it and exit with its outcome.
    Push(Push),
    /// Follow a push's log live to its end and exit with its outcome.
    Follow {
        /// The push's id.
        push: i64,
    },
    /// Cancel a queued, running or paused push.
    Cancel {
        /// The push's id.
        push: i64,
    },
    /// Resume a failed, cancelled or lost push: a new push of the same snapshot, from the stage that did not
    /// succeed (stages marked rerun_on_resume run again).
    Resume {
        /// The push's id.
        push: i64,
        /// Why [default: the resumed push's comment].
        #[arg(long, short)]
        comment: Option<String>,
        /// Follow the new push's log to its end and exit with its outcome.
        #[arg(long, short)]
        wait: bool,
    },
    /// Approve a push awaiting approval (you may not approve your own).
    Approve {
        /// The push's id.
        push: i64,
        /// A note for the record.
        #[arg(long, short = 'm')]
        message: Option<String>,
    },
    /// Reject a push awaiting approval: it ends and never runs. Say why.
    Reject {
        /// The push's id.
        push: i64,
        /// Why (required).
        #[arg(long, short = 'm')]
        message: Option<String>,
    },
    /// List the pushes awaiting an approval you may give.
    Approvals,
    /// List the freeze windows you may see: the one in effect now and the next of each.
    Freezes,
    /// Add or remove a freeze window (admins; editors for their deployment).
    #[command(subcommand)]
    Freeze(crate::freezes::FreezeCommand),
    /// Print a deployment as one document (settings, flags, stages, grants...; never a secret value), to keep in
    /// version control and apply again: `rolf export --yaml shop/production > production.yaml`.
    Export {
        /// Id or application/deployment.
        deployment: String,
        /// YAML instead of JSON.
        #[arg(long)]
        yaml: bool,
    },
    /// Create or update the deployment a document names to match it (a JSON or YAML file, as `rolf export` writes
    /// it), and print what changed. Secret settings without a value keep the value they have.
    Apply {
        /// The document; `-` reads it from stdin.
        #[arg(long, short = 'f', value_name = "FILE")]
        file: std::path::PathBuf,
        /// Print what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List a deployment's scheduled pushes: when each fires next and what its last tick did.
    Schedules {
        /// Id or application/deployment.
        deployment: String,
    },
    /// Add, edit, turn on or off, or remove a deployment's scheduled pushes (needs edit).
    #[command(subcommand)]
    Schedule(crate::schedules::ScheduleCommand),
    /// Continue a push paused in step mode: its next stage runs.
    Continue {
        /// The push's id.
        push: i64,
    },
    /// Show what a push changed: stages, code, settings (never a secret value) and flags, against the last
    /// succeeded push before it.
    Diff {
        /// The push's id.
        push: i64,
        /// Compare with this push of the same deployment instead.
        #[arg(long, value_name = "PUSH")]
        against: Option<i64>,
    },
    /// List a deployment's pushes, newest first.
    History {
        /// Id or application/deployment.
        deployment: String,
        /// How many pushes to list.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=200))]
        limit: u16,
    },
    /// List a deployment's tags: the succeeded pushes a rollback can go back to.
    Tags {
        /// Id or application/deployment.
        deployment: String,
    },
    /// Show where the time of a deployment's latest pushes went, stage by stage, and each stage's usual time.
    Stats {
        /// Id or application/deployment.
        deployment: String,
        /// How many of the latest pushes.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=200))]
        limit: u16,
    },
    /// List live and recently seen workers with their pools and running pushes (admins).
    Workers,
    /// The shared cookbook: list its recipes, or import a cookbook file such as the starter cookbook (admins).
    #[command(subcommand)]
    Recipes(crate::recipes::RecipesCommand),
    /// Say what you may do on a deployment and why: which of your groups give it, and every grant there.
    Access {
        /// Id or application/deployment.
        deployment: String,
    },
    /// Read the audit trail, newest first: who changed what and when, filtered by deployment, actor, action and
    /// time (admins; editors for their deployment's).
    Audit(crate::admin::AuditArgs),
    /// Import from the original Rolf (admins): its cookbook export and a dump of its models, in one transaction.
    /// Prints what was created, updated, flagged as needing conversion and left out; importing again changes
    /// nothing, and a refused file imports nothing and says where it is wrong.
    ImportRolf(crate::original::ImportRolf),
    /// A service account's tokens: list them, revoke one (admins).
    #[command(subcommand)]
    ServiceAccounts(crate::admin::ServiceAccountsCommand),
}

#[derive(Debug, Args)]
pub struct Login {
    /// Store this API token instead of signing in with a username and password (it shows in `ps` and the shell's
    /// history: scripts should use --token-stdin).
    #[arg(long, conflicts_with_all = ["username", "password_stdin", "token_stdin"])]
    pub token: Option<String>,
    /// Read the API token to store from stdin, e.g. `rolf login --url URL --token-stdin < token-file`; like
    /// --token, it is checked against the API first.
    #[arg(long, conflicts_with_all = ["username", "password_stdin"])]
    pub token_stdin: bool,
    /// Your directory username [default: asked on the terminal]
    #[arg(long)]
    pub username: Option<String>,
    /// Read the password from the first line of stdin instead of asking on the terminal.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct Push {
    /// Id or application/deployment.
    pub deployment: String,
    /// Why: shown in the history and to the stages as ROLF_COMMENT.
    #[arg(long, short)]
    pub comment: Option<String>,
    /// A flag's value, by its variable name; repeat for more. Flags left out take their defaults.
    #[arg(long = "flag", short = 'f', value_name = "NAME=VALUE", value_parser = parse_flag)]
    pub flags: Vec<(String, String)>,
    /// Roll back to this succeeded push (its tag is given to the stages as ROLF_ROLLBACK_TAG).
    #[arg(long, value_name = "PUSH")]
    pub rollback_to: Option<i64>,
    /// Follow the push's log to its end and exit with its outcome (see Exit codes).
    #[arg(long, short)]
    pub wait: bool,
    /// Step mode: the push pauses before each stage after the first until `rolf continue`.
    #[arg(long)]
    pub step: bool,
    /// Emergency: skip the deployment's approvals, saying why (needs edit; shown on the push and audited).
    #[arg(long, value_name = "REASON")]
    pub bypass: Option<String>,
    /// Push nothing: show what a push made now would change against the last succeeded push (flags at their
    /// defaults).
    #[arg(long, conflicts_with_all = ["wait", "rollback_to", "step", "bypass"])]
    pub dry_run: bool,
}

pub(crate) fn parse_flag(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("expected NAME=VALUE, got {arg:?}")),
    }
}

/// A time given on the command line (`--at`, `--from`, `--until`), in RFC 3339 as the API takes it.
pub(crate) fn parse_time(arg: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(arg)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| format!("expected an RFC 3339 time such as 2026-12-24T18:00:00Z, got {arg:?}"))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_split_at_the_first_equals_sign() {
        assert_eq!(parse_flag("BRANCH=main"), Ok(("BRANCH".into(), "main".into())));
        assert_eq!(parse_flag("EXTRA=a=b"), Ok(("EXTRA".into(), "a=b".into())));
        assert_eq!(parse_flag("EMPTY="), Ok(("EMPTY".into(), String::new())));
        assert!(parse_flag("=x").is_err());
        assert!(parse_flag("novalue").is_err());
    }

    #[test]
    fn times_are_rfc3339_with_an_offset() {
        assert_eq!(parse_time("2026-12-24T19:00:00+01:00").unwrap().to_rfc3339(), "2026-12-24T18:00:00+00:00");
        assert!(parse_time("2026-12-24T18:00:00").is_err(), "no offset: whose local time?");
        assert!(parse_time("tomorrow").is_err());
    }

    #[test]
    fn help_documents_every_exit_code() {
        let help = Cli::command().render_long_help().to_string();
        for code in ["0", "1", "2", "3", "4", "5", "130"] {
            assert!(help.lines().any(|l| l.trim_start().starts_with(&format!("{code} "))), "exit code {code}: {help}");
        }
    }
}
