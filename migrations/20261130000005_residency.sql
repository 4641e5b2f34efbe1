-- Where the data lives: every result and every audit event records the store's
-- provider (its endpoint host, or "local") and region. Each pooled connection names
-- them once (`liasse.store_provider`, `liasse.store_region`, set by `Db::connect`
-- from the store configuration), and the columns default to those settings, so no
-- insert path can forget them. Rows written before this migration keep NULL
-- (unknown).

ALTER TABLE results
    ADD COLUMN store_provider text,
    ADD COLUMN store_region text;
ALTER TABLE results
    ALTER COLUMN store_provider SET DEFAULT nullif(current_setting('liasse.store_provider', true), ''),
    ALTER COLUMN store_region SET DEFAULT nullif(current_setting('liasse.store_region', true), '');

ALTER TABLE audit_events
    ADD COLUMN store_provider text,
    ADD COLUMN store_region text;
ALTER TABLE audit_events
    ALTER COLUMN store_provider SET DEFAULT nullif(current_setting('liasse.store_provider', true), ''),
    ALTER COLUMN store_region SET DEFAULT nullif(current_setting('liasse.store_region', true), '');

-- The location is part of an event's hashed content. concat_ws skips NULLs, so the
-- canonical text of events written before this migration is unchanged and their
-- chains still verify.
CREATE OR REPLACE FUNCTION audit_canonical(e audit_events) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT concat_ws('|',
            e.chain_seq::text,
            coalesce(e.tenant_id::text, '-'),
            to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            e.actor,
            e.action,
            coalesce(e.document_id::text, '-'),
            e.details::text,
            'provider=' || e.store_provider,
            'region=' || e.store_region)
    $$;
