//! `liasse-core`: the vocabulary every other crate speaks.
//!
//! Owns the identifiers (newtypes over UUID v7), the domain types of a processed
//! document (`DocClass`, `Source`, `Extraction`, `Field`), the result schema of
//! `shared/RESULT_SCHEMA.md` (`DocumentResult`), the stable error codes a document can
//! fail with, money (`Amount`, decimal, never `f64`), and envelope encryption
//! (per-tenant data keys wrapped by a master key, AES-256-GCM).
//!
//! Must not: do IO of any kind. No sqlx, axum, ort, aws or tokio here: every type in
//! this crate can be built and tested without a database, a network or a model.
//!
//! Threads: none of its own. Everything here is plain data and pure functions, called
//! from whichever task or thread holds the data.

pub mod amount;
pub mod class;
pub mod crypto;
pub mod error_code;
pub mod identifiers;
pub mod ids;
pub mod result;
pub mod serde_secs;

pub use amount::Amount;
pub use class::{DocClass, Source};
pub use error_code::ErrorCode;
pub use identifiers::{Bic, Iban, IdentifierError, Siren, Siret, VatNumber};
pub use ids::{ApiKeyId, BatchId, DocumentId, TenantId};
pub use result::{Check, DocumentResult, Extraction, Field, FieldValue, LineItem, ModelVersions, Provenance, VatLine};
