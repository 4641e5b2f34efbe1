//! Files embedded in a PDF: the `/EmbeddedFiles` name tree of the catalog and the
//! associated files (`/AF`) of PDF/A-3, where Factur-X and ZUGFeRD put their XML.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Deepest `/Kids` nesting followed in a name tree. Real trees are two or three levels
/// deep; the limit stops a crafted tree from recursing without end.
const MAX_NAME_TREE_DEPTH: usize = 32;

/// The names Factur-X, ZUGFeRD, XRechnung and Order-X give their XML, compared
/// without case (`ZUGFeRD-invoice.xml` and `zugferd-invoice.xml` both occur).
const E_INVOICE_FILE_NAMES: [&str; 4] = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml"];

/// One embedded file, decompressed.
#[derive(Debug)]
pub struct EmbeddedFile {
    /// The file name the PDF gives it (`/UF`, else `/F`, else its key in the name tree).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The embedded XML files that may hold an e-invoice, the standard names first, each
/// decompressed to at most `max_bytes`. Files that cannot be decompressed are skipped.
pub fn xml_candidates(document: &Document, max_bytes: usize) -> Vec<EmbeddedFile> {
    let mut file_specs = Vec::new();
    if let Ok(catalog) = document.catalog() {
        if let Ok(names) = catalog.get_deref(b"Names", document).and_then(Object::as_dict)
            && let Ok(tree) = names.get(b"EmbeddedFiles")
        {
            let mut visited = HashSet::new();
            collect_name_tree(document, tree, 0, &mut visited, &mut file_specs);
        }
        if let Ok(associated) = catalog.get_deref(b"AF", document).and_then(Object::as_array) {
            file_specs.extend(associated.iter().map(|spec| (None, spec)));
        }
    }

    let mut seen_streams = HashSet::new();
    let mut candidates: Vec<(usize, EmbeddedFile)> = Vec::new();
    for (key, spec) in file_specs {
        let Some((stream_id, file)) = read_file_spec(document, key, spec, max_bytes) else {
            continue;
        };
        // The same file is usually listed both in the name tree and in `/AF`.
        if !seen_streams.insert(stream_id) {
            continue;
        }
        let rank = if has_e_invoice_file_name(&file) {
            0
        } else if file.name.to_lowercase().ends_with(".xml") {
            1
        } else {
            continue;
        };
        candidates.push((rank, file));
    }
    // Stable: within a rank, the order of the PDF.
    candidates.sort_by_key(|(rank, _)| *rank);
    candidates.into_iter().map(|(_, file)| file).collect()
}

/// Whether the file has one of the names the e-invoice standards prescribe.
pub fn has_e_invoice_file_name(file: &EmbeddedFile) -> bool {
    E_INVOICE_FILE_NAMES.contains(&file.name.to_lowercase().as_str())
}

/// Walks a name tree node: `/Names` holds `[key value key value …]`, `/Kids` holds
/// further nodes.
fn collect_name_tree<'a>(
    document: &'a Document,
    node: &'a Object,
    depth: usize,
    visited: &mut HashSet<ObjectId>,
    out: &mut Vec<(Option<String>, &'a Object)>,
) {
    if depth > MAX_NAME_TREE_DEPTH {
        return;
    }
    if let Object::Reference(id) = node
        && !visited.insert(*id)
    {
        return;
    }
    let Ok((_, node)) = document.dereference(node) else {
        return;
    };
    let Ok(node) = node.as_dict() else {
        return;
    };
    if let Ok(pairs) = node.get_deref(b"Names", document).and_then(Object::as_array) {
        for pair in pairs.chunks(2) {
            if let [key, value] = pair {
                let key = lopdf::decode_text_string(key).ok();
                out.push((key, value));
            }
        }
    }
    if let Ok(kids) = node.get_deref(b"Kids", document).and_then(Object::as_array) {
        for kid in kids {
            collect_name_tree(document, kid, depth + 1, visited, out);
        }
    }
}

/// The name and decompressed content of a file specification (`/EF` → stream).
fn read_file_spec(
    document: &Document,
    key: Option<String>,
    spec: &Object,
    max_bytes: usize,
) -> Option<(ObjectId, EmbeddedFile)> {
    let (_, spec) = document.dereference(spec).ok()?;
    let spec: &Dictionary = spec.as_dict().ok()?;
    let name = [b"UF".as_slice(), b"F".as_slice()]
        .into_iter()
        .find_map(|entry| spec.get(entry).ok().and_then(|name| lopdf::decode_text_string(name).ok()))
        .filter(|name| !name.trim().is_empty())
        .or(key)
        .unwrap_or_default();
    let embedded = spec.get_deref(b"EF", document).and_then(Object::as_dict).ok()?;
    let stream_reference = embedded.get(b"UF").or_else(|_| embedded.get(b"F")).ok()?;
    let stream_id = stream_reference.as_reference().ok()?;
    let stream = document.get_object(stream_id).and_then(Object::as_stream).ok()?;
    let bytes = stream.get_plain_content_with_limit(max_bytes).ok()?;
    Some((stream_id, EmbeddedFile { name: base_name(&name).to_owned(), bytes }))
}

/// Some producers store a path (`C:\out\factur-x.xml`); the file name is its last part.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cut_to_file_names() {
        assert_eq!(base_name("factur-x.xml"), "factur-x.xml");
        assert_eq!(base_name("C:\\out\\ZUGFeRD-invoice.xml"), "ZUGFeRD-invoice.xml");
        assert_eq!(base_name("a/b/xrechnung.xml "), "xrechnung.xml");
    }
}
