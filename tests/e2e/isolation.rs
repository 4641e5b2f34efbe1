//! One tenant's key cannot read another tenant's batches, documents or results.

use reqwest::StatusCode;

use crate::support::{Stack, demo_sample, list_objects};

#[tokio::test]
async fn a_tenant_cannot_see_another_tenants_batch_documents_or_results() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let (tenant_a, key_a) = stack.create_tenant("Alpha SARL");
    let (_, key_b) = stack.create_tenant("Beta SAS");
    let xml = demo_sample("ubl-INV-2024-118.xml");
    let batch = api.upload(&key_a, &[("a.xml".to_owned(), xml)]).await;
    let batch_id = batch["batch_id"].as_str().expect("id").to_owned();
    let document_id = batch["documents"][0]["document_id"].as_str().expect("id").to_owned();
    api.drain_feed(&key_a, 1, 10).await;

    for path in [format!("/v1/batches/{batch_id}"), format!("/v1/documents/{document_id}")] {
        let (status, problem) = api.get(&path, &key_b).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(problem["code"], "not_found");
        let (status, _) = api.get(&path, &key_a).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let (_, feed_b) = api.get("/v1/results?after=0&wait=0", &key_b).await;
    assert_eq!(feed_b["results"].as_array().expect("results").len(), 0);
    assert_eq!(feed_b["next"], 0);
    let acked = api.ack(&key_b, std::slice::from_ref(&document_id)).await;
    assert_eq!(acked["acknowledged"].as_array().expect("acknowledged").len(), 0);
    let (status, still_there) = api.get(&format!("/v1/documents/{document_id}"), &key_a).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(still_there["status"], "done");
    let (_, kpis_b) = api.get("/v1/kpis", &key_b).await;
    assert_eq!(kpis_b["documents_done"], 0);

    // B's journal and export hold nothing of A's; B cannot erase A.
    for path in ["/v1/audit", "/v1/export"] {
        let response = api.request(reqwest::Method::GET, path, Some(&key_b)).await.send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body = response.bytes().await.expect("body");
        let body = String::from_utf8_lossy(&body);
        for foreign in [&document_id, &batch_id, &tenant_a] {
            assert!(!body.contains(foreign.as_str()), "{path} of B shows {foreign} of A");
        }
    }
    let erase = api
        .request(reqwest::Method::DELETE, &format!("/v1/tenant?confirm={tenant_a}"), Some(&key_b))
        .await
        .send()
        .await
        .expect("DELETE");
    assert!(erase.status().is_client_error(), "B erasing A answered {}", erase.status());
    let (status, _) = api.get(&format!("/v1/documents/{document_id}"), &key_a).await;
    assert_eq!(status, StatusCode::OK, "A is intact");
}

/// Rows of `table` visible in this transaction. Table names are constants, never input.
async fn count(tx: &mut sqlx::PgConnection, table: &'static str) -> i64 {
    let sql = sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}"));
    sqlx::query_scalar::<_, i64>(sql).fetch_one(tx).await.expect("count")
}

/// The database enforces the isolation by itself: as the application's role, a
/// transaction that names no tenant sees no row of any tenant table, one that names a
/// tenant sees that tenant's rows only and cannot write another's, and the audit
/// journal cannot be rewritten.
#[tokio::test]
async fn postgres_row_level_security_isolates_tenants_even_from_raw_sql() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let (tenant_a, key_a) = stack.create_tenant("Alpha SARL");
    let (tenant_b, key_b) = stack.create_tenant("Beta SAS");
    let xml = demo_sample("ubl-INV-2024-118.xml");
    api.upload(&key_a, &[("a.xml".to_owned(), xml.clone())]).await;
    api.upload(&key_b, &[("b1.xml".to_owned(), xml.clone()), ("b2.xml".to_owned(), xml)]).await;
    api.drain_feed(&key_a, 1, 10).await;
    api.drain_feed(&key_b, 2, 10).await;

    let pool = stack.db.pool().await;
    let tables = ["tenants", "tenant_data_keys", "api_keys", "batches", "documents", "results", "audit_events"];

    let mut tx = pool.begin().await.expect("tx");
    sqlx::query("SET LOCAL ROLE liasse_app").execute(&mut *tx).await.expect("the application role exists");
    for table in tables {
        assert_eq!(count(&mut tx, table).await, 0, "{table} without a tenant");
    }
    // The autoscaler's one number across tenants, without access to any row.
    let depth: i64 = sqlx::query_scalar("SELECT queue_depth()").fetch_one(&mut *tx).await.expect("queue_depth()");
    assert_eq!(depth, 0, "every document is done");
    tx.rollback().await.expect("rollback");

    for (tenant, n_documents) in [(&tenant_a, 1), (&tenant_b, 2)] {
        let mut tx = pool.begin().await.expect("tx");
        sqlx::query("SET LOCAL ROLE liasse_app").execute(&mut *tx).await.expect("role");
        sqlx::query("SELECT set_config('app.tenant_id', $1, true)")
            .bind(tenant)
            .execute(&mut *tx)
            .await
            .expect("tenant");
        assert_eq!(count(&mut tx, "tenants").await, 1);
        assert_eq!(count(&mut tx, "documents").await, n_documents, "documents of {tenant}");
        assert_eq!(count(&mut tx, "results").await, n_documents, "results of {tenant}");
        let foreign: i64 = sqlx::query_scalar("SELECT count(*) FROM documents WHERE tenant_id::text <> $1")
            .bind(tenant)
            .fetch_one(&mut *tx)
            .await
            .expect("count");
        assert_eq!(foreign, 0);
        tx.rollback().await.expect("rollback");
    }

    // Writing into another tenant's rows is refused, not silently ignored.
    let mut tx = pool.begin().await.expect("tx");
    sqlx::query("SET LOCAL ROLE liasse_app").execute(&mut *tx).await.expect("role");
    sqlx::query("SELECT set_config('app.tenant_id', $1, true)")
        .bind(&tenant_a)
        .execute(&mut *tx)
        .await
        .expect("tenant");
    let error = sqlx::query("INSERT INTO batches (id, tenant_id) VALUES (gen_random_uuid(), $1::uuid)")
        .bind(&tenant_b)
        .execute(&mut *tx)
        .await
        .expect_err("a row of tenant B written as tenant A");
    assert!(error.to_string().contains("row-level security"), "{error}");
    tx.rollback().await.expect("rollback");

    // The journal is append-only for the application.
    for statement in ["UPDATE audit_events SET action = 'rewritten'", "DELETE FROM audit_events"] {
        let mut tx = pool.begin().await.expect("tx");
        sqlx::query("SET LOCAL ROLE liasse_app").execute(&mut *tx).await.expect("role");
        sqlx::query("SELECT set_config('app.tenant_id', $1, true)").bind(&tenant_a).execute(&mut *tx).await.expect("t");
        let error = sqlx::query(statement).execute(&mut *tx).await.expect_err(statement);
        assert!(error.to_string().contains("permission denied"), "{statement}: {error}");
        tx.rollback().await.expect("rollback");
    }

    // The application's pool runs as that role, and switches to the admin role only
    // inside an admin transaction.
    let config = liasse_scheduler::DatabaseConfig { url: stack.db.url.clone(), ..Default::default() };
    let db = liasse_scheduler::Db::connect(&config, &stack.location()).await.expect("connects");
    let user: String = sqlx::query_scalar("SELECT current_user::text").fetch_one(db.pool()).await.expect("user");
    assert_eq!(user, "liasse_app");
    let mut admin = db.admin_tx().await.expect("admin tx");
    let user: String = sqlx::query_scalar("SELECT current_user::text").fetch_one(&mut *admin).await.expect("user");
    assert_eq!(user, "liasse_admin");
    assert_eq!(count(&mut admin, "documents").await, 3, "the admin role sees every tenant");
    admin.rollback().await.expect("rollback");
    let user: String = sqlx::query_scalar("SELECT current_user::text").fetch_one(db.pool()).await.expect("user");
    assert_eq!(user, "liasse_app", "the admin role ends with its transaction");
}

/// Master key rotation without downtime: with the new key current and the old one
/// listed as previous, everything stays readable; `liasse keys rotate` rewraps every
/// tenant's data key; afterwards the new key alone is enough and the old one opens nothing.
#[tokio::test]
async fn the_master_key_rotates_without_losing_access() {
    let mut stack = Stack::new().await;
    let (_, key) = stack.create_tenant("Alpha SARL");
    let old_master = stack.master_key();
    let document_id = {
        let api = stack.start_all();
        let xml = demo_sample("ubl-INV-2024-118.xml");
        let batch = api.upload(&key, &[("a.xml".to_owned(), xml)]).await;
        api.drain_feed(&key, 1, 10).await;
        batch["documents"][0]["document_id"].as_str().expect("id").to_owned()
    };
    let new_master = liasse_core::crypto::MasterKey::generate().to_base64();
    let read = |stack: &Stack| {
        let api = stack.start_api();
        let key = key.clone();
        let path = format!("/v1/documents/{document_id}");
        async move { api.get(&path, &key).await }
    };

    // During the rotation: new key current, old key previous.
    stack.extra_env.insert("LIASSE__KEYS__MASTER_KEY".into(), new_master.clone());
    stack.extra_env.insert("LIASSE__KEYS__PREVIOUS_MASTER_KEYS".into(), old_master.clone());
    let (status, document) = read(&stack).await;
    assert_eq!(status, StatusCode::OK, "{document}");
    assert_eq!(document["result"]["fields"]["invoice_number"]["value"], "INV-2024-118");
    let output = stack.command(&["keys", "rotate"]).output().expect("liasse keys rotate");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!((report["rewrapped"].as_u64(), report["already_current"].as_u64()), (Some(1), Some(0)), "{report}");
    let again = stack.command(&["keys", "rotate"]).output().expect("rerun");
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).expect("JSON");
    assert_eq!(again["rewrapped"], 0, "a second run has nothing to do");

    // After: the new key alone reads everything; the old key alone reads nothing.
    stack.extra_env.remove("LIASSE__KEYS__PREVIOUS_MASTER_KEYS");
    let (status, document) = read(&stack).await;
    assert_eq!(status, StatusCode::OK, "{document}");
    assert_eq!(document["result"]["fields"]["invoice_number"]["value"], "INV-2024-118");
    stack.extra_env.insert("LIASSE__KEYS__MASTER_KEY".into(), old_master);
    let (status, _) = read(&stack).await;
    assert!(status.is_server_error(), "the old master key no longer opens this tenant's data: {status}");
}

/// A tenant's data key rotates while the system runs: its objects are resealed with
/// the new key and the old key is destroyed, so a copy taken before (a backup) no
/// longer opens, while the tenant's results, new uploads and other tenants carry on.
#[tokio::test]
async fn a_tenant_data_key_rotates_and_the_old_key_is_destroyed() {
    let mut stack = Stack::new().await;
    stack.extra_env.insert("LIASSE__KEYS__DATA_KEY_REFRESH".into(), "1".into());
    let api = stack.start_all();
    let (tenant, key) = stack.create_tenant("Alpha SARL");
    let (_, other_key) = stack.create_tenant("Beta SAS");
    let xml = demo_sample("ubl-INV-2024-118.xml");
    api.upload(&key, &[("a.xml".to_owned(), xml.clone())]).await;
    api.upload(&other_key, &[("b.xml".to_owned(), xml.clone())]).await;
    api.drain_feed(&key, 1, 10).await;
    api.drain_feed(&other_key, 1, 10).await;
    api.wait_settled(&key).await;

    let store = stack.s3.raw_store().await;
    let results = list_objects(&store, &format!("tenants/{tenant}/results/")).await;
    assert_eq!(results.len(), 1);
    let backup = liasse_scheduler::ObjectStore::get(&store, &results[0]).await.expect("a copy of the result");
    assert_eq!(&backup[..8], b"LSE2\0\0\0\x01", "sealed with version 1");

    let output = stack.command(&["keys", "rotate", "--tenant", &tenant]).output().expect("liasse keys rotate");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!((report["from_version"].as_u64(), report["to_version"].as_u64()), (Some(1), Some(2)), "{report}");
    assert_eq!(report["resealed"], 1, "{report}");
    assert_eq!(report["destroyed_versions"], serde_json::json!([1]), "{report}");

    // The stored object is resealed with version 2 and still reads through the API.
    let now = liasse_scheduler::ObjectStore::get(&store, &results[0]).await.expect("the result");
    assert_eq!(&now[..8], b"LSE2\0\0\0\x02");
    let (_, feed) = api.get("/v1/results?after=0", &key).await;
    assert_eq!(feed["results"][0]["fields"]["invoice_number"]["value"], "INV-2024-118", "{feed}");
    // A new upload is sealed with the new key and processed (the running processes
    // followed the rotation).
    api.upload(&key, &[("c.xml".to_owned(), xml)]).await;
    api.drain_feed(&key, 2, 10).await;

    // The copy taken before the rotation opens with no key the tenant has any more.
    let db = liasse_scheduler::Db::connect(
        &liasse_scheduler::DatabaseConfig { url: stack.db.url.clone(), ..Default::default() },
        &stack.location(),
    )
    .await
    .expect("db");
    let master = liasse_core::crypto::MasterKey::from_base64(&stack.master_key()).expect("master key");
    let keyring = liasse_scheduler::Keyring::new(master, db);
    let tenant_id: liasse_core::TenantId = tenant.parse().expect("id");
    assert!(keyring.key(tenant_id, 1).await.is_err(), "version 1 is destroyed");
    let current = keyring.key(tenant_id, 2).await.expect("version 2");
    assert!(current.open(tenant_id, &results[0], &backup).is_err(), "the backup copy is unreadable");

    // The other tenant is untouched.
    let (_, feed) = api.get("/v1/results?after=0", &other_key).await;
    assert_eq!(feed["results"].as_array().map(Vec::len), Some(1), "{feed}");
    let journal = api.request(reqwest::Method::GET, "/v1/audit", Some(&key)).await.send().await.expect("GET");
    let journal = journal.text().await.expect("body");
    assert!(journal.contains("tenant.data_key_rotated") && journal.contains("tenant.data_keys_destroyed"));
}
