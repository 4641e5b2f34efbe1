//! `liasse migrate`, `liasse tenant …` and `liasse key …`: administration straight
//! against Postgres (no API involved), for operators on the machine.

use std::sync::Arc;

use anyhow::Context as _;
use clap::Subcommand;
use liasse_core::TenantId;
use liasse_scheduler::api_keys::{self, Scope};
use liasse_scheduler::audit::Actor;
use liasse_scheduler::store::residency::Location;
use liasse_scheduler::{Db, Keyring, keyring, tenants};
use serde_json::json;

use crate::config::Config;

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant and its first API key (scopes upload and read); prints JSON.
    /// The key is shown once and stored hashed.
    Create {
        /// A display name, e.g. the customer's company name.
        name: String,
        /// Days an unacknowledged result is kept before it is deleted (default 7).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        result_ttl_days: Option<u32>,
    },
    /// Erase a tenant for good (GDPR): rows, results, keys, journal, stored objects;
    /// its data key is destroyed, so copies anywhere stay unreadable. Prints the
    /// erasure certificate.
    Erase {
        tenant_id: TenantId,
        /// Required: an erasure cannot be undone.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create an API key; prints JSON with the key, shown once.
    Create {
        /// The tenant the key belongs to.
        #[arg(long, required_unless_present = "admin", conflicts_with = "admin")]
        tenant: Option<TenantId>,
        /// An operator key (scope admin, all tenants' KPIs), belonging to no tenant.
        #[arg(long)]
        admin: bool,
        /// Scopes of a tenant key.
        #[arg(long, value_delimiter = ',', default_value = "upload,read")]
        scopes: Vec<String>,
        #[arg(long, default_value = "")]
        name: String,
        /// The key stops working after this many days (default: until revoked).
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// List keys (never their secrets) as JSON lines: scopes, expiry, revocation, last use.
    List {
        /// Only this tenant's keys.
        #[arg(long)]
        tenant: Option<TenantId>,
    },
    /// Revoke a key now; requests with it answer 401 from then on.
    Revoke {
        /// The key's id (`key_id` in `key create` and `key list`).
        key_id: liasse_core::ApiKeyId,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Master key rotation without downtime: set `keys.master_key` to the new key and
    /// `keys.previous_master_keys` to the old one everywhere, run this once (it rewraps
    /// every tenant's data keys; safe to rerun), then drop the old key from the config.
    ///
    /// With `--tenant`: rotate that tenant's data key instead. Its objects are resealed
    /// with a new key and the old one is destroyed (copies of old objects, backups
    /// included, become unreadable). Takes `keys.data_key_refresh` plus a second.
    Rotate {
        #[arg(long)]
        tenant: Option<TenantId>,
    },
}

pub async fn keys(config: &Config, command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Rotate { tenant: Some(tenant) } => {
            let (db, store) = crate::commands::run::open(config, false).await?;
            let rotation = tenants::rotate_data_key(&db, &store, tenant, &Actor::Cli).await?;
            println!("{}", serde_json::to_string(&rotation)?);
        }
        KeysCommand::Rotate { tenant: None } => {
            let (_, keyring) = keyring(config).await?;
            let (rewrapped, current) = keyring.rotate(&Actor::Cli).await?;
            println!(
                "{}",
                json!({ "master_key": keyring.master_fingerprint(), "rewrapped": rewrapped, "already_current": current })
            );
        }
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute every tenant's hash chain; exit 1 naming the first row that does not
    /// match (a changed, deleted or inserted event).
    Verify,
}

pub async fn audit(config: &Config, command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify => {
            let db = connect(config).await?;
            let report = liasse_scheduler::audit::verify(&db).await?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            match report.broken {
                None => Ok(()),
                Some(broken) => anyhow::bail!(
                    "the audit journal is broken at event {} (tenant {}, position {}): {}",
                    broken.id,
                    broken.tenant_id.map_or_else(|| "operator".to_owned(), |t| t.to_string()),
                    broken.chain_seq,
                    broken.reason
                ),
            }
        }
    }
}

pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    Db::migrate(&config.database, &Location::of(&config.store))
        .await
        .with_context(|| format!("migrating {}", crate::commands::run::redact_url(&config.database.url)))?;
    println!("liasse: database is up to date");
    Ok(())
}

/// Connects to Postgres for a one-shot command.
async fn connect(config: &Config) -> anyhow::Result<Db> {
    Db::connect(&config.database, &Location::of(&config.store))
        .await
        .context("connecting to Postgres (run `liasse migrate` first?)")
}

async fn keyring(config: &Config) -> anyhow::Result<(Db, Arc<Keyring>)> {
    let db = connect(config).await?;
    let keyring = Arc::new(keyring::from_config(&config.keys, db.clone()).await?);
    Ok((db, keyring))
}

pub async fn tenant(config: &Config, command: TenantCommand) -> anyhow::Result<()> {
    match command {
        TenantCommand::Create { name, result_ttl_days } => {
            let (db, keyring) = keyring(config).await?;
            let tenant = tenants::create(&db, &keyring, &name, &Actor::Cli).await?;
            if let Some(days) = result_ttl_days {
                let ttl = std::time::Duration::from_secs(u64::from(days) * 86_400);
                tenants::set_result_ttl(&db, tenant.id, ttl, &Actor::Cli).await?;
            }
            let first_key = api_keys::NewKey {
                tenant: Some(tenant.id),
                scopes: &[Scope::Upload, Scope::Read],
                name: "initial",
                expires_at: None,
            };
            let (_, key) = api_keys::create(&db, first_key, &Actor::Cli).await?;
            println!("{}", json!({ "tenant_id": tenant.id, "name": tenant.name, "api_key": key }));
        }
        TenantCommand::Erase { tenant_id, yes } => {
            anyhow::ensure!(yes, "erasing tenant {tenant_id} cannot be undone: add --yes");
            let (db, store) = crate::commands::run::open(config, false).await?;
            let certificate = tenants::erase(&db, &store, tenant_id, &Actor::Cli)
                .await?
                .with_context(|| format!("no tenant {tenant_id}"))?;
            println!("{}", serde_json::to_string_pretty(&certificate)?);
        }
    }
    Ok(())
}

pub async fn key(config: &Config, command: KeyCommand) -> anyhow::Result<()> {
    match command {
        KeyCommand::Create { tenant, admin, scopes, name, expires_in_days } => {
            let db = connect(config).await?;
            let scopes: Vec<Scope> = if admin {
                vec![Scope::Admin, Scope::Read]
            } else {
                scopes
                    .iter()
                    .map(|s| {
                        serde_json::from_value(json!(s)).with_context(|| format!("unknown scope {s:?} (upload, read)"))
                    })
                    .collect::<anyhow::Result<_>>()?
            };
            if let Some(tenant) = tenant
                && tenants::get(&db, tenant).await?.is_none()
            {
                anyhow::bail!("no tenant {tenant}");
            }
            let expires_at = expires_in_days.map(|days| chrono::Utc::now() + chrono::Duration::days(i64::from(days)));
            let new = api_keys::NewKey { tenant, scopes: &scopes, name: &name, expires_at };
            let (id, key) = api_keys::create(&db, new, &Actor::Cli).await?;
            println!(
                "{}",
                json!({ "key_id": id, "tenant_id": tenant, "scopes": scopes, "expires_at": expires_at, "api_key": key })
            );
        }
        KeyCommand::List { tenant } => {
            let db = connect(config).await?;
            for key in api_keys::list(&db, tenant).await? {
                println!("{}", serde_json::to_string(&key)?);
            }
        }
        KeyCommand::Revoke { key_id } => {
            let db = connect(config).await?;
            if !api_keys::revoke(&db, key_id, &Actor::Cli).await? {
                anyhow::bail!("no active key {key_id} (unknown or already revoked)");
            }
            println!("{}", json!({ "key_id": key_id, "revoked": true }));
        }
    }
    Ok(())
}
