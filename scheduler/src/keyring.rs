//! Tenants' data keys: unwrapped with the master key (or a KMS, behind `KeyWrapper`)
//! on first use, then kept in memory. The master key is read once at start-up and
//! never leaves this struct. Each tenant has numbered keys (see
//! `liasse_core::crypto`); `tenants::rotate_data_key` adds one and retires the rest.

use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use liasse_core::TenantId;
use liasse_core::crypto::{DataKey, MasterKey};
use secrecy::ExposeSecret;

use crate::config::KeysConfig;
use crate::db::{Db, TenantTx};
use crate::{Error, Result};

/// What wraps tenants' data keys: the master key from a file or the environment
/// (`MasterKey`), or a key management service. An implementation must bind the tenant
/// into what it wraps, so a wrapped key copied to another tenant's row does not
/// unwrap, and must never log or return key material in errors.
#[async_trait::async_trait]
pub trait KeyWrapper: Send + Sync + std::fmt::Debug {
    /// A public fingerprint of the wrapping key, recorded with every key it wraps so a
    /// master key rotation knows what is left to rewrap.
    fn fingerprint(&self) -> String;
    async fn wrap(&self, tenant: TenantId, key: &DataKey) -> Result<Vec<u8>>;
    async fn unwrap(&self, tenant: TenantId, wrapped: &[u8]) -> Result<DataKey>;
}

#[async_trait::async_trait]
impl KeyWrapper for MasterKey {
    fn fingerprint(&self) -> String {
        MasterKey::fingerprint(self)
    }

    async fn wrap(&self, tenant: TenantId, key: &DataKey) -> Result<Vec<u8>> {
        Ok(MasterKey::wrap(self, tenant, key))
    }

    async fn unwrap(&self, tenant: TenantId, wrapped: &[u8]) -> Result<DataKey> {
        Ok(MasterKey::unwrap(self, tenant, wrapped)?)
    }
}

/// How long a process trusts the current key version it read for a tenant: a data
/// key rotation made elsewhere is followed within this time.
pub const DEFAULT_KEY_REFRESH: Duration = Duration::from_secs(30);

#[derive(Debug)]
pub struct Keyring {
    wrapper: Arc<dyn KeyWrapper>,
    /// Earlier master keys, only to unwrap data keys not yet rewrapped (`rotate`).
    previous: Vec<Arc<dyn KeyWrapper>>,
    db: Db,
    /// Unwrapped keys by tenant and version. A version's key never changes, so these
    /// stay until the tenant is forgotten (erasure, rotation).
    keys: RwLock<HashMap<(TenantId, u32), Arc<DataKey>>>,
    /// Each tenant's current version and when it was read.
    current: RwLock<HashMap<TenantId, (u32, Instant)>>,
    refresh: Duration,
}

/// Reads the master key from the configuration, or creates its file (mode 0600)
/// when `generate_if_missing` allows it.
pub fn load_master_key(config: &KeysConfig) -> Result<MasterKey> {
    if let Some(text) = &config.master_key {
        return MasterKey::from_base64(text.expose_secret())
            .map_err(|e| Error::Config(format!("keys.master_key: {e}")));
    }
    let path = &config.master_key_file;
    match std::fs::read_to_string(path) {
        Ok(text) => MasterKey::from_base64(&text).map_err(|e| Error::Config(format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && config.generate_if_missing => {
            let key = MasterKey::generate();
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::Config(format!("{}: {e}", parent.display())))?;
            }
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| Error::Config(format!("cannot create {}: {e}", path.display())))?;
            writeln!(file, "{}", key.to_base64()).map_err(|e| Error::Config(format!("{}: {e}", path.display())))?;
            tracing::warn!(path = %path.display(), fingerprint = %key.fingerprint(), "generated a new master key; back it up: without it every stored object is unreadable");
            Ok(key)
        }
        Err(e) => Err(Error::Config(format!(
            "no master key: set LIASSE__KEYS__MASTER_KEY or create {} ({e})",
            path.display()
        ))),
    }
}

/// The keyring the configuration describes: the master key (or the KMS command that
/// replaces it), earlier master keys of a rotation in progress, refresh period.
pub async fn from_config(config: &KeysConfig, db: Db) -> Result<Keyring> {
    let wrapper: Arc<dyn KeyWrapper> = match &config.kms_command {
        Some(command) => Arc::new(CommandKms::start(command).await?),
        None => Arc::new(load_master_key(config)?),
    };
    Ok(Keyring::with_wrapper(wrapper, db)
        .with_previous(load_previous_master_keys(config)?)
        .with_refresh(config.data_key_refresh))
}

/// A key management service reached through a command the operator provides (a
/// script around Vault's transit engine, a cloud KMS's CLI, an HSM tool), so the key
/// that wraps data keys never enters Liasse. The protocol:
///
/// * `COMMAND fingerprint` prints a public identifier of the wrapping key on one line;
/// * `COMMAND wrap TENANT_ID` reads the 32-byte data key on stdin and writes the
///   wrapped form on stdout (any bytes);
/// * `COMMAND unwrap TENANT_ID` reads the wrapped form and writes the 32 bytes back.
///
/// A non-zero exit is an error; its stderr (first line) is reported, so it must never
/// print key material. The command must bind the tenant id into what it wraps.
#[derive(Debug)]
pub struct CommandKms {
    program: std::path::PathBuf,
    fingerprint: String,
}

impl CommandKms {
    pub async fn start(program: &std::path::Path) -> Result<Self> {
        let mut kms = Self { program: program.to_owned(), fingerprint: String::new() };
        let output = kms.run(&["fingerprint"], &[]).await?;
        let fingerprint = String::from_utf8_lossy(&output).trim().to_owned();
        if fingerprint.is_empty() || fingerprint.len() > 200 {
            return Err(Error::Config(format!(
                "keys.kms_command {}: `fingerprint` printed no usable identifier",
                program.display()
            )));
        }
        kms.fingerprint = fingerprint;
        Ok(kms)
    }

    async fn run(&self, args: &[&str], stdin: &[u8]) -> Result<Vec<u8>> {
        use tokio::io::AsyncWriteExt;
        let failed =
            |why: String| Error::Config(format!("keys.kms_command {} {}: {why}", self.program.display(), args[0]));
        let mut child = tokio::process::Command::new(&self.program)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| failed(e.to_string()))?;
        let mut input = child.stdin.take().ok_or_else(|| failed("no stdin".into()))?;
        input.write_all(stdin).await.map_err(|e| failed(e.to_string()))?;
        drop(input);
        let output = tokio::time::timeout(KMS_TIMEOUT, child.wait_with_output())
            .await
            .map_err(|_| failed(format!("no answer within {} s", KMS_TIMEOUT.as_secs())))?
            .map_err(|e| failed(e.to_string()))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(failed(format!(
                "{} ({})",
                output.status,
                stderr.lines().next().unwrap_or("").chars().take(200).collect::<String>()
            )));
        }
        Ok(output.stdout)
    }
}

/// How long one KMS call may take.
const KMS_TIMEOUT: Duration = Duration::from_secs(30);

#[async_trait::async_trait]
impl KeyWrapper for CommandKms {
    fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    async fn wrap(&self, tenant: TenantId, key: &DataKey) -> Result<Vec<u8>> {
        self.run(&["wrap", &tenant.to_string()], key.expose_bytes()).await
    }

    async fn unwrap(&self, tenant: TenantId, wrapped: &[u8]) -> Result<DataKey> {
        let bytes = self.run(&["unwrap", &tenant.to_string()], wrapped).await?;
        DataKey::from_bytes(&bytes).ok_or(Error::Crypto(liasse_core::crypto::CryptoError::UnwrapFailed))
    }
}

/// The earlier master keys of a rotation in progress (`keys.previous_master_keys`).
pub fn load_previous_master_keys(config: &KeysConfig) -> Result<Vec<MasterKey>> {
    let Some(text) = &config.previous_master_keys else { return Ok(Vec::new()) };
    text.expose_secret()
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .enumerate()
        .map(|(i, k)| {
            MasterKey::from_base64(k).map_err(|e| Error::Config(format!("keys.previous_master_keys #{}: {e}", i + 1)))
        })
        .collect()
}

impl Keyring {
    pub fn new(master: MasterKey, db: Db) -> Self {
        Self::with_wrapper(Arc::new(master), db)
    }

    /// A keyring whose data keys are wrapped by `wrapper` (a KMS, say).
    pub fn with_wrapper(wrapper: Arc<dyn KeyWrapper>, db: Db) -> Self {
        Self {
            wrapper,
            previous: Vec::new(),
            db,
            keys: RwLock::new(HashMap::new()),
            current: RwLock::new(HashMap::new()),
            refresh: DEFAULT_KEY_REFRESH,
        }
    }

    /// Adds the earlier master keys of a rotation in progress.
    pub fn with_previous(mut self, previous: Vec<MasterKey>) -> Self {
        self.previous = previous.into_iter().map(|key| Arc::new(key) as Arc<dyn KeyWrapper>).collect();
        self
    }

    /// How long the current version read for a tenant is trusted.
    pub fn with_refresh(mut self, refresh: Duration) -> Self {
        self.refresh = refresh;
        self
    }

    pub fn refresh(&self) -> Duration {
        self.refresh
    }

    /// The wrapper that wrapped a data key, by its fingerprint.
    fn wrapper_for(&self, fingerprint: &str) -> Result<&dyn KeyWrapper> {
        std::iter::once(&self.wrapper)
            .chain(&self.previous)
            .find(|w| w.fingerprint() == fingerprint)
            .map(|w| w.as_ref())
            .ok_or_else(|| {
                Error::Config(format!(
                    "a tenant's data key is wrapped by master key {fingerprint}, which is neither keys.master_key nor in keys.previous_master_keys"
                ))
            })
    }

    /// Rewraps every data key that is not yet wrapped by the current master key, one
    /// key per transaction; safe to interrupt and run again. Returns (rewrapped,
    /// already current).
    pub async fn rotate(&self, actor: &crate::audit::Actor) -> Result<(usize, usize)> {
        let current = self.wrapper.fingerprint();
        let mut tx = self.db.admin_tx().await?;
        let keys = sqlx::query!(
            "SELECT tenant_id, version, master_key_fingerprint FROM tenant_data_keys ORDER BY tenant_id, version"
        )
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let (mut rewrapped, mut current_already) = (0, 0);
        for row in keys {
            if row.master_key_fingerprint == current {
                current_already += 1;
                continue;
            }
            let tenant = TenantId::from_uuid(row.tenant_id);
            let mut tx = self.db.tenant_tx(tenant).await?;
            let Some(locked) = sqlx::query!(
                "SELECT wrapped_data_key, master_key_fingerprint FROM tenant_data_keys
                 WHERE tenant_id = $1 AND version = $2 FOR UPDATE",
                tenant.as_uuid(),
                row.version,
            )
            .fetch_optional(&mut *tx)
            .await?
            else {
                continue; // Destroyed by a data key rotation in between.
            };
            let data_key =
                self.wrapper_for(&locked.master_key_fingerprint)?.unwrap(tenant, &locked.wrapped_data_key).await?;
            sqlx::query!(
                "UPDATE tenant_data_keys SET wrapped_data_key = $3, master_key_fingerprint = $4
                 WHERE tenant_id = $1 AND version = $2",
                tenant.as_uuid(),
                row.version,
                self.wrapper.wrap(tenant, &data_key).await?,
                current,
            )
            .execute(&mut *tx)
            .await?;
            crate::audit::record(
                &mut tx,
                Some(tenant),
                actor,
                "tenant.key_rewrapped",
                None,
                serde_json::json!({ "version": row.version, "from": locked.master_key_fingerprint, "to": current }),
            )
            .await?;
            tx.commit().await?;
            rewrapped += 1;
        }
        Ok((rewrapped, current_already))
    }

    pub fn master_fingerprint(&self) -> String {
        self.wrapper.fingerprint()
    }

    /// Makes a new data key for a tenant, as version `version`, in the transaction
    /// that creates the tenant or rotates its key.
    pub async fn add_key(&self, tx: &mut TenantTx, tenant: TenantId, version: u32) -> Result<()> {
        let key = DataKey::generate();
        let wrapped = self.wrapper.wrap(tenant, &key).await?;
        sqlx::query!(
            "INSERT INTO tenant_data_keys (tenant_id, version, wrapped_data_key, master_key_fingerprint)
             VALUES ($1, $2, $3, $4)",
            tenant.as_uuid(),
            version_i32(version)?,
            wrapped,
            self.wrapper.fingerprint(),
        )
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The key new objects of a tenant are sealed with, and its version.
    pub async fn current_key(&self, tenant: TenantId) -> Result<(u32, Arc<DataKey>)> {
        let cached = self.current.read().expect("keyring lock poisoned").get(&tenant).copied();
        let version = match cached {
            Some((version, read_at)) if read_at.elapsed() < self.refresh => version,
            _ => {
                let mut tx = self.db.tenant_tx(tenant).await?;
                let version =
                    sqlx::query_scalar!("SELECT data_key_version FROM tenants WHERE id = $1", tenant.as_uuid())
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(Error::NotFound("tenant"))?;
                tx.commit().await?;
                let version = u32::try_from(version).map_err(|_| Error::NotFound("data key"))?;
                self.current.write().expect("keyring lock poisoned").insert(tenant, (version, Instant::now()));
                version
            }
        };
        Ok((version, self.key(tenant, version).await?))
    }

    /// A tenant's key of one version (to open an object sealed with it).
    pub async fn key(&self, tenant: TenantId, version: u32) -> Result<Arc<DataKey>> {
        if let Some(key) = self.keys.read().expect("keyring lock poisoned").get(&(tenant, version)) {
            return Ok(key.clone());
        }
        let mut tx = self.db.tenant_tx(tenant).await?;
        let row = sqlx::query!(
            "SELECT wrapped_data_key, master_key_fingerprint FROM tenant_data_keys WHERE tenant_id = $1 AND version = $2",
            tenant.as_uuid(),
            version_i32(version)?,
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("data key"))?;
        tx.commit().await?;
        let key = Arc::new(self.wrapper_for(&row.master_key_fingerprint)?.unwrap(tenant, &row.wrapped_data_key).await?);
        self.keys.write().expect("keyring lock poisoned").insert((tenant, version), key.clone());
        Ok(key)
    }

    /// Drops a tenant's keys from memory (after erasure or rotation).
    pub fn forget(&self, tenant: TenantId) {
        self.keys.write().expect("keyring lock poisoned").retain(|(t, _), _| *t != tenant);
        self.current.write().expect("keyring lock poisoned").remove(&tenant);
    }
}

fn version_i32(version: u32) -> Result<i32> {
    i32::try_from(version).map_err(|_| Error::NotFound("data key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A KMS command as an operator would write one; this one keeps its secret in the
    /// script and uses openssl (AES-256-CBC, key derived per tenant).
    const SCRIPT: &str = r#"#!/bin/sh
set -e
case "$1" in
  fingerprint) echo "test-kms-key-1" ;;
  wrap) exec openssl enc -aes-256-cbc -pbkdf2 -salt -pass "pass:not-a-real-secret:$2" ;;
  unwrap) exec openssl enc -d -aes-256-cbc -pbkdf2 -pass "pass:not-a-real-secret:$2" ;;
  *) echo "unknown operation" >&2; exit 2 ;;
esac
"#;

    #[tokio::test]
    async fn a_kms_command_wraps_and_unwraps_data_keys_bound_to_their_tenant() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("liasse-kms-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("dir");
        let script = dir.join("kms");
        std::fs::write(&script, SCRIPT).expect("script");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).expect("chmod");

        let kms = CommandKms::start(&script).await.expect("the command answers");
        assert_eq!(kms.fingerprint(), "test-kms-key-1");
        let tenant = TenantId::new();
        let key = DataKey::generate();
        let wrapped = kms.wrap(tenant, &key).await.expect("wraps");
        assert!(!wrapped.windows(32).any(|w| w == key.expose_bytes()), "the wrapped form is not the key");
        let unwrapped = kms.unwrap(tenant, &wrapped).await.expect("unwraps");
        let sealed = key.seal(tenant, "k", 1, b"hello");
        assert_eq!(unwrapped.open(tenant, "k", &sealed).as_deref(), Ok(&b"hello"[..]));
        assert!(kms.unwrap(TenantId::new(), &wrapped).await.is_err(), "bound to its tenant");
        let missing = CommandKms::start(&dir.join("absent")).await.expect_err("no such command");
        assert!(missing.to_string().contains("kms_command"), "{missing}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
