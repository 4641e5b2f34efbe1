//! Tenants: creation (with a fresh wrapped data key) and lookup.

use chrono::{DateTime, Utc};
use liasse_core::TenantId;

use crate::Result;
use crate::audit::{self, Actor};
use crate::db::Db;
use crate::keyring::Keyring;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

pub async fn create(db: &Db, keyring: &Keyring, name: &str, actor: &Actor) -> Result<Tenant> {
    let id = TenantId::new();
    let (_key, wrapped) = keyring.new_data_key(id);
    let mut tx = db.tenant_tx(id).await?;
    let created_at = sqlx::query_scalar!(
        "INSERT INTO tenants (id, name, wrapped_data_key, master_key_fingerprint) VALUES ($1, $2, $3, $4) RETURNING created_at",
        id.as_uuid(),
        name,
        wrapped,
        keyring.master_fingerprint(),
    )
    .fetch_one(&mut *tx)
    .await?;
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
