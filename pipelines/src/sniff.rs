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
        return Format::Unknown;
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

/// The first few kilobytes as text, if they look like text (no NUL, mostly printable).
fn text_prefix(bytes: &[u8]) -> Option<String> {
    let window = &bytes[..bytes.len().min(4096)];
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

/// An e-mail starts with header lines (`Name: value`, continuation lines indented)
/// and has at least one of the headers every message carries.
fn looks_like_email(text: &str) -> bool {
    let mut known = 0;
    for line in text.lines().take(60) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
            return false;
        }
        let name = name.to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "from" | "to" | "subject" | "date" | "message-id" | "mime-version" | "received" | "return-path"
        ) {
            known += 1;
        }
    }
    known >= 2
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
    fn the_file_name_plays_no_part() {
        // Same bytes, whatever they are called: sniff takes no name at all.
        assert_eq!(sniff(b"%PDF-1.7"), Format::Pdf);
    }
}
