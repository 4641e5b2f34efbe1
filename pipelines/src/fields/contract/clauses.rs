//! Clauses found anywhere in a contract: the governing law (`jurisdiction`), the term,
//! the termination notice and the contract value. Each finder returns the value, the
//! byte range of the fragment it was read from and a confidence that reflects how
//! explicit the wording was.

use std::ops::Range;
use std::sync::LazyLock;

use liasse_core::Amount;
use regex::Regex;

use super::{Found, sentence_around};

/// US states and the places English-language contracts most often choose, longest
/// first so that `New York` is not read as `York` and `England and Wales` not as
/// `England`.
const PLACES: &[&str] = &[
    "England and Wales",
    "District of Columbia",
    "British Virgin Islands",
    "Cayman Islands",
    "Hong Kong",
    "North Carolina",
    "South Carolina",
    "North Dakota",
    "South Dakota",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "Rhode Island",
    "West Virginia",
    "British Columbia",
    "Northern Ireland",
    "Puerto Rico",
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "Wisconsin",
    "Wyoming",
    "Ontario",
    "Quebec",
    "Alberta",
    "England",
    "Scotland",
    "Ireland",
    "France",
    "Germany",
    "Switzerland",
    "Luxembourg",
    "Belgium",
    "Netherlands",
    "Spain",
    "Italy",
    "Portugal",
    "Austria",
    "Sweden",
    "Denmark",
    "Norway",
    "Finland",
    "Israel",
    "Japan",
    "Singapore",
    "China",
    "India",
    "Canada",
    "Australia",
    "Bermuda",
    "Monaco",
    "United Kingdom",
    "United States",
];

/// `laws of [the] [State of] <place>`, in English.
static LAWS_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\blaws?\s+(?:in\s+force\s+in\s+|of\s+)(?:the\s+)?(?:(?:state|commonwealth|province|republic|kingdom)\s+of\s+)?")
        .expect("the pattern is valid")
});

/// Words before `laws of` that make it a governing-law clause.
static GOVERNING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:govern(?:ed|s|ing)?|constru(?:ed|e)|interpret(?:ed)?|enforced|choice\s+of\s+law)\b")
        .expect("the pattern is valid")
});

/// Words before `laws of` that describe a party, not the contract.
static INCORPORATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:organi[sz]ed|incorporated|existing|formed|chartered|registered)\b[^.;]{0,40}$")
        .expect("the pattern is valid")
});

/// French and German governing-law clauses, which name the law by its adjective.
static NATIONAL_LAW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?:régie?s?|soumise?s?|gouvernée?s?|interprétée?s?|applicable|s'applique)\b[^.;]{0,80}?
           \b(?:droit|loi)\s+(?P<fr>français|française|belge|suisse|luxembourgeois(?:e)?|allemand(?:e)?|anglais(?:e)?|espagnol(?:e)?|italien(?:ne)?|monégasque)
        | \b(?:unterliegt|unterliegen|gilt|gelten|anwendbar|Anwendung)\b[^.;]{0,80}?
           (?:\b(?P<de>deutsche[mns]?|schweizerische[mns]?|österreichische[mns]?|französische[mns]?|luxemburgische[mns]?)\s+Recht
             | Recht\s+der\s+(?P<de_state>Bundesrepublik\s+Deutschland|Schweiz|Republik\s+Österreich))",
    )
    .expect("the pattern is valid")
});

/// A duration: `three (3) years`, `12 months`, `two-year`, `trois (3) ans`, `drei Monate`.
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b(?P<count>\d{1,3}|[a-zäöüßéèà]+(?:-[a-zäöüßéèà]+){0,2})
        \s*(?:\(\s*(?P<digits>\d{1,3})\s*\)\s*)?[-\s]?
        (?P<unit>years?|months?|weeks?|days?|années?|ans?|mois|semaines?|jours?|jahre?n?|monate?n?|wochen?|tage?n?)\b",
    )
    .expect("the pattern is valid")
});

/// `the second anniversary`, `the 3rd anniversary`.
static ANNIVERSARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))\s+anniversary\b")
        .expect("the pattern is valid")
});

/// Sentences that state how long the contract itself lasts.
static TERM_OF_CONTRACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \bterm\s+of\s+this\b | (?:\b|\d)this\s+(?:\w+\s+){0,3}agreement\s+(?:shall|will|is\s+to)\s+(?:\w+\s+){0,2}(?:remain|continue|terminate|expire|be\s+in\s+effect)
        | \b(?:initial|agreement)\s+term\b | \bterm\s+of\s+(?:the|this)\s+(?:\w+\s+){0,2}agreement\b | \bdurée\b | \bconclu\s+pour\b | \bLaufzeit\b | \bfür\s+die\s+Dauer\b | \bDauer\s+von\b",
    )
    .expect("the pattern is valid")
});

/// Words right before a duration that make it a delay or a notice, not a term.
static NOT_A_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:within|notice|prior|before|no\s+later\s+than|at\s+least|préavis|dans\s+un\s+délai|innerhalb|Frist)\b[^.;]{0,30}$")
        .expect("the pattern is valid")
});

static NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:notice|notification|préavis|Kündigungsfrist|Frist)\b").expect("the pattern is valid")
});

static TERMINATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:terminat\w*|résili\w*|résiliation|kündig\w*)").expect("the pattern is valid")
});

/// An amount stated as what the contract is worth, in English, French or German, and
/// the amount itself (currency before or after, optionally in millions).
static CONTRACT_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?: \b(?:total|aggregate|contract|overall)\s+(?:contract\s+)?(?:price|value|amount|consideration|fees?)\b
          | \b(?:montant|prix)\s+(?:total|global|forfaitaire)\b
          | \b(?:Gesamtpreis|Gesamtbetrag|Vertragswert|Gesamtvergütung)\b )
        [^.;$€£\d]{0,40}?
        (?: (?:(?:US\s?)?\$|USD|EUR|€|£|GBP|CHF)\s?(?P<before>\d[\d,.']*(?:\s\d{3})*)(?:\s*(?P<scale_before>million|billion|Mio\b))?
          | (?P<after>\d[\d,.']*(?:\s\d{3})*)(?:\s*(?P<scale_after>millions?|Mio\b))?\s*(?:€|(?:EUR|euros?|USD|dollars|CHF|Euro)\b) )",
    )
    .expect("the pattern is valid")
});

/// The governing law: a US state or a country, as `Delaware`, `New York`, `France`.
pub fn jurisdiction(text: &str) -> Option<Found<String>> {
    let mut best: Option<Found<String>> = None;
    for laws in LAWS_OF.find_iter(text) {
        let before = &text[text.floor_char_boundary(laws.start().saturating_sub(250))..laws.start()];
        if INCORPORATION.is_match(before) {
            continue;
        }
        let Some(place) = place_at(&text[laws.end()..]) else {
            continue;
        };
        let place = place.split_whitespace().collect::<Vec<_>>().join(" ");
        let place_end = laws.end() + starts_with_words(&text[laws.end()..], &place).unwrap_or(0);
        let sentence = sentence_around(text, laws.range());
        let governing = GOVERNING.is_match(&text[sentence.start..laws.start()]);
        let confidence = if governing { 0.9 } else { 0.5 };
        let range = sentence.start.max(laws.start().saturating_sub(120))..place_end;
        let range = text.floor_char_boundary(range.start)..range.end;
        if best.as_ref().is_none_or(|found| found.confidence < confidence) {
            best = Some(Found { value: place, range, confidence });
        }
    }
    if best.as_ref().is_some_and(|found| found.confidence >= 0.9) {
        return best;
    }
    if let Some(captures) = NATIONAL_LAW.captures(text) {
        let adjective = ["fr", "de", "de_state"].iter().find_map(|name| captures.name(name)).map(|m| m.as_str());
        if let (Some(whole), Some(country)) = (captures.get(0), adjective.and_then(country_of_adjective)) {
            return Some(Found { value: country.to_owned(), range: whole.range(), confidence: 0.85 });
        }
    }
    best
}

/// The place named at the start of `text`: a known one, else up to four capitalised
/// words (`of` and `and` may join them).
fn place_at(text: &str) -> Option<&str> {
    for place in PLACES {
        let Some(end) = starts_with_words(text, place) else {
            continue;
        };
        // The US and the UK are federal: a state named in the same clause is the law.
        if matches!(*place, "United States" | "United Kingdom") {
            let rest = &text[end..text.floor_char_boundary(end + 80)];
            if let Some(state) = rest.find("State of").and_then(|at| place_at(rest[at + 8..].trim_start())) {
                return Some(state);
            }
        }
        return Some(place);
    }
    let mut end = 0;
    let mut offset = 0;
    for (n_words, token) in text.split_inclusive(char::is_whitespace).enumerate() {
        let word = token.trim_end().trim_end_matches(|c: char| !c.is_alphanumeric());
        let capitalised = word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() > 1;
        let joiner = n_words > 0 && matches!(word, "of" | "and");
        if n_words >= 4 || !(capitalised || joiner) {
            break;
        }
        if capitalised {
            end = offset + word.len();
        }
        if word.len() != token.trim_end().len() {
            break; // punctuation ends the name
        }
        offset += token.len();
    }
    (end > 0).then(|| &text[..end])
}

/// Where `text` ends its first words when they are `words` (case aside, any white
/// space between them, a whole word at the end).
fn starts_with_words(text: &str, words: &str) -> Option<usize> {
    let mut at = 0;
    for (word_idx, word) in words.split(' ').enumerate() {
        if word_idx > 0 {
            let gap = text[at..].len() - text[at..].trim_start().len();
            if gap == 0 {
                return None;
            }
            at += gap;
        }
        let head = text.get(at..at + word.len())?;
        if !head.eq_ignore_ascii_case(word) {
            return None;
        }
        at += word.len();
    }
    (!text[at..].starts_with(|c: char| c.is_alphanumeric())).then_some(at)
}

fn country_of_adjective(adjective: &str) -> Option<&'static str> {
    let adjective = adjective.to_lowercase();
    let stem = |prefixes: &[&str]| prefixes.iter().any(|prefix| adjective.starts_with(prefix));
    Some(match () {
        _ if stem(&["françai", "französisch"]) => "France",
        _ if stem(&["belge"]) => "Belgium",
        _ if stem(&["suisse", "schweiz"]) => "Switzerland",
        _ if stem(&["luxembourgeois", "luxemburgisch"]) => "Luxembourg",
        _ if stem(&["allemand", "deutsch", "bundesrepublik"]) => "Germany",
        _ if stem(&["anglais"]) => "England and Wales",
        _ if stem(&["espagnol"]) => "Spain",
        _ if stem(&["italien"]) => "Italy",
        _ if stem(&["monégasque"]) => "Monaco",
        _ if stem(&["österreich", "republik österreich"]) => "Austria",
        _ => return None,
    })
}

/// A duration as ISO 8601 (`P3Y`), with the byte range it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Duration {
    pub iso: String,
    pub range: Range<usize>,
}

/// Every duration in `text`, in order. `until the second anniversary of` counts as two
/// years.
pub fn durations(text: &str) -> Vec<Duration> {
    let anniversaries = ANNIVERSARY.captures_iter(text).filter_map(|captures| {
        let ordinal = captures.name("ordinal")?.as_str().to_lowercase();
        let digits: String = ordinal.chars().take_while(char::is_ascii_digit).collect();
        let years = match digits.parse::<u32>() {
            Ok(years) => years,
            Err(_) => ORDINALS.iter().position(|word| *word == ordinal)? as u32 + 1,
        };
        Some(Duration { iso: format!("P{years}Y"), range: captures.get(0)?.range() })
    });
    let mut found: Vec<Duration> = anniversaries.collect();
    found.extend(counted_durations(text));
    found.sort_by_key(|duration| duration.range.start);
    found
}

const ORDINALS: [&str; 10] =
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

fn counted_durations(text: &str) -> Vec<Duration> {
    DURATION
        .captures_iter(text)
        .filter_map(|captures| {
            let count = match captures.name("digits") {
                Some(digits) => digits.as_str().parse().ok()?,
                None => count_of(captures.name("count")?.as_str())?,
            };
            let unit = captures.name("unit")?.as_str().to_lowercase();
            let starts = |prefixes: &[&str]| prefixes.iter().any(|prefix| unit.starts_with(prefix));
            let designator = match () {
                _ if starts(&["year", "an", "jahr"]) => 'Y',
                _ if starts(&["mo"]) => 'M',
                _ if starts(&["week", "semaine", "woche"]) => 'W',
                _ => 'D',
            };
            let range = captures.get(0)?.range();
            (count > 0).then(|| Duration { iso: format!("P{count}{designator}"), range })
        })
        .collect()
}

/// How long the contract runs. A duration in a sentence about the term of the
/// agreement is the best evidence; `for a period of …` elsewhere (typically how long
/// confidentiality lasts) comes next. Delays and notices are never a term.
pub fn term(text: &str) -> Option<Found<String>> {
    let mut period_of: Option<Found<String>> = None;
    for duration in durations(text) {
        if matches!(duration.iso.chars().last(), Some('D' | 'W')) {
            continue;
        }
        let before = &text[text.floor_char_boundary(duration.range.start.saturating_sub(60))..duration.range.start];
        if NOT_A_TERM.is_match(before) {
            continue;
        }
        let sentence = sentence_around(text, duration.range.clone());
        if NOTICE.is_match(&text[sentence.clone()]) {
            continue;
        }
        if TERM_OF_CONTRACT.is_match(&text[sentence.clone()]) {
            return Some(Found { value: duration.iso, range: sentence, confidence: 0.75 });
        }
        let period = before.trim_end().to_lowercase();
        let stated_as_period =
            ["period of", "term of", "durée de", "dauer von", "pendant"].iter().any(|p| period.ends_with(p));
        if stated_as_period && period_of.is_none() {
            period_of = Some(Found { value: duration.iso, range: sentence, confidence: 0.55 });
        }
    }
    period_of
}

/// The notice a party must give to terminate: the duration next to `notice` in a
/// sentence about termination.
pub fn termination_notice(text: &str) -> Option<Found<String>> {
    durations(text).into_iter().find_map(|duration| {
        let sentence = sentence_around(text, duration.range.clone());
        let near = &text[text.floor_char_boundary(duration.range.start.saturating_sub(40))
            ..text.floor_char_boundary((duration.range.end + 40).min(text.len()))];
        let about_termination = TERMINATION.is_match(&text[sentence.clone()]);
        (about_termination && NOTICE.is_match(near)).then_some(Found {
            value: duration.iso,
            range: sentence,
            confidence: 0.7,
        })
    })
}

/// The amount the contract is worth, where it says so (`total contract price of
/// $150,000`, `montant total de 12 000 € HT`).
pub fn contract_value(text: &str) -> Option<Found<String>> {
    CONTRACT_VALUE.captures_iter(text).find_map(|captures| {
        let digits = captures.name("before").or(captures.name("after"))?.as_str();
        let mut amount = Amount::parse_human(digits.trim_end_matches(['.', ','])).ok()?.as_decimal();
        let scale = captures.name("scale_before").or(captures.name("scale_after")).map(|m| m.as_str().to_lowercase());
        if let Some(scale) = scale {
            let factor = if scale.starts_with("billion") { 1_000_000_000i64 } else { 1_000_000 };
            amount = amount.checked_mul(rust_decimal::Decimal::from(factor))?;
        }
        Some(Found {
            value: Amount::from_decimal(amount).to_string(),
            range: captures.get(0)?.range(),
            confidence: 0.6,
        })
    })
}

/// A number written in digits or in words (English, French, German): `36`, `three`,
/// `thirty-six`, `trois`, `vingt-quatre`, `drei`, `sechsunddreißig`.
fn count_of(text: &str) -> Option<u32> {
    if let Ok(number) = text.parse() {
        return Some(number);
    }
    let text = text.to_lowercase();
    if let Some(value) = word_value(&text) {
        return Some(value);
    }
    // `thirty-six`, `vingt-quatre`, `sechsunddreißig` (units first in German).
    if let Some((tens, units)) = text.split_once('-') {
        return Some(word_value(tens)? + word_value(units.trim_start_matches("et-"))?);
    }
    let (units, tens) = text.split_once("und")?;
    Some(word_value(tens)? + word_value(units)?)
}

fn word_value(word: &str) -> Option<u32> {
    const WORDS: &[(&[&str], u32)] = &[
        (&["a", "an", "one", "un", "une", "ein", "eine", "einem", "einen", "eines", "eins"], 1),
        (&["two", "deux", "zwei"], 2),
        (&["three", "trois", "drei"], 3),
        (&["four", "quatre", "vier"], 4),
        (&["five", "cinq", "fünf"], 5),
        (&["six", "sechs"], 6),
        (&["seven", "sept", "sieben"], 7),
        (&["eight", "huit", "acht"], 8),
        (&["nine", "neuf", "neun"], 9),
        (&["ten", "dix", "zehn"], 10),
        (&["eleven", "onze", "elf"], 11),
        (&["twelve", "douze", "zwölf"], 12),
        (&["thirteen", "treize"], 13),
        (&["fourteen", "quatorze"], 14),
        (&["fifteen", "quinze"], 15),
        (&["sixteen", "seize"], 16),
        (&["eighteen", "dix-huit", "achtzehn"], 18),
        (&["twenty", "vingt", "zwanzig"], 20),
        (&["thirty", "trente", "dreißig", "dreissig"], 30),
        (&["forty", "quarante", "vierzig"], 40),
        (&["fifty", "cinquante", "fünfzig"], 50),
        (&["sixty", "soixante", "sechzig"], 60),
        (&["ninety", "neunzig"], 90),
    ];
    WORDS.iter().find(|(words, _)| words.contains(&word)).map(|(_, value)| *value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(found: Option<Found<String>>) -> Option<String> {
        found.map(|found| found.value)
    }

    #[test]
    fn governing_law_names_the_state_or_country() {
        let clause = "This Agreement shall be governed by and construed in accordance with the laws of the State of \
                      New York, without regard to its conflict of laws principles.";
        let found = jurisdiction(clause).expect("found");
        assert_eq!((found.value.as_str(), found.confidence), ("New York", 0.9));
        assert!(clause[found.range.clone()].ends_with("New York"));
        assert_eq!(
            value(jurisdiction("governed by the laws of the Commonwealth of Massachusetts.")),
            Some("Massachusetts".into())
        );
        assert_eq!(
            value(jurisdiction("is governed by the laws of England and Wales.")),
            Some("England and Wales".into())
        );
        assert_eq!(
            value(jurisdiction("governed by the laws of the United States of America and the State of California")),
            Some("California".into())
        );
        assert_eq!(value(jurisdiction("construed under the laws of Ruritania, without")), Some("Ruritania".into()));
    }

    #[test]
    fn incorporation_is_not_governing_law() {
        let text = "Acme Inc., a corporation organized under the laws of Georgia (\"Acme\"). This Agreement is \
                    governed by the laws of the State of Delaware.";
        assert_eq!(value(jurisdiction(text)), Some("Delaware".into()));
        assert_eq!(value(jurisdiction("a company incorporated under the laws of Nevada")), None);
    }

    #[test]
    fn french_and_german_governing_law() {
        assert_eq!(value(jurisdiction("Le présent contrat est régi par le droit français.")), Some("France".into()));
        assert_eq!(value(jurisdiction("Le contrat est soumis à la loi belge.")), Some("Belgium".into()));
        assert_eq!(value(jurisdiction("Dieser Vertrag unterliegt deutschem Recht.")), Some("Germany".into()));
        assert_eq!(value(jurisdiction("Es gilt das Recht der Bundesrepublik Deutschland.")), Some("Germany".into()));
    }

    #[test]
    fn durations_in_words_and_digits() {
        let isos = |text: &str| durations(text).into_iter().map(|d| d.iso).collect::<Vec<_>>();
        assert_eq!(
            isos("three (3) years, 18 months, a two-year period, thirty-six (36) months"),
            ["P3Y", "P18M", "P2Y", "P36M"]
        );
        assert_eq!(isos("trois (3) ans, six mois, quinze jours"), ["P3Y", "P6M", "P15D"]);
        assert_eq!(isos("drei Jahre, 12 Monate, vierundzwanzig Monaten"), ["P3Y", "P12M", "P24M"]);
        assert_eq!(isos("thirty (30) days, many years"), ["P30D"]);
    }

    #[test]
    fn term_of_the_agreement() {
        let text = "Payment is due within thirty (30) days. This Agreement shall remain in effect for a period of \
                    three (3) years from the Effective Date.";
        let found = term(text).expect("found");
        assert_eq!((found.value.as_str(), found.confidence), ("P3Y", 0.75));
        assert_eq!(
            value(term("Recipient shall keep it confidential for a period of two (2) years.")),
            Some("P2Y".into())
        );
        assert_eq!(value(term("Either party may terminate upon six (6) months' prior written notice.")), None);
        assert_eq!(value(term("Le présent contrat est conclu pour une durée de trois (3) ans.")), Some("P3Y".into()));
        assert_eq!(value(term("Der Vertrag hat eine Laufzeit von 2 Jahren.")), Some("P2Y".into()));
    }

    #[test]
    fn notice_to_terminate() {
        assert_eq!(
            value(termination_notice(
                "Either party may terminate this Agreement upon thirty (30) days' written notice."
            )),
            Some("P30D".into())
        );
        assert_eq!(
            value(termination_notice("Chaque partie peut résilier le contrat moyennant un préavis de trois (3) mois.")),
            Some("P3M".into())
        );
        assert_eq!(value(termination_notice("The term is two (2) years.")), None);
    }

    #[test]
    fn stated_contract_value() {
        assert_eq!(
            value(contract_value("The total contract price of $150,000.00 is payable")),
            Some("150000.00".into())
        );
        assert_eq!(value(contract_value("pour un montant total de 12 000 € HT")), Some("12000.00".into()));
        assert_eq!(value(contract_value("an aggregate amount of up to $2.5 million")), Some("2500000.00".into()));
        assert_eq!(value(contract_value("the total amount of Confidential Information")), None);
    }
}
