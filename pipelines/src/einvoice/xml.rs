//! Navigation in an e-invoice XML tree by local names, and provenance paths.
//!
//! CII exists in several generations whose element names differ only slightly
//! (ZUGFeRD 1.0 `ApplicableSupplyChainTradeAgreement`, CII D16B
//! `ApplicableHeaderTradeAgreement`), and whose namespace URIs and prefixes change
//! with every version. The readers therefore address elements by local name, with
//! `|`-separated alternatives per step, and ignore namespaces below the root: the root
//! element alone decides which syntax a document is in.

use roxmltree::Node;

/// Element children of `node` whose local name is one of the `|`-separated `names`.
pub fn children<'a, 'input: 'a>(node: Node<'a, 'input>, names: &'a str) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |child| child.is_element() && names.split('|').any(|name| name == child.tag_name().name()))
}

/// Every element reached from `node` by `path`: steps separated by `/`, each step a list
/// of alternative local names separated by `|`. Document order is kept.
pub fn select<'a, 'input: 'a>(node: Node<'a, 'input>, path: &'a str) -> Vec<Node<'a, 'input>> {
    let mut current = vec![node];
    for step in path.split('/') {
        current = current.into_iter().flat_map(|parent| children(parent, step)).collect();
        if current.is_empty() {
            break;
        }
    }
    current
}

/// The first element reached by `path`, whether or not it has text.
pub fn first<'a, 'input: 'a>(node: Node<'a, 'input>, path: &'a str) -> Option<Node<'a, 'input>> {
    select(node, path).into_iter().next()
}

/// An element together with its trimmed, non-empty text.
#[derive(Clone, Copy, Debug)]
pub struct Located<'a, 'input> {
    pub node: Node<'a, 'input>,
    pub text: &'a str,
}

/// The element's own text, trimmed; `None` when it is empty or only whitespace.
pub fn located<'a, 'input>(node: Node<'a, 'input>) -> Option<Located<'a, 'input>> {
    let text = node.text()?.trim();
    (!text.is_empty()).then_some(Located { node, text })
}

/// The first element reached by `path` that has text. Empty elements are skipped:
/// generators often write `<IBANID></IBANID>` for a value they do not have.
pub fn first_text<'a, 'input: 'a>(node: Node<'a, 'input>, path: &'a str) -> Option<Located<'a, 'input>> {
    select(node, path).into_iter().find_map(located)
}

/// The value of the attribute with local name `name`, trimmed.
pub fn attribute<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes().find(|attribute| attribute.name() == name).map(|attribute| attribute.value().trim())
}

/// The absolute path of an element with the prefixes declared in the document
/// (`/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID`), for provenance.
pub fn path_of(node: Node<'_, '_>) -> String {
    let mut steps: Vec<String> = node
        .ancestors()
        .filter(|ancestor| ancestor.is_element())
        .map(|element| {
            let tag = element.tag_name();
            let prefix = tag.namespace().and_then(|uri| element.lookup_prefix(uri)).filter(|prefix| !prefix.is_empty());
            match prefix {
                Some(prefix) => format!("{prefix}:{}", tag.name()),
                None => tag.name().to_owned(),
            }
        })
        .collect();
    steps.reverse();
    let mut path = String::new();
    for step in steps {
        path.push('/');
        path.push_str(&step);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<r:Root xmlns:r="urn:root" xmlns:a="urn:a" xmlns="urn:default">
        <a:One><a:Value>  </a:Value></a:One>
        <a:Two><a:Value> second </a:Value></a:Two>
        <Plain attr=" x ">text</Plain>
    </r:Root>"#;

    #[test]
    fn selects_by_local_name_with_alternatives_and_skips_empty_values() {
        let document = roxmltree::Document::parse(SAMPLE).expect("well-formed");
        let root = document.root_element();
        assert_eq!(select(root, "One|Two/Value").len(), 2);
        let found = first_text(root, "One|Two/Value").expect("the second value has text");
        assert_eq!(found.text, "second");
        assert_eq!(path_of(found.node), "/r:Root/a:Two/a:Value");
        let plain = first(root, "Plain").expect("present");
        assert_eq!(path_of(plain), "/r:Root/Plain");
        assert_eq!(attribute(plain, "attr"), Some("x"));
        assert!(first(root, "Missing/Value").is_none());
    }
}
