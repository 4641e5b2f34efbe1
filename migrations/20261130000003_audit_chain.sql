-- Tamper-evident audit journal: each event carries the hash of the previous event of
-- the same tenant (operator events form their own chain), and its own hash over its
-- content and that link. The chain is built here, by a trigger, so no insert path can
-- skip it; `liasse audit verify` recomputes it and names the first row that does not
-- match. The application roles can only INSERT and SELECT (previous migration).
--
-- row_hash = sha256(prev_hash || utf8(audit_canonical(row))), prev_hash of the first
-- event of a chain = 32 zero bytes. chain_seq numbers a chain's events 1, 2, 3… in
-- chain order (ids come from a sequence and can commit out of order).

ALTER TABLE audit_events
    ADD COLUMN chain_seq bigint,
    ADD COLUMN prev_hash bytea,
    ADD COLUMN row_hash bytea;

-- The hashed content of an event, independent of session settings (time zone, date style).
CREATE FUNCTION audit_canonical(e audit_events) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT concat_ws('|',
            e.chain_seq::text,
            coalesce(e.tenant_id::text, '-'),
            to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            e.actor,
            e.action,
            coalesce(e.document_id::text, '-'),
            e.details::text)
    $$;

CREATE FUNCTION audit_events_chain() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
        previous audit_events%ROWTYPE;
    BEGIN
        -- One writer per chain at a time; the lock ends with the transaction, so the
        -- next writer (a fresh snapshot per query: this function is volatile) sees
        -- this event as the chain's head.
        PERFORM pg_advisory_xact_lock(hashtextextended('liasse.audit:' || coalesce(NEW.tenant_id::text, '-'), 0));
        SELECT * INTO previous FROM audit_events
            WHERE tenant_id IS NOT DISTINCT FROM NEW.tenant_id AND chain_seq IS NOT NULL
            ORDER BY chain_seq DESC LIMIT 1;
        NEW.chain_seq := coalesce(previous.chain_seq, 0) + 1;
        NEW.prev_hash := coalesce(previous.row_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
        NEW.row_hash := sha256(NEW.prev_hash || convert_to(audit_canonical(NEW), 'UTF8'));
        RETURN NEW;
    END
    $$;

-- Events written before this migration join their chains in id order.
DO $$
DECLARE
    event audit_events%ROWTYPE;
    heads jsonb := '{}';
    key text;
    seq bigint;
    previous bytea;
BEGIN
    FOR event IN SELECT * FROM audit_events ORDER BY id LOOP
        key := coalesce(event.tenant_id::text, '-');
        seq := coalesce((heads -> key ->> 'seq')::bigint, 0) + 1;
        previous := coalesce(decode(heads -> key ->> 'hash', 'hex'), '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
        event.chain_seq := seq;
        event.prev_hash := previous;
        event.row_hash := sha256(previous || convert_to(audit_canonical(event), 'UTF8'));
        UPDATE audit_events SET chain_seq = event.chain_seq, prev_hash = event.prev_hash, row_hash = event.row_hash
            WHERE id = event.id;
        heads := jsonb_set(heads, ARRAY[key], jsonb_build_object('seq', seq, 'hash', encode(event.row_hash, 'hex')));
    END LOOP;
END
$$;

ALTER TABLE audit_events
    ALTER COLUMN chain_seq SET NOT NULL,
    ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN row_hash SET NOT NULL;
CREATE UNIQUE INDEX audit_events_chain ON audit_events (tenant_id, chain_seq) NULLS NOT DISTINCT;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain();

GRANT EXECUTE ON FUNCTION audit_canonical(audit_events) TO liasse_app, liasse_admin;
