//! The right to erasure: after `DELETE /v1/tenant` nothing of the tenant is left in
//! Postgres or in the store, its keys stop working, and a copy of one of its objects
//! made before (a backup) can no longer be decrypted, because its data key is gone.

use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Stack, demo_sample, list_objects};

#[tokio::test]
async fn an_erased_tenant_leaves_nothing_readable_anywhere() {
    let stack = Stack::new().await;
    let api = stack.start_all();
    let (tenant, key) = stack.create_tenant("Alpha SARL");
    let (_, other_key) = stack.create_tenant("Beta SAS");
    let xml = demo_sample("ubl-INV-2024-118.xml");
    api.upload(&key, &[("a.xml".to_owned(), xml.clone()), ("b.xml".to_owned(), xml.clone())]).await;
    api.upload(&other_key, &[("c.xml".to_owned(), xml)]).await;
    api.drain_feed(&key, 2, 10).await;
    api.drain_feed(&other_key, 1, 10).await;
    let store = stack.s3.raw_store().await;
    let results = list_objects(&store, &format!("tenants/{tenant}/results/")).await;
    assert_eq!(results.len(), 2);
    let backup = liasse_scheduler::ObjectStore::get(&store, &results[0]).await.expect("a copy, as a backup would keep");

    // Before: the export holds the tenant's results and journal, as a standard tar.
    let export = api.request(reqwest::Method::GET, "/v1/export", Some(&key)).await.send().await.expect("GET");
    assert_eq!(export.status(), StatusCode::OK);
    assert_eq!(export.headers()["content-type"], "application/x-tar");
    let archive = export.bytes().await.expect("body");
    let path = std::env::temp_dir().join(format!("liasse-export-{tenant}.tar"));
    std::fs::write(&path, &archive).expect("write");
    let listing = std::process::Command::new("python3")
        .args(["-c", "import sys, tarfile, json\nt = tarfile.open(sys.argv[1])\nfor m in t.getmembers():\n    data = t.extractfile(m).read()\n    json.loads(data) if m.name.endswith('.json') else [json.loads(l) for l in data.splitlines()]\n    print(m.name)"])
        .arg(&path)
        .output()
        .expect("python3 reads the archive");
    std::fs::remove_file(&path).expect("remove");
    assert!(listing.status.success(), "{}", String::from_utf8_lossy(&listing.stderr));
    let names: Vec<String> = String::from_utf8_lossy(&listing.stdout).lines().map(str::to_owned).collect();
    assert_eq!(names[0], "manifest.json");
    assert_eq!(names.iter().filter(|n| n.starts_with("results/") && n.ends_with(".json")).count(), 2, "{names:?}");
    assert!(names.contains(&"audit/00000001.jsonl".to_owned()), "{names:?}");

    let erase = |confirm: String| {
        let api = &api;
        let key = key.clone();
        async move {
            let response = api
                .request(reqwest::Method::DELETE, &format!("/v1/tenant?confirm={confirm}"), Some(&key))
                .await
                .send()
                .await
                .expect("DELETE");
            (response.status(), response.json::<Value>().await.expect("JSON"))
        }
    };
    let (status, problem) = erase("someone-else".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");

    let (status, certificate) = erase(tenant.clone()).await;
    assert_eq!(status, StatusCode::OK, "{certificate}");
    assert_eq!(certificate["tenant_id"], tenant.as_str());
    assert_eq!(certificate["documents"], 2);
    assert_eq!(certificate["results"], 2);
    assert_eq!(certificate["data_key_destroyed"], true);
    assert_eq!(certificate["objects_left"], 0);
    assert!(certificate["audit_events"].as_i64().expect("count") > 4);
    assert_eq!(certificate["audit_chain_head"].as_str().expect("head").len(), 64);

    // Nothing of it is left: not in any table (read as the superuser, past row-level
    // security), not in the store; its key is refused.
    let pool = stack.db.pool().await;
    for table in ["tenants", "api_keys", "batches", "documents", "results", "audit_events"] {
        let column = if table == "tenants" { "id" } else { "tenant_id" };
        let sql = sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table} WHERE {column} = $1::uuid"));
        let n: i64 = sqlx::query_scalar(sql).bind(&tenant).fetch_one(&pool).await.expect("count");
        assert_eq!(n, 0, "{table}");
    }
    assert_eq!(list_objects(&store, &format!("tenants/{tenant}/")).await, Vec::<String>::new());
    assert_eq!(api.get("/v1/kpis", &key).await.0, StatusCode::UNAUTHORIZED);
    let export = api.request(reqwest::Method::GET, "/v1/export", Some(&key)).await.send().await.expect("GET");
    assert_eq!(export.status(), StatusCode::UNAUTHORIZED, "an export after erasure shows nothing");

    // The backup copy: the only key that could open it was the tenant's data key,
    // wrapped in the row that is gone; the master key alone opens nothing.
    let master = liasse_core::crypto::MasterKey::from_base64(&stack.master_key()).expect("master key");
    let keyring = liasse_scheduler::Keyring::new(
        master,
        liasse_scheduler::Db::connect(
            &liasse_scheduler::DatabaseConfig { url: stack.db.url.clone(), ..Default::default() },
            &stack.location(),
        )
        .await
        .expect("db"),
    );
    let tenant_id: liasse_core::TenantId = tenant.parse().expect("id");
    assert!(keyring.current_key(tenant_id).await.is_err(), "no data key can be unwrapped for an erased tenant");
    assert!(!backup.is_empty());

    // The other tenant is untouched, and the journal still verifies (the erasure is on
    // the operator chain).
    let (status, other) = api.get("/v1/results?after=0&wait=0", &other_key).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(other["results"].as_array().expect("results").len(), 1);
    let output = stack.command(&["audit", "verify"]).output().expect("verify");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let erased: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE tenant_id IS NULL AND action = 'tenant.erased'")
            .fetch_one(&pool)
            .await
            .expect("count");
    assert_eq!(erased, 1);
}
