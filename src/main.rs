//! `liasse`: the one binary. `liasse all` runs everything on one machine; `serve`
//! and `work` split the API and the workers across processes or pods; the other
//! commands administer and use it. See `liasse --help`.

mod commands;
mod config;
mod telemetry;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Counts the heap memory each document holds, for its memory budget
/// (`limits.max_memory_bytes`); otherwise the system allocator.
#[global_allocator]
static ALLOCATOR: liasse_pipelines::budget::CountingAllocator = liasse_pipelines::budget::CountingAllocator;

#[derive(Debug, Parser)]
#[command(name = "liasse", version, about = "Self-hosted document processing: invoices, contracts, e-mails.")]
struct Cli {
    /// Configuration file (default: ./liasse.toml when present). Environment
    /// variables LIASSE__SECTION__KEY override it.
    #[arg(long, global = true, env = "LIASSE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the database if needed and apply every migration.
    Migrate,
    /// Run the HTTP API.
    Serve(commands::run::ServeArgs),
    /// Run document workers.
    Work(commands::run::WorkArgs),
    /// Run the API, the scheduler and the workers in one process (one machine).
    All(commands::run::ServeArgs),
    /// Manage tenants.
    #[command(subcommand)]
    Tenant(commands::admin::TenantCommand),
    /// Manage API keys.
    #[command(subcommand)]
    Key(commands::admin::KeyCommand),
    /// Delete now what retention rules say must go (workers also do it every minute).
    Sweep,
    /// Encryption keys: rewrap every tenant's data key with the current master key.
    #[command(subcommand)]
    Keys(commands::admin::KeysCommand),
    /// Check the audit journal.
    #[command(subcommand)]
    Audit(commands::admin::AuditCommand),
    /// Upload files or folders as one batch through the API.
    Submit(commands::submit::SubmitArgs),
    /// Show KPIs through the API.
    Kpis(commands::submit::ClientArgs),
    /// Run the pipeline in this process on local files (no database, no store).
    Process(commands::process::ProcessArgs),
    /// Run the pipeline over an evaluation manifest and report accuracy and field F1.
    Eval(commands::eval::EvalArgs),
}

fn main() -> std::process::ExitCode {
    // Tesseract's OpenMP must see OMP_THREAD_LIMIT=1 before the program starts (it
    // reads it at load time); re-execute once with it set. Pages are parallelised by
    // the pipeline itself.
    if let Err(error) = liasse_pipelines::ocr::exec_with_single_openmp_thread() {
        eprintln!("warning: could not limit OpenMP to one thread ({error}); OCR will be slower");
    }
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    #[cfg(feature = "failpoints")]
    let _failpoints = fail::FailScenario::setup();
    let quiet = matches!(
        cli.command,
        Command::Process(_)
            | Command::Eval(_)
            | Command::Submit(_)
            | Command::Kpis(_)
            | Command::Tenant(_)
            | Command::Key(_)
            | Command::Audit(_)
            | Command::Keys(_)
    );
    telemetry::init_logs(if quiet { "warn,lopdf=off" } else { "info,sqlx=warn,apalis=warn,lopdf=off" });
    match cli.command {
        Command::Submit(args) => return commands::submit::submit(args).await,
        Command::Kpis(args) => return commands::submit::kpis(args).await,
        _ => {}
    }
    let config = config::Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Migrate => commands::admin::migrate(&config).await,
        Command::Serve(args) => commands::run::serve(config, args).await,
        Command::Work(args) => commands::run::work(config, args).await,
        Command::All(args) => commands::run::all(config, args).await,
        Command::Tenant(command) => commands::admin::tenant(&config, command).await,
        Command::Key(command) => commands::admin::key(&config, command).await,
        Command::Audit(command) => commands::admin::audit(&config, command).await,
        Command::Keys(command) => commands::admin::keys(&config, command).await,
        Command::Sweep => commands::run::sweep_once(config).await,
        Command::Process(args) => commands::process::process(&config, args),
        Command::Eval(args) => commands::eval::eval(&config, args),
        Command::Submit(_) | Command::Kpis(_) => unreachable!("handled above"),
    }
}
