use liasse_core::crypto::CryptoError;

use crate::store::StoreError;

/// Errors of the queue and the store. `is_transient` tells a worker whether to retry.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("queue: {0}")]
    Queue(#[from] apalis_postgres::Error),
    #[error("object store: {0}")]
    Store(#[from] StoreError),
    #[error("encryption: {0}")]
    Crypto(#[from] CryptoError),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("configuration: {0}")]
    Config(String),
}

impl Error {
    /// Whether trying again later may succeed (a database or store outage), as opposed
    /// to a failure that will repeat (bad key, missing row).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Database(e) => !matches!(
                e,
                sqlx::Error::RowNotFound
                    | sqlx::Error::ColumnDecode { .. }
                    | sqlx::Error::Decode(_)
                    | sqlx::Error::TypeNotFound { .. }
            ),
            Error::Queue(_) => true,
            Error::Store(e) => e.is_transient(),
            Error::Migrate(_) | Error::Crypto(_) | Error::NotFound(_) | Error::Config(_) => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
