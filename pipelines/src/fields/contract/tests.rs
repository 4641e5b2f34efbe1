//! The contract extractor on small contracts written for these tests, laid out as
//! pages of lines (the evaluation set is for measuring only).

use liasse_core::{DocClass, Extraction, Source};
use serde_json::json;

use super::extract;
use crate::fields::document_text::test_layout::layout;

fn extracted(pages: &[&str]) -> Extraction {
    let mut extraction = Extraction::new(DocClass::Contract, 1.0, Source::TextLayer);
    extract(&layout(pages), &mut extraction);
    extraction
}

fn value(extraction: &Extraction, name: &str) -> Option<serde_json::Value> {
    extraction.field(name).map(|field| field.value.clone())
}

const NDA: &str = "MUTUAL NONDISCLOSURE AGREEMENT
This Mutual Nondisclosure Agreement (this \"Agreement\") is made and entered into as of
March 3, 2005 (the \"Effective Date\") by and between NORTHWIND TRADERS, INC., a Delaware
corporation having its principal place of business at 1 Main Street, Springfield
(\"Northwind\"), and Blue River Labs LLC, a Colorado limited liability company (\"Blue\").
WHEREAS, the parties wish to explore a business relationship;
1. Term. This Agreement shall remain in effect for a period of three (3) years from the
Effective Date. Either party may terminate this Agreement upon thirty (30) days' prior
written notice to the other party.
2. Governing Law. This Agreement shall be governed by and construed in accordance with the
laws of the State of New York, without regard to conflict of laws principles.";

#[test]
fn an_english_nda() {
    let extraction = extracted(&[NDA]);
    assert_eq!(value(&extraction, "parties"), Some(json!(["NORTHWIND TRADERS, INC.", "Blue River Labs LLC"])));
    assert_eq!(value(&extraction, "effective_date"), Some(json!("2005-03-03")));
    assert_eq!(value(&extraction, "jurisdiction"), Some(json!("New York")));
    assert_eq!(value(&extraction, "term"), Some(json!("P3Y")));
    assert_eq!(value(&extraction, "termination_notice"), Some(json!("P30D")));
    assert_eq!(value(&extraction, "contract_value"), None, "not stated");

    let jurisdiction = extraction.field("jurisdiction").expect("present");
    assert_eq!(jurisdiction.confidence, 0.9);
    assert_eq!(jurisdiction.provenance.page, Some(1));
    let text = jurisdiction.provenance.text.as_deref().unwrap_or_default();
    assert!(text.ends_with("laws of the State of New York"), "{text}");
    let bbox = jurisdiction.provenance.bbox.expect("a box");
    assert_eq!(bbox[1], 72.0 + 12.0 * 9.0, "starts on the line of `governed by`");
    let effective = extraction.field("effective_date").expect("present");
    assert_eq!(effective.confidence, 0.9);
    assert!(effective.provenance.text.as_deref().is_some_and(|text| text.chars().count() <= 201));
}

#[test]
fn made_this_day_of() {
    let extraction =
        extracted(&["CONSULTING AGREEMENT\nThis Consulting Agreement is made and entered into this 12th day of \
         January, 2004, by and between Acme Widgets Corp. (\"Acme\") and Jane Q. Doe (\"Consultant\").\n\
         The total contract price of $150,000 shall be paid in three installments."]);
    assert_eq!(value(&extraction, "effective_date"), Some(json!("2004-01-12")));
    assert_eq!(extraction.field("effective_date").map(|field| field.confidence), Some(0.8));
    assert_eq!(value(&extraction, "parties"), Some(json!(["Acme Widgets Corp.", "Jane Q. Doe"])));
    assert_eq!(value(&extraction, "contract_value"), Some(json!("150000.00")));
    assert_eq!(value(&extraction, "jurisdiction"), None);
}

#[test]
fn a_french_contract() {
    let extraction = extracted(&[
        "CONTRAT DE PRESTATION DE SERVICES\nEntre les soussignés : la société Dupont Conseil SAS, au capital de \
         10 000 euros, représentée par M. Paul Durand (ci-après « le Prestataire »), et Martin Industrie SARL \
         (ci-après « le Client »).\nIL A ÉTÉ CONVENU CE QUI SUIT\nArticle 1. Le présent contrat est conclu pour une \
         durée de trois (3) ans à compter du 1er janvier 2021. Chaque partie peut le résilier moyennant un préavis \
         de trois (3) mois.",
        "Article 9. Le présent contrat est régi par le droit français.\nFait à Paris, le 15 décembre 2020.",
    ]);
    assert_eq!(value(&extraction, "parties"), Some(json!(["Dupont Conseil SAS", "Martin Industrie SARL"])));
    assert_eq!(value(&extraction, "term"), Some(json!("P3Y")));
    assert_eq!(value(&extraction, "termination_notice"), Some(json!("P3M")));
    assert_eq!(value(&extraction, "jurisdiction"), Some(json!("France")));
    assert_eq!(extraction.field("jurisdiction").and_then(|field| field.provenance.page), Some(2));
}

#[test]
fn nothing_stated_nothing_extracted() {
    let extraction = extracted(&["Meeting notes\nWe discussed the roadmap."]);
    assert!(extraction.fields.is_empty(), "{:?}", extraction.fields.keys().collect::<Vec<_>>());
    assert!(extracted(&[]).fields.is_empty());
}

#[test]
fn a_title_that_names_the_parties_is_not_the_opening() {
    let extraction = extracted(&[
        "SUPPLY AGREEMENT BY AND BETWEEN ACME AND BETA\nSUPPLY AGREEMENT\nThis Supply Agreement \
         (\"Agreement\") is entered into as of June 1, 2020 between ACME CORP., located at 1 Main Street, Springfield \
         (\"Acme\"), and Beta Industries Ltd., with a principal place of business at 5 High Street, London (\"Beta\").\n\
         This Agreement shall continue until the second anniversary of the Effective Date.",
    ]);
    assert_eq!(value(&extraction, "parties"), Some(json!(["ACME CORP.", "Beta Industries Ltd."])));
    assert_eq!(value(&extraction, "effective_date"), Some(json!("2020-06-01")));
    assert_eq!(value(&extraction, "term"), Some(json!("P2Y")));
}

#[test]
fn a_group_of_entities_with_one_short_name_is_one_party() {
    let extraction = extracted(&["SETTLEMENT AGREEMENT\nThis Agreement is made by and among Gamma Bank, Inc. (the \
         \"Company\"), Delta Fund I, L.P., Delta Fund II, L.P., Delta Advisers LLC and John Delta (collectively, the \
         \"Delta Group\") and Jane Roe (\"Roe\")."]);
    assert_eq!(value(&extraction, "parties"), Some(json!(["Gamma Bank, Inc.", "Delta Group", "Jane Roe"])));
}

#[test]
fn a_letter_agreement_is_between_its_signatory_and_its_addressee() {
    let extraction = extracted(&[
        "January 5, 2010\nMary J. Smith\n12 Elm Street\nBoston, MA 02110\nDear Mary:\nThis letter agreement sets out \
         the terms of your separation, as described in the Merger Agreement dated as of December 1, 2009, by and \
         among Omega Corp. (\"Omega\") and Sigma LLC (\"Sigma\").\nSincerely,\nOMEGA CORP.\n/s/ John Roe",
    ]);
    assert_eq!(value(&extraction, "parties"), Some(json!(["OMEGA CORP.", "Mary J. Smith"])));
    assert_eq!(value(&extraction, "effective_date"), Some(json!("2010-01-05")));
}

#[test]
fn an_undated_opening_takes_the_last_signature_date() {
    let extraction = extracted(&[
        "NONDISCLOSURE AGREEMENT\nThis Agreement, by and between Acme, Inc. (\"Acme\") and Beta LLC (\"Beta\"), is \
         dated as of the latest date set forth on the signature page hereto.\n1. Confidentiality.",
        "IN WITNESS WHEREOF, the parties have signed this Agreement.\nACME, INC.\nBy: /s/ A. Roe\nDate: 3/2/12\n\
         BETA LLC\nBy: /s/ B. Doe\nDate: March 9, 2012",
    ]);
    assert_eq!(value(&extraction, "effective_date"), Some(json!("2012-03-09")));
    let effective = extraction.field("effective_date").expect("present");
    assert_eq!((effective.confidence, effective.provenance.page), (0.7, Some(2)));
}
