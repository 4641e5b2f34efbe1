//! One module per resource, each with `pub fn router()`.

pub mod audit;
pub mod batches;
pub mod documents;
pub mod export;
pub mod health;
pub mod kpis;
pub mod results;
pub mod tenant;
