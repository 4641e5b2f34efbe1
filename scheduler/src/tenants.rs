//! Tenants: creation (with a fresh wrapped data key) and lookup.

use chrono::{DateTime, Utc};
use liasse_core::TenantId;

use crate::Result;
use crate::audit::{self, Actor};
use crate::db::Db;
use crate::keyring::Keyring;
use crate::store::SealedStore;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

pub async fn create(db: &Db, keyring: &Keyring, name: &str, actor: &Actor) -> Result<Tenant> {
    let id = TenantId::new();
    let mut tx = db.tenant_tx(id).await?;
    let created_at =
        sqlx::query_scalar!("INSERT INTO tenants (id, name) VALUES ($1, $2) RETURNING created_at", id.as_uuid(), name)
            .fetch_one(&mut *tx)
            .await?;
    keyring.add_key(&mut tx, id, 1).await?;
    audit::record(&mut tx, Some(id), actor, "tenant.created", None, serde_json::json!({ "name": name })).await?;
    tx.commit().await?;
    Ok(Tenant { id, name: name.to_owned(), created_at })
}

pub async fn get(db: &Db, id: TenantId) -> Result<Option<Tenant>> {
    let mut tx = db.tenant_tx(id).await?;
    let row = sqlx::query!("SELECT name, created_at FROM tenants WHERE id = $1", id.as_uuid())
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(row.map(|r| Tenant { id, name: r.name, created_at: r.created_at }))
}

/// Sets how long the tenant's results are kept when no ERP acknowledges them.
pub async fn set_result_ttl(db: &Db, id: TenantId, ttl: std::time::Duration, actor: &Actor) -> Result<bool> {
    let seconds = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX).max(1);
    let mut tx = db.tenant_tx(id).await?;
    let updated = sqlx::query!("UPDATE tenants SET result_ttl_seconds = $2 WHERE id = $1", id.as_uuid(), seconds)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    audit::record(
        &mut tx,
        Some(id),
        actor,
        "tenant.retention_set",
        None,
        serde_json::json!({ "result_ttl_seconds": seconds }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// What an erasure destroyed, signed by the audit chain: handed to the customer as
/// proof, and journaled on the operator chain (the tenant's own chain is erased with it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErasureCertificate {
    pub tenant_id: TenantId,
    pub erased_at: DateTime<Utc>,
    pub documents: i64,
    pub results: i64,
    pub batches: i64,
    pub api_keys: i64,
    pub audit_events: i64,
    /// Hex of the last hash of the tenant's audit chain before erasure.
    pub audit_chain_head: Option<String>,
    /// The tenant's wrapped data key was deleted: every object sealed with it, wherever
    /// a copy remains (replicas, backups), can no longer be decrypted.
    pub data_key_destroyed: bool,
    /// Objects deleted from the store under `tenants/{id}/`.
    pub objects_deleted: usize,
    /// Objects the store refused to delete (unreadable anyway: their key is gone).
    pub objects_left: usize,
    pub duration_ms: u64,
}

/// Erases a tenant: its rows (the wrapped data key with them, which crypto-shreds every
/// object sealed for it), then its objects, then an operator audit event with the
/// certificate. Returns `None` for an unknown tenant.
pub async fn erase(
    db: &Db,
    store: &crate::SealedStore,
    id: TenantId,
    actor: &Actor,
) -> Result<Option<ErasureCertificate>> {
    let started = std::time::Instant::now();
    let mut tx = db.tenant_tx(id).await?;
    let counts = sqlx::query!(
        r#"SELECT
             (SELECT count(*) FROM documents WHERE tenant_id = $1) AS "documents!",
             (SELECT count(*) FROM results WHERE tenant_id = $1) AS "results!",
             (SELECT count(*) FROM batches WHERE tenant_id = $1) AS "batches!",
             (SELECT count(*) FROM api_keys WHERE tenant_id = $1) AS "api_keys!",
             (SELECT count(*) FROM audit_events WHERE tenant_id = $1) AS "audit_events!",
             (SELECT encode(row_hash, 'hex') FROM audit_events WHERE tenant_id = $1 ORDER BY chain_seq DESC LIMIT 1) AS head"#,
        id.as_uuid(),
    )
    .fetch_one(&mut *tx)
    .await?;
    // Every tenant table references tenants ON DELETE CASCADE: one statement removes
    // the tenant's rows everywhere, its wrapped data key included.
    let deleted = sqlx::query!("DELETE FROM tenants WHERE id = $1", id.as_uuid()).execute(&mut *tx).await?;
    if deleted.rows_affected() == 0 {
        return Ok(None);
    }
    tx.commit().await?;
    store.keyring().forget(id);

    let (mut objects_deleted, mut objects_left) = (0, 0);
    let prefix = crate::store::keys::tenant_prefix(id);
    for object in store.raw().list(&prefix).await.unwrap_or_default() {
        match store.delete(&object.key).await {
            Ok(()) => objects_deleted += 1,
            Err(_) => objects_left += 1,
        }
    }
    let certificate = ErasureCertificate {
        tenant_id: id,
        erased_at: Utc::now(),
        documents: counts.documents,
        results: counts.results,
        batches: counts.batches,
        api_keys: counts.api_keys,
        audit_events: counts.audit_events,
        audit_chain_head: counts.head,
        data_key_destroyed: true,
        objects_deleted,
        objects_left,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    };
    let mut tx = db.admin_tx().await?;
    audit::record(&mut tx, None, actor, "tenant.erased", None, serde_json::to_value(&certificate).unwrap_or_default())
        .await?;
    tx.commit().await?;
    Ok(Some(certificate))
}

/// What a tenant data key rotation did (printed by `liasse keys rotate --tenant`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct DataKeyRotation {
    pub tenant_id: TenantId,
    pub from_version: u32,
    pub to_version: u32,
    /// Objects resealed with the new key.
    pub resealed: usize,
    /// Older key versions destroyed: copies of objects sealed with them (backups
    /// included) can no longer be opened.
    pub destroyed_versions: Vec<u32>,
    pub duration_ms: u64,
}

/// Rotates a tenant's data key without stopping anything: a new key version becomes
/// current (new objects are sealed with it), the tenant's objects are resealed with it,
/// and once every process has followed the change (`Keyring::refresh`, then a second
/// pass for objects written meanwhile) the older versions are destroyed.
pub async fn rotate_data_key(db: &Db, store: &SealedStore, tenant: TenantId, actor: &Actor) -> Result<DataKeyRotation> {
    let started = std::time::Instant::now();
    let keyring = store.keyring();
    let mut tx = db.tenant_tx(tenant).await?;
    let from =
        sqlx::query_scalar!("SELECT data_key_version FROM tenants WHERE id = $1 FOR NO KEY UPDATE", tenant.as_uuid())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(crate::Error::NotFound("tenant"))?;
    let to = from + 1;
    let to_version = u32::try_from(to).map_err(|_| crate::Error::NotFound("data key"))?;
    keyring.add_key(&mut tx, tenant, to_version).await?;
    sqlx::query!("UPDATE tenants SET data_key_version = $2 WHERE id = $1", tenant.as_uuid(), to)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        Some(tenant),
        actor,
        "tenant.data_key_rotated",
        None,
        serde_json::json!({ "from": from, "to": to }),
    )
    .await?;
    tx.commit().await?;
    let switched_at = std::time::Instant::now();
    keyring.forget(tenant);

    let (mut resealed, _) = store.reseal(tenant, to_version).await?;
    // Other processes may still seal with the old version until their cached
    // current version expires; wait for that (and a margin), then reseal what they wrote.
    let settle = keyring.refresh() + std::time::Duration::from_secs(1);
    tokio::time::sleep(settle.saturating_sub(switched_at.elapsed())).await;
    resealed += store.reseal(tenant, to_version).await?.0;

    let mut tx = db.tenant_tx(tenant).await?;
    let destroyed: Vec<i32> = sqlx::query_scalar!(
        "DELETE FROM tenant_data_keys WHERE tenant_id = $1 AND version < $2 RETURNING version",
        tenant.as_uuid(),
        to,
    )
    .fetch_all(&mut *tx)
    .await?;
    let destroyed_versions: Vec<u32> = destroyed.iter().filter_map(|v| u32::try_from(*v).ok()).collect();
    audit::record(
        &mut tx,
        Some(tenant),
        actor,
        "tenant.data_keys_destroyed",
        None,
        serde_json::json!({ "versions": destroyed_versions, "resealed": resealed }),
    )
    .await?;
    tx.commit().await?;
    keyring.forget(tenant);
    Ok(DataKeyRotation {
        tenant_id: tenant,
        from_version: u32::try_from(from).unwrap_or_default(),
        to_version,
        resealed,
        destroyed_versions,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}
