//! The corpus of one run, built from `samples/demo/` under `.liasse/bench/corpus/`
//! (ignored by git; rebuilt when missing): the e-invoice XMLs and PDFs as they are,
//! page images rendered with `pdftoppm -r 300` for the scanned path, and one
//! multi-page scanned PDF made of bilevel 300 dpi page images (as an office scanner
//! writes them).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context as _;
use lopdf::{Document, Object, Stream, dictionary};

pub const XMLS: [&str; 2] = ["cii-FA-2024-0200.xml", "ubl-INV-2024-118.xml"];
pub const FACTURX: &str = "facturx-2024-0050.pdf";
/// Digital PDFs: a text layer, no embedded XML.
pub const DIGITAL: [&str; 4] =
    ["facture-2024-0042.pdf", "facture-2024-0043.pdf", "avoir-2024-0007.pdf", "invoice-INV-7781.pdf"];
/// The document of the fairness row.
pub const FAIRNESS_DOC: &str = "facture-2024-0042.pdf";

/// One file to upload or to hand to a baseline.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    pub path: PathBuf,
    pub name: String,
}

#[derive(Debug)]
pub struct Corpus {
    pub demo: PathBuf,
    dir: PathBuf,
    /// 300 dpi greyscale PNG renderings of every page of the five demo PDFs.
    pub page_pngs: Vec<CorpusFile>,
    /// The multi-page scanned PDF, and its page count.
    pub scanned_pdf: CorpusFile,
    pub scanned_pdf_pages: usize,
}

impl Corpus {
    pub fn demo_file(&self, name: &str) -> CorpusFile {
        CorpusFile { path: self.demo.join(name), name: name.to_owned() }
    }

    /// `n` files cycling through `files` (the same bytes uploaded again are new
    /// documents).
    pub fn cycle(&self, files: &[CorpusFile], n: usize) -> Vec<CorpusFile> {
        files.iter().cycle().take(n).cloned().collect()
    }

    /// `n` files cycling through `files`, each copy at a path of its own under
    /// `copies/<kind>/`: invoice2data caches extracted text by path, so a repeated
    /// path would be read once.
    pub fn copies(&self, kind: &str, files: &[CorpusFile], n: usize) -> anyhow::Result<Vec<CorpusFile>> {
        let dir = self.dir.join("copies").join(kind);
        std::fs::create_dir_all(&dir)?;
        let mut out = Vec::with_capacity(n);
        for (idx, file) in files.iter().cycle().take(n).enumerate() {
            let name = format!("{idx:05}-{}", file.name);
            let path = dir.join(&name);
            if !path.exists() {
                std::fs::copy(&file.path, &path).with_context(|| format!("copying to {}", path.display()))?;
            }
            out.push(CorpusFile { path, name: file.name.clone() });
        }
        Ok(out)
    }
}

pub fn build(root: &Path, scanned_pdf_pages: usize) -> anyhow::Result<Corpus> {
    let demo = root.join("samples/demo");
    let dir = root.join(".liasse/bench/corpus");
    let pages_dir = dir.join("pages");
    let mono_dir = dir.join("mono");
    std::fs::create_dir_all(&pages_dir)?;
    std::fs::create_dir_all(&mono_dir)?;
    let mut page_pngs = Vec::new();
    let mut mono_pages = Vec::new();
    for name in DIGITAL.iter().chain([&FACTURX]) {
        let stem = name.trim_end_matches(".pdf");
        let pngs = render(&demo.join(name), &pages_dir, stem, &["-gray", "-png"], "png")?;
        page_pngs.extend(pngs.into_iter().map(|path| CorpusFile {
            name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            path,
        }));
        mono_pages.extend(render(&demo.join(name), &mono_dir, stem, &["-mono"], "pbm")?);
    }
    let scanned_path = dir.join(format!("scanned-{scanned_pdf_pages}p.pdf"));
    if !scanned_path.exists() {
        let pages: Vec<PathBuf> = mono_pages.iter().cycle().take(scanned_pdf_pages).cloned().collect();
        write_scanned_pdf(&pages, &scanned_path).with_context(|| format!("writing {}", scanned_path.display()))?;
    }
    let scanned_pdf = CorpusFile { name: format!("scanned-{scanned_pdf_pages}p.pdf"), path: scanned_path };
    Ok(Corpus { demo, dir, page_pngs, scanned_pdf, scanned_pdf_pages })
}

/// Renders every page of `pdf` at 300 dpi with pdftoppm, once; returns the page files.
fn render(pdf: &Path, dir: &Path, stem: &str, options: &[&str], extension: &str) -> anyhow::Result<Vec<PathBuf>> {
    let existing = |dir: &Path| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        p.extension().is_some_and(|e| e == extension)
                            && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}-")))
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    };
    let found = existing(dir);
    if !found.is_empty() {
        return Ok(found);
    }
    let status = Command::new("pdftoppm")
        .args(["-r", "300"])
        .args(options)
        .arg(pdf)
        .arg(dir.join(stem))
        .status()
        .context("running pdftoppm (apt-get install poppler-utils)")?;
    anyhow::ensure!(status.success(), "pdftoppm failed on {}", pdf.display());
    let found = existing(dir);
    anyhow::ensure!(!found.is_empty(), "pdftoppm wrote no page for {}", pdf.display());
    Ok(found)
}

/// A PDF of one bilevel image per page (Flate-compressed 1-bit, A4 at 300 dpi): what
/// a scanner's "black and white, 300 dpi" setting produces. Every page has its own
/// image object, so no renderer can reuse a decoded page.
fn write_scanned_pdf(pages: &[PathBuf], out: &Path) -> anyhow::Result<()> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids: Vec<Object> = Vec::with_capacity(pages.len());
    for page in pages {
        let (width, height, bits) = read_pbm(page)?;
        // PBM: 1 is black; PDF DeviceGray 1-bit: 1 is white unless decoded the other way.
        let mut image = Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => width as i64,
                "Height" => height as i64,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 1,
                "Decode" => vec![1.into(), 0.into()],
            },
            bits,
        );
        image.compress()?;
        let image_id = doc.add_object(image);
        let (page_w, page_h) = (width as f32 * 72.0 / 300.0, height as f32 * 72.0 / 300.0);
        let content = format!("q {page_w:.2} 0 0 {page_h:.2} 0 0 cm /Im0 Do Q");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(page_w), Object::Real(page_h)],
            "Contents" => content_id,
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects
        .insert(pages_id, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    doc.save_to(&mut file)?;
    Ok(())
}

/// A binary PBM (P4) file: (width, height, packed rows).
fn read_pbm(path: &Path) -> anyhow::Result<(usize, usize, Vec<u8>)> {
    let bytes = std::fs::read(path)?;
    // Header: "P4", whitespace, width, whitespace, height, one whitespace byte.
    let mut fields = Vec::new();
    let mut idx = 0;
    while fields.len() < 3 {
        while idx < bytes.len() && bytes[idx].is_ascii_whitespace() {
            idx += 1;
        }
        if bytes.get(idx) == Some(&b'#') {
            while idx < bytes.len() && bytes[idx] != b'\n' {
                idx += 1;
            }
            continue;
        }
        let start = idx;
        while idx < bytes.len() && !bytes[idx].is_ascii_whitespace() {
            idx += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..idx]).into_owned());
    }
    anyhow::ensure!(fields[0] == "P4", "{} is not a binary PBM", path.display());
    let width: usize = fields[1].parse()?;
    let height: usize = fields[2].parse()?;
    let data = bytes[idx + 1..].to_vec();
    anyhow::ensure!(data.len() == width.div_ceil(8) * height, "{}: truncated PBM", path.display());
    Ok((width, height, data))
}
