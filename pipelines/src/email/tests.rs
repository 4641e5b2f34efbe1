use liasse_core::{DocClass, DocumentId, DocumentResult, ErrorCode, Extraction, Source};
use serde_json::{Value, json};

use super::{raw_parameter, read};
use crate::test_support::{pipeline, sample};
use crate::{Input, Options, Result};

fn process_with_id(document_id: DocumentId, bytes: &[u8]) -> Result<Extraction> {
    let options = Options::default();
    pipeline().process(Input { document_id, filename: "message.eml", bytes, options: &options })
}

fn process(bytes: &[u8]) -> Extraction {
    process_with_id(DocumentId::new(), bytes).expect("the e-mail is read")
}

/// `email::read` directly, for bytes that would not sniff as an e-mail.
fn read_email(bytes: &[u8]) -> Result<Extraction> {
    let options = Options::default();
    read(pipeline(), &Input { document_id: DocumentId::new(), filename: "message.eml", bytes, options: &options }, 0)
}

fn value(extraction: &Extraction, name: &str) -> Value {
    extraction.field(name).map_or(Value::Null, |field| field.value.clone())
}

/// Base64 with 76-character lines, as mail clients write attachments.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (chunk_idx, chunk) in bytes.chunks(3).enumerate() {
        if chunk_idx > 0 && chunk_idx % 19 == 0 {
            out.push('\n');
        }
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            out.push(if i <= chunk.len() { char::from(ALPHABET[(n >> shift) as usize & 63]) } else { '=' });
        }
    }
    out
}

#[test]
fn the_demo_email_gives_its_header_fields_and_its_invoice_as_a_child() {
    let bytes = sample("demo/email-facture-fournisseur.eml");
    let document_id = DocumentId::new();
    let extraction = process_with_id(document_id, &bytes).expect("the demo e-mail is read");
    assert_eq!(extraction.class, DocClass::Email);
    assert_eq!(extraction.class_confidence, 1.0);
    assert_eq!(extraction.source, Source::Email);
    assert_eq!(extraction.language.as_deref(), Some("fr"));

    let expected: Value = serde_json::from_slice(&sample("expected.json")).expect("expected.json parses");
    let entry = expected["documents"]
        .as_array()
        .and_then(|documents| documents.iter().find(|d| d["path"] == "demo/email-facture-fournisseur.eml"))
        .expect("the e-mail is in expected.json");
    let expected_fields = entry["fields"].as_object().expect("fields");
    for (name, expected_value) in expected_fields {
        assert_eq!(&value(&extraction, name), expected_value, "field {name}");
    }
    assert_eq!(extraction.fields.len(), expected_fields.len());
    assert_eq!(extraction.field("from").map(|f| f.provenance.path.as_deref()), Some(Some("header:From")));

    let [child] = extraction.children.as_slice() else { panic!("one child: {:?}", extraction.children) };
    assert_eq!(child.filename, entry["children"][0]["filename"]);
    assert_eq!(child.filename, "Facture_FA-2024-0311.pdf");
    assert_eq!(child.document_id, document_id.child(0));
    assert_eq!(child.extraction.source, Source::TextLayer);
    assert_ne!(child.extraction.class, DocClass::Email);
}

#[test]
fn header_fields_keep_the_senders_offset_and_the_first_from() {
    let message = "From a@x.example  Sat Mar 24 23:00:00 2007\n\
        From: Anne <a@x.example>\n\
        From: Bruno <b@x.example>\n\
        To: Team: c@x.example, Dora <d@x.example>;\n\
        To: e@x.example\n\
        Cc: F <f@x.example>\n\
        Date: Sat, 24 Mar 2007 23:00:00 -0230\n\
        Message-ID: <id-42@x.example>\n\
        Subject: =?utf-8?q?Facture_pay=C3=A9e?=\n\
        \n\
        Le paiement de la facture est fait.\n";
    let extraction = process(message.as_bytes());
    assert_eq!(value(&extraction, "from"), json!("a@x.example"));
    assert_eq!(value(&extraction, "to"), json!(["c@x.example", "d@x.example", "e@x.example"]));
    assert_eq!(value(&extraction, "cc"), json!(["f@x.example"]));
    assert_eq!(value(&extraction, "date"), json!("2007-03-24T23:00:00-02:30"));
    assert_eq!(value(&extraction, "message_id"), json!("id-42@x.example"));
    assert_eq!(value(&extraction, "subject"), json!("Facture payée"));
    assert!(extraction.field("attachments").is_none(), "no attachment, no field");
    assert!(extraction.children.is_empty());
}

#[test]
fn a_message_with_none_of_the_schema_headers_has_no_fields() {
    let message = "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b\"\n\n--b\n\
        Content-Type: text/plain\n\nhello\n--b\nContent-Type: text/html\n\n<p>hello</p>\n--b--\n";
    let extraction = process(message.as_bytes());
    assert_eq!(extraction.class, DocClass::Email);
    assert!(extraction.fields.is_empty(), "absent, never empty: {:?}", extraction.fields);
    assert!(extraction.children.is_empty());
}

#[test]
fn bytes_without_a_header_field_are_a_malformed_email() {
    for bytes in [&b"this is not a message\nat all\n"[..], b"\n\n\n", b"\x00\x01\x02"] {
        let error = read_email(bytes).expect_err("no header field");
        assert_eq!(error.code, ErrorCode::MalformedEmail, "{bytes:?}");
    }
}

#[test]
fn every_non_body_part_is_an_attachment_and_a_child() {
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    let message = format!(
        "From: a@x.example\nSubject: parts\nContent-Type: multipart/mixed; boundary=\"m\"\n\n\
        --m\nContent-Type: text/plain; charset=iso-8859-1; name=\"Hasen.txt\"\n\
        Content-Transfer-Encoding: quoted-printable\nContent-Disposition: inline; filename=\"Hasen.txt\"\n\n\
        Die Fr=F6sche\n\
        --m\nContent-Type: multipart/related; boundary=\"r\"\n\n\
        --r\nContent-Type: text/html\n\n<p>Voir <img src=\"cid:logo\"></p>\n\
        --r\nContent-Type: image/gif\nContent-ID: <logo>\nContent-Transfer-Encoding: base64\n\n{}\n--r--\n\
        --m\nContent-Type: application/octet-stream; name=\n\t\"=?iso-8859-1?Q?relev=E9_n=B0_12.?=\n =?iso-8859-1?Q?txt?=\"\n\
        Content-Transfer-Encoding: base64\n\n{}\n\
        --m\nContent-Type: text/plain; name=\"notes.txt\"\nContent-Transfer-Encoding: quoted-printable\n\n\
        Soci=E9t=E9 Garnier\n\
        --m--\n",
        base64(gif),
        base64(b"Releve de compte\n"),
    );
    let document_id = DocumentId::new();
    let extraction = process_with_id(document_id, message.as_bytes()).expect("read");
    assert_eq!(
        value(&extraction, "attachments"),
        json!([
            // A named inline text part is a file even where it is shown as the body; its
            // size is that of its own charset, not of the UTF-8 it was decoded to.
            {"filename": "Hasen.txt", "media_type": "text/plain", "size": 11},
            // An inline image without a name.
            {"media_type": "image/gif", "size": gif.len()},
            // An encoded name folded over two lines (as Outlook writes long names).
            {"filename": "relevé n° 12.txt", "media_type": "application/octet-stream", "size": 17},
            {"filename": "notes.txt", "media_type": "text/plain", "size": 15},
        ])
    );
    let names: Vec<&str> = extraction.children.iter().map(|child| child.filename.as_str()).collect();
    assert_eq!(names, ["Hasen.txt", "attachment-2.gif", "relevé n° 12.txt", "notes.txt"]);
    for (index, child) in extraction.children.iter().enumerate() {
        assert_eq!(child.document_id, document_id.child(index));
    }
    // The Latin-1 note without a declared charset reaches the text reader as it was sent.
    assert_eq!(extraction.children[3].extraction.source, Source::Text);
}

/// A message carrying `inner` as a forwarded `message/rfc822` part.
fn forward(inner: &str, level: usize) -> String {
    format!(
        "From: level{level}@x.example\nSubject: level {level}\nContent-Type: multipart/mixed; boundary=\"b{level}\"\n\n\
        --b{level}\nContent-Type: text/plain\n\nForwarded.\n\
        --b{level}\nContent-Type: message/rfc822\n\n{inner}\n--b{level}--\n"
    )
}

#[test]
fn a_forwarded_message_is_an_email_child_with_its_own_children() {
    let innermost = "From: fournisseur@x.example\nSubject: Lignes de facture\n\
        Content-Type: multipart/mixed; boundary=\"i\"\n\n--i\nContent-Type: text/plain\n\nCi-joint.\n\
        --i\nContent-Type: text/csv; name=\"lignes.csv\"\n\n\
        D\u{e9}signation;Qt\u{e9};PU HT;Montant HT\nPapier;10;4,50;45,00\nEncre;2;19,90;39,80\n--i--";
    let document_id = DocumentId::new();
    let extraction = process_with_id(document_id, forward(innermost, 0).as_bytes()).expect("read");
    assert_eq!(value(&extraction, "attachments")[0]["media_type"], "message/rfc822");
    let [child] = extraction.children.as_slice() else { panic!("one child") };
    assert_eq!(child.document_id, document_id.child(0));
    assert_eq!(child.filename, "attachment-1.eml");
    assert_eq!(child.extraction.class, DocClass::Email);
    assert_eq!(value(&child.extraction, "subject"), json!("Lignes de facture"));
    let [grandchild] = child.extraction.children.as_slice() else { panic!("one grandchild") };
    assert_eq!(grandchild.document_id, document_id.child(0).child(0));
    assert_eq!(grandchild.filename, "lignes.csv");
    assert_eq!(grandchild.extraction.source, Source::Spreadsheet);
    assert_eq!(grandchild.extraction.line_items.len(), 2);
}

#[test]
fn attachments_nested_deeper_than_the_limit_fail_as_children() {
    let max_nesting = pipeline().config().limits.max_nesting;
    let mut message = "From: bottom@x.example\nSubject: bottom\n\nThe bottom.".to_owned();
    for level in (0..=max_nesting).rev() {
        message = forward(&message, level);
    }
    let extraction = process(message.as_bytes());
    // Levels 1 to max_nesting are read; the attachment one level further is refused.
    let mut current: &Extraction = &extraction;
    for level in 1..=max_nesting {
        let child: &DocumentResult = current.children.first().unwrap_or_else(|| panic!("a child at level {level}"));
        assert_eq!(child.extraction.class, DocClass::Email, "level {level}");
        current = &child.extraction;
    }
    let too_deep = current.children.first().expect("the attachment past the limit is still a child");
    assert_eq!(too_deep.extraction.class, DocClass::Other);
    assert!(too_deep.extraction.needs_review);
    assert!(
        too_deep.extraction.review_reasons[0].starts_with(ErrorCode::NestingTooDeep.as_str()),
        "{:?}",
        too_deep.extraction.review_reasons
    );
    assert!(too_deep.extraction.children.is_empty());
}

#[test]
fn an_attachment_that_fails_does_not_fail_the_email() {
    let damaged = sample("spreadsheets/damaged.xlsx");
    let message = format!(
        "From: a@x.example\nContent-Type: multipart/mixed; boundary=\"m\"\n\n--m\nContent-Type: text/plain\n\nVoir.\n\
        --m\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"lignes.xlsx\"\n\
        Content-Transfer-Encoding: base64\n\n{}\n\
        --m\nContent-Type: application/octet-stream; name=\"vide.bin\"\n\n\n--m--\n",
        base64(&damaged)
    );
    let extraction = process(message.as_bytes());
    assert_eq!(extraction.class, DocClass::Email);
    assert_eq!(value(&extraction, "attachments")[0]["size"], json!(damaged.len()));
    let reasons: Vec<&str> =
        extraction.children.iter().map(|child| child.extraction.review_reasons[0].as_str()).collect();
    assert!(reasons[0].starts_with("corrupt_spreadsheet"), "{reasons:?}");
    assert!(reasons[1].starts_with("empty_document"), "{reasons:?}");
    assert!(extraction.children.iter().all(|child| child.extraction.class == DocClass::Other));
}

#[test]
fn raw_parameters_are_unfolded_and_unquoted() {
    let value = "application/pdf; name=\n\t\"=?iso-8859-1?Q?a_b.?=\n =?iso-8859-1?Q?pdf?=\"; size=12";
    assert_eq!(raw_parameter(value, "name").as_deref(), Some("=?iso-8859-1?Q?a_b.?= =?iso-8859-1?Q?pdf?="));
    assert_eq!(raw_parameter(value, "SIZE").as_deref(), Some("12"));
    assert_eq!(raw_parameter("text/plain; note=\"a; name=b\"", "name"), None);
}
