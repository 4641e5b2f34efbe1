//! OASIS UBL 2.1 `Invoice` and `CreditNote` (Peppol BIS, XRechnung-UBL), mapped to
//! EN 16931 business terms as in the CEN/TS 16931-3-2 syntax binding.

use liasse_core::{Amount, Extraction, LineItem, VatLine};
use roxmltree::Node;

use super::fields::{FieldWriter, amount_of, collapse_whitespace, format_address, in_document_currency, per_unit};
use super::xml::{Located, children, first, first_text, located, select};

const INVOICE_NAMESPACE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const CREDIT_NOTE_NAMESPACE: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

/// The two UBL documents that carry an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UblKind {
    Invoice,
    CreditNote,
}

/// Which UBL document `root` is, by its name and namespace. The namespace matters:
/// the ZUGFeRD drafts also have a root called `Invoice`.
pub fn ubl_kind(root: Node<'_, '_>) -> Option<UblKind> {
    match (root.tag_name().name(), root.tag_name().namespace()) {
        ("Invoice", Some(INVOICE_NAMESPACE)) => Some(UblKind::Invoice),
        ("CreditNote", Some(CREDIT_NOTE_NAMESPACE)) => Some(UblKind::CreditNote),
        _ => None,
    }
}

/// Reads every EN 16931 field this crate reports from a UBL tree into `extraction`.
pub fn read(root: Node<'_, '_>, extraction: &mut Extraction) {
    let currency = first_text(root, "DocumentCurrencyCode");
    let mut writer = FieldWriter::new(extraction);
    writer.identifier("invoice_number", first_text(root, "ID"));
    writer.identifier("type_code", first_text(root, "InvoiceTypeCode|CreditNoteTypeCode"));
    writer.date("issue_date", first_text(root, "IssueDate").map(|found| (found, None)));
    // BT-9 is `cbc:DueDate` in an Invoice; a CreditNote has none and carries it per
    // payment means instead.
    let due_date = first_text(root, "DueDate").or_else(|| first_text(root, "PaymentMeans/PaymentDueDate"));
    writer.date("due_date", due_date.map(|found| (found, None)));
    writer.identifier("currency", currency);
    writer.identifier("buyer_reference", first_text(root, "BuyerReference"));
    writer.identifier("order_reference", first_text(root, "OrderReference/ID"));
    if let Some(seller) = first(root, "AccountingSupplierParty/Party") {
        read_party(&mut writer, seller, "seller");
    }
    if let Some(buyer) = first(root, "AccountingCustomerParty/Party") {
        read_party(&mut writer, buyer, "buyer");
    }
    // BT-84/BT-86: the payee's account. A direct debit names the buyer's account under
    // `PaymentMandate/PayerFinancialAccount` (BT-91), which is not where money goes.
    writer.iban(select(root, "PaymentMeans/PayeeFinancialAccount/ID"));
    writer.bic(select(root, "PaymentMeans/PayeeFinancialAccount/FinancialInstitutionBranch/ID"));

    let currency_code = currency.map(|found| found.text);
    let tax_total = document_currency_tax_total(root, currency_code);
    if let Some(totals) = first(root, "LegalMonetaryTotal") {
        writer.amount("total_excl_vat", first_text(totals, "TaxExclusiveAmount"));
        writer.amount("total_incl_vat", first_text(totals, "TaxInclusiveAmount"));
        writer.amount("amount_due", first_text(totals, "PayableAmount"));
    }
    writer.amount("total_vat", tax_total.map(|(_, amount)| amount));

    extraction.vat_breakdown = tax_total.map(|(total, _)| read_vat_breakdown(total)).unwrap_or_default();
    extraction.line_items = children(root, "InvoiceLine|CreditNoteLine").map(read_line).collect();
}

/// The `cac:TaxTotal` in the document currency and its amount (BT-110). A second
/// `TaxTotal` may give the VAT in the accounting currency (BT-111), without subtotals.
fn document_currency_tax_total<'a, 'input: 'a>(
    root: Node<'a, 'input>,
    currency: Option<&str>,
) -> Option<(Node<'a, 'input>, Located<'a, 'input>)> {
    let amounts: Vec<Node<'a, 'input>> = select(root, "TaxTotal/TaxAmount");
    let chosen = in_document_currency(amounts, currency)?;
    let total = chosen.node.parent_element()?;
    Some((total, chosen))
}

/// Name (BT-27/BT-44: the legal registration name, else the trading name), postal
/// address, VAT id (BT-31/BT-48: `PartyTaxScheme` of scheme `VAT` only, since other
/// schemes hold national tax numbers) and legal registration (BT-30/BT-47).
fn read_party(writer: &mut FieldWriter<'_>, party: Node<'_, '_>, role: &str) {
    let name = first_text(party, "PartyLegalEntity/RegistrationName").or_else(|| first_text(party, "PartyName/Name"));
    writer.text(&format!("{role}_name"), name);
    let vat_id = children(party, "PartyTaxScheme")
        .filter(|scheme| first_text(*scheme, "TaxScheme/ID").is_some_and(|id| id.text == "VAT"))
        .find_map(|scheme| first_text(scheme, "CompanyID"));
    writer.identifier(&format!("{role}_vat_id"), vat_id);
    writer.identifier(&format!("{role}_legal_id"), first_text(party, "PartyLegalEntity/CompanyID"));
    if role == "seller"
        && let Some(address) = first(party, "PostalAddress")
    {
        let mut lines: Vec<&str> = ["StreetName", "AdditionalStreetName"]
            .into_iter()
            .filter_map(|name| first_text(address, name).map(|found| found.text))
            .collect();
        lines.extend(select(address, "AddressLine/Line").into_iter().filter_map(located).map(|found| found.text));
        let formatted = format_address(
            &lines,
            first_text(address, "PostalZone").map(|found| found.text),
            first_text(address, "CityName").map(|found| found.text),
        );
        writer.composed_text("seller_address", formatted, address);
    }
}

/// One line per `cac:TaxSubtotal` (BG-23): rate, taxable amount, tax.
fn read_vat_breakdown(tax_total: Node<'_, '_>) -> Vec<VatLine> {
    children(tax_total, "TaxSubtotal")
        .filter_map(|subtotal| {
            let basis = amount_of(first_text(subtotal, "TaxableAmount"))?;
            let tax = amount_of(first_text(subtotal, "TaxAmount"))?;
            // Category O (outside the scope of VAT) has no rate: it is taxed at nothing.
            let rate = amount_of(first_text(subtotal, "TaxCategory/Percent")).unwrap_or(Amount::ZERO);
            Some(VatLine { rate, basis, tax })
        })
        .collect()
}

/// One invoice or credit note line (BG-25).
fn read_line(line: Node<'_, '_>) -> LineItem {
    let description = first_text(line, "Item/Name")
        .or_else(|| first_text(line, "Item/Description"))
        .map(|found| collapse_whitespace(found.text))
        .unwrap_or_default();
    let unit_price = first(line, "Price").and_then(|price| {
        let amount = amount_of(first_text(price, "PriceAmount"))?;
        Some(per_unit(amount, amount_of(first_text(price, "BaseQuantity"))))
    });
    LineItem {
        description,
        quantity: amount_of(first_text(line, "InvoicedQuantity|CreditedQuantity")),
        unit_price,
        amount: amount_of(first_text(line, "LineExtensionAmount")),
        vat_rate: amount_of(first_text(line, "Item/ClassifiedTaxCategory/Percent")),
    }
}
