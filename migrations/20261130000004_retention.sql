-- Zero retention: a result that no ERP acknowledged is deleted anyway after its
-- tenant's retention period (default 7 days), by the sweeper (scheduler::sweeper).
ALTER TABLE tenants ADD COLUMN result_ttl_seconds bigint NOT NULL DEFAULT 604800
    CHECK (result_ttl_seconds > 0);

-- The sweeper's two searches: results past their tenant's period, and finished
-- documents whose input outlived its job (the worker died between the two steps).
CREATE INDEX results_live ON results (created_at) WHERE deleted_at IS NULL;
