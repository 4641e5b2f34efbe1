//! Format sniffing by content. The file name is never trusted: an invoice uploaded as
//! `scan.txt` is still a PDF.

/// The formats Liasse tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    /// XML of any kind; `einvoice` decides whether it is CII or UBL.
    Xml,
    Png,
    Jpeg,
    Tiff,
    /// A ZIP container: XLSX, ODS, or an archive.
    Zip,
    /// An OLE2 compound file: XLS, old Word.
    Ole,
    /// An RFC 5322 message (EML).
    Email,
    /// Readable text (UTF-8 or Latin-1) that is none of the above: CSV or plain text.
    Text,
    Unknown,
}

impl Format {
    pub const fn describe(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Xml => "XML",
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Tiff => "TIFF",
            Format::Zip => "ZIP (XLSX, ODS or archive)",
            Format::Ole => "OLE2 (XLS)",
            Format::Email => "e-mail",
            Format::Text => "plain text",
            Format::Unknown => "unrecognised",
        }
    }
}

/// How far into the file a PDF header may start (some generators prepend junk).
const PDF_HEADER_WINDOW: usize = 1024;

pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Format::Pdf;
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Format::Png;
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Format::Jpeg;
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Format::Tiff;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Format::Ole;
    }
    let text = text_prefix(bytes);
    let Some(text) = text else {
        // A message may carry binary parts (`Content-Transfer-Encoding: binary`, UTF-16
        // text): only its header block must be text.
        return if header_block(bytes).is_some_and(|headers| looks_like_email(headers.trim_start())) {
            Format::Email
        } else {
            Format::Unknown
        };
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<?xml") || looks_like_xml_root(trimmed) {
        return Format::Xml;
    }
    if looks_like_email(trimmed) {
        return Format::Email;
    }
    Format::Text
}

/// How much of a file is looked at to tell text from binary.
const TEXT_WINDOW: usize = 4096;

/// The first few kilobytes as text, if they look like text (no NUL, mostly printable).
fn text_prefix(bytes: &[u8]) -> Option<String> {
    let window = &bytes[..bytes.len().min(TEXT_WINDOW)];
    if window.contains(&0) {
        return None;
    }
    // A multi-byte character may be cut at the window's end: decode what is valid.
    let text = match std::str::from_utf8(window) {
        Ok(text) => text.to_owned(),
        Err(e) if e.valid_up_to() + 4 >= window.len() => {
            String::from_utf8_lossy(&window[..e.valid_up_to()]).into_owned()
        }
        Err(_) => window.iter().map(|&b| b as char).collect(), // Latin-1
    };
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    (control * 20 <= text.chars().count()).then_some(text)
}

/// The header block of a file whose first kilobytes are not all text: the text before the
/// first NUL byte, up to its first blank line. `None` when no blank line ends it there.
fn header_block(bytes: &[u8]) -> Option<String> {
    let window = &bytes[..bytes.len().min(TEXT_WINDOW)];
    let text_end = window.iter().position(|&b| b == 0).unwrap_or(window.len());
    let text = text_prefix(&window[..text_end])?;
    let end = text.find("\n\n").or_else(|| text.find("\r\n\r\n"))?;
    Some(format!("{}\n", &text[..end]))
}

fn looks_like_xml_root(text: &str) -> bool {
    let text = skip_xml_comments(text);
    text.starts_with('<') && text[1..].starts_with(|c: char| c.is_alphabetic())
}

fn skip_xml_comments(mut text: &str) -> &str {
    while let Some(rest) = text.strip_prefix("<!--") {
        match rest.find("-->") {
            Some(end) => text = rest[end + 3..].trim_start(),
            None => return rest,
        }
    }
    text
}

/// Header fields that say "this is a message": a text needs two of them, or one MIME
/// structure header (`MIME-Version`, a multipart or message `Content-Type`), to be an
/// e-mail. `Name: value` lines alone (`Invoice: 42`) are not enough.
const MESSAGE_HEADERS: &[&str] = &[
    "from",
    "to",
    "cc",
    "bcc",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "received",
    "return-path",
    "delivered-to",
    "reply-to",
    "sender",
    "in-reply-to",
    "references",
    "x-mailer",
    "dkim-signature",
    "authentication-results",
];

/// An e-mail starts with a block of header lines (`Name: value`, continuation lines
/// indented), optionally after the `From ` separator line of an mbox file, and carries
/// headers only messages carry. Every line of the block must be a header: one line of
/// prose and it is not an e-mail.
fn looks_like_email(text: &str) -> bool {
    let text = match text.strip_prefix("From ") {
        // The mbox separator: `From sender@example.com  Sun Jun 16 17:50:14 2013`.
        Some(rest) => rest.split_once('\n').map_or("", |(_, headers)| headers),
        None => text,
    };
    // `text` is a prefix of the file: its last line may be cut anywhere.
    let complete = if text.ends_with('\n') { text } else { text.rsplit_once('\n').map_or("", |(lines, _)| lines) };
    let mut known = 0;
    let mut structural = false;
    for line in complete.lines() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            return false;
        };
        // RFC 5322 field names: printable ASCII without spaces or colons.
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
            return false;
        }
        let name = name.to_ascii_lowercase();
        if MESSAGE_HEADERS.contains(&name.as_str()) {
            known += 1;
        }
        let value = value.trim_start().to_ascii_lowercase();
        structural |= name == "mime-version"
            || (name == "content-type" && (value.starts_with("multipart/") || value.starts_with("message/")));
    }
    known >= 2 || structural
}

/// Fewer records than this and a text is not a table.
const MIN_CSV_RECORDS: usize = 2;
/// Records looked at to decide.
const CSV_PROBE_RECORDS: usize = 50;
/// Fields longer than this on average are sentences, not cells.
const MAX_MEAN_FIELD_CHARS: usize = 60;

/// The delimiter of a CSV or TSV text: the first of `;` (French exports, whose decimal
/// mark is the comma), tab and `,` on which the first records all split into the same
/// number of fields, at least two, quotes respected. `None` for anything else.
///
/// Prose splits consistently too (paragraphs with the same number of commas): its
/// fields are long and follow the delimiter after a space, as punctuation does; cells
/// do neither.
pub fn csv_delimiter(text: &str) -> Option<u8> {
    [b';', b'\t', b','].into_iter().find(|&delimiter| {
        let records: Vec<Vec<String>> = crate::spreadsheet::csv::records(text, delimiter)
            .filter(|record| !(record.len() == 1 && record[0].trim().is_empty()))
            .take(CSV_PROBE_RECORDS)
            .collect();
        let Some(width) = records.first().map(Vec::len) else {
            return false;
        };
        if width < 2 || records.len() < MIN_CSV_RECORDS || records.iter().any(|record| record.len() != width) {
            return false;
        }
        let n_fields = records.len() * width;
        let n_chars: usize = records.iter().flatten().map(|field| field.chars().count()).sum();
        let after_space = records.iter().flat_map(|record| &record[1..]).filter(|f| f.starts_with(' ')).count();
        n_chars <= MAX_MEAN_FIELD_CHARS * n_fields && after_space * 2 <= records.len() * (width - 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(sniff(b"junk\n%PDF-1.4\n"), Format::Pdf);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Format::Png);
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Format::Jpeg);
        assert_eq!(sniff(b"II*\0...."), Format::Tiff);
        assert_eq!(sniff(b"PK\x03\x04...."), Format::Zip);
    }

    #[test]
    fn xml_with_bom_declaration_or_comment() {
        assert_eq!(sniff("\u{feff}<?xml version=\"1.0\"?><Invoice/>".as_bytes()), Format::Xml);
        assert_eq!(sniff(b"<!-- licence --><rsm:CrossIndustryInvoice/>"), Format::Xml);
        assert_eq!(sniff(b"  <Invoice xmlns=\"urn:x\"/>"), Format::Xml);
    }

    #[test]
    fn email_and_text() {
        let eml = b"Return-Path: <a@b>\nFrom: a@b\nTo: c@d\nSubject: hello\n\nbody";
        assert_eq!(sniff(eml), Format::Email);
        assert_eq!(sniff(b"Invoice: 42\nTotal: 12.00 EUR\n"), Format::Text);
        assert_eq!(sniff("Facture n\u{b0} 12;Total;120,00\n".as_bytes()), Format::Text);
        assert_eq!(sniff(b"\0\x01\x02binary"), Format::Unknown);
    }

    #[test]
    fn email_shapes_seen_in_the_wild() {
        // An mbox separator line first.
        let mbox = b"From a@b.example  Sun Jun 16 17:50:14 2013\nReceived: from x\n\tby y\nFrom: a@b.example\nTo: c@d.example\n\nbody";
        assert_eq!(sniff(mbox), Format::Email);
        // Only MIME structure headers (MIME test suites).
        assert_eq!(sniff(b"Content-Type: multipart/mixed; boundary=foo\n\n--foo\n\nx\n--foo--\n"), Format::Email);
        assert_eq!(
            sniff(b"MIME-Version: 1.0\nContent-Type: multipart/alternative;\n boundary=\"b\"\n\n--b--\n"),
            Format::Email
        );
        // `X-` headers and `Delivered-To` before anything else.
        let x = b"X-Spam: no\nDelivered-To: a@b.example\nReturn-Path: <c@d.example>\nSubject: s\n\nbody";
        assert_eq!(sniff(x), Format::Email);
        // A header block longer than the sniffing window, its last line cut.
        let mut long = b"Received: from a\nReceived: from b\n".to_vec();
        long.extend(b"X-Long: ".iter().chain(&[b'x'; 5000]));
        assert_eq!(sniff(&long), Format::Email);
        // A binary part (UTF-16 text) in the body: the header block decides.
        let binary = b"Content-Type: multipart/mixed; boundary=1\nMIME-Version: 1.0\n\n--1\n\nT\0e\0s\0t\0\n--1--\n";
        assert_eq!(sniff(binary), Format::Email);
        assert_eq!(sniff(b"Subject: x\nDate: y\0\n\nz"), Format::Unknown, "a NUL inside the headers is binary");
    }

    #[test]
    fn text_that_is_not_an_email() {
        assert_eq!(sniff(b"Subject: hello\nthis is prose, not a header\n"), Format::Text);
        assert_eq!(sniff(b"Content-Type: text/plain\n\nhello"), Format::Text);
        assert_eq!(sniff(b"From the desk of the director: hello\n"), Format::Text);
    }

    #[test]
    fn csv_delimiters() {
        assert_eq!(
            csv_delimiter("D\u{e9}signation;Qt\u{e9};PU HT\nPapier A4;10;4,50\n\"Stylo; bleu\";2;1,20\n"),
            Some(b';')
        );
        assert_eq!(csv_delimiter("a\tb\tc\n1\t2\t3\n"), Some(b'\t'));
        assert_eq!(csv_delimiter("name,qty\n\"Widget, large\",2\n\"Bolt\n(M6)\",10\n"), Some(b','));
        assert_eq!(csv_delimiter("Facture n\u{b0} 12;Total;120,00\n"), None, "one record is not a table");
        assert_eq!(
            csv_delimiter("Bonjour, voici la facture.\nMerci, bonne journ\u{e9}e, \u{e0} bient\u{f4}t.\n"),
            None
        );
        assert_eq!(csv_delimiter("just text\nmore text\n"), None);
        // Paragraphs with the same number of commas are still prose.
        let lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n\n\
            Ut enim ad minim veniam, quis nostrud exercitation, ullamco laboris nisi.\n";
        assert_eq!(csv_delimiter(lorem), None);
    }

    #[test]
    fn the_file_name_plays_no_part() {
        // Same bytes, whatever they are called: sniff takes no name at all.
        assert_eq!(sniff(b"%PDF-1.7"), Format::Pdf);
    }
}
