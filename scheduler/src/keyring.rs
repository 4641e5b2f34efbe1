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

impl Keyring {
    pub fn new(master: MasterKey, db: Db) -> Self {
        Self { master, db, cache: RwLock::new(HashMap::new()) }
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
        let wrapped = sqlx::query_scalar!("SELECT wrapped_data_key FROM tenants WHERE id = $1", tenant.as_uuid())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::NotFound("tenant"))?;
        tx.commit().await?;
        let key = Arc::new(self.master.unwrap(tenant, &wrapped)?);
        self.cache.write().expect("keyring lock poisoned").insert(tenant, key.clone());
        Ok(key)
    }

    /// Drops a tenant's key from memory (after erasure or rotation).
    pub fn forget(&self, tenant: TenantId) {
        self.cache.write().expect("keyring lock poisoned").remove(&tenant);
    }
}
