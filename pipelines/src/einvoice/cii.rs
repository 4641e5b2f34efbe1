//! UN/CEFACT Cross Industry Invoice (CII), the syntax of Factur-X, ZUGFeRD 2 and
//! XRechnung-CII, mapped to EN 16931 business terms.
//!
//! The same reader handles ZUGFeRD 1.0 (`rsm:CrossIndustryDocument`) and the ZUGFeRD
//! drafts (`urn:un:unece:uncefact:data:standard:CBFBUY:5`): their trees have the same
//! shape under older element names, which the paths below list as `|` alternatives
//! (the CII D16B name first).

use liasse_core::{Amount, Extraction, LineItem, VatLine};
use roxmltree::Node;

use super::fields::{
    FieldWriter, amount_of, cii_date, collapse_whitespace, format_address, in_document_currency, per_unit,
};
use super::xml::{attribute, children, first, first_text, located, select};

const HEADER: &str = "ExchangedDocument|HeaderExchangedDocument";
const TRANSACTION: &str = "SupplyChainTradeTransaction|SpecifiedSupplyChainTradeTransaction";
const AGREEMENT: &str = "ApplicableHeaderTradeAgreement|ApplicableSupplyChainTradeAgreement";
const SETTLEMENT: &str = "ApplicableHeaderTradeSettlement|ApplicableSupplyChainTradeSettlement";
const MONETARY_SUMMATION: &str =
    "SpecifiedTradeSettlementHeaderMonetarySummation|SpecifiedTradeSettlementMonetarySummation";
const VAT_RATE: &str = "RateApplicablePercent|ApplicablePercent";
const LINE_VAT_RATE: &str = "ApplicableTradeTax/RateApplicablePercent|ApplicablePercent";

/// Whether `root` is a CII invoice of any generation: its document header sits
/// directly under the root.
pub fn is_cii(root: Node<'_, '_>) -> bool {
    let known_root = matches!(root.tag_name().name(), "CrossIndustryInvoice" | "CrossIndustryDocument" | "Invoice");
    known_root && children(root, HEADER).next().is_some()
}

/// Reads every EN 16931 field this crate reports from a CII tree into `extraction`.
pub fn read(root: Node<'_, '_>, extraction: &mut Extraction) {
    let header = first(root, HEADER);
    let transaction = first(root, TRANSACTION);
    let agreement = transaction.and_then(|transaction| first(transaction, AGREEMENT));
    let settlement = transaction.and_then(|transaction| first(transaction, SETTLEMENT));
    let currency = settlement.and_then(|settlement| first_text(settlement, "InvoiceCurrencyCode"));

    let mut writer = FieldWriter::new(extraction);
    if let Some(header) = header {
        writer.identifier("invoice_number", first_text(header, "ID"));
        writer.identifier("type_code", first_text(header, "TypeCode"));
        writer.date("issue_date", cii_date(first(header, "IssueDateTime")));
    }
    if let Some(agreement) = agreement {
        // BT-10 and BT-13. ZUGFeRD 1.0 writes the order number as `ID`, CII D16B as
        // `IssuerAssignedID`.
        writer.identifier("buyer_reference", first_text(agreement, "BuyerReference"));
        writer.identifier("order_reference", first_text(agreement, "BuyerOrderReferencedDocument/IssuerAssignedID|ID"));
        if let Some(seller) = first(agreement, "SellerTradeParty") {
            read_party(&mut writer, seller, "seller");
        }
        if let Some(buyer) = first(agreement, "BuyerTradeParty") {
            read_party(&mut writer, buyer, "buyer");
        }
    }
    if let Some(settlement) = settlement {
        writer.identifier("currency", currency);
        let terms_due_dates = select(settlement, "SpecifiedTradePaymentTerms/DueDateDateTime");
        writer.date("due_date", terms_due_dates.into_iter().find_map(|due| cii_date(Some(due))));
        // BT-84/BT-86: the payee's account only. A direct debit names the buyer's
        // account under `PayerPartyDebtorFinancialAccount` (BT-91), which is not where
        // money is to be paid.
        writer.iban(select(
            settlement,
            "SpecifiedTradeSettlementPaymentMeans/PayeePartyCreditorFinancialAccount/IBANID|ProprietaryID",
        ));
        writer.bic(select(
            settlement,
            "SpecifiedTradeSettlementPaymentMeans/PayeeSpecifiedCreditorFinancialInstitution/BICID",
        ));
        read_totals(&mut writer, settlement, currency.map(|currency| currency.text));
        extraction.vat_breakdown = read_vat_breakdown(settlement);
    }
    if let Some(transaction) = transaction {
        extraction.line_items =
            children(transaction, "IncludedSupplyChainTradeLineItem").filter_map(read_line).collect();
    }
}

/// Name (BT-27/BT-44), postal address, VAT id (BT-31/BT-48, tax registration with
/// scheme `VA`; `FC` is the national tax number) and legal registration (BT-30/BT-47).
fn read_party(writer: &mut FieldWriter<'_>, party: Node<'_, '_>, role: &str) {
    writer.text(&format!("{role}_name"), first_text(party, "Name"));
    let vat_id = select(party, "SpecifiedTaxRegistration/ID")
        .into_iter()
        .filter(|id| attribute(*id, "schemeID") == Some("VA"))
        .find_map(located);
    writer.identifier(&format!("{role}_vat_id"), vat_id);
    writer.identifier(&format!("{role}_legal_id"), first_text(party, "SpecifiedLegalOrganization/ID"));
    if role == "seller"
        && let Some(address) = first(party, "PostalTradeAddress")
    {
        let line = |name| first_text(address, name).map(|found| found.text).unwrap_or_default();
        let formatted = format_address(
            &[line("LineOne"), line("LineTwo"), line("LineThree")],
            first_text(address, "PostcodeCode").map(|found| found.text),
            first_text(address, "CityName").map(|found| found.text),
        );
        writer.composed_text("seller_address", formatted, address);
    }
}

/// BT-109, BT-110, BT-112 and BT-115. The VAT total may be given twice, in the invoice
/// currency and in the VAT accounting currency (BT-111); the result wants the former.
fn read_totals(writer: &mut FieldWriter<'_>, settlement: Node<'_, '_>, currency: Option<&str>) {
    let Some(summation) = first(settlement, MONETARY_SUMMATION) else {
        return;
    };
    writer.amount("total_excl_vat", first_text(summation, "TaxBasisTotalAmount"));
    writer.amount("total_vat", in_document_currency(select(summation, "TaxTotalAmount"), currency));
    writer.amount("total_incl_vat", first_text(summation, "GrandTotalAmount"));
    writer.amount("amount_due", first_text(summation, "DuePayableAmount"));
}

/// One line per `ApplicableTradeTax` of the header (BG-23): rate, basis, tax.
fn read_vat_breakdown(settlement: Node<'_, '_>) -> Vec<VatLine> {
    children(settlement, "ApplicableTradeTax")
        .filter_map(|tax| {
            let basis = amount_of(first_text(tax, "BasisAmount"))?;
            let tax_amount = amount_of(first_text(tax, "CalculatedAmount"))?;
            // Category O (outside the scope of VAT) has no rate: it is taxed at nothing.
            let rate = amount_of(first_text(tax, VAT_RATE)).unwrap_or(Amount::ZERO);
            Some(VatLine { rate, basis, tax: tax_amount })
        })
        .collect()
}

/// One invoice line (BG-25). Lines that carry only a note have no product and no
/// amount, and are skipped.
fn read_line(line: Node<'_, '_>) -> Option<LineItem> {
    let agreement = first(line, "SpecifiedLineTradeAgreement|SpecifiedSupplyChainTradeAgreement");
    let delivery = first(line, "SpecifiedLineTradeDelivery|SpecifiedSupplyChainTradeDelivery");
    let settlement = first(line, "SpecifiedLineTradeSettlement|SpecifiedSupplyChainTradeSettlement");
    let description = first_text(line, "SpecifiedTradeProduct/Name")
        .or_else(|| first_text(line, "SpecifiedTradeProduct/Description"))
        .map(|found| collapse_whitespace(found.text))
        .unwrap_or_default();
    let amount = settlement.and_then(|settlement| {
        amount_of(first_text(
            settlement,
            "SpecifiedTradeSettlementLineMonetarySummation|SpecifiedTradeSettlementMonetarySummation/LineTotalAmount",
        ))
    });
    if description.is_empty() && amount.is_none() {
        return None;
    }
    let unit_price = agreement.and_then(|agreement| {
        let price = first(agreement, "NetPriceProductTradePrice")?;
        let charge = amount_of(first_text(price, "ChargeAmount"))?;
        Some(per_unit(charge, amount_of(first_text(price, "BasisQuantity"))))
    });
    Some(LineItem {
        description,
        quantity: delivery.and_then(|delivery| amount_of(first_text(delivery, "BilledQuantity"))),
        unit_price,
        amount,
        vat_rate: settlement.and_then(|settlement| amount_of(first_text(settlement, LINE_VAT_RATE))),
    })
}
