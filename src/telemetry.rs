//! Logs (tracing, to stderr; `RUST_LOG` filters, `LIASSE_LOG_FORMAT=json` for JSON)
//! and the Prometheus recorder behind the `metrics` facade.

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;

pub fn init_logs(default_filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let result = if std::env::var("LIASSE_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    // Already initialised (tests): keep the first.
    let _ = result;
}

/// Installs the process-wide recorder; latency histograms get buckets from 1 ms to 10 min.
pub fn init_metrics() -> anyhow::Result<PrometheusHandle> {
    let buckets =
        [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0];
    Ok(PrometheusBuilder::new().set_buckets(&buckets)?.install_recorder()?)
}
