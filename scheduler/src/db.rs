//! The Postgres pool, migrations, and the tenant-scoped transaction every query of
//! tenant data runs in.

use std::str::FromStr;

use liasse_core::TenantId;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use crate::Result;
use crate::config::DatabaseConfig;
use crate::store::residency::Location;

/// Our migrations; apalis keeps its own in schema `apalis` with its own ledger.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

#[derive(Debug, Clone)]
pub struct Db {
    pool: PgPool,
    url: String,
    admin_role: String,
}

/// A transaction that has named its tenant (`app.tenant_id`), which row-level
/// security policies read. The setting is local to the transaction, so a pooled
/// connection never carries one tenant's identity into another request.
pub type TenantTx = Transaction<'static, Postgres>;

impl Db {
    /// Connects the pool. Every connection assumes `config.app_role` before it is
    /// used, so row-level security applies to everything the application does, and
    /// names the store's location, which results and audit events record (their
    /// columns default to it).
    pub async fn connect(config: &DatabaseConfig, location: &Location) -> Result<Self> {
        let options = PgConnectOptions::from_str(&config.url)?.application_name("liasse");
        check_transport(&options, config.require_tls)?;
        let app_role = config.app_role.clone();
        let location = location.clone();
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(config.acquire_timeout)
            .after_connect(move |connection, _| {
                let app_role = app_role.clone();
                let location = location.clone();
                Box::pin(async move {
                    // set_config('role', …) is SET ROLE with a bound name.
                    sqlx::query(
                        "SELECT set_config('role', $1, false), set_config('liasse.store_provider', $2, false),
                                set_config('liasse.store_region', $3, false)",
                    )
                    .bind(&app_role)
                    .bind(&location.provider)
                    .bind(&location.region)
                    .execute(connection)
                    .await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|error| role_hint(error, &config.app_role))?;
        Ok(Self { pool, url: config.url.clone(), admin_role: config.admin_role.clone() })
    }

    /// Creates the database if it does not exist, then applies apalis's migrations
    /// and ours (which create the application roles), as the login role itself.
    /// Safe to run on every start and from several processes at once (sqlx takes an
    /// advisory lock).
    pub async fn migrate(config: &DatabaseConfig, location: &Location) -> Result<Self> {
        if !Postgres::database_exists(&config.url).await? {
            match Postgres::create_database(&config.url).await {
                Ok(()) => {}
                // Another process created it in between.
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
                Err(e) => return Err(e.into()),
            }
        }
        check_transport(&PgConnectOptions::from_str(&config.url)?, config.require_tls)?;
        let owner = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(PgConnectOptions::from_str(&config.url)?.application_name("liasse-migrate"))
            .await?;
        apalis_postgres::PostgresStorage::<()>::setup(&owner).await?;
        MIGRATOR.run(&owner).await?;
        owner.close().await;
        Self::connect(config, location).await
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Begins a transaction scoped to one tenant. Every query of tenant data goes
    /// through here.
    pub async fn tenant_tx(&self, tenant: TenantId) -> Result<TenantTx> {
        let mut tx = self.pool.begin().await?;
        sqlx::query!("SELECT set_config('app.tenant_id', $1, true)", tenant.to_string()).fetch_one(&mut *tx).await?;
        Ok(tx)
    }

    /// Begins a transaction that may see every tenant, as the admin role. Only for
    /// the paths that cannot know their tenant first: API key lookup, operator keys,
    /// KPIs and queue gauges across tenants.
    pub async fn admin_tx(&self) -> Result<Transaction<'static, Postgres>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT set_config('role', $1, true)").bind(&self.admin_role).execute(&mut *tx).await?;
        Ok(tx)
    }

    /// Checks the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query!("SELECT 1 AS one").fetch_one(&self.pool).await?;
        Ok(())
    }
}

/// Database traffic that leaves the machine must be encrypted, to a server whose
/// certificate is verified: documents' metadata, API key hashes and wrapped data keys
/// cross that link.
fn check_transport(options: &PgConnectOptions, require_tls: bool) -> Result<()> {
    use sqlx::postgres::PgSslMode;
    let host = options.get_host();
    let local = options.get_socket().is_some()
        || host.starts_with('/')
        || host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    let verified = matches!(options.get_ssl_mode(), PgSslMode::VerifyFull | PgSslMode::VerifyCa);
    if local || verified || !require_tls {
        return Ok(());
    }
    Err(sqlx::Error::Configuration(
        format!(
            "database.url points at {host}, off this machine, without a verified TLS connection: add \
             sslmode=verify-full (and sslrootcert=<CA file> unless the server's certificate chains to a public root) \
             to the URL, or set database.require_tls = false if the network to the database is private"
        )
        .into(),
    )
    .into())
}

/// A connection that cannot assume the application role gets a message that says why.
fn role_hint(error: sqlx::Error, app_role: &str) -> sqlx::Error {
    match &error {
        sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("42704" | "42501")) => sqlx::Error::Configuration(
            format!(
                "cannot assume role {app_role:?} ({}): run `liasse migrate` first, and grant the role to the login role (GRANT {app_role} TO <login role>)",
                db.message()
            )
            .into(),
        ),
        _ => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, require_tls: bool) -> bool {
        check_transport(&PgConnectOptions::from_str(url).expect("a URL"), require_tls).is_ok()
    }

    #[test]
    fn a_remote_database_needs_verified_tls() {
        assert!(check("postgres://u@127.0.0.1:5432/d", true));
        assert!(check("postgres://u@localhost/d", true));
        assert!(check("postgres://u@[::1]:5432/d", true));
        assert!(check("postgres:///d?host=/var/run/postgresql", true));
        assert!(!check("postgres://u@db.internal:5432/d", true));
        assert!(!check("postgres://u@db.internal:5432/d?sslmode=require", true), "require does not verify the server");
        assert!(check("postgres://u@db.internal:5432/d?sslmode=verify-full", true));
        assert!(check("postgres://u@db.internal:5432/d?sslmode=verify-ca", true));
        assert!(check("postgres://u@db.internal:5432/d", false), "turned off for a private network");
    }
}
