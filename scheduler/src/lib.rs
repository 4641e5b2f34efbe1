//! `liasse-scheduler`: the queue and the store.
//!
//! Owns every change of job state and everything persistent:
//! - the Postgres schema (`migrations/`) and the apalis queue (`queue`): enqueue a
//!   batch in the same transaction as its document rows, claim, complete, fail;
//! - the repositories (`tenants`, `api_keys`, `documents`, `results`, `audit`,
//!   `kpis`), each query running in a transaction that names its tenant (`db`);
//! - the object store (`store`): one trait, an S3-compatible implementation and a
//!   local-directory one, wrapped by `SealedStore` so only ciphertext leaves the
//!   process;
//! - the tenants' data keys (`keyring`), unwrapped on demand and cached in memory;
//! - the results feed's wake-ups (`notify`, LISTEN/NOTIFY).
//!
//! Must not: run models or parse documents (that is `liasse-pipelines`, called by
//! `liasse-workers`), or serve HTTP.
//!
//! Threads: everything is async on the caller's tokio runtime; `notify::ResultsListener`
//! runs one background task holding its own Postgres connection.

pub mod api_keys;
pub mod audit;
pub mod config;
pub mod db;
pub mod documents;
mod error;
pub mod keyring;
pub mod kpis;
pub mod notify;
pub mod queue;
pub mod results;
pub mod store;
pub mod sweeper;
pub mod tenants;

pub use config::{DatabaseConfig, KeysConfig, QueueConfig, StoreConfig};
pub use db::Db;
pub use error::{Error, Result};
pub use keyring::Keyring;
pub use store::{ObjectStore, SealedStore, StoreError};
