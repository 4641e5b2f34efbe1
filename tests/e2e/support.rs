//! The harness: a real S3-compatible server (s3s-fs) on loopback, a fresh Postgres
//! database per test, and the real `liasse` binary started on port 0 as `all`,
//! `serve` or `work` processes. Tests wait on events (a log line, a long poll),
//! never on sleeps.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use liasse_scheduler::StoreConfig;
use liasse_scheduler::store::{ObjectStore, S3Store};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::migrate::MigrateDatabase;

const S3_ACCESS_KEY: &str = "liasse-test";
const S3_SECRET_KEY: &str = "liasse-test-secret";
const S3_REGION: &str = "eu-west-3";
const S3_BUCKET: &str = "liasse-test";
/// How long any single wait in a test may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(60);

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free loopback port")
}

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The bytes of one file of `samples/demo/`.
pub fn demo_sample(name: &str) -> Vec<u8> {
    std::fs::read(repo_path(&format!("samples/demo/{name}"))).expect("a demo sample")
}

/// The two e-invoices of the demo (CII and UBL) as (file name, bytes): each gives one
/// result, fast, whatever the pipeline's models say.
pub fn demo_einvoices() -> Vec<(String, Vec<u8>)> {
    ["cii-FA-2024-0200.xml", "ubl-INV-2024-118.xml"]
        .iter()
        .map(|name| ((*name).to_owned(), demo_sample(name)))
        .collect()
}

/// A running child process whose output is collected; killed when dropped.
pub struct Process {
    child: Child,
    lines: Receiver<String>,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Process {
    pub fn spawn(mut command: Command) -> Self {
        command.stdout(Stdio::piped()).stderr(Stdio::piped()).stdin(Stdio::null());
        let mut child = command.spawn().expect("the process starts");
        let (sender, lines) = mpsc::channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().expect("piped stdout")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().expect("piped stderr")),
        ] {
            let sender = sender.clone();
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    log.lock().expect("log lock").push(line.clone());
                    let _ = sender.send(line);
                }
            });
        }
        Self { child, lines, log }
    }

    /// Waits for an output line containing `needle` and returns it.
    pub fn wait_for_line(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => continue,
                Err(_) => panic!(
                    "no line containing {needle:?}; output so far:\n{}",
                    self.log.lock().expect("log lock").join("\n")
                ),
            }
        }
    }

    /// SIGKILL: no shutdown handler runs.
    pub fn kill_hard(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

/// s3s-fs on a free port over a temporary directory.
pub struct S3Server {
    process: Option<Process>,
    port: u16,
    pub endpoint: String,
    pub dir: PathBuf,
}

fn s3s_fs_binary() -> PathBuf {
    if let Ok(path) = std::env::var("LIASSE_TEST_S3S_FS") {
        return PathBuf::from(path);
    }
    let home = std::env::var("HOME").unwrap_or_default();
    let cargo_bin = Path::new(&home).join(".cargo/bin/s3s-fs");
    if cargo_bin.exists() { cargo_bin } else { PathBuf::from("s3s-fs") }
}

impl S3Server {
    pub fn start() -> Self {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("liasse-s3-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("s3 data dir");
        let process = Some(Self::spawn(port, &dir));
        Self { process, port, endpoint: format!("http://127.0.0.1:{port}"), dir }
    }

    /// Kills the server (SIGKILL): the store is unreachable until `restart`.
    pub fn stop(&mut self) {
        self.process = None;
    }

    /// Starts the server again on the same port over the same data.
    pub fn restart(&mut self) {
        self.process = Some(Self::spawn(self.port, &self.dir));
    }

    fn spawn(port: u16, dir: &Path) -> Process {
        let mut command = Command::new(s3s_fs_binary());
        command
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--access-key",
                S3_ACCESS_KEY,
                "--secret-key",
                S3_SECRET_KEY,
            ])
            .arg(dir);
        let process = Process::spawn(command);
        let deadline = std::time::Instant::now() + PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(std::time::Instant::now() < deadline, "s3s-fs did not start (run scripts/setup.sh)");
            std::thread::sleep(Duration::from_millis(20)); // a port poll at start-up, not a wait on the system under test
        }
        process
    }

    pub fn store_config(&self) -> StoreConfig {
        StoreConfig::S3 {
            endpoint: self.endpoint.clone(),
            region: S3_REGION.into(),
            bucket: S3_BUCKET.into(),
            access_key: S3_ACCESS_KEY.into(),
            secret_key: S3_SECRET_KEY.to_owned().into(),
            force_path_style: true,
            create_bucket: true,
        }
    }

    /// A raw client of the same bucket, to look at what the store really holds.
    pub async fn raw_store(&self) -> S3Store {
        S3Store::connect(&self.store_config()).await.expect("connects to s3s-fs")
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A Postgres cluster of its own (initdb in a temporary directory, a free port), for
/// drills that stop and restart the database without touching the machine's server.
/// As root, the cluster runs as the `postgres` system user (Postgres refuses root).
pub struct PrivatePostgres {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
}

impl PrivatePostgres {
    pub fn start() -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("Postgres server binaries under /usr/lib/postgresql (scripts/setup.sh)")
            .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
            .filter(|bin| bin.join("initdb").exists())
            .max()
            .expect("an initdb under /usr/lib/postgresql/*/bin");
        let dir = std::env::temp_dir().join(format!("liasse-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("cluster dir");
        let cluster = Self { bin, dir, port: free_port() };
        if Self::as_root() {
            let status = Command::new("chown").args(["-R", "postgres:postgres"]).arg(&cluster.dir).status();
            assert!(status.is_ok_and(|s| s.success()), "chown of the cluster directory");
        }
        let data = cluster.dir.join("data");
        cluster.run("initdb", &["-A", "trust", "-U", "postgres", "--no-sync", "-D", &data.to_string_lossy()]);
        cluster.start_server();
        cluster
    }

    fn as_root() -> bool {
        Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
    }

    /// A Postgres program, as the `postgres` user when we are root.
    fn command(&self, program: &str) -> Command {
        let binary = self.bin.join(program);
        if Self::as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&binary);
            command
        } else {
            Command::new(&binary)
        }
    }

    fn run(&self, program: &str, args: &[&str]) {
        let output = self.command(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
        assert!(output.status.success(), "{program} failed: {}", String::from_utf8_lossy(&output.stderr));
    }

    fn start_server(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c max_connections=100",
            self.port,
            self.dir.display()
        );
        let data = self.dir.join("data").to_string_lossy().into_owned();
        let log = self.dir.join("server.log").to_string_lossy().into_owned();
        self.run("pg_ctl", &["-D", &data, "-l", &log, "-o", &options, "-w", "start"]);
    }

    /// Stops the server (fast shutdown: every connection is cut), waits `down`, and
    /// starts it again on the same port and data.
    pub fn restart(&self, down: Duration) {
        let data = self.dir.join("data").to_string_lossy().into_owned();
        self.run("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"]);
        std::thread::sleep(down); // the outage itself
        self.start_server();
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let data = self.dir.join("data").to_string_lossy().into_owned();
        let _ = self.command("pg_ctl").args(["-D", &data, "-m", "immediate", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A database of its own, dropped at the end of the test.
pub struct TestDb {
    pub url: String,
}

impl TestDb {
    pub async fn create() -> Self {
        let name = format!("liasse_test_{}", uuid::Uuid::new_v4().simple());
        Self::create_at(format!("postgres://postgres@127.0.0.1:5432/{name}")).await
    }

    pub async fn create_at(url: String) -> Self {
        sqlx::Postgres::create_database(&url)
            .await
            .expect("creates the test database (Postgres at 127.0.0.1:5432, trust auth)");
        Self { url }
    }

    pub async fn pool(&self) -> PgPool {
        PgPool::connect(&self.url).await.expect("connects to the test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let url = self.url.clone();
        // Drop runs outside async; a short-lived runtime on its own thread does the SQL.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            let _ = runtime.block_on(sqlx::Postgres::force_drop_database(&url));
        })
        .join();
    }
}

/// The environment every `liasse` process of one test shares.
pub struct Stack {
    pub db: TestDb,
    pub s3: S3Server,
    master_key: String,
    pub extra_env: HashMap<String, String>,
}

impl Stack {
    pub async fn new() -> Self {
        Self::on(TestDb::create().await).await
    }

    /// A stack on a given database (a private cluster's, for the restart drill).
    pub async fn on(db: TestDb) -> Self {
        let s3 = S3Server::start();
        let master_key = liasse_core::crypto::MasterKey::generate().to_base64();
        let mut stack = Self { db, s3, master_key, extra_env: HashMap::new() };
        let status = stack.command(&["migrate"]).status().expect("liasse migrate runs");
        assert!(status.success(), "liasse migrate failed");
        stack.extra_env.clear();
        stack
    }

    /// Where this stack's store keeps data, as its processes record it.
    pub fn location(&self) -> liasse_scheduler::store::residency::Location {
        liasse_scheduler::store::residency::Location {
            provider: self.s3.endpoint.trim_start_matches("http://").to_owned(),
            region: S3_REGION.to_owned(),
        }
    }

    /// The master key every process of this stack uses (base64).
    pub fn master_key(&self) -> String {
        self.master_key.clone()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_liasse"));
        command.args(args).env_clear();
        for key in ["PATH", "HOME", "OMP_THREAD_LIMIT", "LIASSE_PDFIUM_LIBRARY"] {
            if let Ok(value) = std::env::var(key) {
                command.env(key, value);
            }
        }
        command
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("RUST_LOG", "info,sqlx=warn,apalis=warn,lopdf=off")
            .env("LIASSE__DATABASE__URL", &self.db.url)
            .env("LIASSE__DATABASE__MAX_CONNECTIONS", "8")
            .env("LIASSE__STORE__KIND", "s3")
            .env("LIASSE__STORE__ENDPOINT", &self.s3.endpoint)
            .env("LIASSE__STORE__REGION", S3_REGION)
            .env("LIASSE__STORE__BUCKET", S3_BUCKET)
            .env("LIASSE__STORE__ACCESS_KEY", S3_ACCESS_KEY)
            .env("LIASSE__STORE__SECRET_KEY", S3_SECRET_KEY)
            .env("LIASSE__STORE__CREATE_BUCKET", "true")
            .env("LIASSE__KEYS__MASTER_KEY", &self.master_key)
            .env("LIASSE__QUEUE__HEARTBEAT_INTERVAL", "1")
            .env("LIASSE__QUEUE__MISSED_HEARTBEATS", "2")
            .env("LIASSE__QUEUE__POLL_INTERVAL", "0.2")
            .env("LIASSE__WORKER__CONCURRENCY", "2")
            .env("LIASSE__WORKER__RETRY__BUDGET", "60")
            .envs(&self.extra_env);
        command
    }

    /// `liasse all` on a free port.
    pub fn start_all(&self) -> Api {
        Api::start(Process::spawn(self.command(&["all", "--listen", "127.0.0.1:0", "--no-migrate"])))
    }

    /// `liasse serve` (API only) on a free port.
    pub fn start_api(&self) -> Api {
        Api::start(Process::spawn(self.command(&["serve", "--listen", "127.0.0.1:0"])))
    }

    /// `liasse work`, with extra environment (failpoints).
    pub fn start_worker(&self, env: &[(&str, &str)]) -> Process {
        let mut command = self.command(&["work"]);
        command.envs(env.iter().copied());
        let process = Process::spawn(command);
        process.wait_for_line("ready");
        process
    }

    /// `liasse tenant create`, returning (tenant id, api key).
    pub fn create_tenant(&self, name: &str) -> (String, String) {
        let output = self.command(&["tenant", "create", name]).output().expect("liasse tenant create runs");
        assert!(output.status.success(), "tenant create failed: {}", String::from_utf8_lossy(&output.stderr));
        let created: Value = serde_json::from_slice(&output.stdout).expect("tenant create prints JSON");
        (
            created["tenant_id"].as_str().expect("tenant_id").to_owned(),
            created["api_key"].as_str().expect("api_key").to_owned(),
        )
    }
}

/// A running API and a client for it.
pub struct Api {
    /// Kept so the process lives as long as the client (killed on drop).
    _process: Process,
    pub base: String,
    http: reqwest::Client,
}

impl Api {
    fn start(process: Process) -> Self {
        let line = process.wait_for_line("listening on http://");
        let base = line.rsplit("listening on ").next().expect("an address").trim().to_owned();
        Self { _process: process, base, http: reqwest::Client::new() }
    }

    pub async fn request(&self, method: reqwest::Method, path: &str, key: Option<&str>) -> reqwest::RequestBuilder {
        let builder = self.http.request(method, format!("{}{path}", self.base));
        match key {
            Some(key) => builder.bearer_auth(key),
            None => builder,
        }
    }

    pub async fn get(&self, path: &str, key: &str) -> (StatusCode, Value) {
        let response = self.request(reqwest::Method::GET, path, Some(key)).await.send().await.expect("the API answers");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Uploads files (name, bytes) as one batch; returns the 202 body.
    pub async fn upload(&self, key: &str, files: &[(String, Vec<u8>)]) -> Value {
        let mut form = reqwest::multipart::Form::new();
        for (name, bytes) in files {
            form = form.part("file", reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.clone()));
        }
        let response = self
            .request(reqwest::Method::POST, "/v1/batches", Some(key))
            .await
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert_eq!(response.status(), StatusCode::ACCEPTED, "upload answered {}", response.status());
        response.json().await.expect("a JSON batch")
    }

    /// Waits until every document of the tenant is finished and every input deleted:
    /// failed documents have no result on the feed, and a job deletes its input just
    /// after completing, so draining the feed alone does not mean the batch settled.
    pub async fn wait_settled(&self, key: &str) -> Value {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let (_, kpis) = self.get("/v1/kpis", key).await;
            let settled = kpis["queue_depth"] == 0 && kpis["processing"] == 0 && kpis["inputs_pending_deletion"] == 0;
            if settled {
                return kpis;
            }
            assert!(tokio::time::Instant::now() < deadline, "the batch did not settle: {kpis}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Reads the results feed from `after` until `expected` results arrived, with
    /// long polls; returns them in feed order. Fails after PATIENCE.
    pub async fn drain_feed(&self, key: &str, expected: usize, limit: usize) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        let mut results = Vec::new();
        let mut after = 0i64;
        while results.len() < expected {
            assert!(tokio::time::Instant::now() < deadline, "only {} of {expected} results arrived", results.len());
            let (status, page) = self.get(&format!("/v1/results?after={after}&limit={limit}&wait=10"), key).await;
            assert_eq!(status, StatusCode::OK, "feed answered {page}");
            let next = page["next"].as_i64().expect("a next cursor");
            assert!(next >= after, "the cursor went backwards");
            after = next;
            results.extend(page["results"].as_array().expect("results").iter().cloned());
        }
        results
    }

    pub async fn ack(&self, key: &str, ids: &[String]) -> Value {
        let response = self
            .request(reqwest::Method::POST, "/v1/results/ack", Some(key))
            .await
            .json(&json!({ "document_ids": ids }))
            .send()
            .await
            .expect("ack");
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("ack JSON")
    }
}

/// The demo batch and the malformed files, as (name, bytes).
pub fn sample_files() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in ["samples/demo", "samples/malformed"] {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(repo_path(dir)).expect("samples").map(|e| e.expect("entry").path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            files.push((name, std::fs::read(&path).expect("readable sample")));
        }
    }
    files
}

/// Every object key in the bucket under a prefix.
pub async fn list_objects(store: &S3Store, prefix: &str) -> Vec<String> {
    store.list(prefix).await.expect("lists the bucket").into_iter().map(|object| object.key).collect()
}
