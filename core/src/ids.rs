//! Identifiers. Each is a UUID newtype so a tenant id can never be passed where a
//! document id is expected. New ids are UUID v7: time-ordered, so indexes stay compact
//! and ids sort by creation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// A customer organisation. Every row and every object belongs to exactly one.
    TenantId
);
uuid_id!(
    /// One uploaded file (or one attachment split out of an e-mail).
    DocumentId
);

impl DocumentId {
    /// The id of the `index`-th document split out of this one (an e-mail attachment).
    /// Derived, not random, so processing the same bytes twice gives the same ids.
    pub fn child(&self, index: usize) -> DocumentId {
        use sha2::Digest;
        let mut hasher = sha2::Sha256::new();
        hasher.update(self.0.as_bytes());
        hasher.update((index as u64).to_be_bytes());
        let digest = hasher.finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        DocumentId(uuid::Builder::from_custom_bytes(bytes).into_uuid())
    }
}
uuid_id!(
    /// One upload of one or more documents.
    BatchId
);
uuid_id!(
    /// One API key of a tenant.
    ApiKeyId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_strings() {
        let id = DocumentId::new();
        let parsed: DocumentId = id.to_string().parse().expect("a printed id parses");
        assert_eq!(id, parsed);
    }

    #[test]
    fn new_ids_are_time_ordered() {
        let first = BatchId::new();
        let second = BatchId::new();
        assert!(first < second);
        assert_eq!(first.as_uuid().get_version_num(), 7);
    }

    #[test]
    fn child_ids_are_stable_and_distinct() {
        let parent = DocumentId::new();
        assert_eq!(parent.child(0), parent.child(0));
        assert_ne!(parent.child(0), parent.child(1));
        assert_ne!(parent.child(0), DocumentId::new().child(0));
        assert_eq!(parent.child(3).as_uuid().get_version_num(), 8);
    }

    #[test]
    fn garbage_is_refused() {
        assert!("not-a-uuid".parse::<TenantId>().is_err());
    }
}
