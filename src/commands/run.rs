//! `liasse serve`, `liasse work` and `liasse all`: the long-running processes.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args;
use liasse_api::AppState;
use liasse_pipelines::Pipeline;
use liasse_scheduler::notify::ResultsListener;
use liasse_scheduler::{Db, SealedStore, keyring, store, sweeper};
use tokio::sync::watch;

use crate::config::Config;
use crate::telemetry;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (overrides api.listen), e.g. 0.0.0.0:8080; port 0 picks a free port.
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// Do not apply migrations at start-up (`liasse all` applies them by default).
    #[arg(long)]
    no_migrate: bool,
}

#[derive(Debug, Args)]
pub struct WorkArgs {
    /// Documents in flight at once (overrides worker.concurrency; worker.cpu_slots still bounds the pipelines running).
    #[arg(long)]
    concurrency: Option<usize>,
    /// Serve /metrics and /healthz on this address.
    #[arg(long)]
    metrics_listen: Option<SocketAddr>,
}

/// The database and the sealed store, as every long-running command needs them.
pub async fn open(config: &Config, migrate: bool) -> anyhow::Result<(Db, SealedStore)> {
    // Before anything else: a store outside the allow-list must not even be contacted.
    store::residency::check(&config.store, &config.residency)
        .map_err(anyhow::Error::msg)
        .context("data residency: refusing to start")?;
    let location = store::residency::Location::of(&config.store);
    let db = if migrate {
        Db::migrate(&config.database, &location).await
    } else {
        Db::connect(&config.database, &location).await
    }
    .with_context(|| format!("connecting to Postgres at {}", redact_url(&config.database.url)))?;
    let keyring = Arc::new(keyring::from_config(&config.keys, db.clone()).await?);
    let raw = store::from_config(&config.store).await.context("opening the object store")?;
    Ok((db, SealedStore::new(raw, keyring)))
}

/// The URL without its password, for messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{}@{}", &url[..scheme_end + 3], user, &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// Resolves when SIGINT or SIGTERM arrives; every component waits on a clone.
fn shutdown_signal() -> watch::Receiver<bool> {
    let (sender, receiver) = watch::channel(false);
    tokio::spawn(async move {
        let ctrl_c = tokio::signal::ctrl_c();
        #[cfg(unix)]
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => {}
            _ = terminate => {}
        }
        tracing::info!("shutting down: finishing running documents");
        let _ = sender.send(true);
    });
    receiver
}

async fn wait_for(mut receiver: watch::Receiver<bool>) {
    let _ = receiver.wait_for(|stop| *stop).await;
}

async fn api_task(
    config: &Config,
    args: &ServeArgs,
    db: Db,
    store: SealedStore,
    stop: watch::Receiver<bool>,
) -> anyhow::Result<tokio::task::JoinHandle<std::io::Result<()>>> {
    let tls = match &config.api.tls {
        Some(tls) => Some(liasse_api::tls::server_config(tls).map_err(anyhow::Error::msg).context("api.tls")?),
        None => None,
    };
    let prometheus = telemetry::init_metrics()?;
    let listen = args.listen.unwrap_or(config.api.listen);
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("listening on {listen}"))?;
    let address = listener.local_addr()?;
    let state = AppState {
        listener: ResultsListener::spawn(db.url().to_owned()),
        db,
        store: store.clone(),
        config: config.api.clone(),
        prometheus,
        limiter: Arc::new(liasse_api::limits::RateLimiter::new(config.api.rate_limit.clone())),
    };
    tracing::info!(store = %store.raw().location(), "API ready");
    // Scripts and tests read this line to find the port.
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!("liasse: listening on {scheme}://{address}");
    Ok(tokio::spawn(liasse_api::serve(state, listener, tls, wait_for(stop))))
}

fn worker_context(
    config: &Config,
    db: Db,
    store: SealedStore,
    concurrency: Option<usize>,
) -> anyhow::Result<Arc<liasse_workers::Context>> {
    let mut worker_config = config.worker.clone();
    if let Some(n) = concurrency {
        worker_config.concurrency = n;
    }
    let pipeline = Pipeline::load(config.pipeline.clone()).context("loading the pipeline")?;
    Ok(Arc::new(liasse_workers::Context::new(db, store, Arc::new(pipeline), worker_config)))
}

pub async fn serve(config: Config, args: ServeArgs) -> anyhow::Result<()> {
    let (db, store) = open(&config, false).await?;
    let stop = shutdown_signal();
    let api = api_task(&config, &args, db, store, stop).await?;
    api.await??;
    Ok(())
}

pub async fn work(config: Config, args: WorkArgs) -> anyhow::Result<()> {
    let (db, store) = open(&config, false).await?;
    let stop = shutdown_signal();
    if let Some(address) = args.metrics_listen {
        let prometheus = telemetry::init_metrics()?;
        let listener =
            tokio::net::TcpListener::bind(address).await.with_context(|| format!("listening on {address}"))?;
        println!("liasse: metrics on http://{}", listener.local_addr()?);
        let router = liasse_api::metrics_router(prometheus);
        let stop = stop.clone();
        tokio::spawn(async move { axum::serve(listener, router).with_graceful_shutdown(wait_for(stop)).await });
    }
    tokio::spawn(sweeper::run(db.clone(), store.clone(), config.retention.clone(), stop.clone()));
    let context = worker_context(&config, db, store, args.concurrency)?;
    println!("liasse: worker {} ready", context.worker_name);
    liasse_workers::run(context, &config.queue, wait_for(stop)).await?;
    Ok(())
}

pub async fn all(config: Config, args: ServeArgs) -> anyhow::Result<()> {
    let (db, store) = open(&config, !args.no_migrate).await?;
    let stop = shutdown_signal();
    let api = api_task(&config, &args, db.clone(), store.clone(), stop.clone()).await?;
    tokio::spawn(sweeper::run(db.clone(), store.clone(), config.retention.clone(), stop.clone()));
    let context = worker_context(&config, db, store, None)?;
    let workers = tokio::spawn({
        let queue = config.queue.clone();
        let stop = stop.clone();
        async move { liasse_workers::run(context, &queue, wait_for(stop)).await }
    });
    let (api, workers) = tokio::join!(api, workers);
    api??;
    workers??;
    Ok(())
}

/// `liasse sweep`: one sweep now, the store listing for orphans included (for a cron
/// job or after changing a retention period).
pub async fn sweep_once(config: Config) -> anyhow::Result<()> {
    let (db, store) = open(&config, false).await?;
    let mut report = sweeper::sweep(&db, &store, &config.retention).await?;
    let orphans = sweeper::sweep_orphans(&db, &store, &config.retention).await?;
    report.orphaned_objects = orphans.orphaned_objects;
    report.failures += orphans.failures;
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(redact_url("postgres://app:s3cret@db:5432/liasse"), "postgres://app@db:5432/liasse");
        assert_eq!(redact_url("postgres://postgres@127.0.0.1/liasse"), "postgres://postgres@127.0.0.1/liasse");
        assert_eq!(redact_url("postgres:///liasse"), "postgres:///liasse");
    }
}
