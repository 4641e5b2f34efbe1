//! The system under test, started for one run: a Postgres database of its own,
//! s3s-fs on loopback, one `liasse serve` and one `liasse work` process (the release
//! binary `cargo bench` built), and what the harness reads from them: the database,
//! the worker's `/metrics`, and `/proc` for CPU time and peak RSS.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde_json::Value;
use sqlx::PgPool;
use sqlx::migrate::MigrateDatabase;

const S3_ACCESS_KEY: &str = "liasse-bench";
const S3_SECRET_KEY: &str = "liasse-bench-secret";
const S3_REGION: &str = "eu-west-3";
const S3_BUCKET: &str = "liasse-bench";
const START_PATIENCE: Duration = Duration::from_secs(120);

pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A child process, stopped (SIGKILL) when dropped.
pub struct Process {
    pub child: Child,
    pub log: PathBuf,
}

impl Process {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn spawn(mut command: Command, log: PathBuf) -> anyhow::Result<Self> {
        let file = std::fs::File::create(&log)?;
        command.stdout(file.try_clone()?).stderr(file).stdin(Stdio::null());
        let child = command.spawn().with_context(|| format!("starting {command:?}"))?;
        Ok(Self { child, log })
    }

    /// Waits until the process's output holds a line containing `needle`; returns it.
    fn wait_for_line(&mut self, needle: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + START_PATIENCE;
        loop {
            let text = std::fs::read_to_string(&self.log).unwrap_or_default();
            if let Some(line) = text.lines().find(|line| line.contains(needle)) {
                return Ok(line.to_owned());
            }
            if let Some(status) = self.child.try_wait()? {
                anyhow::bail!("the process exited ({status}) before printing {needle:?}; see {}", self.log.display());
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "no {needle:?} after {START_PATIENCE:?}; see {}",
                self.log.display()
            );
            std::thread::sleep(Duration::from_millis(50)); // polling a start-up line
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tenant of the run and its API key (upload + read).
#[derive(Debug, Clone)]
pub struct Tenant {
    pub id: String,
    pub key: String,
}

pub struct Stack {
    pub root: PathBuf,
    pub run_dir: PathBuf,
    pub db_url: String,
    /// The login role (superuser here): reads across tenants for the measurements.
    pub pool: PgPool,
    pub api_base: String,
    pub metrics_url: String,
    pub http: reqwest::Client,
    master_key: String,
    s3_endpoint: String,
    s3_dir: PathBuf,
    // Dropped in this order: worker and API first, then the store.
    pub worker: Option<Process>,
    pub api: Option<Process>,
    _s3: Process,
}

impl Stack {
    pub async fn start(root: &Path) -> anyhow::Result<Self> {
        let run_id = uuid::Uuid::new_v4().simple().to_string();
        let run_dir = root.join(".liasse/bench/runs").join(&run_id[..12]);
        std::fs::create_dir_all(&run_dir)?;

        let s3_dir = run_dir.join("s3");
        std::fs::create_dir_all(&s3_dir)?;
        let s3_port = free_port()?;
        let mut s3 = Command::new(s3s_fs_binary());
        s3.args(["--host", "127.0.0.1", "--port", &s3_port.to_string()])
            .args(["--access-key", S3_ACCESS_KEY, "--secret-key", S3_SECRET_KEY])
            .arg(&s3_dir);
        let s3 = Process::spawn(s3, run_dir.join("s3s-fs.log"))?;
        let deadline = Instant::now() + START_PATIENCE;
        while std::net::TcpStream::connect(("127.0.0.1", s3_port)).is_err() {
            anyhow::ensure!(Instant::now() < deadline, "s3s-fs did not start (run scripts/setup.sh)");
            std::thread::sleep(Duration::from_millis(20)); // a port poll at start-up
        }

        let db_url = format!("postgres://postgres@127.0.0.1:5432/liasse_bench_{}", &run_id[..12]);
        sqlx::Postgres::create_database(&db_url)
            .await
            .context("creating the bench database (Postgres at 127.0.0.1:5432, trust auth)")?;
        let pool = PgPool::connect(&db_url).await?;
        let master_key = liasse_core::crypto::MasterKey::generate().to_base64();
        let mut stack = Self {
            root: root.to_owned(),
            run_dir,
            db_url,
            pool,
            api_base: String::new(),
            metrics_url: String::new(),
            http: reqwest::Client::builder().pool_max_idle_per_host(8).build()?,
            master_key,
            s3_endpoint: format!("http://127.0.0.1:{s3_port}"),
            s3_dir,
            worker: None,
            api: None,
            _s3: s3,
        };
        let output = stack.command(&["migrate"]).output()?;
        anyhow::ensure!(output.status.success(), "liasse migrate: {}", String::from_utf8_lossy(&output.stderr));

        let mut api =
            Process::spawn(stack.command(&["serve", "--listen", "127.0.0.1:0"]), stack.run_dir.join("serve.log"))?;
        let line = api.wait_for_line("listening on http://")?;
        stack.api_base = line.rsplit("listening on ").next().unwrap_or_default().trim().to_owned();
        stack.api = Some(api);

        let metrics_port = free_port()?;
        let mut worker = Process::spawn(
            stack.command(&["work", "--metrics-listen", &format!("127.0.0.1:{metrics_port}")]),
            stack.run_dir.join("work.log"),
        )?;
        worker.wait_for_line("ready")?;
        stack.metrics_url = format!("http://127.0.0.1:{metrics_port}/metrics");
        stack.worker = Some(worker);
        Ok(stack)
    }

    /// A `liasse` command against this stack, with the release binary.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_liasse"));
        command.args(args).env_clear();
        for key in ["PATH", "HOME", "LIASSE_PDFIUM_LIBRARY", "LIASSE_ONNXRUNTIME_LIBRARY", "RUST_LOG"] {
            if let Ok(value) = std::env::var(key) {
                command.env(key, value);
            }
        }
        command
            .current_dir(&self.root)
            // Set here so the binary does not re-execute itself to set it.
            .env("OMP_THREAD_LIMIT", "1")
            .env("LIASSE__DATABASE__URL", &self.db_url)
            .env("LIASSE__STORE__KIND", "s3")
            .env("LIASSE__STORE__ENDPOINT", &self.s3_endpoint)
            .env("LIASSE__STORE__REGION", S3_REGION)
            .env("LIASSE__STORE__BUCKET", S3_BUCKET)
            .env("LIASSE__STORE__ACCESS_KEY", S3_ACCESS_KEY)
            .env("LIASSE__STORE__SECRET_KEY", S3_SECRET_KEY)
            .env("LIASSE__STORE__CREATE_BUCKET", "true")
            .env("LIASSE__KEYS__MASTER_KEY", &self.master_key)
            // The per-tenant rate limit (50/s by default) would answer 429 to the
            // results-API load and to the harness; everything else is the default.
            .env("LIASSE__API__RATE_LIMIT__REQUESTS_PER_SECOND", "1000000")
            .env("LIASSE__API__RATE_LIMIT__BURST", "1000000");
        // Tuning under test (e.g. LIASSE__WORKER__CONCURRENCY=8) comes from the
        // harness's environment and wins over the above.
        command.envs(std::env::vars().filter(|(key, _)| key.starts_with("LIASSE__")));
        command
    }

    pub fn create_tenant(&self, name: &str) -> anyhow::Result<Tenant> {
        let output = self.command(&["tenant", "create", name]).output()?;
        anyhow::ensure!(output.status.success(), "tenant create: {}", String::from_utf8_lossy(&output.stderr));
        let created: Value = serde_json::from_slice(&output.stdout)?;
        Ok(Tenant {
            id: created["tenant_id"].as_str().context("tenant_id")?.to_owned(),
            key: created["api_key"].as_str().context("api_key")?.to_owned(),
        })
    }

    pub fn worker_pid(&self) -> u32 {
        self.worker.as_ref().map_or(0, Process::pid)
    }

    pub fn api_pid(&self) -> u32 {
        self.api.as_ref().map_or(0, Process::pid)
    }

    pub fn s3_pid(&self) -> u32 {
        self._s3.pid()
    }

    /// CPU seconds so far of the Postgres backends serving this run's database.
    pub async fn postgres_cpu(&self) -> anyhow::Result<std::collections::HashMap<u32, f64>> {
        let pids: Vec<i32> = sqlx::query_scalar(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(pids.into_iter().map(|pid| (pid as u32, cpu_seconds(pid as u32))).collect())
    }

    pub async fn metrics(&self) -> anyhow::Result<String> {
        Ok(self.http.get(&self.metrics_url).send().await?.error_for_status()?.text().await?)
    }

    /// Stops the processes, drops the database and the store's directory.
    pub async fn shut_down(mut self) -> anyhow::Result<()> {
        self.worker = None;
        self.api = None;
        self.pool.close().await;
        sqlx::Postgres::force_drop_database(&self.db_url).await?;
        let _ = std::fs::remove_dir_all(&self.s3_dir);
        Ok(())
    }
}

fn s3s_fs_binary() -> PathBuf {
    if let Ok(path) = std::env::var("LIASSE_TEST_S3S_FS") {
        return PathBuf::from(path);
    }
    let cargo_bin = Path::new(&std::env::var("HOME").unwrap_or_default()).join(".cargo/bin/s3s-fs");
    if cargo_bin.exists() { cargo_bin } else { PathBuf::from("s3s-fs") }
}

/// CPU time (user + system) of a process so far, in seconds.
pub fn cpu_seconds(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return 0.0 };
    // Fields after the command name (which may hold spaces) start at field 3 (state):
    // utime and stime are fields 14 and 15.
    let Some((_, rest)) = stat.rsplit_once(')') else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |idx: usize| fields.get(idx).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / clock_ticks_per_second()
}

fn clock_ticks_per_second() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// Resets the process's peak RSS (VmHWM) to its current RSS (Linux ≥ 4.0).
pub fn reset_peak_rss(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

/// Peak resident set size since start or the last reset, in MiB.
pub fn peak_rss_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmHWM:").and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kib| kib / 1024.0)
}
