-- Liasse schema, first version. Migrations are append-only: never edit a migration
-- that has shipped, add a new one.
-- The job queue itself lives in schema `apalis`, created by apalis-postgres's own
-- migrations; these tables hold what Liasse knows about documents.

CREATE TABLE tenants (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    -- The tenant's AES-256 data key, wrapped by the master key (see liasse-core::crypto).
    wrapped_data_key bytea NOT NULL,
    -- Fingerprint of the master key that wrapped it, for rotations.
    master_key_fingerprint text NOT NULL,
    -- Last cursor handed out on the results feed. Incremented under the row lock in
    -- the transaction that completes a document, so cursors commit in order.
    result_seq bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id uuid PRIMARY KEY,
    -- NULL for operator keys (scope admin across all tenants).
    tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
    -- Public part of the key, used to find the row; the secret is only stored hashed.
    prefix text NOT NULL UNIQUE,
    secret_sha256 bytea NOT NULL,
    scopes text[] NOT NULL,
    name text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    revoked_at timestamptz,
    last_used_at timestamptz,
    CHECK (tenant_id IS NOT NULL OR 'admin' = ANY (scopes))
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE batches (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    idempotency_key text,
    -- Pipeline options chosen at upload (liasse-pipelines::Options as JSON).
    options jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, idempotency_key)
);

CREATE TABLE documents (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    batch_id uuid NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    filename text NOT NULL,
    size_bytes bigint NOT NULL,
    sha256 bytea NOT NULL,
    status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done', 'failed')),
    -- Claims so far; a claim by a worker that died counts too.
    attempts integer NOT NULL DEFAULT 0,
    -- Set by each claim; only the holder of the latest token may finish the document,
    -- so a worker that was presumed dead cannot complete it a second time.
    claim_token uuid,
    error_code text,
    error_message text,
    input_key text NOT NULL,
    input_deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    CHECK ((status IN ('done', 'failed')) = (finished_at IS NOT NULL)),
    CHECK ((status = 'failed') = (error_code IS NOT NULL))
);
CREATE INDEX documents_batch ON documents (batch_id);
CREATE INDEX documents_tenant_created ON documents (tenant_id, created_at);
CREATE INDEX documents_unfinished ON documents (tenant_id, status) WHERE status IN ('queued', 'processing');
CREATE INDEX documents_finished ON documents (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX documents_input_pending ON documents (finished_at) WHERE input_deleted_at IS NULL;

CREATE TABLE results (
    document_id uuid PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- Position on the tenant's results feed (GET /v1/results?after=seq).
    seq bigint NOT NULL,
    result_key text NOT NULL,
    class text NOT NULL,
    needs_review boolean NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    acked_at timestamptz,
    deleted_at timestamptz,
    UNIQUE (tenant_id, seq)
);

CREATE TABLE audit_events (
    id bigserial PRIMARY KEY,
    -- NULL for events outside any tenant (operator actions).
    tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
    at timestamptz NOT NULL DEFAULT now(),
    -- Who: 'api_key:<id>', 'worker:<name>', 'cli'.
    actor text NOT NULL,
    -- What: 'batch.uploaded', 'document.processed', 'document.failed', 'input.deleted',
    -- 'result.read', 'result.acked', 'result.deleted', 'tenant.created', 'api_key.created'.
    action text NOT NULL,
    document_id uuid,
    details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_tenant ON audit_events (tenant_id, id);
