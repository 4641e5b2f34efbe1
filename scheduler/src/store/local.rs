//! Objects as files under one directory: the default for a single machine. Writes go
//! to a temporary file then are renamed, so a reader never sees half an object.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use bytes::Bytes;

use super::{ListedObject, ObjectStore, StoreError, validate_key};

#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

fn io_error(e: std::io::Error) -> StoreError {
    match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound,
        std::io::ErrorKind::PermissionDenied => StoreError::Refused(e.to_string()),
        _ => StoreError::Unavailable(e.to_string()),
    }
}

impl LocalStore {
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        std::fs::create_dir_all(root)
            .map_err(|e| StoreError::Refused(format!("cannot create {}: {e}", root.display())))?;
        Ok(Self { root: root.to_path_buf() })
    }

    fn path(&self, key: &str) -> Result<PathBuf, StoreError> {
        validate_key(key)?;
        Ok(self.root.join(key))
    }
}

#[async_trait]
impl ObjectStore for LocalStore {
    async fn put(&self, key: &str, bytes: Bytes) -> Result<(), StoreError> {
        let path = self.path(key)?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await.map_err(io_error)?;
        }
        let tmp = path.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
        tokio::fs::write(&tmp, &bytes).await.map_err(io_error)?;
        tokio::fs::rename(&tmp, &path).await.map_err(io_error)
    }

    async fn get(&self, key: &str) -> Result<Bytes, StoreError> {
        let path = self.path(key)?;
        tokio::fs::read(&path).await.map(Bytes::from).map_err(io_error)
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        let path = self.path(key)?;
        match tokio::fs::remove_file(&path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error(e)),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ListedObject>, StoreError> {
        let mut objects = Vec::new();
        let mut pending = vec![self.root.clone()];
        while let Some(dir) = pending.pop() {
            let mut entries = match tokio::fs::read_dir(&dir).await {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(io_error(e)),
            };
            while let Some(entry) = entries.next_entry().await.map_err(io_error)? {
                let path = entry.path();
                let metadata = entry.metadata().await.map_err(io_error)?;
                if metadata.is_dir() {
                    pending.push(path);
                } else if let Ok(relative) = path.strip_prefix(&self.root) {
                    let key = relative.to_string_lossy().replace('\\', "/");
                    if key.starts_with(prefix) && !key.contains(".tmp-") {
                        let modified = metadata.modified().map_err(io_error)?;
                        objects.push(ListedObject { key, modified });
                    }
                }
            }
        }
        objects.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(objects)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        tokio::fs::metadata(&self.root).await.map(|_| ()).map_err(io_error)
    }

    fn location(&self) -> String {
        format!("local:{}", self.root.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn put_get_list_delete() {
        let dir = std::env::temp_dir().join(format!("liasse-local-store-{}", uuid::Uuid::new_v4()));
        let store = LocalStore::open(&dir).expect("opens");
        store.put("tenants/t/inputs/a", Bytes::from_static(b"one")).await.expect("put");
        store.put("tenants/t/results/a.json", Bytes::from_static(b"two")).await.expect("put");
        assert_eq!(store.get("tenants/t/inputs/a").await.expect("get"), Bytes::from_static(b"one"));
        assert_eq!(
            store.list("tenants/t/inputs/").await.expect("list").into_iter().map(|o| o.key).collect::<Vec<_>>(),
            vec!["tenants/t/inputs/a".to_string()]
        );
        store.delete("tenants/t/inputs/a").await.expect("delete");
        store.delete("tenants/t/inputs/a").await.expect("deleting twice is fine");
        assert!(matches!(store.get("tenants/t/inputs/a").await, Err(StoreError::NotFound)));
        assert!(matches!(store.get("../etc/passwd").await, Err(StoreError::InvalidKey(_))));
        std::fs::remove_dir_all(dir).expect("cleans up");
    }
}
