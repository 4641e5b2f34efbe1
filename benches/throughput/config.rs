//! Sizes of one run: a preset (`LIASSE_BENCH_SIZE=quick|default|full`), then one
//! environment variable per figure, so a quick run and a full run use the same code.

use std::time::Duration;

use liasse_scheduler::QueueConfig;

#[derive(Debug, Clone)]
pub struct Sizes {
    pub preset: &'static str,
    /// E-invoice XML documents (the CII and UBL demo files, alternately).
    pub xml_docs: usize,
    /// Factur-X PDFs (embedded XML read exactly; the visible page checked against it).
    pub facturx_docs: usize,
    /// Digital PDFs (text layer), cycling through the four demo invoices; the
    /// pdftotext and invoice2data baselines read the same files.
    pub digital_docs: usize,
    /// Scanned pages uploaded as PNG files (300 dpi renderings of the demo PDFs); raw
    /// Tesseract reads the same files.
    pub scanned_pages: usize,
    /// Pages of the one multi-page scanned PDF (JPEG pages), for pages/s and the
    /// worker's peak RSS.
    pub scanned_pdf_pages: usize,
    /// No-op jobs for the queue rows (apalis vs a bare SKIP LOCKED loop).
    pub noop_jobs: usize,
    /// Jobs in flight for both queue contenders.
    pub queue_concurrency: usize,
    /// `queue.batch_size` of each queue row: Liasse's default, then a larger one to
    /// show what fetching more jobs per round trip buys (and costs in fairness).
    pub queue_batch_sizes: Vec<usize>,
    /// Results-API load: rate and duration of each open-loop run.
    pub api_rate: u32,
    pub api_duration: Duration,
    /// Documents of the other tenant's batch queued for the fairness row.
    pub fairness_docs: usize,
    /// Longest wait for the fairness document before it is reported as timed out.
    pub fairness_timeout: Duration,
    /// `LIASSE_BENCH_ONLY=xml,digital,…`: the sections to run (all when unset).
    pub only: Option<Vec<String>>,
}

/// The sections of a run, in the order they run.
pub const SECTIONS: [&str; 9] =
    ["xml", "facturx", "digital", "scanned", "scanned_pdf", "ocr_engines", "api", "queue", "fairness"];

impl Sizes {
    pub fn from_env() -> anyhow::Result<Self> {
        let preset = std::env::var("LIASSE_BENCH_SIZE").unwrap_or_else(|_| "default".into());
        let mut sizes = match preset.as_str() {
            "quick" => Self {
                preset: "quick",
                xml_docs: 200,
                facturx_docs: 20,
                digital_docs: 40,
                scanned_pages: 6,
                scanned_pdf_pages: 10,
                noop_jobs: 5_000,
                queue_concurrency: liasse_workers::WorkerConfig::default().concurrency,
                queue_batch_sizes: vec![QueueConfig::default().batch_size, 64],
                api_rate: 500,
                api_duration: Duration::from_secs(5),
                fairness_docs: 1_000,
                fairness_timeout: Duration::from_secs(300),
                only: None,
            },
            "default" => Self {
                preset: "default",
                xml_docs: 1_000,
                facturx_docs: 100,
                digital_docs: 200,
                scanned_pages: 20,
                scanned_pdf_pages: 300,
                noop_jobs: 20_000,
                queue_concurrency: liasse_workers::WorkerConfig::default().concurrency,
                queue_batch_sizes: vec![QueueConfig::default().batch_size, 64],
                api_rate: 500,
                api_duration: Duration::from_secs(15),
                fairness_docs: 10_000,
                fairness_timeout: Duration::from_secs(600),
                only: None,
            },
            "full" => Self {
                preset: "full",
                xml_docs: 5_000,
                facturx_docs: 500,
                digital_docs: 1_000,
                scanned_pages: 60,
                scanned_pdf_pages: 300,
                noop_jobs: 50_000,
                queue_concurrency: liasse_workers::WorkerConfig::default().concurrency,
                queue_batch_sizes: vec![QueueConfig::default().batch_size, 64],
                api_rate: 500,
                api_duration: Duration::from_secs(30),
                fairness_docs: 10_000,
                fairness_timeout: Duration::from_secs(1_800),
                only: None,
            },
            other => anyhow::bail!("LIASSE_BENCH_SIZE={other:?}: expected quick, default or full"),
        };
        override_usize("LIASSE_BENCH_XML_DOCS", &mut sizes.xml_docs)?;
        override_usize("LIASSE_BENCH_FACTURX_DOCS", &mut sizes.facturx_docs)?;
        override_usize("LIASSE_BENCH_DIGITAL_DOCS", &mut sizes.digital_docs)?;
        override_usize("LIASSE_BENCH_SCANNED_PAGES", &mut sizes.scanned_pages)?;
        override_usize("LIASSE_BENCH_SCANNED_PDF_PAGES", &mut sizes.scanned_pdf_pages)?;
        override_usize("LIASSE_BENCH_NOOP_JOBS", &mut sizes.noop_jobs)?;
        override_usize("LIASSE_BENCH_QUEUE_CONCURRENCY", &mut sizes.queue_concurrency)?;
        override_usize("LIASSE_BENCH_FAIRNESS_DOCS", &mut sizes.fairness_docs)?;
        if let Ok(text) = std::env::var("LIASSE_BENCH_QUEUE_BATCH_SIZES") {
            sizes.queue_batch_sizes = text
                .split(',')
                .map(|size| size.trim().parse::<usize>().ok().filter(|&size| size > 0))
                .collect::<Option<_>>()
                .ok_or_else(|| anyhow::anyhow!("LIASSE_BENCH_QUEUE_BATCH_SIZES={text:?}: expected sizes like 4,64"))?;
        }
        let mut api_rate = sizes.api_rate as usize;
        override_usize("LIASSE_BENCH_API_RATE", &mut api_rate)?;
        sizes.api_rate = u32::try_from(api_rate)?;
        let mut secs = sizes.api_duration.as_secs() as usize;
        override_usize("LIASSE_BENCH_API_SECONDS", &mut secs)?;
        sizes.api_duration = Duration::from_secs(secs as u64);
        let mut secs = sizes.fairness_timeout.as_secs() as usize;
        override_usize("LIASSE_BENCH_FAIRNESS_TIMEOUT", &mut secs)?;
        sizes.fairness_timeout = Duration::from_secs(secs as u64);
        if let Ok(only) = std::env::var("LIASSE_BENCH_ONLY") {
            let only: Vec<String> = only.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
            if let Some(unknown) = only.iter().find(|s| !SECTIONS.contains(&s.as_str())) {
                anyhow::bail!("LIASSE_BENCH_ONLY: unknown section {unknown:?} (sections: {})", SECTIONS.join(", "));
            }
            sizes.only = Some(only);
        }
        anyhow::ensure!(sizes.fairness_docs <= 10_000, "a batch holds at most 10,000 files (api.max_files_per_batch)");
        Ok(sizes)
    }
}

impl Sizes {
    pub fn runs(&self, section: &str) -> bool {
        self.only.as_ref().is_none_or(|only| only.iter().any(|s| s == section))
    }
}

fn override_usize(name: &str, value: &mut usize) -> anyhow::Result<()> {
    if let Ok(text) = std::env::var(name) {
        *value = text.trim().replace('_', "").parse().map_err(|e| anyhow::anyhow!("{name}={text:?}: {e}"))?;
    }
    Ok(())
}
