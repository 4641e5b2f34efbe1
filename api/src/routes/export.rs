//! `GET /v1/export`: everything Liasse holds for the caller's tenant, in open formats,
//! as a streamed tar archive (GDPR right of access and portability):
//!
//! * `manifest.json`: tenant id, export time, what the archive holds;
//! * `results/{cursor}-{document_id}.json`: every result still stored, decrypted, in
//!   the RESULT_SCHEMA shape, in feed order;
//! * `audit/{first position}.jsonl`: the audit journal in chain order, with hashes.
//!
//! Entries are written one by one as they are read, so the archive is never held in
//! memory whole.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use futures::StreamExt;
use liasse_core::TenantId;
use liasse_scheduler::api_keys::Scope;
use liasse_scheduler::results;

use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiResult;

/// Results or audit events read per round trip.
const PAGE: i64 = 200;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/export", get(export))
}

/// The tenant's results and audit journal as a tar archive.
#[utoipa::path(
    get, path = "/v1/export", tag = "tenant",
    responses((status = 200, description = "tar: manifest.json, results/*.json, audit/*.jsonl", content_type = "application/x-tar")),
    security(("api_key" = []))
)]
async fn export(State(state): State<AppState>, auth: Auth) -> ApiResult<Response> {
    let tenant = auth.tenant(Scope::Read)?;
    let manifest = serde_json::json!({
        "tenant_id": tenant,
        "exported_at": chrono::Utc::now(),
        "format": "liasse export 1",
        "contents": {
            "results/": "one RESULT_SCHEMA JSON per stored result, named {cursor}-{document_id}.json",
            "audit/": "the audit journal as JSON lines in chain order, with prev_hash and row_hash",
        },
    });
    let manifest = tar_entry("manifest.json", &serde_json::to_vec_pretty(&manifest).unwrap_or_default());
    let results = futures::stream::unfold(Some(0i64), {
        let state = state.clone();
        move |after| {
            let state = state.clone();
            async move { results_page(&state, tenant, after?).await }
        }
    });
    let journal = futures::stream::unfold(Some(0i64), {
        let state = state.clone();
        move |after| {
            let state = state.clone();
            async move { audit_page(&state, tenant, after?).await }
        }
    });
    let end = futures::stream::once(async { Ok(Bytes::from(vec![0u8; 1024])) });
    let body = futures::stream::once(async { Ok(Bytes::from(manifest)) }).chain(results).chain(journal).chain(end);
    let disposition = format!("attachment; filename=\"liasse-export-{tenant}.tar\"");
    Ok((
        [(header::CONTENT_TYPE, "application/x-tar".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        Body::from_stream(body),
    )
        .into_response())
}

type Chunk = Result<Bytes, std::io::Error>;

/// The tar entries of the next page of results, and where the page after starts.
async fn results_page(state: &AppState, tenant: TenantId, after: i64) -> Option<(Chunk, Option<i64>)> {
    let entries = match results::feed(&state.db, tenant, after, PAGE).await {
        Ok(entries) if entries.is_empty() => return None,
        Ok(entries) => entries,
        Err(error) => return Some((Err(super::stream_stopped(&error)), None)),
    };
    let mut chunk = Vec::new();
    for entry in &entries {
        match state.store.get(tenant, &entry.result_key).await {
            Ok(json) => chunk.extend(tar_entry(&format!("results/{:08}-{}.json", entry.seq, entry.document_id), &json)),
            Err(error) => return Some((Err(super::stream_stopped(&error)), None)),
        }
    }
    let next = (entries.len() as i64 == PAGE).then(|| entries.last().map_or(after, |e| e.seq));
    Some((Ok(Bytes::from(chunk)), next))
}

/// One tar entry per page of the audit journal.
async fn audit_page(state: &AppState, tenant: TenantId, after: i64) -> Option<(Chunk, Option<i64>)> {
    match super::audit::lines_page(state, tenant, after, PAGE).await {
        Ok(None) => None,
        Ok(Some(page)) => {
            let entry = tar_entry(&format!("audit/{:08}.jsonl", page.first), &page.lines);
            Some((Ok(Bytes::from(entry)), page.next))
        }
        Err(error) => Some((Err(super::stream_stopped(&error)), None)),
    }
}

/// One regular file in POSIX ustar format: a 512-byte header, the data, zero padding
/// to a multiple of 512. Names here are ASCII and under 100 bytes.
fn tar_entry(name: &str, data: &[u8]) -> Vec<u8> {
    let mut header = [0u8; 512];
    let mut put = |offset: usize, field: &[u8]| header[offset..offset + field.len()].copy_from_slice(field);
    put(0, name.as_bytes());
    put(100, b"0000600\0");
    put(108, b"0000000\0");
    put(116, b"0000000\0");
    put(124, format!("{:011o}\0", data.len()).as_bytes());
    put(136, format!("{:011o}\0", chrono::Utc::now().timestamp().max(0)).as_bytes());
    put(148, b"        ");
    put(156, b"0");
    put(257, b"ustar\0");
    put(263, b"00");
    let checksum: u32 = header.iter().map(|&b| u32::from(b)).sum();
    header[148..156].copy_from_slice(format!("{checksum:06o}\0 ").as_bytes());
    let mut entry = Vec::with_capacity(512 + data.len().div_ceil(512) * 512);
    entry.extend_from_slice(&header);
    entry.extend_from_slice(data);
    entry.resize(512 + data.len().div_ceil(512) * 512, 0);
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_ustar_blocks_with_a_valid_checksum() {
        let entry = tar_entry("results/00000001-x.json", b"{\"a\":1}");
        assert_eq!(entry.len(), 1024);
        assert_eq!(&entry[257..263], b"ustar\0");
        assert_eq!(&entry[124..136], b"00000000007\0");
        let stored = u32::from_str_radix(std::str::from_utf8(&entry[148..154]).expect("ascii"), 8).expect("octal");
        let mut blank = entry[..512].to_vec();
        blank[148..156].copy_from_slice(b"        ");
        assert_eq!(stored, blank.iter().map(|&b| u32::from(b)).sum::<u32>());
        assert_eq!(&entry[512..519], b"{\"a\":1}");
        assert!(entry[519..].iter().all(|&b| b == 0));
        assert_eq!(tar_entry("empty", b"").len(), 512);
    }
}
