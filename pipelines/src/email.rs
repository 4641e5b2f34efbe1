//! E-mails (RFC 5322 messages with MIME parts, `.eml`), read with `mail-parser`.
//!
//! The message itself becomes an `email` result whose fields come from its headers
//! (`from`, `to`, `cc`, `subject`, `date`, `message_id`) and its MIME structure
//! (`attachments`). Every attachment, in the sense of the evaluation set (any part that
//! is not the message body: files, inline images, parts without a name, forwarded
//! messages), is then processed by the pipeline in its own right and returned as a child
//! result, so an invoice PDF sent by e-mail is extracted like an uploaded one. A child
//! that fails is reported as a failed child; it never fails the e-mail.
//!
//! Forwarded messages (`message/rfc822`) are e-mails again, so nesting is recursive and
//! bounded by `Limits::max_nesting`: an attachment deeper than that fails with
//! `nesting_too_deep` instead of being read.

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use liasse_core::{DocClass, DocumentResult, ErrorCode, Extraction, Field, Provenance, Source};
use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::parsers::MessageStream;
use mail_parser::{
    Address, DateTime, Encoding, HeaderName, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType,
};
use serde_json::{Map, Value, json};

use crate::{Error, Format, Input, Pipeline, Result, language};

/// Reads an e-mail found at nesting `depth` (0: the uploaded file itself) and, through
/// the pipeline, each of its attachments.
pub(crate) fn read(pipeline: &Pipeline, input: &Input<'_>, depth: usize) -> Result<Extraction> {
    let raw = strip_envelope(input.bytes);
    let message = parse(raw)?;
    let (mut extraction, attachments) = describe(&message, raw);
    for (index, attachment) in attachments.iter().enumerate() {
        crate::budget::checkpoint()?;
        extraction.children.push(read_attachment(pipeline, input, index, attachment, depth + 1));
    }
    Ok(extraction)
}

/// Reads an e-mail's header fields and lists its attachments, without reading them.
/// Needs no library: this is also the entry point of the e-mail fuzz target.
pub fn read_message(bytes: &[u8]) -> Result<Extraction> {
    let raw = strip_envelope(bytes);
    let message = parse(raw)?;
    Ok(describe(&message, raw).0)
}

fn parse(raw: &[u8]) -> Result<Message<'_>> {
    // `mail-parser` makes a best effort with anything, taking a line of prose for a
    // header name: a message needs at least one real `Name: value` field.
    MessageParser::default()
        .parse(raw)
        .filter(|message| message.root_part().headers().iter().any(|header| is_field_name(header.name())))
        .ok_or_else(|| Error::new(ErrorCode::MalformedEmail, "the message has no header field"))
}

/// The `email` result of a message (header fields, language, the `attachments` list)
/// and its attachments, to be read.
fn describe<'m>(message: &'m Message<'m>, raw: &'m [u8]) -> (Extraction, Vec<Attachment<'m>>) {
    let mut extraction = Extraction::new(DocClass::Email, 1.0, Source::Email);
    header_fields(message, &mut extraction);
    extraction.language = language::detect(&body_text(message)).map(str::to_owned);
    let attachments: Vec<Attachment<'m>> =
        attachment_parts(message, raw).into_iter().map(|part| Attachment::of(part, raw)).collect();
    if !attachments.is_empty() {
        let list: Vec<Value> = attachments.iter().map(Attachment::describe).collect();
        extraction.set_field("attachments", Field::exact(list, Provenance::at_path("mime:attachments")));
    }
    (extraction, attachments)
}

/// The message proper: without the `From ` separator line of an mbox file (some `.eml`
/// files are cut from one) or blank lines before the first header, which `mail-parser`
/// would take for an empty header block.
fn strip_envelope(bytes: &[u8]) -> &[u8] {
    let mut rest = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    loop {
        let line_end = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
        let line = &rest[..line_end];
        let blank = line.iter().all(|b| b.is_ascii_whitespace());
        if (blank && line_end < rest.len()) || line.starts_with(b"From ") {
            rest = &rest[line_end..];
        } else {
            return rest;
        }
    }
}

/// An RFC 5322 field name: printable ASCII, no space, no colon.
fn is_field_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b':')
}

/// The header fields of the schema. Where a header appears more than once (a message
/// with two `From:` lines), the first one counts, as it does for mail clients.
fn header_fields(message: &Message<'_>, extraction: &mut Extraction) {
    let headers = message.root_part().headers();
    let first = |name: HeaderName<'static>| headers.iter().find(|header| header.name == name).map(|h| &h.value);

    if let Some(from) = first(HeaderName::From).and_then(HeaderValue::as_address).and_then(|a| addresses(a).next()) {
        extraction.set_field("from", Field::exact(from, Provenance::at_path("header:From")));
    }
    for (name, field, path) in [(HeaderName::To, "to", "header:To"), (HeaderName::Cc, "cc", "header:Cc")] {
        // `To:` may legally appear more than once in old messages: every occurrence counts.
        let list: Vec<String> = headers
            .iter()
            .filter(|header| header.name == name)
            .filter_map(|header| header.value.as_address())
            .flat_map(addresses)
            .collect();
        if !list.is_empty() {
            extraction.set_field(field, Field::exact(list, Provenance::at_path(path)));
        }
    }
    if let Some(subject) = first(HeaderName::Subject).and_then(HeaderValue::as_text).map(str::trim)
        && !subject.is_empty()
    {
        extraction.set_field("subject", Field::exact(subject, Provenance::at_path("header:Subject")));
    }
    if let Some(date) = first(HeaderName::Date).and_then(HeaderValue::as_datetime).and_then(rfc3339) {
        extraction.set_field("date", Field::exact(date, Provenance::at_path("header:Date")));
    }
    if let Some(id) = first(HeaderName::MessageId).and_then(HeaderValue::as_text) {
        let id = id.trim().trim_start_matches('<').trim_end_matches('>');
        if !id.is_empty() {
            extraction.set_field("message_id", Field::exact(id, Provenance::at_path("header:Message-ID")));
        }
    }
}

/// The bare addresses of an address header (`Name <a@b>` gives `a@b`), groups flattened.
fn addresses<'a>(address: &'a Address<'_>) -> impl Iterator<Item = String> + 'a {
    address.iter().filter_map(|addr| addr.address()).map(str::trim).filter(|a| !a.is_empty()).map(str::to_owned)
}

/// RFC 3339 with the offset the sender wrote (`+02:00`, never converted to UTC), so the
/// local time of sending stays readable. `None` for a date that does not exist.
fn rfc3339(date: &DateTime) -> Option<String> {
    if !date.is_valid() || date.hour > 23 || date.minute > 59 || date.second > 60 {
        return None;
    }
    let sign = if date.tz_before_gmt && (date.tz_hour > 0 || date.tz_minute > 0) { '-' } else { '+' };
    Some(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        date.year, date.month, date.day, date.hour, date.minute, date.second, date.tz_hour, date.tz_minute
    ))
}

/// The text of the body parts (HTML ones turned into text), for language detection.
fn body_text(message: &Message<'_>) -> String {
    let mut text = String::new();
    for index in 0..message.text_body_count() {
        if let Some(part) = message.body_text(index) {
            text.push_str(&part);
            text.push('\n');
        }
    }
    text
}

/// The parts that are attachments in the sense of the schema: those `mail-parser` files
/// as attachments, plus body parts that carry a file name (an inline `notes.txt` that a
/// mail client shows as the message text is still a file the sender attached), in the
/// order they appear.
fn attachment_parts<'m>(message: &'m Message<'m>, raw: &[u8]) -> Vec<&'m MessagePart<'m>> {
    let named_bodies = message
        .text_body
        .iter()
        .chain(&message.html_body)
        .filter(|&&part_id| message.parts.get(part_id as usize).is_some_and(|part| filename(part, raw).is_some()));
    let mut part_ids: Vec<u32> = message.attachments.iter().chain(named_bodies).copied().collect();
    part_ids.sort_unstable();
    part_ids.dedup();
    part_ids.into_iter().filter_map(|part_id| message.parts.get(part_id as usize)).collect()
}

/// The file name of a part (`Content-Disposition` filename, else `Content-Type` name).
///
/// `mail-parser` misreads a parameter whose value starts on a folded line, as Outlook
/// writes long encoded names (`name=⏎\t"=?iso-8859-1?Q?…?=⏎ =?iso-8859-1?Q?pdf?="`); when
/// it finds no name, the raw header is read here.
fn filename(part: &MessagePart<'_>, raw: &[u8]) -> Option<String> {
    let clean = |name: &str| Some(name.trim().to_owned()).filter(|name| !name.is_empty());
    if let Some(name) = part.attachment_name().and_then(clean) {
        return Some(name);
    }
    [(HeaderName::ContentDisposition, "filename"), (HeaderName::ContentType, "name")].into_iter().find_map(
        |(header_name, parameter)| {
            let header = part.headers().iter().find(|header| header.name == header_name)?;
            let value = raw.get(header.offset_start as usize..header.offset_end as usize)?;
            let encoded = raw_parameter(&String::from_utf8_lossy(value), parameter)?;
            // The parameter holds RFC 2047 encoded words: decode it as an unstructured
            // header value, which is what mail clients do.
            let line = format!("{encoded}\n");
            let decoded = MessageStream::new(line.as_bytes()).parse_unstructured();
            decoded.as_text().and_then(clean)
        },
    )
}

/// The value of `wanted` in a raw `Content-*` header value (`type; a=1; name="x y"`),
/// its folded lines joined, its quotes removed.
fn raw_parameter(value: &str, wanted: &str) -> Option<String> {
    let unfolded = value.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let mut parameters = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    for c in unfolded.chars() {
        match c {
            '"' => {
                in_quotes = !in_quotes;
                current.push(c);
            }
            ';' if !in_quotes => parameters.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parameters.push(current);
    parameters.iter().skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case(wanted) {
            return None;
        }
        let value = value.trim();
        Some(value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value).to_owned())
    })
}

/// One non-body MIME part.
#[derive(Debug)]
struct Attachment<'a> {
    /// The name the sender gave it (`Content-Disposition` filename or `Content-Type`
    /// name, RFC 2047/2231 decoded), if any.
    filename: Option<String>,
    /// `type/subtype`, lower case; the MIME default when the part declares none.
    media_type: String,
    /// Size of the part once its transfer encoding is undone, in the part's own charset.
    size: usize,
    /// The bytes handed to the pipeline.
    bytes: Cow<'a, [u8]>,
    /// A `message/rfc822` part: read as an e-mail whatever its first lines look like.
    is_message: bool,
}

impl<'a> Attachment<'a> {
    /// `raw` is the message the part was parsed from: part offsets point into it.
    fn of(part: &'a MessagePart<'a>, raw: &'a [u8]) -> Self {
        let filename = filename(part, raw);
        let is_message =
            part.is_message() || part.is_content_type("message", "rfc822") || part.is_content_type("message", "global");
        let declared = part.content_type().and_then(|ct| Some(format!("{}/{}", ct.ctype(), ct.subtype()?)));
        let media_type = match declared {
            Some(media_type) => media_type.to_ascii_lowercase(),
            // No (or no valid) Content-Type: the MIME defaults, `message/rfc822` in a
            // digest, `text/plain` elsewhere.
            None if part.is_message() => "message/rfc822".to_owned(),
            None if part.is_binary() => "application/octet-stream".to_owned(),
            None => "text/plain".to_owned(),
        };
        let bytes: Cow<'a, [u8]> = match &part.body {
            // A forwarded message that was not transfer-encoded is parsed in place and
            // `mail-parser` keeps the whole outer message as its raw bytes: slice it out.
            PartType::Message(_) if part.encoding == Encoding::None => Cow::Borrowed(part_slice(part, raw)),
            PartType::Text(_) | PartType::Html(_) => {
                // `mail-parser` converts text parts to UTF-8; the size the sender sent
                // is that of the original bytes. Without a declared charset the original
                // bytes are also what the pipeline gets, so Latin-1 files stay readable.
                let original = original_bytes(part, raw);
                let declared_charset = part.content_type().and_then(|ct| ct.attribute("charset")).is_some();
                let size = original.as_ref().map_or(part.len(), Vec::len);
                let bytes = match original {
                    Some(original) if !declared_charset => Cow::Owned(original),
                    _ => Cow::Borrowed(part.contents()),
                };
                return Self { filename, media_type, size, bytes, is_message };
            }
            _ => Cow::Borrowed(part.contents()),
        };
        Self { filename, media_type, size: bytes.len(), bytes, is_message }
    }

    /// The entry of the `attachments` field: `{filename, media_type, size}`.
    fn describe(&self) -> Value {
        let mut entry = Map::new();
        if let Some(filename) = &self.filename {
            entry.insert("filename".into(), json!(filename));
        }
        entry.insert("media_type".into(), json!(self.media_type));
        entry.insert("size".into(), json!(self.size));
        Value::Object(entry)
    }

    /// The file name of the child result: the sender's, or one made up from the
    /// position and the media type (`attachment-3.txt`).
    fn child_filename(&self, index: usize) -> String {
        if let Some(filename) = &self.filename {
            return filename.clone();
        }
        let extension = match self.media_type.as_str() {
            "message/rfc822" => ".eml",
            "application/pdf" => ".pdf",
            "text/html" => ".html",
            "text/calendar" => ".ics",
            "text/csv" => ".csv",
            media_type if media_type.starts_with("text/") => ".txt",
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            "image/gif" => ".gif",
            "image/tiff" => ".tif",
            _ => "",
        };
        format!("attachment-{}{extension}", index + 1)
    }
}

/// The encoded body of a part, as it stands in `raw`.
fn part_slice<'a>(part: &MessagePart<'_>, raw: &'a [u8]) -> &'a [u8] {
    let start = (part.offset_body as usize).min(raw.len());
    let end = (part.offset_end as usize).clamp(start, raw.len());
    &raw[start..end]
}

/// The bytes of a part with its transfer encoding undone but its charset untouched, or
/// `None` when they cannot be recovered (then the decoded text stands in for them).
fn original_bytes(part: &MessagePart<'_>, raw: &[u8]) -> Option<Vec<u8>> {
    let encoded = part_slice(part, raw);
    match part.encoding {
        Encoding::Base64 => base64_decode(encoded),
        Encoding::QuotedPrintable => quoted_printable_decode(encoded),
        Encoding::None => Some(encoded.to_vec()),
    }
}

/// Processes the `index`-th attachment of `parent` at nesting `level` into a child
/// result. Never fails: a failure becomes a child flagged for review with its error code.
fn read_attachment(
    pipeline: &Pipeline,
    parent: &Input<'_>,
    index: usize,
    attachment: &Attachment<'_>,
    level: usize,
) -> DocumentResult {
    let document_id = parent.document_id.child(index);
    let filename = attachment.child_filename(index);
    let input = Input { document_id, filename: &filename, bytes: &attachment.bytes, options: parent.options };
    let max_nesting = pipeline.config().limits.max_nesting;
    let outcome = if level > max_nesting {
        Err(Error::new(
            ErrorCode::NestingTooDeep,
            format!("the attachment is nested {level} levels deep; the limit is {max_nesting}"),
        ))
    } else {
        // A panic in one attachment's reader is a bug, but it must not take the e-mail
        // and its other attachments down with it.
        catch_unwind(AssertUnwindSafe(|| process_nested(pipeline, input, attachment.is_message, level)))
            .unwrap_or_else(|_| Err(Error::new(ErrorCode::InternalError, "the pipeline panicked on this attachment")))
    };
    let extraction = outcome.unwrap_or_else(|error| failed(&error));
    DocumentResult { document_id, filename, extraction }
}

/// An attachment through the pipeline; e-mails among them keep counting nesting levels.
fn process_nested(pipeline: &Pipeline, input: Input<'_>, is_message: bool, level: usize) -> Result<Extraction> {
    let started = Instant::now();
    let format = pipeline.check(&input)?;
    if !(is_message || format == Format::Email) {
        return pipeline.process(input);
    }
    let mut extraction = read(pipeline, &input, level)?;
    extraction.timings_ms.insert("total".into(), started.elapsed().as_millis() as u64);
    Ok(extraction)
}

/// The result of an attachment that could not be read.
fn failed(error: &Error) -> Extraction {
    let mut extraction = Extraction::new(DocClass::Other, 1.0, Source::None);
    extraction.review(error.to_string());
    extraction
}

#[cfg(test)]
mod tests;
