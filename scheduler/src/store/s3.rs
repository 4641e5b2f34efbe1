//! Any S3-compatible service (Scaleway, OVHcloud, Outscale, MinIO, Garage…) through
//! aws-sdk-s3, with an explicit endpoint and region and static credentials.

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use bytes::Bytes;
use secrecy::ExposeSecret;

use super::{ListedObject, ObjectStore, StoreError, validate_key};
use crate::config::StoreConfig;

#[derive(Debug, Clone)]
pub struct S3Store {
    client: Client,
    bucket: String,
    region: String,
    endpoint: String,
}

/// Sorts an SDK error into not-found, transient or refused. Never includes object
/// contents (the SDK errors carry none).
fn classify<E: ProvideErrorMetadata + std::fmt::Debug>(error: SdkError<E>) -> StoreError {
    let status = error.raw_response().map(|r| r.status().as_u16());
    let code = error.code().map(str::to_owned);
    match (&error, status, code.as_deref()) {
        (_, _, Some("NoSuchKey" | "NotFound")) | (_, Some(404), _) => StoreError::NotFound,
        (SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_), _, _) => {
            StoreError::Unavailable(format!("{error:?}").chars().take(300).collect())
        }
        (_, Some(s), _) if s >= 500 || s == 429 || s == 408 => {
            StoreError::Unavailable(format!("HTTP {s} {}", code.unwrap_or_default()))
        }
        (_, Some(s), _) => StoreError::Refused(format!("HTTP {s} {}", code.unwrap_or_default())),
        _ => StoreError::Unavailable(format!("{error:?}").chars().take(300).collect()),
    }
}

impl S3Store {
    pub async fn connect(config: &StoreConfig) -> Result<Self, StoreError> {
        let StoreConfig::S3 { endpoint, region, bucket, access_key, secret_key, force_path_style, create_bucket } =
            config
        else {
            return Err(StoreError::Refused("not an S3 configuration".into()));
        };
        let credentials = Credentials::new(access_key, secret_key.expose_secret(), None, None, "liasse-config");
        let base = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.clone()))
            .credentials_provider(credentials)
            .endpoint_url(endpoint)
            .load()
            .await;
        let s3_config = aws_sdk_s3::config::Builder::from(&base).force_path_style(*force_path_style).build();
        let store = Self {
            client: Client::from_conf(s3_config),
            bucket: bucket.clone(),
            region: region.clone(),
            endpoint: endpoint.clone(),
        };
        if *create_bucket {
            store.create_bucket_if_missing().await?;
        }
        Ok(store)
    }

    async fn create_bucket_if_missing(&self) -> Result<(), StoreError> {
        if self.client.head_bucket().bucket(&self.bucket).send().await.is_ok() {
            return Ok(());
        }
        let location = aws_sdk_s3::types::BucketLocationConstraint::from(self.region.as_str());
        let configuration =
            aws_sdk_s3::types::CreateBucketConfiguration::builder().location_constraint(location).build();
        match self.client.create_bucket().bucket(&self.bucket).create_bucket_configuration(configuration).send().await {
            Ok(_) => Ok(()),
            Err(e) if matches!(e.code(), Some("BucketAlreadyOwnedByYou" | "BucketAlreadyExists")) => Ok(()),
            Err(e) => Err(classify(e)),
        }
    }
}

#[async_trait]
impl ObjectStore for S3Store {
    async fn put(&self, key: &str, bytes: Bytes) -> Result<(), StoreError> {
        validate_key(key)?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map(|_| ())
            .map_err(classify)
    }

    async fn get(&self, key: &str) -> Result<Bytes, StoreError> {
        validate_key(key)?;
        let object = self.client.get_object().bucket(&self.bucket).key(key).send().await.map_err(classify)?;
        let body = object.body.collect().await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(body.into_bytes())
    }

    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        validate_key(key)?;
        match self.client.delete_object().bucket(&self.bucket).key(key).send().await.map_err(classify) {
            Ok(_) | Err(StoreError::NotFound) => Ok(()),
            Err(e) => Err(e),
        }
    }

    async fn list(&self, prefix: &str) -> Result<Vec<ListedObject>, StoreError> {
        let mut objects = Vec::new();
        let mut pages = self.client.list_objects_v2().bucket(&self.bucket).prefix(prefix).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(classify)?;
            objects.extend(page.contents().iter().filter_map(|o| {
                let modified = o.last_modified().and_then(|t| std::time::SystemTime::try_from(*t).ok());
                // An object without a date is treated as just written: sweeps leave it.
                let modified = modified.unwrap_or_else(std::time::SystemTime::now);
                Some(ListedObject { key: o.key()?.to_owned(), modified })
            }));
        }
        objects.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(objects)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.client.head_bucket().bucket(&self.bucket).send().await.map(|_| ()).map_err(classify)
    }

    fn location(&self) -> String {
        format!("s3:{}:{}/{}", self.region, self.endpoint, self.bucket)
    }
}
