//! Tesseract's TSV and hOCR output, read into words, lines and a page orientation.
//!
//! TSV rows are `level page block par line word left top width height conf text`;
//! level 5 rows are words, in Tesseract's reading order. Words that share
//! `(block, par, line)` form one Tesseract line. hOCR is read for one thing only: in
//! page segmentation with orientation detection, a line whose text is not upright
//! carries `textangle N` (the clockwise rotation that makes it upright), which TSV lacks.

/// A word as Tesseract reported it, in pixels of the image it was given.
#[derive(Debug, Clone, PartialEq)]
pub struct TsvWord {
    /// `(block, paragraph, line)`: words with the same key are on one Tesseract line.
    pub line_key: (u32, u32, u32),
    /// `[x0, y0, x1, y1]` in pixels from the top-left corner of the image.
    pub bbox: [f32; 4],
    /// 0 to 1.
    pub confidence: f32,
    pub text: String,
}

/// The level of word rows in Tesseract's TSV output.
const WORD_LEVEL: u32 = 5;

/// The words of a TSV page, in Tesseract's order; blank words (rules, specks that
/// Tesseract keeps as empty text) are left out.
pub fn parse_tsv(tsv: &str) -> Vec<TsvWord> {
    tsv.lines().filter_map(parse_word_row).collect()
}

fn parse_word_row(row: &str) -> Option<TsvWord> {
    let mut fields = row.splitn(12, '\t');
    let mut number = || fields.next().and_then(|field| field.trim().parse::<f32>().ok());
    let level = number()?;
    if level as u32 != WORD_LEVEL {
        return None;
    }
    let _page = number()?;
    let (block, paragraph, line) = (number()? as u32, number()? as u32, number()? as u32);
    let _word = number()?;
    let (left, top, width, height) = (number()?, number()?, number()?, number()?);
    let confidence = number()?;
    let text = fields.next()?.trim();
    if text.is_empty() || confidence < 0.0 {
        return None;
    }
    Some(TsvWord {
        line_key: (block, paragraph, line),
        bbox: [left, top, left + width, top + height],
        confidence: (confidence / 100.0).clamp(0.0, 1.0),
        text: text.to_owned(),
    })
}

/// Splits words into Tesseract lines, keeping Tesseract's order.
pub fn group_lines(words: Vec<TsvWord>) -> Vec<Vec<TsvWord>> {
    let mut lines: Vec<Vec<TsvWord>> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some(line) if line[0].line_key == word.line_key => line.push(word),
            _ => lines.push(vec![word]),
        }
    }
    lines
}

/// How readable the recognised text is, 0 to 1: the mean confidence of the words that
/// hold a letter or digit, weighted by their number of letters and digits. Text read
/// upside down or sideways comes out as confident-looking punctuation and short
/// fragments, so weighting by alphanumerics keeps it low. 0 when there are no words.
pub fn text_quality(words: &[TsvWord]) -> f32 {
    let mut weighted = 0.0f32;
    let mut weight = 0.0f32;
    for word in words {
        let n_alphanumeric = word.text.chars().filter(|c| c.is_alphanumeric()).count() as f32;
        weighted += word.confidence * n_alphanumeric;
        weight += n_alphanumeric;
    }
    if weight > 0.0 { weighted / weight } else { 0.0 }
}

/// Whether most of the text runs down the page: words (of three letters or digits and
/// more, weighted by them) whose boxes are taller than wide. Tesseract's page layout
/// analysis reads vertical lines top to bottom, so a page scanned turned a quarter
/// clockwise comes out as well-read text with vertical word boxes.
pub fn reads_down_the_page(words: &[TsvWord]) -> bool {
    let (mut vertical, mut total) = (0usize, 0usize);
    for word in words {
        let n_alphanumeric = word.text.chars().filter(|c| c.is_alphanumeric()).count();
        if n_alphanumeric < 3 {
            continue;
        }
        total += n_alphanumeric;
        if word.bbox[3] - word.bbox[1] > word.bbox[2] - word.bbox[0] {
            vertical += n_alphanumeric;
        }
    }
    total > 0 && vertical * 2 > total
}

/// The clockwise rotation (0, 90, 180 or 270) that makes most lines of an hOCR page
/// upright: the `textangle` most lines carry, 0 for lines without one.
pub fn dominant_text_angle(hocr: &str) -> u16 {
    let mut counts = [0usize; 4];
    for span in hocr.split("<span class='").skip(1) {
        // Lines are `ocr_line`, `ocr_header`, `ocr_caption` or `ocr_textfloat`; words
        // (`ocrx_word`) carry no angle.
        if !span.starts_with("ocr_") || !span.contains("id='line_") {
            continue;
        }
        let title = span.split('>').next().unwrap_or_default();
        let angle = title
            .split(';')
            .find_map(|part| part.trim().strip_prefix("textangle "))
            .and_then(|value| value.trim().trim_end_matches('"').parse::<u16>().ok())
            .unwrap_or(0);
        if let Some(count) = counts.get_mut(usize::from(angle % 360 / 90)) {
            *count += 1;
        }
    }
    let best = (0..4).max_by_key(|&quarter| (counts[quarter], std::cmp::Reverse(quarter))).unwrap_or(0);
    (best * 90) as u16
}

/// Maps a box in an image of `width` × `height` to the same box in that image rotated
/// clockwise by `degrees` (0, 90, 180 or 270).
pub fn rotate_box(bbox: [f32; 4], degrees: u16, width: f32, height: f32) -> [f32; 4] {
    let [x0, y0, x1, y1] = bbox;
    match degrees {
        // Clockwise by 90: (x, y) -> (height - y, x).
        90 => [height - y1, x0, height - y0, x1],
        180 => [width - x1, height - y1, width - x0, height - y0],
        // Clockwise by 270: (x, y) -> (y, width - x).
        270 => [y0, width - x1, y1, width - x0],
        _ => bbox,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t
5\t1\t1\t1\t1\t1\t208\t203\t196\t48\t95.985268\tAtelier
5\t1\t1\t1\t1\t2\t421\t203\t216\t48\t95.953247\tVerdier
5\t1\t3\t1\t1\t1\t1374\t331\t899\t5\t95.000000\t 
5\t1\t4\t1\t2\t8\t1409\t359\t110\t25\t88.906403\tFacturé
";

    #[test]
    fn words_and_lines_are_read_from_tsv() {
        let words = parse_tsv(TSV);
        assert_eq!(words.len(), 3, "the header, the page row and the blank word are skipped");
        assert_eq!(words[0].text, "Atelier");
        assert_eq!(words[0].bbox, [208.0, 203.0, 404.0, 251.0]);
        assert!((words[0].confidence - 0.95985).abs() < 1e-4);
        let lines = group_lines(words);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1][0].text, "Facturé");
    }

    #[test]
    fn quality_weights_letters_and_digits() {
        let word =
            |text: &str, confidence| TsvWord { line_key: (1, 1, 1), bbox: [0.0; 4], confidence, text: text.into() };
        assert_eq!(text_quality(&[]), 0.0);
        let quality = text_quality(&[word("Facture", 0.9), word("—", 0.99), word("ab", 0.45)]);
        assert!((quality - (0.9 * 7.0 + 0.45 * 2.0) / 9.0).abs() < 1e-6);
    }

    #[test]
    fn text_down_the_page_is_told_by_its_word_boxes() {
        let word = |text: &str, bbox| TsvWord { line_key: (1, 1, 1), bbox, confidence: 0.9, text: text.into() };
        let across = [word("This", [36.0, 364.0, 96.0, 388.0]), word("lot", [109.0, 364.0, 141.0, 388.0])];
        let down = [word("This", [364.0, 36.0, 388.0, 96.0]), word("lot", [364.0, 109.0, 388.0, 141.0])];
        assert!(!reads_down_the_page(&across));
        assert!(reads_down_the_page(&down));
        // Short words say nothing: "I" and "a" are taller than wide either way.
        assert!(!reads_down_the_page(&[word("I", [0.0, 0.0, 5.0, 20.0]), word("a", [9.0, 5.0, 19.0, 20.0])]));
    }

    #[test]
    fn the_dominant_text_angle_is_read_from_line_titles() {
        let line =
            |angle: &str| format!("<span class='ocr_line' id='line_1_1' title=\"bbox 1 2 3 4{angle}; x_size 30\">");
        let word = "<span class='ocrx_word' id='word_1_1' title='bbox 1 2 3 4; x_wconf 96'>x</span>";
        let upright = format!("{}{word}{}", line("; baseline 0 -6"), line(""));
        assert_eq!(dominant_text_angle(&upright), 0);
        let sideways = format!("{}{}{}", line("; textangle 90"), line("; textangle 90"), line(""));
        assert_eq!(dominant_text_angle(&sideways), 90);
        let header = "<span class='ocr_header' id='line_1_2' title=\"bbox 1 2 3 4; textangle 270; x_size 3\">";
        assert_eq!(dominant_text_angle(header), 270);
    }

    #[test]
    fn boxes_follow_a_clockwise_rotation() {
        // The first line of a page turned a quarter left sits on its left edge, read
        // bottom to top; turned back clockwise it runs along the top.
        assert_eq!(rotate_box([92.0, 60.0, 122.0, 604.0], 90, 480.0, 640.0), [36.0, 92.0, 580.0, 122.0]);
        assert_eq!(rotate_box([10.0, 20.0, 30.0, 40.0], 180, 100.0, 200.0), [70.0, 160.0, 90.0, 180.0]);
        assert_eq!(rotate_box([10.0, 20.0, 30.0, 40.0], 270, 100.0, 200.0), [20.0, 70.0, 40.0, 90.0]);
        assert_eq!(rotate_box([10.0, 20.0, 30.0, 40.0], 0, 100.0, 200.0), [10.0, 20.0, 30.0, 40.0]);
    }
}
