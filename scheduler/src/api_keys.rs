//! API keys: `lsk_<prefix>_<secret>`. The prefix finds the row; only the SHA-256 of
//! the secret is stored, so a database dump reveals no usable key. Keys carry 256
//! bits of randomness, so a fast hash is enough (no password stretching needed).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use liasse_core::{ApiKeyId, TenantId};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::Result;
use crate::audit::{self, Actor};
use crate::db::Db;

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Submit batches.
    Upload,
    /// Read batches, documents, results, KPIs; acknowledge results.
    Read,
    /// Operator: KPIs across tenants, tenant administration.
    Admin,
}

impl Scope {
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Upload => "upload",
            Scope::Read => "read",
            Scope::Admin => "admin",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "upload" => Some(Scope::Upload),
            "read" => Some(Scope::Read),
            "admin" => Some(Scope::Admin),
            _ => None,
        }
    }
}

/// The authenticated caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub key_id: ApiKeyId,
    /// `None` for operator keys.
    pub tenant: Option<TenantId>,
    pub scopes: Vec<Scope>,
}

impl Principal {
    pub fn has(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }

    pub fn actor(&self) -> Actor {
        Actor::ApiKey(self.key_id)
    }
}

const KEY_PREFIX: &str = "lsk_";

fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Splits `lsk_<prefix>_<secret>` into its parts.
fn split_key(presented: &str) -> Option<(&str, &str)> {
    let rest = presented.strip_prefix(KEY_PREFIX)?;
    let (prefix, secret) = rest.split_once('_')?;
    let well_formed =
        prefix.len() == 16 && prefix.bytes().all(|b| b.is_ascii_hexdigit()) && secret.len() >= 32 && secret.len() <= 64;
    well_formed.then_some((prefix, secret))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What a new key may do, and until when.
#[derive(Debug, Clone)]
pub struct NewKey<'a> {
    /// `None`: an operator key (scope admin), belonging to no tenant.
    pub tenant: Option<TenantId>,
    pub scopes: &'a [Scope],
    pub name: &'a str,
    /// `None`: valid until revoked.
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Creates a key and returns it in full: the only time it is ever visible.
pub async fn create(db: &Db, new: NewKey<'_>, actor: &Actor) -> Result<(ApiKeyId, String)> {
    let NewKey { tenant, scopes, name, expires_at } = new;
    let id = ApiKeyId::new();
    let mut prefix_bytes = [0u8; 8];
    let mut secret_bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut prefix_bytes);
    rand::rng().fill_bytes(&mut secret_bytes);
    let prefix = hex::encode(prefix_bytes);
    let secret = URL_SAFE_NO_PAD.encode(secret_bytes);
    let scope_names: Vec<String> = scopes.iter().map(|s| s.as_str().to_owned()).collect();
    let mut tx = match tenant {
        Some(t) => db.tenant_tx(t).await?,
        // An operator key belongs to no tenant.
        None => db.admin_tx().await?,
    };
    sqlx::query!(
        "INSERT INTO api_keys (id, tenant_id, prefix, secret_sha256, scopes, name, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        id.as_uuid(),
        tenant.map(|t| t.as_uuid()),
        prefix,
        hash(&secret),
        &scope_names,
        name,
        expires_at,
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        tenant,
        actor,
        "api_key.created",
        None,
        serde_json::json!({ "key_id": id, "scopes": scope_names, "expires_at": expires_at }),
    )
    .await?;
    tx.commit().await?;
    Ok((id, format!("{KEY_PREFIX}{prefix}_{secret}")))
}

/// Finds the principal of a presented key, or `None` when the key is unknown,
/// malformed, revoked or expired (the caller answers 401 without saying which).
pub async fn authenticate(db: &Db, presented: &str) -> Result<Option<Principal>> {
    let Some((prefix, secret)) = split_key(presented) else {
        return Ok(None);
    };
    // Keys are looked up before any tenant is known: `api_key_lookup` (SECURITY
    // DEFINER, owned by the admin role) reads that one row across tenants in one round
    // trip.
    let row = sqlx::query!(
        r#"SELECT id AS "id!", tenant_id, secret_sha256 AS "secret_sha256!", scopes AS "scopes!", stale_use AS "stale_use!"
           FROM api_key_lookup($1)"#,
        prefix,
    )
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    if !constant_time_eq(&row.secret_sha256, &hash(secret)) {
        return Ok(None);
    }
    if row.stale_use {
        // Throttled to once a minute so reads do not become writes.
        sqlx::query!("SELECT api_key_touch($1)", row.id).execute(db.pool()).await?;
    }
    Ok(Some(Principal {
        key_id: ApiKeyId::from_uuid(row.id),
        tenant: row.tenant_id.map(TenantId::from_uuid),
        scopes: row.scopes.iter().filter_map(|s| Scope::parse(s)).collect(),
    }))
}

/// A key as `liasse key list` shows it: never its secret.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KeyInfo {
    pub key_id: uuid::Uuid,
    pub tenant_id: Option<uuid::Uuid>,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Every key (operator view, as the admin role), or one tenant's, oldest first.
pub async fn list(db: &Db, tenant: Option<TenantId>) -> Result<Vec<KeyInfo>> {
    let mut tx = db.admin_tx().await?;
    let keys = sqlx::query_as!(
        KeyInfo,
        r#"SELECT id AS key_id, tenant_id, prefix, scopes, name, created_at, expires_at, revoked_at, last_used_at
           FROM api_keys WHERE $1::uuid IS NULL OR tenant_id = $1 ORDER BY created_at, id"#,
        tenant.map(|t| t.as_uuid()) as Option<uuid::Uuid>,
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(keys)
}

/// Revokes a key at once (the next request with it answers 401). Returns `false`
/// when there is no such key or it was already revoked.
pub async fn revoke(db: &Db, key: ApiKeyId, actor: &Actor) -> Result<bool> {
    let mut tx = db.admin_tx().await?;
    let tenant = sqlx::query_scalar!(
        "UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING tenant_id",
        key.as_uuid()
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(tenant) = tenant else {
        return Ok(false);
    };
    audit::record(
        &mut tx,
        tenant.map(TenantId::from_uuid),
        actor,
        "api_key.revoked",
        None,
        serde_json::json!({ "key_id": key }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_shape_is_checked_before_any_lookup() {
        let secret = "A".repeat(43);
        assert_eq!(split_key(&format!("lsk_0123456789abcdef_{secret}")), Some(("0123456789abcdef", secret.as_str())));
        assert_eq!(split_key("lsk_short_secret"), None);
        assert_eq!(split_key(&format!("xyz_0123456789abcdef_{secret}")), None);
        assert_eq!(split_key(&format!("lsk_0123456789abcdeg_{secret}")), None);
    }

    #[test]
    fn hashes_compare_in_constant_time() {
        assert!(constant_time_eq(&hash("a"), &hash("a")));
        assert!(!constant_time_eq(&hash("a"), &hash("b")));
        assert!(!constant_time_eq(b"ab", b"abc"));
    }
}
