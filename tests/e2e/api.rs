//! The HTTP contract: authentication, problem documents, validation, idempotency.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::support::{Stack, demo_sample};

async fn problem(response: reqwest::Response) -> (StatusCode, String, Value) {
    let status = response.status();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, content_type, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn errors_are_problem_documents_with_stable_codes() {
    let stack = Stack::new().await;
    let api = stack.start_api();
    let (_, key) = stack.create_tenant("Errors SARL");

    let (status, content_type, body) =
        problem(api.request(Method::GET, "/v1/kpis", None).await.send().await.expect("answer")).await;
    assert_eq!(
        (status, content_type.as_str(), body["code"].as_str()),
        (StatusCode::UNAUTHORIZED, "application/problem+json", Some("unauthorized"))
    );
    let forged = "lsk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let (status, _, body) =
        problem(api.request(Method::GET, "/v1/kpis", Some(forged)).await.send().await.expect("answer")).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")));

    let (status, body) = api.get("/v1/batches/not-a-uuid", &key).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let (status, body) = api.get(&format!("/v1/documents/{}", uuid::Uuid::now_v7()), &key).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    let (status, body) = api.get("/v1/results?limit=0", &key).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));
    let (status, body) = api.get("/v1/results?wait=3600", &key).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));

    let empty = reqwest::multipart::Form::new().text("note", "no file here");
    let response =
        api.request(Method::POST, "/v1/batches", Some(&key)).await.multipart(empty).send().await.expect("answer");
    let (status, _, body) = problem(response).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));

    // A read-only key cannot upload.
    let output = stack
        .command(&["key", "create", "--tenant", &stack_tenant(&stack, &key).await, "--scopes", "read"])
        .output()
        .expect("key create");
    let read_only: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"hello".to_vec()).file_name("a.txt"));
    let response = api
        .request(Method::POST, "/v1/batches", read_only["api_key"].as_str())
        .await
        .multipart(form)
        .send()
        .await
        .expect("answer");
    let (status, _, body) = problem(response).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
}

async fn stack_tenant(stack: &Stack, key: &str) -> String {
    let pool = stack.db.pool().await;
    let prefix = key.split('_').nth(1).expect("key prefix");
    let tenant: uuid::Uuid = sqlx::query_scalar("SELECT tenant_id FROM api_keys WHERE prefix = $1")
        .bind(prefix)
        .fetch_one(&pool)
        .await
        .expect("query");
    tenant.to_string()
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_batch() {
    let stack = Stack::new().await;
    let api = stack.start_api();
    let (_, key) = stack.create_tenant("Idem SA");
    let xml = demo_sample("cii-FA-2024-0200.xml");
    let send = || async {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(xml.clone()).file_name("cii.xml"));
        api.request(Method::POST, "/v1/batches", Some(&key))
            .await
            .header("Idempotency-Key", "upload-42")
            .multipart(form)
            .send()
            .await
            .expect("answer")
    };
    let first = send().await;
    assert_eq!(first.status(), StatusCode::ACCEPTED);
    let first: Value = first.json().await.expect("JSON");
    let second = send().await;
    assert_eq!(second.headers().get("idempotent-replayed").map(|v| v.as_bytes()), Some(&b"true"[..]));
    let second: Value = second.json().await.expect("JSON");
    assert_eq!(first["batch_id"], second["batch_id"]);
    assert_eq!(first["documents"], second["documents"]);
    // A replay answers only to a request that is itself an upload (it used to answer 202
    // to an empty body: found by scripts/api-fuzz.sh).
    let not_an_upload = reqwest::multipart::Form::new().text("note", "no file here");
    let response = api
        .request(Method::POST, "/v1/batches", Some(&key))
        .await
        .header("Idempotency-Key", "upload-42")
        .multipart(not_an_upload)
        .send()
        .await
        .expect("answer");
    let (status, content_type, body) = problem(response).await;
    assert_eq!(
        (status, content_type.as_str(), body["code"].as_str()),
        (StatusCode::BAD_REQUEST, "application/problem+json", Some("bad_request"))
    );
    let pool = stack.db.pool().await;
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM documents").fetch_one(&pool).await.expect("query");
    assert_eq!(n, 1);
    let input_objects = crate::support::list_objects(&stack.s3.raw_store().await, "tenants/").await;
    assert_eq!(input_objects.len(), 1, "the replay stored nothing");
}

#[tokio::test]
async fn health_readiness_and_the_openapi_document() {
    let stack = Stack::new().await;
    let api = stack.start_api();
    let get = |path: &str| reqwest::get(format!("{}{path}", api.base));
    assert_eq!(get("/healthz").await.expect("answer").status(), StatusCode::OK);
    let ready = get("/readyz").await.expect("answer");
    assert_eq!(ready.status(), StatusCode::OK);
    let openapi: Value = get("/openapi.json").await.expect("answer").json().await.expect("JSON");
    // What the server answers is what the document says (checked at large by
    // scripts/api-fuzz.sh): problem documents as such, 401 on authenticated routes,
    // the long poll's limit from the configuration.
    let kpis_401 = &openapi["paths"]["/v1/kpis"]["get"]["responses"]["401"]["content"];
    assert_eq!(kpis_401["application/problem+json"]["schema"]["$ref"], "#/components/schemas/Problem");
    let feed_parameters = openapi["paths"]["/v1/results"]["get"]["parameters"].as_array().expect("parameters");
    let wait = feed_parameters.iter().find(|p| p["name"] == "wait").expect("a wait parameter");
    assert_eq!(wait["schema"]["maximum"], 60.0, "api.max_wait's default");
    for path in [
        "/v1/batches",
        "/v1/batches/{batch_id}",
        "/v1/documents/{document_id}",
        "/v1/results",
        "/v1/results/ack",
        "/v1/kpis",
    ] {
        assert!(openapi["paths"][path].is_object(), "openapi lacks {path}");
    }
}

/// A store outside the residency allow-list stops the service before it starts, with
/// a message that names the host.
#[tokio::test]
async fn a_store_outside_the_residency_allow_list_is_refused_at_start() {
    let stack = crate::support::Stack::new().await;
    let output = stack
        .command(&["serve", "--listen", "127.0.0.1:0"])
        .env("LIASSE__STORE__ENDPOINT", "https://s3.us-east-1.amazonaws.com")
        .env("LIASSE__STORE__REGION", "us-east-1")
        .output()
        .expect("liasse serve runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("data residency: refusing to start"), "{stderr}");
    assert!(stderr.contains("\"s3.us-east-1.amazonaws.com\" is outside the residency allow-list"), "{stderr}");
}

/// Keys are listed without their secrets, record their last use, and stop working the
/// moment they are revoked or expire.
#[tokio::test]
async fn keys_can_be_listed_revoked_and_expire() {
    let stack = crate::support::Stack::new().await;
    let api = stack.start_all();
    let (tenant, _) = stack.create_tenant("Alpha SARL");
    let run = |args: &[&str]| {
        let output = stack.command(args).output().expect("liasse runs");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (ok, created, _) = run(&["key", "create", "--tenant", &tenant, "--scopes", "read", "--expires-in-days", "30"]);
    assert!(ok);
    let created: serde_json::Value = serde_json::from_str(&created).expect("JSON");
    let key = created["api_key"].as_str().expect("key").to_owned();
    let key_id = created["key_id"].as_str().expect("id").to_owned();
    assert!(created["expires_at"].is_string());
    assert_eq!(api.get("/v1/kpis", &key).await.0, reqwest::StatusCode::OK);

    let (ok, listed, _) = run(&["key", "list", "--tenant", &tenant]);
    assert!(ok);
    assert!(!listed.contains(&key[key.len() - 20..]), "the secret is never listed");
    let listed: Vec<serde_json::Value> = listed.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(listed.len(), 2, "the initial key and this one");
    let this = listed.iter().find(|k| k["key_id"] == key_id.as_str()).expect("listed");
    assert!(this["last_used_at"].is_string(), "{this}");
    assert_eq!(this["revoked_at"], serde_json::Value::Null);

    let (ok, _, _) = run(&["key", "revoke", &key_id]);
    assert!(ok);
    assert_eq!(api.get("/v1/kpis", &key).await.0, reqwest::StatusCode::UNAUTHORIZED);
    let (ok, _, stderr) = run(&["key", "revoke", &key_id]);
    assert!(!ok && stderr.contains("already revoked"), "{stderr}");

    // A key past its expiry is refused like an unknown one.
    let (_, second, _) = run(&["key", "create", "--tenant", &tenant, "--scopes", "read"]);
    let second: serde_json::Value = serde_json::from_str(&second).expect("JSON");
    let second_key = second["api_key"].as_str().expect("key");
    assert_eq!(api.get("/v1/kpis", second_key).await.0, reqwest::StatusCode::OK);
    sqlx::query("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1::uuid")
        .bind(second["key_id"].as_str().expect("id"))
        .execute(&stack.db.pool().await)
        .await
        .expect("expire");
    assert_eq!(api.get("/v1/kpis", second_key).await.0, reqwest::StatusCode::UNAUTHORIZED);
}

/// A tenant over its request rate, or over its queue quota, gets 429 with Retry-After;
/// other tenants are not slowed down, and a refused batch leaves nothing behind.
#[tokio::test]
async fn rate_limits_and_queue_quotas_answer_429_per_tenant() {
    let mut stack = crate::support::Stack::new().await;
    stack.extra_env.insert("LIASSE__API__RATE_LIMIT__REQUESTS_PER_SECOND".into(), "0.02".into());
    stack.extra_env.insert("LIASSE__API__RATE_LIMIT__BURST".into(), "4".into());
    stack.extra_env.insert("LIASSE__API__MAX_QUEUED_PER_TENANT".into(), "2".into());
    // The API alone: uploads stay queued, so the quota is reached.
    let api = stack.start_api();
    let (tenant, key) = stack.create_tenant("Alpha SARL");
    let (_, other_key) = stack.create_tenant("Beta SAS");
    let xml = demo_sample("ubl-INV-2024-118.xml");
    let file = |name: &str| (name.to_owned(), xml.clone());

    // Quota: 2 waiting documents at most; a batch of 3 is refused whole.
    let response = api
        .request(reqwest::Method::POST, "/v1/batches", Some(&key))
        .await
        .multipart(
            [file("a.xml"), file("b.xml"), file("c.xml")]
                .into_iter()
                .fold(reqwest::multipart::Form::new(), |form, (n, b)| {
                    form.part("file", reqwest::multipart::Part::bytes(b).file_name(n))
                }),
        )
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), reqwest::StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "30");
    let problem: serde_json::Value = response.json().await.expect("problem");
    assert_eq!(problem["code"], "too_many_requests");
    let store = stack.s3.raw_store().await;
    assert_eq!(crate::support::list_objects(&store, &format!("tenants/{tenant}/inputs/")).await, Vec::<String>::new());
    api.upload(&key, &[file("a.xml"), file("b.xml")]).await;

    // Rate: the burst of 4 is spent by the two uploads and two more requests; the next waits.
    for _ in 0..2 {
        assert_eq!(api.get("/v1/kpis", &key).await.0, reqwest::StatusCode::OK);
    }
    let (status, problem) = api.get("/v1/kpis", &key).await;
    assert_eq!(status, reqwest::StatusCode::TOO_MANY_REQUESTS, "{problem}");
    let response = api.request(reqwest::Method::GET, "/v1/kpis", Some(&key)).await.send().await.expect("GET");
    let retry_after: u64 = response.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=50).contains(&retry_after), "one token per 50 s: {retry_after}");
    assert_eq!(api.get("/v1/kpis", &other_key).await.0, reqwest::StatusCode::OK, "other tenants are not limited");
}

/// HTTPS: TLS 1.3 only, HSTS on every answer; a certificate that cannot be read stops
/// the start-up and names the file.
#[tokio::test]
async fn the_api_serves_tls_1_3_only_with_hsts_and_refuses_a_bad_certificate() {
    let stack = crate::support::Stack::new().await;
    let dir = std::env::temp_dir().join(format!("liasse-tls-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    let (cert, key, ca) = (dir.join("cert.pem"), dir.join("key.pem"), dir.join("ca.pem"));
    // A test CA, and a server certificate it signs for localhost and 127.0.0.1.
    std::fs::write(dir.join("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
        .expect("ext");
    let openssl = |args: &[&str]| {
        let status = std::process::Command::new("openssl")
            .args(args)
            .current_dir(&dir)
            .stderr(std::process::Stdio::null())
            .status()
            .expect("openssl runs (scripts/setup.sh installs it)");
        assert!(status.success(), "openssl {args:?}");
    };
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(
        &[
            &["req", "-x509"][..],
            &ec,
            &["-days", "1", "-subj", "/CN=Liasse test CA", "-keyout", "ca.key", "-out", "ca.pem"],
        ]
        .concat(),
    );
    openssl(&[&["req"][..], &ec, &["-subj", "/CN=localhost", "-keyout", "key.pem", "-out", "cert.csr"]].concat());
    openssl(&[
        "x509",
        "-req",
        "-in",
        "cert.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        "ext.cnf",
        "-out",
        "cert.pem",
    ]);

    let mut command = stack.command(&["serve", "--listen", "127.0.0.1:0"]);
    command.env("LIASSE__API__TLS__CERT_FILE", &cert).env("LIASSE__API__TLS__KEY_FILE", &key);
    let process = crate::support::Process::spawn(command);
    let line = process.wait_for_line("listening on https://");
    let base = line.rsplit("listening on ").next().expect("address").trim().to_owned();
    let root = reqwest::Certificate::from_pem(&std::fs::read(&ca).expect("CA")).expect("PEM");
    let client = reqwest::Client::builder().add_root_certificate(root.clone()).build().expect("client");
    let response = client.get(format!("{base}/healthz")).send().await.expect("HTTPS answers");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert_eq!(response.headers()["strict-transport-security"], "max-age=63072000; includeSubDomains");
    let tls12 = reqwest::Client::builder()
        .add_root_certificate(root)
        .max_tls_version(reqwest::tls::Version::TLS_1_2)
        .build()
        .expect("client");
    assert!(tls12.get(format!("{base}/healthz")).send().await.is_err(), "TLS 1.2 is refused");
    drop(process);

    std::fs::write(&cert, "not a certificate").expect("write");
    let output = stack
        .command(&["serve", "--listen", "127.0.0.1:0"])
        .env("LIASSE__API__TLS__CERT_FILE", &cert)
        .env("LIASSE__API__TLS__KEY_FILE", &key)
        .output()
        .expect("serve runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("api.tls.cert_file") && stderr.contains("cert.pem"), "{stderr}");
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

/// Requests that cannot be read (a query string, a JSON or multipart body, an unknown
/// route) are answered with problem documents and stable codes, never axum's plain-text
/// rejections; an upload holds `file` parts only. Found by scripts/api-fuzz.sh.
#[tokio::test]
async fn unreadable_requests_are_answered_with_problem_documents() {
    let mut stack = Stack::new().await;
    stack.extra_env.insert("LIASSE__API__MAX_UPLOAD_BYTES".into(), "4096".into());
    let api = stack.start_api();
    let (tenant, key) = stack.create_tenant("Malformed SARL");
    let key = key.as_str();
    let ack = "/v1/results/ack";
    let cases = [
        ("a float that is not one", api.request(Method::GET, "/v1/results?wait=soon", Some(key)).await),
        ("null in a query string", api.request(Method::GET, "/v1/results?limit=null", Some(key)).await),
        ("a cursor that is not a number", api.request(Method::GET, "/v1/audit?after=x", Some(key)).await),
        ("no confirm", api.request(Method::DELETE, "/v1/tenant", Some(key)).await),
        (
            "JSON without its content type",
            api.request(Method::POST, ack, Some(key)).await.body(r#"{"document_ids":[]}"#),
        ),
        (
            "JSON that does not parse",
            api.request(Method::POST, ack, Some(key)).await.header("content-type", "application/json").body("{"),
        ),
        (
            "an id that is not one",
            api.request(Method::POST, ack, Some(key)).await.json(&serde_json::json!({ "document_ids": [""] })),
        ),
        ("JSON for an upload", api.request(Method::POST, "/v1/batches", Some(key)).await.json(&serde_json::json!({}))),
    ];
    for (what, request) in cases {
        let (status, content_type, body) = problem(request.send().await.expect("answer")).await;
        assert_eq!(
            (status, content_type.as_str(), body["code"].as_str()),
            (StatusCode::BAD_REQUEST, "application/problem+json", Some("bad_request")),
            "{what}: {body}"
        );
    }

    let over_the_limit = serde_json::json!({ "document_ids": vec![uuid::Uuid::now_v7(); 200] });
    let response = api.request(Method::POST, ack, Some(key)).await.json(&over_the_limit).send().await.expect("answer");
    let (status, content_type, body) = problem(response).await;
    assert_eq!(
        (status, content_type.as_str(), body["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "application/problem+json", Some("payload_too_large"))
    );

    let (status, content_type, body) =
        problem(api.request(Method::GET, "/v1/no-such-route", Some(key)).await.send().await.expect("answer")).await;
    assert_eq!(
        (status, content_type.as_str(), body["code"].as_str()),
        (StatusCode::NOT_FOUND, "application/problem+json", Some("not_found"))
    );

    // A part under another name is refused, not ignored, and what was stored before it
    // is gone with the refusal.
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"<Invoice/>".to_vec()).file_name("small.xml"))
        .text("fiel", "a misspelt part");
    let response =
        api.request(Method::POST, "/v1/batches", Some(key)).await.multipart(form).send().await.expect("answer");
    let (status, _, body) = problem(response).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")), "{body}");
    assert!(body["detail"].as_str().is_some_and(|d| d.contains("\"fiel\"")), "{body}");
    let store = stack.s3.raw_store().await;
    assert_eq!(crate::support::list_objects(&store, &format!("tenants/{tenant}/inputs/")).await, Vec::<String>::new());
    let pool = stack.db.pool().await;
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM documents").fetch_one(&pool).await.expect("query");
    assert_eq!(n, 0);
}
