//! End-to-end tests through the HTTP API, on real Postgres, a real S3-compatible
//! server (s3s-fs) and the real `liasse` binary. One test binary for the whole
//! folder keeps link time down.

mod api;
mod audit;
mod budget;
mod crash;
mod erasure;
mod isolation;
mod queue;
mod retention;
mod spine;
mod support;
