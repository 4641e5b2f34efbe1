//! The Postgres pool, migrations, and the tenant-scoped transaction every query of
//! tenant data runs in.

use std::str::FromStr;

use liasse_core::TenantId;
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use crate::Result;
use crate::config::DatabaseConfig;

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
    /// used, so row-level security applies to everything the application does.
    pub async fn connect(config: &DatabaseConfig) -> Result<Self> {
        let options = PgConnectOptions::from_str(&config.url)?.application_name("liasse");
        let app_role = config.app_role.clone();
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(config.acquire_timeout)
            .after_connect(move |connection, _| {
                let app_role = app_role.clone();
                Box::pin(async move {
                    // set_config('role', …) is SET ROLE with a bound name.
                    sqlx::query("SELECT set_config('role', $1, false)").bind(&app_role).execute(connection).await?;
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
    pub async fn migrate(config: &DatabaseConfig) -> Result<Self> {
        if !Postgres::database_exists(&config.url).await? {
            match Postgres::create_database(&config.url).await {
                Ok(()) => {}
                // Another process created it in between.
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
                Err(e) => return Err(e.into()),
            }
        }
        let owner = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(PgConnectOptions::from_str(&config.url)?.application_name("liasse-migrate"))
            .await?;
        apalis_postgres::PostgresStorage::<()>::setup(&owner).await?;
        MIGRATOR.run(&owner).await?;
        owner.close().await;
        Self::connect(config).await
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
