-- Tenant isolation enforced by Postgres itself, not only by the application's queries.
--
-- The application runs as role `liasse_app` (no superuser, no BYPASSRLS): every pooled
-- connection does SET ROLE liasse_app (see scheduler::db). Every tenant table has
-- row-level security enabled and forced, with a policy that shows and accepts only the
-- rows of the tenant named by the transaction (`app.tenant_id`, set by Db::tenant_tx
-- with set_config(..., true), so it never outlives the transaction). Without a tenant,
-- a query sees no rows at all.
--
-- The few paths that must cross tenants (finding an API key before its tenant is
-- known, operator keys, KPIs across tenants, queue gauges) switch to role
-- `liasse_admin` for one transaction (Db::admin_tx). Both roles are NOLOGIN: the
-- login role (`postgres` on a developer machine, a dedicated role in production) must
-- be a member of them; see deploy/README.md.
--
-- The audit journal is append-only for both roles: INSERT and SELECT, never UPDATE or
-- DELETE.

DO $$
BEGIN
    CREATE ROLE liasse_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    -- Roles belong to the cluster: another database (or a concurrent migration) made it.
    NULL;
END
$$;

DO $$
BEGIN
    CREATE ROLE liasse_admin NOLOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

-- The tenant of the current transaction, or NULL when none was set ('' after a
-- transaction-local setting has ended).
CREATE FUNCTION app_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = app_tenant_id()) WITH CHECK (id = app_tenant_id());

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());

ALTER TABLE batches ENABLE ROW LEVEL SECURITY;
ALTER TABLE batches FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON batches
    USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents
    USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());

ALTER TABLE results ENABLE ROW LEVEL SECURITY;
ALTER TABLE results FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON results
    USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_events
    USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());

GRANT USAGE ON SCHEMA public TO liasse_app, liasse_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants, api_keys, batches, documents, results TO liasse_app, liasse_admin;
GRANT SELECT, INSERT ON audit_events TO liasse_app, liasse_admin;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO liasse_app, liasse_admin;
GRANT EXECUTE ON FUNCTION app_tenant_id() TO liasse_app, liasse_admin;

-- The job queue (schema apalis, created by apalis-postgres before our migrations) holds
-- job ids and document ids only; both roles use it fully. Tables apalis adds in later
-- versions get the same grants.
GRANT USAGE ON SCHEMA apalis TO liasse_app, liasse_admin;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA apalis TO liasse_app, liasse_admin;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA apalis TO liasse_app, liasse_admin;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA apalis TO liasse_app, liasse_admin;
ALTER DEFAULT PRIVILEGES IN SCHEMA apalis GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO liasse_app, liasse_admin;
ALTER DEFAULT PRIVILEGES IN SCHEMA apalis GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO liasse_app, liasse_admin;
ALTER DEFAULT PRIVILEGES IN SCHEMA apalis GRANT EXECUTE ON FUNCTIONS TO liasse_app, liasse_admin;

-- Queue depth across tenants, for autoscalers (KEDA's postgresql scaler) that connect
-- without assuming a role: one number, no rows. Runs as liasse_admin (BYPASSRLS).
CREATE FUNCTION queue_depth() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ SELECT count(*) FROM documents WHERE status IN ('queued', 'processing') $$;
ALTER FUNCTION queue_depth() OWNER TO liasse_admin;
REVOKE EXECUTE ON FUNCTION queue_depth() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION queue_depth() TO liasse_app, liasse_admin;
