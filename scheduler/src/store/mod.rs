//! The object store: one trait, two implementations, and `SealedStore`, the only
//! door the rest of Liasse uses, which encrypts before writing and decrypts after
//! reading, so the store only ever receives ciphertext.
//!
//! Object keys: `tenants/{tenant_id}/inputs/{document_id}` and
//! `tenants/{tenant_id}/results/{document_id}.json` (see `keys`).

mod local;
pub mod residency;
mod s3;

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use liasse_core::TenantId;

pub use local::LocalStore;
pub use s3::S3Store;

use crate::Result;
use crate::config::StoreConfig;
use crate::keyring::Keyring;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("object not found")]
    NotFound,
    /// The service did not answer or answered with a server error: retry later.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// A request the service refuses (credentials, bucket, key): retrying will not help.
    #[error("store refused the request: {0}")]
    Refused(String),
    #[error("invalid object key {0:?}")]
    InvalidKey(String),
}

impl StoreError {
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

/// A place to keep objects. Implementations see only ciphertext (use `SealedStore`).
#[async_trait]
pub trait ObjectStore: Send + Sync + std::fmt::Debug {
    async fn put(&self, key: &str, bytes: Bytes) -> Result<(), StoreError>;
    async fn get(&self, key: &str) -> Result<Bytes, StoreError>;
    /// Deletes an object; deleting a missing object is not an error.
    async fn delete(&self, key: &str) -> Result<(), StoreError>;
    /// Objects under a prefix, sorted by key, for sweeps and tests.
    async fn list(&self, prefix: &str) -> Result<Vec<ListedObject>, StoreError>;
    /// Checks the store answers (for `/readyz`).
    async fn ping(&self) -> Result<(), StoreError>;
    /// Where objects go, for residency checks and audit: `local:/path` or `s3:region:endpoint/bucket`.
    fn location(&self) -> String;
}

/// One object of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedObject {
    pub key: String,
    /// When the object was last written (the orphan sweep leaves recent ones alone).
    pub modified: std::time::SystemTime,
}

/// Builds the store described by the configuration.
pub async fn from_config(config: &StoreConfig) -> Result<Arc<dyn ObjectStore>, StoreError> {
    Ok(match config {
        StoreConfig::Local { path } => Arc::new(LocalStore::open(path)?),
        StoreConfig::S3 { .. } => Arc::new(S3Store::connect(config).await?),
    })
}

/// Object key naming.
pub mod keys {
    use liasse_core::{DocumentId, TenantId};

    /// Every tenant's objects are under here.
    pub const TENANTS_PREFIX: &str = "tenants/";

    pub fn tenant_prefix(tenant: TenantId) -> String {
        format!("{TENANTS_PREFIX}{tenant}/")
    }

    pub fn input(tenant: TenantId, document: DocumentId) -> String {
        format!("{TENANTS_PREFIX}{tenant}/inputs/{document}")
    }

    pub fn result(tenant: TenantId, document: DocumentId) -> String {
        format!("{TENANTS_PREFIX}{tenant}/results/{document}.json")
    }

    /// What an object key says it holds: the inverse of `input` and `result`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ObjectKind {
        Input(TenantId, DocumentId),
        Result(TenantId, DocumentId),
    }

    /// Parses the keys `input` and `result` make; `None` for anything else, which the
    /// sweeps never touch.
    pub fn parse(key: &str) -> Option<ObjectKind> {
        let mut parts = key.strip_prefix(TENANTS_PREFIX)?.split('/');
        let (Some(tenant), Some(kind), Some(name), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let tenant: TenantId = tenant.parse().ok()?;
        match kind {
            "inputs" => Some(ObjectKind::Input(tenant, name.parse().ok()?)),
            "results" => Some(ObjectKind::Result(tenant, name.strip_suffix(".json")?.parse().ok()?)),
            _ => None,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn only_the_two_key_shapes_are_recognised() {
            let tenant = TenantId::new();
            let document = DocumentId::new();
            assert_eq!(
                parse(&format!("tenants/{tenant}/inputs/{document}")),
                Some(ObjectKind::Input(tenant, document))
            );
            assert_eq!(
                parse(&format!("tenants/{tenant}/results/{document}.json")),
                Some(ObjectKind::Result(tenant, document))
            );
            for other in [
                format!("tenants/{tenant}/results/{document}"),
                format!("tenants/{tenant}/inputs/{document}/x"),
                format!("tenants/not-a-uuid/inputs/{document}"),
                format!("tenants/{tenant}/backups/{document}"),
                "exports/x".to_owned(),
            ] {
                assert_eq!(parse(&other), None, "{other}");
            }
        }
    }
}

/// Rejects keys that could escape a directory or confuse a service.
pub(crate) fn validate_key(key: &str) -> Result<(), StoreError> {
    let ok = !key.is_empty()
        && key.len() <= 512
        && !key.starts_with('/')
        && key.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'));
    if ok { Ok(()) } else { Err(StoreError::InvalidKey(key.to_owned())) }
}

/// The store as the rest of Liasse sees it: plaintext in, ciphertext stored.
#[derive(Debug, Clone)]
pub struct SealedStore {
    inner: Arc<dyn ObjectStore>,
    keyring: Arc<Keyring>,
}

impl SealedStore {
    pub fn new(inner: Arc<dyn ObjectStore>, keyring: Arc<Keyring>) -> Self {
        Self { inner, keyring }
    }

    /// The raw store (ciphertext), for deletions, sweeps and tests.
    pub fn raw(&self) -> &Arc<dyn ObjectStore> {
        &self.inner
    }

    pub fn keyring(&self) -> &Arc<Keyring> {
        &self.keyring
    }

    /// Seals with the tenant's current data key and stores.
    pub async fn put(&self, tenant: TenantId, key: &str, plaintext: &[u8]) -> Result<()> {
        let (version, data_key) = self.keyring.current_key(tenant).await?;
        let sealed = data_key.seal(tenant, key, version, plaintext);
        self.inner.put(key, Bytes::from(sealed)).await?;
        Ok(())
    }

    /// Fetches and opens with the data key version the object names.
    pub async fn get(&self, tenant: TenantId, key: &str) -> Result<Vec<u8>> {
        let sealed = self.inner.get(key).await?;
        let version = liasse_core::crypto::sealed_key_version(&sealed)?;
        let data_key = self.keyring.key(tenant, version).await?;
        Ok(data_key.open(tenant, key, &sealed)?)
    }

    /// Reseals every object of a tenant written with a key older than `version` (the
    /// current one) with that key. Returns (resealed, already current). An object
    /// deleted meanwhile is skipped; one deleted between our read and our write comes
    /// back as an orphan, which the orphan sweep removes.
    pub async fn reseal(&self, tenant: TenantId, version: u32) -> Result<(usize, usize)> {
        let data_key = self.keyring.key(tenant, version).await?;
        let (mut resealed, mut current) = (0, 0);
        for object in self.inner.list(&keys::tenant_prefix(tenant)).await? {
            let sealed = match self.inner.get(&object.key).await {
                Ok(sealed) => sealed,
                Err(StoreError::NotFound) => continue,
                Err(error) => return Err(error.into()),
            };
            let old_version = liasse_core::crypto::sealed_key_version(&sealed)?;
            if old_version >= version {
                current += 1;
                continue;
            }
            let plaintext = self.keyring.key(tenant, old_version).await?.open(tenant, &object.key, &sealed)?;
            let again = data_key.seal(tenant, &object.key, version, &plaintext);
            self.inner.put(&object.key, Bytes::from(again)).await?;
            resealed += 1;
        }
        Ok((resealed, current))
    }

    pub async fn delete(&self, key: &str) -> Result<()> {
        self.inner.delete(key).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_validated() {
        assert!(validate_key("tenants/abc/inputs/def").is_ok());
        for bad in ["", "/abs", "a/../b", "a//b", "a/./b", "sp ace", "semi;colon"] {
            assert!(validate_key(bad).is_err(), "{bad:?}");
        }
    }
}
