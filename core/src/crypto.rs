//! Envelope encryption: every object is sealed with its tenant's data key before it
//! leaves the process; data keys are stored only wrapped by the master key.
//!
//! - `MasterKey` (32 bytes) comes from a file or the environment and never touches
//!   the database or the object store.
//! - Each tenant has numbered `DataKey`s (32 random bytes each; version 1 at
//!   creation, one more per rotation), stored wrapped (`MasterKey::wrap`). Destroying
//!   the wrapped keys makes every object of the tenant unreadable (crypto-shredding).
//! - `DataKey::seal` uses AES-256-GCM with a fresh 96-bit nonce, writes the key's
//!   version in the object's header (so a reader knows which key opens it while a
//!   rotation is under way) and binds the tenant id, the object key and that version
//!   as associated data, so an object copied to another key or another tenant, or a
//!   header rewritten to another version, fails to open instead of being misread.
//!
//! Object format: `LSE2 || version (u32, big-endian) || nonce || ciphertext+tag`.
//! Objects written before versions existed are `LSE1 || nonce || ciphertext+tag` and
//! were sealed with version 1.

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretBox};
use sha2::{Digest, Sha256};

use crate::ids::TenantId;

/// Objects sealed before key versions existed (always key version 1).
const OBJECT_MAGIC_V1: &[u8; 4] = b"LSE1";
const OBJECT_MAGIC: &[u8; 4] = b"LSE2";
const WRAP_VERSION: u8 = 1;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the master key must be 32 bytes encoded in base64")]
    BadMasterKey,
    #[error("the wrapped data key is malformed or was wrapped by another master key")]
    UnwrapFailed,
    #[error("the object is not a Liasse ciphertext")]
    NotSealed,
    #[error("the object does not decrypt: wrong key, wrong object key or tampered bytes")]
    OpenFailed,
}

pub type Result<T, E = CryptoError> = std::result::Result<T, E>;

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

fn cipher(key: &[u8; 32]) -> Aes256Gcm {
    Aes256Gcm::new(key.into())
}

/// The key that wraps tenants' data keys. Never printed, never stored with the data.
pub struct MasterKey(SecretBox<[u8; 32]>);

impl MasterKey {
    pub fn generate() -> Self {
        Self(SecretBox::new(Box::new(random_bytes())))
    }

    /// Reads the base64 text form (as written by `to_base64`, whitespace ignored).
    pub fn from_base64(text: &str) -> Result<Self> {
        let bytes = BASE64.decode(text.trim()).map_err(|_| CryptoError::BadMasterKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::BadMasterKey)?;
        Ok(Self(SecretBox::new(Box::new(key))))
    }

    /// The text form, for writing a freshly generated key to its file.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0.expose_secret())
    }

    /// A short public fingerprint, recorded next to wrapped keys so a rotation knows
    /// which master key wrapped what. Reveals nothing about the key.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.0.expose_secret());
        hex::encode(&digest[..8])
    }

    /// Wraps a tenant's data key: `version || nonce || AES-GCM(key)`, bound to the tenant.
    pub fn wrap(&self, tenant: TenantId, data_key: &DataKey) -> Vec<u8> {
        let nonce = random_bytes::<NONCE_LEN>();
        let aad = wrap_aad(tenant);
        let sealed = cipher(self.0.expose_secret())
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: data_key.0.expose_secret(), aad: &aad })
            .expect("AES-GCM encryption of 32 bytes cannot fail");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(WRAP_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    pub fn unwrap(&self, tenant: TenantId, wrapped: &[u8]) -> Result<DataKey> {
        let (&version, rest) = wrapped.split_first().ok_or(CryptoError::UnwrapFailed)?;
        if version != WRAP_VERSION || rest.len() != NONCE_LEN + 32 + TAG_LEN {
            return Err(CryptoError::UnwrapFailed);
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let aad = wrap_aad(tenant);
        let plain = cipher(self.0.expose_secret())
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: &aad })
            .map_err(|_| CryptoError::UnwrapFailed)?;
        let key: [u8; 32] = plain.try_into().map_err(|_| CryptoError::UnwrapFailed)?;
        Ok(DataKey(SecretBox::new(Box::new(key))))
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({})", self.fingerprint())
    }
}

fn wrap_aad(tenant: TenantId) -> Vec<u8> {
    format!("liasse:data-key:{tenant}").into_bytes()
}

fn object_aad(tenant: TenantId, object_key: &str, version: Option<u32>) -> Vec<u8> {
    match version {
        None => format!("liasse:object:{tenant}:{object_key}").into_bytes(),
        Some(version) => format!("liasse:object:{tenant}:{object_key}:v{version}").into_bytes(),
    }
}

/// The version of the data key that sealed an object, read from its header.
pub fn sealed_key_version(sealed: &[u8]) -> Result<u32> {
    Ok(parse_sealed(sealed)?.version)
}

struct Sealed<'a> {
    version: u32,
    /// `None` for the first format, whose associated data has no version.
    aad_version: Option<u32>,
    nonce: &'a [u8],
    body: &'a [u8],
}

fn parse_sealed(sealed: &[u8]) -> Result<Sealed<'_>> {
    let (version, aad_version, rest) = if let Some(rest) = sealed.strip_prefix(OBJECT_MAGIC.as_slice()) {
        let (version, rest) = rest.split_first_chunk::<4>().ok_or(CryptoError::NotSealed)?;
        let version = u32::from_be_bytes(*version);
        (version, Some(version), rest)
    } else if let Some(rest) = sealed.strip_prefix(OBJECT_MAGIC_V1.as_slice()) {
        (1, None, rest)
    } else {
        return Err(CryptoError::NotSealed);
    };
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(CryptoError::NotSealed);
    }
    let (nonce, body) = rest.split_at(NONCE_LEN);
    Ok(Sealed { version, aad_version, nonce, body })
}

/// A tenant's data key, which seals and opens its objects.
pub struct DataKey(SecretBox<[u8; 32]>);

impl DataKey {
    pub fn generate() -> Self {
        Self(SecretBox::new(Box::new(random_bytes())))
    }

    /// The raw key, for a key management service to wrap. Never log it.
    pub fn expose_bytes(&self) -> &[u8; 32] {
        self.0.expose_secret()
    }

    /// A key unwrapped by a key management service; `None` unless exactly 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let key: [u8; 32] = bytes.try_into().ok()?;
        Some(Self(SecretBox::new(Box::new(key))))
    }

    /// Encrypts `plaintext` for storage under `object_key`; `version` is this key's
    /// number among its tenant's keys.
    pub fn seal(&self, tenant: TenantId, object_key: &str, version: u32, plaintext: &[u8]) -> Vec<u8> {
        let nonce = random_bytes::<NONCE_LEN>();
        let aad = object_aad(tenant, object_key, Some(version));
        let sealed = cipher(self.0.expose_secret())
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext, aad: &aad })
            .expect("AES-GCM encryption in memory cannot fail");
        let mut out = Vec::with_capacity(OBJECT_MAGIC.len() + 4 + NONCE_LEN + sealed.len());
        out.extend_from_slice(OBJECT_MAGIC);
        out.extend_from_slice(&version.to_be_bytes());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// Decrypts an object sealed by `seal` for the same tenant and object key, with
    /// the key whose version its header names (`sealed_key_version`).
    pub fn open(&self, tenant: TenantId, object_key: &str, sealed: &[u8]) -> Result<Vec<u8>> {
        let sealed = parse_sealed(sealed)?;
        let aad = object_aad(tenant, object_key, sealed.aad_version);
        cipher(self.0.expose_secret())
            .decrypt(Nonce::from_slice(sealed.nonce), Payload { msg: sealed.body, aad: &aad })
            .map_err(|_| CryptoError::OpenFailed)
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_objects_open_only_with_the_same_tenant_key_and_object_key() {
        let tenant = TenantId::new();
        let key = DataKey::generate();
        let plaintext = b"Facture n\xc2\xb0 F2024-0042, total 120,00 EUR";
        let sealed = key.seal(tenant, "tenants/t/inputs/a", 1, plaintext);
        assert!(!sealed.windows(7).any(|w| w == b"Facture"), "ciphertext must not contain plaintext");
        assert_eq!(key.open(tenant, "tenants/t/inputs/a", &sealed).as_deref(), Ok(&plaintext[..]));
        assert_eq!(key.open(tenant, "tenants/t/inputs/b", &sealed), Err(CryptoError::OpenFailed));
        assert_eq!(key.open(TenantId::new(), "tenants/t/inputs/a", &sealed), Err(CryptoError::OpenFailed));
        assert_eq!(DataKey::generate().open(tenant, "tenants/t/inputs/a", &sealed), Err(CryptoError::OpenFailed));
        let mut tampered = sealed.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(key.open(tenant, "tenants/t/inputs/a", &tampered), Err(CryptoError::OpenFailed));
        assert_eq!(key.open(tenant, "k", b"plain text"), Err(CryptoError::NotSealed));
    }

    #[test]
    fn the_header_names_the_key_version_and_is_bound_to_the_ciphertext() {
        let tenant = TenantId::new();
        let key = DataKey::generate();
        let sealed = key.seal(tenant, "k", 7, b"hello");
        assert_eq!(&sealed[..8], b"LSE2\0\0\0\x07");
        assert_eq!(sealed_key_version(&sealed), Ok(7));
        assert_eq!(key.open(tenant, "k", &sealed).as_deref(), Ok(&b"hello"[..]));
        let mut relabelled = sealed.clone();
        relabelled[7] = 8;
        assert_eq!(key.open(tenant, "k", &relabelled), Err(CryptoError::OpenFailed), "the version is authenticated");
        assert_eq!(sealed_key_version(b"LSE2\0\0"), Err(CryptoError::NotSealed));
    }

    #[test]
    fn objects_of_the_first_format_still_open_as_version_1() {
        // Sealed as the first format did: LSE1 || nonce || AES-GCM with no version in the AAD.
        let tenant = TenantId::new();
        let key = DataKey::generate();
        let nonce = [3u8; NONCE_LEN];
        let body = cipher(key.0.expose_secret())
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: b"old", aad: &object_aad(tenant, "k", None) })
            .expect("encrypts");
        let sealed = [b"LSE1".as_slice(), &nonce, &body].concat();
        assert_eq!(sealed_key_version(&sealed), Ok(1));
        assert_eq!(key.open(tenant, "k", &sealed).as_deref(), Ok(&b"old"[..]));
    }

    #[test]
    fn sealing_twice_gives_different_ciphertexts() {
        let tenant = TenantId::new();
        let key = DataKey::generate();
        assert_ne!(key.seal(tenant, "k", 1, b"same"), key.seal(tenant, "k", 1, b"same"));
    }

    #[test]
    fn data_keys_unwrap_only_with_their_master_key_and_tenant() {
        let master = MasterKey::generate();
        let tenant = TenantId::new();
        let data_key = DataKey::generate();
        let wrapped = master.wrap(tenant, &data_key);
        let unwrapped = master.unwrap(tenant, &wrapped).expect("unwraps");
        let sealed = data_key.seal(tenant, "k", 1, b"hello");
        assert_eq!(unwrapped.open(tenant, "k", &sealed).as_deref(), Ok(&b"hello"[..]));
        assert!(master.unwrap(TenantId::new(), &wrapped).is_err());
        assert!(MasterKey::generate().unwrap(tenant, &wrapped).is_err());
        assert!(master.unwrap(tenant, &wrapped[..10]).is_err());
    }

    #[test]
    fn master_key_text_form_round_trips_and_rejects_bad_lengths() {
        let master = MasterKey::generate();
        let again = MasterKey::from_base64(&format!("{}\n", master.to_base64())).expect("parses");
        assert_eq!(master.fingerprint(), again.fingerprint());
        assert_eq!(MasterKey::from_base64("c2hvcnQ=").map(|_| ()), Err(CryptoError::BadMasterKey));
        assert_eq!(MasterKey::from_base64("!!!").map(|_| ()), Err(CryptoError::BadMasterKey));
        assert!(!format!("{master:?}").contains(&master.to_base64()));
    }
}
