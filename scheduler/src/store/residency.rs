//! Data residency: the S3-compatible store must be one the operator allowed, by host
//! and by region, or Liasse refuses to start. The default allow-list is the France and
//! EU regions of the usual S3-compatible providers, and loopback for tests; widening it
//! is a deliberate act in the configuration (`[residency]`), never a fallback.
//!
//! A local directory store has nothing to check: it is the machine the operator runs.

use serde::Deserialize;

use crate::config::StoreConfig;

/// The `[residency]` configuration section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ResidencyConfig {
    /// Store hosts allowed: exact names, or `*.suffix` for every host under a domain.
    pub allowed_endpoints: Vec<String>,
    /// Store regions allowed (the `region` of the store configuration).
    pub allowed_regions: Vec<String>,
}

impl Default for ResidencyConfig {
    fn default() -> Self {
        let endpoints = [
            // Loopback: tests and a store on the same machine.
            "127.0.0.1",
            "localhost",
            "::1",
            // Scaleway (Paris, Amsterdam, Warsaw).
            "s3.fr-par.scw.cloud",
            "*.s3.fr-par.scw.cloud",
            "s3.nl-ams.scw.cloud",
            "*.s3.nl-ams.scw.cloud",
            "s3.pl-waw.scw.cloud",
            "*.s3.pl-waw.scw.cloud",
            // OVHcloud (Gravelines, Strasbourg, Roubaix).
            "*.gra.io.cloud.ovh.net",
            "*.sbg.io.cloud.ovh.net",
            "*.rbx.io.cloud.ovh.net",
            "*.gra.perf.cloud.ovh.net",
            "*.sbg.perf.cloud.ovh.net",
            "*.rbx.perf.cloud.ovh.net",
            // Outscale (France, SecNumCloud region).
            "oos.eu-west-2.outscale.com",
            "oos.cloudgouv-eu-west-1.outscale.com",
            // Clever Cloud Cellar (France).
            "cellar-c2.services.clever-cloud.com",
        ];
        let regions = [
            "fr-par",
            "nl-ams",
            "pl-waw",
            "gra",
            "sbg",
            "rbx",
            "eu-west-2",
            "cloudgouv-eu-west-1",
            "fr",
            // Loopback servers are usually configured with a French region name.
            "eu-west-3",
        ];
        Self {
            allowed_endpoints: endpoints.map(str::to_owned).to_vec(),
            allowed_regions: regions.map(str::to_owned).to_vec(),
        }
    }
}

/// Where a store keeps data, as recorded on every result and audit event: the
/// provider (the endpoint's host and port, or `local` for a directory store) and the
/// region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub provider: String,
    pub region: String,
}

impl Location {
    pub fn of(store: &StoreConfig) -> Self {
        match store {
            StoreConfig::Local { .. } => Self { provider: "local".into(), region: "local".into() },
            StoreConfig::S3 { endpoint, region, .. } => {
                let provider = url::Url::parse(endpoint)
                    .ok()
                    .and_then(|url| {
                        let host = url.host_str()?.to_ascii_lowercase();
                        Some(match url.port() {
                            Some(port) => format!("{host}:{port}"),
                            None => host,
                        })
                    })
                    .unwrap_or_else(|| endpoint.clone());
                Self { provider, region: region.clone() }
            }
        }
    }
}

/// Refuses a store outside the allow-list, with a message that says what to change.
pub fn check(store: &StoreConfig, residency: &ResidencyConfig) -> Result<(), String> {
    let StoreConfig::S3 { endpoint, region, .. } = store else {
        return Ok(());
    };
    let url = url::Url::parse(endpoint).map_err(|e| format!("store.endpoint {endpoint:?} is not a URL: {e}"))?;
    let host = match url.host() {
        Some(url::Host::Ipv6(address)) => address.to_string(),
        Some(host) => host.to_string().to_ascii_lowercase(),
        None => return Err(format!("store.endpoint {endpoint:?} has no host")),
    };
    let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if !loopback && url.scheme() != "https" {
        return Err(format!(
            "store.endpoint {endpoint:?} is not HTTPS: objects would cross the network in clear (only loopback may use http)"
        ));
    }
    if !residency.allowed_endpoints.iter().any(|allowed| host_matches(&host, allowed)) {
        return Err(format!(
            "the object store host {host:?} is outside the residency allow-list ({}); add it to residency.allowed_endpoints only if it keeps data where your customers require",
            residency.allowed_endpoints.join(", ")
        ));
    }
    if !residency.allowed_regions.iter().any(|allowed| allowed.eq_ignore_ascii_case(region)) {
        return Err(format!(
            "the object store region {region:?} is outside the residency allow-list ({}); add it to residency.allowed_regions only if it keeps data where your customers require",
            residency.allowed_regions.join(", ")
        ));
    }
    Ok(())
}

fn host_matches(host: &str, allowed: &str) -> bool {
    let allowed = allowed.to_ascii_lowercase();
    match allowed.strip_prefix("*.") {
        Some(suffix) => host.len() > suffix.len() && host.ends_with(&format!(".{suffix}")),
        None => host == allowed.trim_start_matches('[').trim_end_matches(']'),
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;

    fn s3(endpoint: &str, region: &str) -> StoreConfig {
        StoreConfig::S3 {
            endpoint: endpoint.into(),
            region: region.into(),
            bucket: "b".into(),
            access_key: "k".into(),
            secret_key: SecretString::from("s"),
            force_path_style: true,
            create_bucket: false,
        }
    }

    #[test]
    fn location_names_the_host_and_region() {
        assert_eq!(
            Location::of(&s3("https://s3.fr-par.scw.cloud", "fr-par")),
            Location { provider: "s3.fr-par.scw.cloud".into(), region: "fr-par".into() }
        );
        assert_eq!(
            Location::of(&s3("http://127.0.0.1:9000/", "eu-west-3")),
            Location { provider: "127.0.0.1:9000".into(), region: "eu-west-3".into() }
        );
        assert_eq!(Location::of(&StoreConfig::default()).provider, "local");
    }

    #[test]
    fn french_providers_and_loopback_are_allowed() {
        let defaults = ResidencyConfig::default();
        for (endpoint, region) in [
            ("https://s3.fr-par.scw.cloud", "fr-par"),
            ("https://s3.gra.io.cloud.ovh.net", "gra"),
            ("https://oos.eu-west-2.outscale.com", "eu-west-2"),
            ("http://127.0.0.1:9000", "eu-west-3"),
            ("http://[::1]:9000", "fr-par"),
            ("http://localhost:9000", "fr-par"),
        ] {
            assert_eq!(check(&s3(endpoint, region), &defaults), Ok(()), "{endpoint}");
        }
        assert_eq!(check(&StoreConfig::default(), &defaults), Ok(()), "a local directory");
    }

    #[test]
    fn other_hosts_regions_and_clear_text_are_refused_with_the_reason() {
        let defaults = ResidencyConfig::default();
        let us = check(&s3("https://s3.us-east-1.amazonaws.com", "us-east-1"), &defaults).expect_err("refused");
        assert!(us.contains("\"s3.us-east-1.amazonaws.com\" is outside the residency allow-list"), "{us}");
        let region = check(&s3("https://s3.fr-par.scw.cloud", "us-east-1"), &defaults).expect_err("refused");
        assert!(region.contains("region \"us-east-1\""), "{region}");
        let clear = check(&s3("http://s3.fr-par.scw.cloud", "fr-par"), &defaults).expect_err("refused");
        assert!(clear.contains("not HTTPS"), "{clear}");
        // A look-alike domain is not a sub-domain.
        let lookalike = check(&s3("https://evil-gra.io.cloud.ovh.net.example", "gra"), &defaults).expect_err("refused");
        assert!(lookalike.contains("outside the residency allow-list"), "{lookalike}");
        assert!(check(&s3("not a url", "fr-par"), &defaults).expect_err("refused").contains("not a URL"));
    }

    #[test]
    fn the_allow_list_can_be_widened_deliberately() {
        let widened = ResidencyConfig {
            allowed_endpoints: vec!["*.example.eu".into()],
            allowed_regions: vec!["eu-central".into()],
        };
        assert_eq!(check(&s3("https://store.example.eu", "EU-CENTRAL"), &widened), Ok(()));
        assert!(check(&s3("https://example.eu", "eu-central"), &widened).is_err(), "*.x does not match x itself");
    }
}
