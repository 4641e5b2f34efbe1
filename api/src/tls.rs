//! HTTPS for the API: TLS 1.3 only (rustls, ring provider), certificate and key from
//! PEM files, and `Strict-Transport-Security` on every answer. A certificate that
//! cannot be read, or a key that does not match it, stops the start-up with a message
//! that names the file.

use std::path::PathBuf;
use std::sync::Arc;

use axum::http::{HeaderValue, header};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde::Deserialize;

/// The `[api.tls]` configuration section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TlsConfig {
    /// PEM certificate chain, leaf first.
    pub cert_file: PathBuf,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key_file: PathBuf,
}

/// `Strict-Transport-Security`: two years, sub-domains included.
pub const HSTS: HeaderValue = HeaderValue::from_static("max-age=63072000; includeSubDomains");

/// The rustls server configuration: TLS 1.3 only, HTTP/2 and HTTP/1.1 by ALPN.
pub fn server_config(config: &TlsConfig) -> Result<Arc<rustls::ServerConfig>, String> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&config.cert_file)
        .and_then(|certs| certs.collect::<Result<_, _>>())
        .map_err(|e| format!("api.tls.cert_file {}: {e}", config.cert_file.display()))?;
    if certs.is_empty() {
        return Err(format!("api.tls.cert_file {}: no certificate in it", config.cert_file.display()));
    }
    let key = PrivateKeyDer::from_pem_file(&config.key_file)
        .map_err(|e| format!("api.tls.key_file {}: {e}", config.key_file.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut server = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| format!("TLS 1.3: {e}"))?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| format!("api.tls: the key {} does not fit the certificate: {e}", config.key_file.display()))?;
    server.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(server))
}

/// Adds `Strict-Transport-Security` to a response served over TLS.
pub async fn hsts(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, HSTS);
    response
}
