//! Language of a document's text (ISO 639-1), from its most frequent short words and,
//! for non-Latin scripts, from the script. Cheap and deterministic: enough to pick
//! date formats and to report `language`; not a general language identifier.

/// Stop words per language: frequent, short and rarely shared between these languages.
const STOP_WORDS: &[(&str, &[&str])] = &[
    (
        "fr",
        &[
            "le", "la", "les", "des", "du", "et", "est", "pour", "une", "dans", "sur", "au", "aux", "avec", "par",
            "vous", "nous", "pas", "ce", "qui", "que", "facture", "montant", "date",
        ],
    ),
    (
        "en",
        &[
            "the", "and", "of", "to", "for", "is", "in", "on", "with", "this", "that", "by", "be", "are", "or", "as",
            "at", "from", "invoice", "total", "any", "shall",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "ist", "mit", "für", "von", "zu", "den", "im", "auf", "des", "dem", "nicht",
            "sie", "wir", "rechnung", "betrag", "bitte",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "voor", "met", "op", "is", "niet", "zijn", "aan", "bij", "uw", "wij",
            "factuur", "bedrag",
        ],
    ),
    ("es", &["el", "los", "las", "del", "y", "para", "con", "por", "una", "es", "su", "factura", "importe"]),
    ("it", &["il", "di", "che", "della", "per", "con", "una", "sono", "gli", "fattura", "importo"]),
    ("pl", &["i", "w", "na", "z", "do", "się", "nie", "jest", "faktura", "kwota", "oraz", "dla"]),
    ("pt", &["o", "os", "da", "do", "em", "um", "uma", "não", "para", "fatura", "com"]),
];

/// Fewer recognised words than this and the text is too short to tell.
const MIN_HITS: usize = 3;

/// The ISO 639-1 code of the main language of `text`, or `None` when it cannot be told.
pub fn detect(text: &str) -> Option<&'static str> {
    if let Some(script) = detect_script(text) {
        return Some(script);
    }
    let mut counts = vec![0usize; STOP_WORDS.len()];
    for word in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).take(20_000) {
        let word = word.to_lowercase();
        for (index, (_, words)) in STOP_WORDS.iter().enumerate() {
            if words.contains(&word.as_str()) {
                counts[index] += 1;
            }
        }
    }
    let (best, &hits) = counts.iter().enumerate().max_by_key(|(index, count)| (**count, std::cmp::Reverse(*index)))?;
    (hits >= MIN_HITS).then_some(STOP_WORDS[best].0)
}

/// Scripts that name their language outright (Hebrew, Japanese kana, Greek, Cyrillic is
/// left out: several languages share it).
fn detect_script(text: &str) -> Option<&'static str> {
    let mut letters = 0usize;
    let mut hebrew = 0usize;
    let mut kana = 0usize;
    let mut greek = 0usize;
    for c in text.chars().filter(|c| c.is_alphabetic()).take(20_000) {
        letters += 1;
        match c {
            '\u{0590}'..='\u{05FF}' => hebrew += 1,
            '\u{3040}'..='\u{30FF}' => kana += 1,
            '\u{0370}'..='\u{03FF}' => greek += 1,
            _ => {}
        }
    }
    let share = |n: usize| letters > 0 && n * 3 >= letters;
    if share(hebrew) {
        Some("he")
    } else if kana > 0 && kana * 10 >= letters {
        Some("ja")
    } else if share(greek) {
        Some("el")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn european_languages() {
        assert_eq!(detect("Facture n° 42 : le montant total de la prestation est dû dans les 30 jours."), Some("fr"));
        assert_eq!(
            detect("This invoice is due within 30 days of the date of issue and is payable by transfer."),
            Some("en")
        );
        assert_eq!(detect("Die Rechnung ist innerhalb von 30 Tagen zu zahlen, bitte mit der Nummer."), Some("de"));
        assert_eq!(
            detect("Het bedrag van de factuur moet binnen 30 dagen worden betaald voor uw bestelling."),
            Some("nl")
        );
    }

    #[test]
    fn scripts_and_short_texts() {
        assert_eq!(detect("מענה אני לא נמצא במשרד"), Some("he"));
        assert_eq!(detect("お問い合わせありがとうございます"), Some("ja"));
        assert_eq!(detect("12/03/2024 4 250,00"), None);
        assert_eq!(detect(""), None);
    }
}
