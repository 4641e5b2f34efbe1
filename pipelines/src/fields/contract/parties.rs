//! The parties of a contract, as written: from the opening paragraph (`by and between
//! ACME, INC., a Delaware corporation ("Acme"), and John Smith ("Consultant")`), else
//! from the company names above the signature lines.
//!
//! In the opening paragraph each party is usually followed by the short name the
//! contract gives it, in parentheses and quotes; those parentheticals split the list.
//! Without them, the list is split at `and` and `;`. Either way a party's name is what
//! comes before its description (`, a Delaware corporation`, `having its principal
//! office`, `représentée par`).

use std::sync::LazyLock;

use regex::Regex;

use super::{Found, Opening};

/// A parenthetical that names a party: `("Acme")`, `(the “Company”)`,
/// `(hereinafter referred to as "Consultant")`, `(ci-après « le Client »)`.
static DEFINED_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        \(\s*[^()]{0,200}?["“”'‘’«»„][^()"“”«»„]{1,60}["“”'‘’«»][^()]{0,60}\)
        | ,?\s*(?:hereinafter|ci-après|nachfolgend)\s+(?:referred\s+to\s+as\s+|called\s+|dénommée?\s+|genannt\s+)?
          (?:the\s+|le\s+|la\s+|l['’])?["“«„][^"”»“]{1,60}["”»“]"#,
    )
    .expect("the pattern is valid")
});

/// Where a party's description starts, after its name.
static DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \s*\(
        | \s+(?:a|an)\s+(?:[A-Z][\w.-]*\s+)?(?:corporation|company|limited|general|public|private|individual|natural|banking|national|state|nonprofit|not-for-profit|business|professional|sole)\b
        | \s+(?:a|an)\s+(?:[A-Z][a-z]+\s+){0,2}(?:corporation|company|limited\s+liability|partnership|trust|association|bank|LLC|L\.?P\.?)\b
        | \s+(?:having|with\s+(?:its|a|their)?\s*(?:principal|registered|head)?\s*(?:place|office|offices|address)|whose|located|residing|domiciled|organi[sz]ed|incorporated|existing|acting|on\s+behalf\s+of|through\s+its)\b
        | \s+and\s+its\s+(?:affiliates|subsidiaries)\b
        | ,?\s+(?:société|SAS|SARL|SA)\s+(?:au\s+capital|par\s+actions|à\s+responsabilité)
        | ,?\s+(?:au\s+capital\s+de|immatriculée?|dont\s+le\s+siège|domicilié|représentée?\s+par|demeurant|né\s+le|née\s+le)\b
        | ,?\s+(?:mit\s+Sitz|vertreten\s+durch|eingetragen|wohnhaft)\b
        | ,\s*\d
        ",
    )
    .expect("the pattern is valid")
});

/// Legal forms that follow a comma inside a company name (`Acme, Inc.`).
static LEGAL_FORM_AFTER_COMMA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^,\s*(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Co|L\.?P|LLP|L\.L\.P|N\.?A|S\.?A|PLC|plc|GmbH|AG|B\.?V|N\.?V|S\.p\.A|SpA|SAS|SARL|AB|ASA|Pty|PC|P\.C|Jr|Sr|II|III)\b\.?",
    )
    .expect("the pattern is valid")
});

/// `and` between two parties, at any white space.
static AND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",?\s(?:and|et|und)\s").expect("the pattern is valid"));

/// A legal form anywhere in a name.
static LEGAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Inc|INC|Incorporated|LLC|L\.L\.C|Ltd|LTD|Limited|Corp|CORP|Corporation|CORPORATION|L\.P|LLP|PLC|plc|GmbH|AG|SAS|SARL|S\.A|N\.V|B\.V)\b")
        .expect("the pattern is valid")
});

/// A company name on a line of its own, as above a signature line.
static COMPANY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^[ \t]*(?P<name>[A-Z0-9][\w&.,' -]{1,80}?(?:\bInc|\bINC|\bLLC|\bL\.L\.C|\bLtd|\bLTD|\bLimited|\bLIMITED|\bCorporation|\bCORPORATION|\bCorp|\bCORP|\bCompany|\bCOMPANY|\bL\.P|\bLLP|\bPLC|\bplc|\bGmbH|\bAG|\bSAS|\bSARL|\bS\.A|\bN\.V|\bB\.V)\.?)[ \t]*:?[ \t]*$",
    )
    .expect("the pattern is valid")
});

/// The salutation of a letter: `Dear Ken:`, `Dear Mr. Smith,`, `Madame,`.
static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:Dear|Cher|Chère|Sehr\s+geehrte[rs]?)\s+[^\n]{1,60}[:,][ \t]*$")
        .expect("the pattern is valid")
});

/// The closing of a letter, before its signature block.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:Sincerely|Very\s+truly\s+yours|Yours\s+(?:truly|sincerely|faithfully)|Best\s+regards|Cordialement|Mit\s+freundlichen\s+Grüßen)\b")
        .expect("the pattern is valid")
});

static SIGNATURES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bIN\s+WITNESS\s+WHEREOF\b|\bEN\s+FOI\s+DE\s+QUOI\b|\bUnterschriften\b|\bVery\s+truly\s+yours\b|\bSincerely\b")
        .expect("the pattern is valid")
});

/// Words whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "no", "nos", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "plc", "bros", "ave",
    "blvd", "ste", "dept", "vs", "etc", "art", "sec",
];

/// Where the sentence that starts `text` ends: after a full stop followed by a capital,
/// unless the full stop ends an abbreviation (`Inc.`, `L.P.`) or an initial (`John Q.`).
pub(super) fn sentence_end(text: &str) -> Option<usize> {
    text.match_indices('.')
        .map(|(at, _)| at)
        .find(|&at| {
            let after = &text[at + 1..];
            let capital_follows = after.starts_with(char::is_whitespace)
                && after.trim_start().starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            let word =
                text[..at].rsplit(|c: char| c.is_whitespace() || matches!(c, ',' | '(')).next().unwrap_or_default();
            let abbreviation = word.chars().count() <= 1
                || word.contains('.')
                || ABBREVIATIONS.contains(&word.to_lowercase().as_str());
            capital_follows && !abbreviation
        })
        .map(|at| at + 1)
}

/// Names that are roles, not parties: placeholders in forms and pronouns.
const GENERIC_NAMES: &[&str] = &[
    "you",
    "company",
    "the company",
    "recipient",
    "the recipient",
    "discloser",
    "employee",
    "executive",
    "consultant",
    "the undersigned",
    "each party",
    "the parties",
    "party",
    "client",
    "le client",
    "la société",
];

const HONORIFICS: &[&str] =
    &["Mr. ", "Mrs. ", "Ms. ", "Dr. ", "Mr ", "Mrs ", "Ms ", "Dr ", "M. ", "Mme ", "Herr ", "Frau "];

/// The parties of a letter agreement (`Dear Ken:` before any opening paragraph), else
/// those named by the opening paragraph, else by the signature blocks.
pub fn parties(text: &str, opening: Option<&Opening>) -> Option<Found<Vec<String>>> {
    letter_salutation(text, opening)
        .and_then(|salutation| from_letter(text, salutation))
        .or_else(|| opening.and_then(|opening| from_opening(text, opening)))
        .or_else(|| from_signatures(text))
}

/// Where the salutation of a letter agreement starts: a `Dear …:` near the top that
/// comes before any opening paragraph (an opening after it describes another
/// agreement).
pub(super) fn letter_salutation(text: &str, opening: Option<&Opening>) -> Option<usize> {
    let salutation = SALUTATION.find(&text[..text.floor_char_boundary(3_000.min(text.len()))])?;
    opening.is_none_or(|opening| salutation.start() < opening.list_start).then_some(salutation.start())
}

/// Whether a party list gives its parties short names (`("Acme")`); the name of the
/// contract itself (`(this "Agreement")`) does not count.
pub(super) fn defines_terms(list: &str) -> bool {
    DEFINED_TERM.find_iter(list).any(|term| !names_the_contract(term.as_str()))
}

fn names_the_contract(term: &str) -> bool {
    let quoted = term.split(['"', '“', '”', '«', '»', '„']).nth(1).unwrap_or_default().to_lowercase();
    ["agreement", "amendment", "contract", "contrat", "vertrag", "vereinbarung", "nda"]
        .iter()
        .any(|word| quoted.ends_with(word))
}

fn from_opening(text: &str, opening: &Opening) -> Option<Found<Vec<String>>> {
    let list = &text[opening.list_start..opening.range.end];
    let list = &list[..sentence_end(list).unwrap_or(list.len())];
    let terms: Vec<_> = DEFINED_TERM.find_iter(list).collect();
    let segments: Vec<&str> = if terms.is_empty() {
        list.split(';').flat_map(|part| AND.split(part)).collect()
    } else {
        let mut start = 0;
        let mut segments = Vec::new();
        for term in &terms {
            segments.push(&list[start..term.start()]);
            start = term.end();
        }
        segments.push(&list[start..]);
        segments
    };
    let mut names: Vec<String> = Vec::new();
    for (segment_idx, segment) in segments.iter().enumerate() {
        let name = match terms.get(segment_idx) {
            None if terms.is_empty() => name_of(segment),
            // After the last short name, only `…, and John Smith.` is still the list.
            None => joined(segment).then(|| name_of(segment)).flatten(),
            Some(term) => group_name(segment, term.as_str()).or_else(|| name_in_segment(segment, segment_idx == 0)),
        };
        if let Some(name) = name
            && !names.iter().any(|known| known.eq_ignore_ascii_case(&name))
        {
            names.push(name);
        }
    }
    if names.is_empty() {
        return None;
    }
    let confidence = if terms.is_empty() { 0.6 } else { 0.8 };
    let end = opening.list_start + list.len();
    Some(Found { value: names, range: opening.range.start..end, confidence })
}

/// The name at the start of one segment of the party list.
fn name_of(segment: &str) -> Option<String> {
    let mut rest = segment.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'));
    // A lead-in before the first party: `the undersigned:`, `les soussignés :`.
    if let Some(colon) = rest.find(':').filter(|&colon| colon <= 40 && !rest[..colon].contains('(')) {
        rest = rest[colon + 1..].trim_start();
    }
    for lead in ["and/or ", "and ", "et ", "und ", "between ", "among ", "entre ", "zwischen "] {
        if let Some(stripped) = rest.strip_prefix(lead) {
            rest = stripped.trim_start();
        }
    }
    // An enumeration mark: `(1)`, `1.`, `(a)`.
    let enumeration = rest.find(|c: char| c.is_whitespace()).filter(|&at| {
        let mark = &rest[..at];
        at <= 4 && (mark.ends_with(')') || mark.ends_with('.')) && mark.chars().any(|c| c.is_ascii_alphanumeric())
    });
    if let Some(at) = enumeration {
        rest = rest[at..].trim_start();
    }
    for honorific in HONORIFICS {
        if let Some(stripped) = rest.strip_prefix(honorific) {
            rest = stripped;
        }
    }
    // `la société Dupont SAS`, `der Muster GmbH`, `the Regents of …` stay names without
    // their article.
    for article in
        ["la société ", "la societe ", "société ", "the ", "la ", "le ", "l'", "l’", "der ", "die ", "das ", "den "]
    {
        let head = rest
            .get(..article.len())
            .filter(|head| head.eq_ignore_ascii_case(article) || head.to_lowercase() == *article);
        if head.is_some() && rest[article.len()..].starts_with(char::is_uppercase) {
            rest = &rest[article.len()..];
        }
    }
    let end = description_start(rest);
    let name = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
    let name = name.trim_end_matches([',', ';', ':', ' ']).to_owned();
    plausible_name(&name).then_some(name)
}

/// The party at the start of a segment between two defined terms. The segment can also
/// begin with the rest of the previous party's description (`located at 1 Main Street,
/// Springfield, Beta LLC, located at …`); then the party is a later piece that follows
/// `and` or carries a legal form.
fn name_in_segment(segment: &str, first: bool) -> Option<String> {
    if (first || joined(segment))
        && let Some(name) = name_of(segment)
    {
        return Some(name);
    }
    let mut pieces: Vec<(usize, bool)> = segment.match_indices([',', ';']).map(|(at, _)| (at, false)).collect();
    pieces.extend(AND.find_iter(segment).map(|and| (and.start(), true)));
    pieces.sort_unstable();
    pieces.into_iter().find_map(|(at, after_and)| {
        let name = name_of(&segment[at..])?;
        (after_and || LEGAL_FORM.is_match(&name)).then_some(name)
    })
}

/// Whether a segment joins the party list: it starts with `and`, a comma or a semicolon.
fn joined(segment: &str) -> bool {
    let segment = segment.trim_start();
    segment.starts_with([',', ';']) || ["and ", "et ", "und "].iter().any(|joiner| segment.starts_with(joiner))
}

/// Several entities given one short name (`A, L.P., B, L.P. and C LLC (collectively,
/// the "Stilwell Group")`) are one party, known by that name.
fn group_name(segment: &str, term: &str) -> Option<String> {
    let collective = term.to_lowercase().contains("collectively");
    if !collective || LEGAL_FORM.find_iter(segment).count() < 3 {
        return None;
    }
    let quoted = term.split(['"', '“', '”', '«', '»', '„']).nth(1)?.trim();
    let name = quoted.strip_prefix("the ").unwrap_or(quoted).to_owned();
    plausible_name(&name).then_some(name)
}

/// Where the description of the party starts in `text` (its length when there is none):
/// the first description cue, or the first comma that does not introduce a legal form
/// (`Acme, Inc.` is one name).
fn description_start(text: &str) -> usize {
    let cue = DESCRIPTION.find(text).map_or(text.len(), |cue| cue.start());
    let mut from = 0;
    while from < cue {
        let Some(offset) = text[from..cue].find(',') else {
            break;
        };
        let comma = from + offset;
        match LEGAL_FORM_AFTER_COMMA.find(&text[comma..]) {
            Some(form) => from = comma + form.end(),
            None => return comma,
        }
    }
    cue.max(from.min(text.len()))
}

/// Small words that names may hold in lower case (`Bank of America`, `Société des Eaux`).
const NAME_JOINERS: &[&str] =
    &["of", "and", "the", "for", "de", "des", "du", "la", "le", "et", "und", "für", "der", "&"];

fn plausible_name(name: &str) -> bool {
    let n_words = name.split_whitespace().count();
    // A name is capitalised; a run of lower-case words is a sentence going on.
    let lower_case_words = name
        .split_whitespace()
        .filter(|word| word.starts_with(char::is_lowercase) && !NAME_JOINERS.contains(word))
        .count();
    let only_a_legal_form = LEGAL_FORM.replace_all(name, "").chars().filter(|c| c.is_alphabetic()).count() == 0;
    if lower_case_words > 1 || only_a_legal_form {
        return false;
    }
    let starts_well = name.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let placeholder = name.contains(['[', ']', '_', '•']);
    let generic = GENERIC_NAMES.iter().any(|generic| name.eq_ignore_ascii_case(generic));
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    starts_well && !placeholder && !generic && letters >= 2 && (1..=12).contains(&n_words) && name.len() <= 120
}

/// A letter agreement: the company that signs the closing and the addressee, the first
/// line above the salutation that reads as a person's name.
fn from_letter(text: &str, salutation: usize) -> Option<Found<Vec<String>>> {
    let header_start = text.floor_char_boundary(salutation.saturating_sub(600));
    let addressee =
        text[header_start..salutation].lines().rev().take(8).collect::<Vec<_>>().into_iter().rev().find_map(|line| {
            let mut name = line.trim();
            for honorific in HONORIFICS {
                name = name.strip_prefix(honorific).unwrap_or(name);
            }
            person_name(name).then(|| name.to_owned())
        });
    let company = CLOSING.find_at(text, salutation).and_then(|closing| {
        let end = text.floor_char_boundary((closing.end() + 300).min(text.len()));
        let captures = COMPANY_LINE.captures(&text[closing.end()..end])?;
        Some(captures.name("name")?.as_str().trim().to_owned())
    });
    let names: Vec<String> = company.into_iter().chain(addressee).collect();
    (names.len() == 2).then_some(Found { value: names, range: header_start..salutation, confidence: 0.6 })
}

/// Two to four capitalised words of letters (initials allowed), nothing else.
fn person_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|word| {
            word.starts_with(|c: char| c.is_uppercase())
                && word.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '-'))
        })
        && !LEGAL_FORM.is_match(text)
}

/// Company names on lines of their own after `IN WITNESS WHEREOF` (or a letter's
/// closing): the signature blocks.
fn from_signatures(text: &str) -> Option<Found<Vec<String>>> {
    let start = SIGNATURES.find(text)?.start();
    let end = text.floor_char_boundary((start + 3_000).min(text.len()));
    let block = &text[start..end];
    let mut names: Vec<String> = Vec::new();
    for captures in COMPANY_LINE.captures_iter(block) {
        let Some(name) = captures.name("name") else {
            continue;
        };
        let name = name.as_str().trim().to_owned();
        if plausible_name(&name) && !names.iter().any(|known| known.eq_ignore_ascii_case(&name)) {
            names.push(name);
        }
    }
    (!names.is_empty()).then(|| Found { value: names, range: start..end.min(start + 200), confidence: 0.5 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let list_start = super::super::BETWEEN.find(text).map_or(0, |between| between.end());
        let opening = Opening { range: 0..text.len(), list_start };
        parties(text, Some(&opening)).map(|found| found.value).unwrap_or_default()
    }

    #[test]
    fn defined_terms_split_the_list() {
        let text = "This Agreement is made by and between ACME TECHNOLOGIES, INC., a Delaware corporation having its \
                    principal place of business at 1 Main Street (\"Acme\"), and Blue River Labs LLC, a Colorado \
                    limited liability company (“Blue”). Acme and Blue are parties to other agreements.";
        assert_eq!(names(text), ["ACME TECHNOLOGIES, INC.", "Blue River Labs LLC"]);
    }

    #[test]
    fn persons_and_companies_without_defined_terms() {
        let text = "Agreement entered into between Northwind Traders Corp., a Nevada corporation, and Mr. John Q. \
                    Public, an individual residing in Boston. The parties agree as follows.";
        assert_eq!(names(text), ["Northwind Traders Corp.", "John Q. Public"]);
    }

    #[test]
    fn french_and_german_openings() {
        let text = "Le présent contrat est conclu entre la société Dupont Conseil SAS, au capital de 10 000 euros, \
                    représentée par M. Paul Durand (ci-après « le Prestataire »), et Martin Industrie SARL, dont le \
                    siège est à Lyon (ci-après « le Client »). IL A ÉTÉ CONVENU CE QUI SUIT";
        assert_eq!(names(text), ["Dupont Conseil SAS", "Martin Industrie SARL"]);
        let text = "Vertrag zwischen der Muster GmbH, vertreten durch Herrn Max Muster (nachfolgend „Auftraggeber“) und \
                    der Beispiel AG, mit Sitz in Köln (nachfolgend „Auftragnehmer“).";
        assert_eq!(names(text), ["Muster GmbH", "Beispiel AG"]);
    }

    #[test]
    fn placeholders_and_roles_are_not_parties() {
        let text = "This Agreement is between [_________] (\"Recipient\") and Georgia Widget Corporation (\"GWC\").";
        assert_eq!(names(text), ["Georgia Widget Corporation"]);
    }

    #[test]
    fn signature_blocks_when_there_is_no_opening() {
        let text = "1. Terms.\nIN WITNESS WHEREOF, the parties have signed.\nNORTHWIND TRADERS, INC.\nBy: /s/ Jane Roe\n\
                    Name: Jane Roe\nBlue River Labs LLC\nBy: /s/ John Doe";
        let found = parties(text, None).expect("found");
        assert_eq!(found.value, ["NORTHWIND TRADERS, INC.", "Blue River Labs LLC"]);
        assert_eq!(found.confidence, 0.5);
    }
}
