//! Tenants' data keys: unwrapped with the master key on first use, then kept in
//! memory. The master key is read once at start-up and never leaves this struct.

use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::sync::{Arc, RwLock};

use liasse_core::TenantId;
use liasse_core::crypto::{DataKey, MasterKey};
use secrecy::ExposeSecret;

use crate::config::KeysConfig;
use crate::db::Db;
use crate::{Error, Result};

#[derive(Debug)]
pub struct Keyring {
    master: MasterKey,
    /// Earlier master keys, only to unwrap data keys not yet rewrapped (`rotate`).
    previous: Vec<MasterKey>,
    db: Db,
    cache: RwLock<HashMap<TenantId, Arc<DataKey>>>,
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
        Self { master, previous: Vec::new(), db, cache: RwLock::new(HashMap::new()) }
    }

    /// Adds the earlier master keys of a rotation in progress.
    pub fn with_previous(mut self, previous: Vec<MasterKey>) -> Self {
        self.previous = previous;
        self
    }

    /// The master key that wrapped a data key, by its fingerprint.
    fn master_for(&self, fingerprint: &str) -> Result<&MasterKey> {
        std::iter::once(&self.master).chain(&self.previous).find(|m| m.fingerprint() == fingerprint).ok_or_else(|| {
            Error::Config(format!(
                "a tenant's data key is wrapped by master key {fingerprint}, which is neither keys.master_key nor in keys.previous_master_keys"
            ))
        })
    }

    /// Rewraps every tenant's data key that is not yet wrapped by the current master
    /// key, one tenant per transaction; safe to interrupt and run again. Returns
    /// (rewrapped, already current).
    pub async fn rotate(&self, actor: &crate::audit::Actor) -> Result<(usize, usize)> {
        let current = self.master.fingerprint();
        let mut tx = self.db.admin_tx().await?;
        let tenants =
            sqlx::query!("SELECT id, master_key_fingerprint FROM tenants ORDER BY id").fetch_all(&mut *tx).await?;
        tx.commit().await?;
        let (mut rewrapped, mut current_already) = (0, 0);
        for row in tenants {
            if row.master_key_fingerprint == current {
                current_already += 1;
                continue;
            }
            let tenant = TenantId::from_uuid(row.id);
            let mut tx = self.db.tenant_tx(tenant).await?;
            let locked = sqlx::query!(
                "SELECT wrapped_data_key, master_key_fingerprint FROM tenants WHERE id = $1 FOR UPDATE",
                tenant.as_uuid()
            )
            .fetch_one(&mut *tx)
            .await?;
            let data_key = self.master_for(&locked.master_key_fingerprint)?.unwrap(tenant, &locked.wrapped_data_key)?;
            sqlx::query!(
                "UPDATE tenants SET wrapped_data_key = $2, master_key_fingerprint = $3 WHERE id = $1",
                tenant.as_uuid(),
                self.master.wrap(tenant, &data_key),
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
                serde_json::json!({ "from": locked.master_key_fingerprint, "to": current }),
            )
            .await?;
            tx.commit().await?;
            rewrapped += 1;
        }
        Ok((rewrapped, current_already))
    }

    pub fn master_fingerprint(&self) -> String {
        self.master.fingerprint()
    }

    /// A new data key for a new tenant, and its wrapped form to store.
    pub fn new_data_key(&self, tenant: TenantId) -> (DataKey, Vec<u8>) {
        let key = DataKey::generate();
        let wrapped = self.master.wrap(tenant, &key);
        (key, wrapped)
    }

    pub async fn data_key(&self, tenant: TenantId) -> Result<Arc<DataKey>> {
        if let Some(key) = self.cache.read().expect("keyring lock poisoned").get(&tenant) {
            return Ok(key.clone());
        }
        let mut tx = self.db.tenant_tx(tenant).await?;
        let row = sqlx::query!(
            "SELECT wrapped_data_key, master_key_fingerprint FROM tenants WHERE id = $1",
            tenant.as_uuid()
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(Error::NotFound("tenant"))?;
        tx.commit().await?;
        let key = Arc::new(self.master_for(&row.master_key_fingerprint)?.unwrap(tenant, &row.wrapped_data_key)?);
        self.cache.write().expect("keyring lock poisoned").insert(tenant, key.clone());
        Ok(key)
    }

    /// Drops a tenant's key from memory (after erasure or rotation).
    pub fn forget(&self, tenant: TenantId) {
        self.cache.write().expect("keyring lock poisoned").remove(&tenant);
    }
}
