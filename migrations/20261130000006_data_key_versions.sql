-- A tenant's data key can be rotated: each tenant has numbered data keys (version 1
-- is the one made with the tenant), each wrapped by a master key; objects name the
-- version that sealed them in their header (liasse-core::crypto). New objects use the
-- tenant's current version; `liasse keys rotate --tenant` adds a version, reseals the
-- tenant's objects with it and destroys the older ones.

CREATE TABLE tenant_data_keys (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    version integer NOT NULL CHECK (version > 0),
    -- The AES-256 data key, wrapped by the master key whose fingerprint follows.
    wrapped_data_key bytea NOT NULL,
    master_key_fingerprint text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, version)
);

INSERT INTO tenant_data_keys (tenant_id, version, wrapped_data_key, master_key_fingerprint, created_at)
    SELECT id, 1, wrapped_data_key, master_key_fingerprint, created_at FROM tenants;

ALTER TABLE tenants ADD COLUMN data_key_version integer NOT NULL DEFAULT 1;
ALTER TABLE tenants DROP COLUMN wrapped_data_key, DROP COLUMN master_key_fingerprint;

ALTER TABLE tenant_data_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_data_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_data_keys
    USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_data_keys TO liasse_app, liasse_admin;
