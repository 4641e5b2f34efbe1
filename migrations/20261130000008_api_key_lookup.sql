-- Authentication in one statement. A key is looked up before its tenant is known, which
-- needs the admin role; until now every request paid BEGIN, SET ROLE, SELECT, COMMIT
-- for it. These SECURITY DEFINER functions, owned by liasse_admin (BYPASSRLS), do the
-- lookup in one round trip and expose nothing else: the row of one prefix, only while
-- the key is live, and a throttled last-use stamp the caller asks for after checking
-- the secret.

CREATE FUNCTION api_key_lookup(key_prefix text)
    RETURNS TABLE (id uuid, tenant_id uuid, secret_sha256 bytea, scopes text[], stale_use boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
        SELECT k.id, k.tenant_id, k.secret_sha256, k.scopes,
               (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute')
        FROM api_keys k
        WHERE k.prefix = key_prefix AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
    $$;

CREATE FUNCTION api_key_touch(key_id uuid) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ UPDATE api_keys SET last_used_at = now() WHERE id = key_id $$;

ALTER FUNCTION api_key_lookup(text) OWNER TO liasse_admin;
ALTER FUNCTION api_key_touch(uuid) OWNER TO liasse_admin;
REVOKE EXECUTE ON FUNCTION api_key_lookup(text), api_key_touch(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION api_key_lookup(text), api_key_touch(uuid) TO liasse_app, liasse_admin;
