//! Field extraction from the page layout, one module per document class. Each reads a
//! `Layout` (words with positions, in reading order) and writes schema fields
//! (`shared/RESULT_SCHEMA.md`) with a confidence and the provenance of each value into
//! an `Extraction`. Extractors are pure and never log document text.
//!
//! Shared by the extractors: `document_text` (the layout as one searchable string, and
//! the way back from a match to its page and box) and `dates` (dates as written in
//! English, French and German).

pub mod contract;
pub mod dates;
pub mod document_text;
pub mod invoice;
