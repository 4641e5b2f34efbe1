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
}

/// A transaction that has named its tenant (`app.tenant_id`), which row-level
/// security policies read. The setting is local to the transaction, so a pooled
/// connection never carries one tenant's identity into another request.
pub type TenantTx = Transaction<'static, Postgres>;

impl Db {
    pub async fn connect(config: &DatabaseConfig) -> Result<Self> {
        let options = PgConnectOptions::from_str(&config.url)?.application_name("liasse");
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(config.acquire_timeout)
            .connect_with(options)
            .await?;
        Ok(Self { pool, url: config.url.clone() })
    }

    /// Creates the database if it does not exist, then applies apalis's migrations
    /// and ours. Safe to run on every start and from several processes at once
    /// (sqlx takes an advisory lock).
    pub async fn migrate(config: &DatabaseConfig) -> Result<Self> {
        if !Postgres::database_exists(&config.url).await? {
            match Postgres::create_database(&config.url).await {
                Ok(()) => {}
                // Another process created it in between.
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => {}
                Err(e) => return Err(e.into()),
            }
        }
        let db = Self::connect(config).await?;
        apalis_postgres::PostgresStorage::<()>::setup(&db.pool).await?;
        MIGRATOR.run(&db.pool).await?;
        Ok(db)
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

    /// Checks the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query!("SELECT 1 AS one").fetch_one(&self.pool).await?;
        Ok(())
    }
}
