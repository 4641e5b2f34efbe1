//! The configuration sections this crate reads: `[database]`, `[store]`, `[keys]`,
//! `[queue]`. Defaults serve a single machine with a local Postgres.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct DatabaseConfig {
    /// `postgres://user@host:port/db`. `DATABASE_URL` is honoured when this is not set.
    pub url: String,
    pub max_connections: u32,
    /// How long to wait for a pooled connection before failing.
    #[serde(with = "liasse_core::serde_secs")]
    pub acquire_timeout: Duration,
    /// The role every connection assumes (`SET ROLE`): not a superuser, no BYPASSRLS,
    /// so row-level security isolates tenants. The login role must be a member of it.
    pub app_role: String,
    /// The role of the few cross-tenant paths (API key lookup, operator keys, KPIs of
    /// all tenants), assumed for one transaction at a time (`Db::admin_tx`).
    pub admin_role: String,
    /// Refuse to connect to a Postgres off this machine unless the URL asks for TLS
    /// with a verified server (`sslmode=verify-full` or `verify-ca`). Turn off only
    /// where the network to the database is private to the deployment (one machine's
    /// compose network).
    pub require_tls: bool,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: "postgres://postgres@127.0.0.1:5432/liasse".into(),
            max_connections: 16,
            acquire_timeout: Duration::from_secs(10),
            app_role: "liasse_app".into(),
            admin_role: "liasse_admin".into(),
            require_tls: true,
        }
    }
}

/// Where objects go: a local directory (the default, for one machine) or an
/// S3-compatible service.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum StoreConfig {
    Local {
        /// Directory holding the objects (ciphertext only).
        path: PathBuf,
    },
    S3 {
        /// e.g. `https://s3.fr-par.scw.cloud`; for tests `http://127.0.0.1:PORT`.
        endpoint: String,
        /// e.g. `fr-par`, `gra`, `eu-west-3`.
        region: String,
        bucket: String,
        access_key: String,
        secret_key: SecretString,
        /// Path-style addressing (`endpoint/bucket/key`), which most non-AWS services need.
        #[serde(default = "yes")]
        force_path_style: bool,
        /// Create the bucket at start-up if it does not exist.
        #[serde(default)]
        create_bucket: bool,
    },
}

fn yes() -> bool {
    true
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig::Local { path: PathBuf::from(".liasse/store") }
    }
}

/// Where the master key comes from. Exactly one source is used: `master_key` (for
/// example from `LIASSE__KEYS__MASTER_KEY`) wins over `master_key_file`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct KeysConfig {
    pub master_key: Option<SecretString>,
    pub master_key_file: PathBuf,
    /// Write a fresh master key to `master_key_file` (mode 0600) when it does not
    /// exist. For first runs on one machine; production provides its key.
    pub generate_if_missing: bool,
    /// Earlier master keys (base64, comma-separated), for a rotation without downtime:
    /// data keys still wrapped by one of them stay readable until `liasse keys rotate`
    /// has rewrapped every tenant's key with `master_key`.
    pub previous_master_keys: Option<SecretString>,
    /// A key management service command that wraps data keys instead of the master
    /// key (see `keyring::CommandKms` for its protocol).
    pub kms_command: Option<PathBuf>,
    /// How long a process trusts the current data key version it read for a tenant;
    /// a tenant key rotation waits this long before destroying the old key.
    #[serde(with = "liasse_core::serde_secs")]
    pub data_key_refresh: Duration,
}

impl Default for KeysConfig {
    fn default() -> Self {
        Self {
            master_key: None,
            master_key_file: PathBuf::from(".liasse/master.key"),
            generate_if_missing: false,
            previous_master_keys: None,
            kms_command: None,
            data_key_refresh: crate::keyring::DEFAULT_KEY_REFRESH,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct QueueConfig {
    /// How often a worker proves it is alive.
    #[serde(with = "liasse_core::serde_secs")]
    pub heartbeat_interval: Duration,
    /// Heartbeats missed before a worker's jobs are handed to another worker.
    pub missed_heartbeats: usize,
    /// Jobs fetched per poll.
    pub batch_size: usize,
    /// How often an idle worker polls when no notification arrives.
    #[serde(with = "liasse_core::serde_secs")]
    pub poll_interval: Duration,
}

impl Default for QueueConfig {
    fn default() -> Self {
        Self {
            heartbeat_interval: Duration::from_secs(5),
            missed_heartbeats: 3,
            batch_size: 4,
            poll_interval: Duration::from_millis(500),
        }
    }
}
