//! One document job: claim → read and decrypt → pipeline → seal and write the result
//! → mark done → delete the input → journal → metrics.
//!
//! Failures are classified where they happen: transient ones (store or database
//! unavailable) are retried with backoff (`retry`); permanent ones (corrupt file,
//! missing input, panic, timeout) fail the document with an error code. In every
//! outcome the input object is deleted: zero retention does not wait for success.

use std::sync::Arc;
use std::time::Instant;

use liasse_core::{DocumentId, DocumentResult, ErrorCode, Extraction};
use liasse_pipelines::budget::Budget;
use liasse_pipelines::{Input, Options};
use liasse_scheduler::Error as SchedulerError;
use liasse_scheduler::audit::Actor;
use liasse_scheduler::documents::{self, Claim, ClaimOutcome, Completion, MAX_CLAIMS};
use liasse_scheduler::queue::DocumentJob;
use liasse_scheduler::store::{StoreError, keys};

use crate::Context;
use crate::retry::with_retry;

/// Why a job could not finish its document. Permanent document failures are not
/// errors here: they end the job normally with the document `failed`.
#[derive(Debug, thiserror::Error)]
#[error("{step}: {source}")]
pub struct JobError {
    step: &'static str,
    source: SchedulerError,
}

fn transient(error: &SchedulerError) -> bool {
    error.is_transient()
}

/// A document failure with its code, on its way to `documents::fail`.
struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

pub async fn process(context: &Context, job: DocumentJob) -> Result<(), JobError> {
    let actor = Actor::Worker(context.worker_name.clone());
    let retry = &context.config.retry;
    let outcome = with_retry(retry, "claim", transient, || documents::claim(&context.db, &job))
        .await
        .map_err(|source| JobError { step: "claim", source })?;
    let claim = match outcome {
        ClaimOutcome::Claimed(claim) => claim,
        ClaimOutcome::AlreadyFinished { input_key, input_deleted: false } => {
            // A previous worker finished the document but died before deleting its input.
            delete_input(context, &job, &input_key, &actor).await?;
            return Ok(());
        }
        ClaimOutcome::AlreadyFinished { .. } | ClaimOutcome::Gone => return Ok(()),
    };
    let started = Instant::now();
    metrics::histogram!("liasse_queue_wait_seconds")
        .record((chrono::Utc::now() - claim.created_at).num_milliseconds().max(0) as f64 / 1000.0);
    tracing::info!(document = %claim.document_id, tenant = %claim.tenant, attempt = claim.attempts, "document claimed");

    #[cfg(feature = "failpoints")]
    if let Some(Some(millis)) = fail::eval("worker::after_claim", |arg| arg) {
        let millis: u64 = millis.parse().unwrap_or(60_000);
        tokio::time::sleep(std::time::Duration::from_millis(millis)).await;
    }

    let extraction = if claim.is_poison() {
        Err(Failure::new(
            ErrorCode::InternalError,
            format!("the document stopped its worker {MAX_CLAIMS} times; not tried again"),
        ))
    } else {
        read_and_run(context, &claim).await?
    };

    match extraction {
        Ok(extraction) => finish_done(context, &claim, extraction, &actor).await?,
        Err(failure) => finish_failed(context, &claim, failure, &actor).await?,
    }
    delete_input(context, &job, &claim.input_key, &actor).await?;
    metrics::histogram!("liasse_document_seconds").record(started.elapsed().as_secs_f64());
    Ok(())
}

/// Reads the input and runs the pipeline. The outer error is a transient failure
/// that outlasted its retries; the inner one a document failure.
async fn read_and_run(context: &Context, claim: &Claim) -> Result<Result<Extraction, Failure>, JobError> {
    let fetch_started = Instant::now();
    let input = with_retry(&context.config.retry, "read input", transient, || {
        context.store.get(claim.tenant, &claim.input_key)
    })
    .await;
    metrics::histogram!("liasse_stage_seconds", "stage" => "fetch").record(fetch_started.elapsed().as_secs_f64());
    let input = match input {
        Ok(bytes) => bytes,
        Err(SchedulerError::Store(StoreError::NotFound)) => {
            return Ok(Err(Failure::new(ErrorCode::InputMissing, "the input object is not in the store")));
        }
        Err(SchedulerError::Crypto(_)) => {
            return Ok(Err(Failure::new(
                ErrorCode::DecryptionFailed,
                "the input object does not decrypt with the tenant's key",
            )));
        }
        Err(error) if error.is_transient() => {
            return Ok(Err(Failure::new(
                ErrorCode::RetriesExhausted,
                "the store stayed unavailable for the whole retry budget",
            )));
        }
        Err(source) => return Err(JobError { step: "read input", source }),
    };
    let options: Options = serde_json::from_value(claim.options.clone()).unwrap_or_default();
    Ok(run_pipeline(context, claim.document_id, claim.filename.clone(), input, options).await)
}

/// Runs the pipeline on the blocking pool, turning a panic or a timeout into a
/// document failure.
async fn run_pipeline(
    context: &Context,
    document_id: DocumentId,
    filename: String,
    bytes: Vec<u8>,
    options: Options,
) -> Result<Extraction, Failure> {
    let pipeline = Arc::clone(&context.pipeline);
    let timeout = context.config.document_timeout;
    let limits = &pipeline.config().limits;
    let budget = Budget::new(limits.max_cpu, limits.max_memory_bytes);
    // The permit travels with the blocking thread: a slot is free again when the
    // pipeline has really stopped, even after a timeout (see below).
    // The wait shows whether `cpu_slots` (or the machine) is what documents queue for.
    let waiting = Instant::now();
    let permit = match Arc::clone(&context.cpu).acquire_owned().await {
        Ok(permit) => permit,
        Err(_closed) => return Err(Failure::new(ErrorCode::InternalError, "the worker is shutting down")),
    };
    metrics::histogram!("liasse_stage_seconds", "stage" => "cpu_wait").record(waiting.elapsed().as_secs_f64());
    let task = tokio::task::spawn_blocking({
        let budget = Arc::clone(&budget);
        move || {
            let _permit = permit;
            // Crash tests make the pipeline panic here (`FAILPOINTS=worker::in_pipeline=1*panic->off`).
            #[cfg(feature = "failpoints")]
            fail::fail_point!("worker::in_pipeline");
            let input = Input { document_id, filename: &filename, bytes: &bytes, options: &options };
            pipeline.process_within(input, &budget)
        }
    });
    match tokio::time::timeout(timeout, task).await {
        Ok(Ok(Ok(extraction))) => Ok(extraction),
        Ok(Ok(Err(error))) => Err(Failure::new(error.code, error.message)),
        Ok(Err(join_error)) if join_error.is_panic() => {
            tracing::error!(document = %document_id, "the pipeline panicked on this document");
            Err(Failure::new(ErrorCode::InternalError, "the pipeline failed unexpectedly on this document"))
        }
        Ok(Err(_cancelled)) => Err(Failure::new(ErrorCode::InternalError, "the pipeline task was cancelled")),
        // The blocking thread cannot be interrupted: cancelling the budget makes it
        // stop at its next checkpoint (the next page, attachment or few thousand
        // cells), and its result is dropped.
        Err(_elapsed) => {
            budget.cancel();
            Err(Failure::new(ErrorCode::Timeout, format!("processing took longer than {} s", timeout.as_secs())))
        }
    }
}

async fn finish_done(context: &Context, claim: &Claim, extraction: Extraction, actor: &Actor) -> Result<(), JobError> {
    for (stage, millis) in &extraction.timings_ms {
        metrics::histogram!("liasse_stage_seconds", "stage" => stage.clone()).record(*millis as f64 / 1000.0);
    }
    let class = extraction.class;
    let needs_review = extraction.needs_review;
    let models = serde_json::to_value(&extraction.models).unwrap_or_default();
    let result = DocumentResult { document_id: claim.document_id, filename: claim.filename.clone(), extraction };
    let json = serde_json::to_vec(&result).expect("a result always serialises to JSON");
    let result_key = keys::result(claim.tenant, claim.document_id);
    let store_started = Instant::now();
    with_retry(&context.config.retry, "write result", transient, || {
        context.store.put(claim.tenant, &result_key, &json)
    })
    .await
    .map_err(|source| JobError { step: "write result", source })?;
    metrics::histogram!("liasse_stage_seconds", "stage" => "store").record(store_started.elapsed().as_secs_f64());
    let completion = Completion { result_key: &result_key, class, needs_review, models };
    let completed = with_retry(&context.config.retry, "complete", transient, || {
        documents::complete(&context.db, claim, actor, completion.clone())
    })
    .await
    .map_err(|source| JobError { step: "complete", source })?;
    if completed {
        metrics::counter!("liasse_documents_done_total", "class" => class.as_str()).increment(1);
        tracing::info!(document = %claim.document_id, class = %class, needs_review, "document done");
    } else {
        tracing::info!(document = %claim.document_id, "another worker holds a newer claim; result left to it");
    }
    Ok(())
}

async fn finish_failed(context: &Context, claim: &Claim, failure: Failure, actor: &Actor) -> Result<(), JobError> {
    let failed = with_retry(&context.config.retry, "fail", transient, || {
        documents::fail(&context.db, claim, actor, failure.code, &failure.message)
    })
    .await
    .map_err(|source| JobError { step: "fail", source })?;
    if failed {
        metrics::counter!("liasse_documents_failed_total", "code" => failure.code.as_str()).increment(1);
        tracing::info!(document = %claim.document_id, code = %failure.code, "document failed");
    }
    Ok(())
}

async fn delete_input(context: &Context, job: &DocumentJob, input_key: &str, actor: &Actor) -> Result<(), JobError> {
    let started = Instant::now();
    with_retry(&context.config.retry, "delete input", transient, || context.store.delete(input_key))
        .await
        .map_err(|source| JobError { step: "delete input", source })?;
    with_retry(&context.config.retry, "record deletion", transient, || {
        documents::mark_input_deleted(&context.db, job.tenant_id, job.document_id, actor)
    })
    .await
    .map_err(|source| JobError { step: "record deletion", source })?;
    metrics::histogram!("liasse_stage_seconds", "stage" => "delete").record(started.elapsed().as_secs_f64());
    Ok(())
}
