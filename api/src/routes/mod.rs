//! One module per resource, each with `pub fn router()`.

pub mod audit;
pub mod batches;
pub mod documents;
pub mod export;
pub mod health;
pub mod kpis;
pub mod results;
pub mod tenant;

/// Ends a streamed answer that failed half-way: the client sees a broken body (no
/// trailer, no end blocks), the log says why, without any document content.
pub(crate) fn stream_stopped(error: &dyn std::fmt::Display) -> std::io::Error {
    tracing::error!(%error, "a streamed answer stopped");
    std::io::Error::other("the stream stopped")
}
