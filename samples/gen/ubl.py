"""OASIS UBL 2.1 invoice in the EN 16931 / Peppol BIS Billing 3.0 shape."""
from __future__ import annotations

from lxml import etree

from .data import legal_notes
from .model import Invoice, Party, plain

NS = {
    None: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"


def _el(parent, qname: str, text=None, **attrs):
    prefix, local = qname.split(":")
    node = etree.SubElement(parent, f"{{{NS[prefix]}}}{local}", attrs)
    if text is not None:
        node.text = str(text)
    return node


def _money(parent, qname: str, value, currency: str) -> None:
    _el(parent, qname, f"{value:.2f}", currencyID=currency)


def _tax_scheme(parent) -> None:
    _el(_el(parent, "cac:TaxScheme"), "cbc:ID", "VAT")


def _party(parent, qname: str, party: Party) -> None:
    node = _el(_el(parent, qname), "cac:Party")
    _el(node, "cbc:EndpointID", party.siret, schemeID="0009")
    _el(_el(node, "cac:PartyName"), "cbc:Name", party.name)
    addr = _el(node, "cac:PostalAddress")
    _el(addr, "cbc:StreetName", party.address.line1)
    if party.address.line2:
        _el(addr, "cbc:AdditionalStreetName", party.address.line2)
    _el(addr, "cbc:CityName", party.address.city)
    _el(addr, "cbc:PostalZone", party.address.postcode)
    _el(_el(addr, "cac:Country"), "cbc:IdentificationCode", party.address.country)
    tax = _el(node, "cac:PartyTaxScheme")
    _el(tax, "cbc:CompanyID", party.vat_id)
    _tax_scheme(tax)
    legal = _el(node, "cac:PartyLegalEntity")
    _el(legal, "cbc:RegistrationName", party.name)
    _el(legal, "cbc:CompanyID", party.siret, schemeID="0002")
    if party.email or party.phone:
        contact = _el(node, "cac:Contact")
        if party.phone:
            _el(contact, "cbc:Telephone", party.phone)
        if party.email:
            _el(contact, "cbc:ElectronicMail", party.email)


def _tax_category(parent, qname: str, rate) -> None:
    cat = _el(parent, qname)
    _el(cat, "cbc:ID", "S")
    _el(cat, "cbc:Percent", plain(rate))
    _tax_scheme(cat)


def build_ubl(inv: Invoice) -> bytes:
    """Return the UBL 2.1 Invoice XML (UTF-8, with declaration) for ``inv``."""
    inv.check()
    assert not inv.is_credit_note, "UBL credit notes use the CreditNote root; not needed here"
    cur = inv.currency
    root = etree.Element(f"{{{NS[None]}}}Invoice", nsmap=NS)
    _el(root, "cbc:CustomizationID", CUSTOMIZATION)
    _el(root, "cbc:ProfileID", PROFILE)
    _el(root, "cbc:ID", inv.number)
    _el(root, "cbc:IssueDate", inv.issue_date.isoformat())
    if inv.due_date:
        _el(root, "cbc:DueDate", inv.due_date.isoformat())
    _el(root, "cbc:InvoiceTypeCode", inv.type_code)
    # Peppol BIS allows a single document-level note (PEPPOL-EN16931-R002).
    _el(root, "cbc:Note", " ".join(text for _code, text in legal_notes(inv)))
    _el(root, "cbc:DocumentCurrencyCode", cur)
    if inv.buyer_reference:
        _el(root, "cbc:BuyerReference", inv.buyer_reference)
    if inv.order_reference:
        _el(_el(root, "cac:OrderReference"), "cbc:ID", inv.order_reference)
    _party(root, "cac:AccountingSupplierParty", inv.seller)
    _party(root, "cac:AccountingCustomerParty", inv.buyer)

    means = _el(root, "cac:PaymentMeans")
    _el(means, "cbc:PaymentMeansCode", "30", name="Credit transfer")
    _el(means, "cbc:PaymentID", inv.number)
    account = _el(means, "cac:PayeeFinancialAccount")
    _el(account, "cbc:ID", inv.bank.iban)
    _el(account, "cbc:Name", inv.seller.name)
    _el(_el(account, "cac:FinancialInstitutionBranch"), "cbc:ID", inv.bank.bic)
    _el(_el(root, "cac:PaymentTerms"), "cbc:Note", inv.payment_terms)

    tax_total = _el(root, "cac:TaxTotal")
    _money(tax_total, "cbc:TaxAmount", inv.total_vat, cur)
    for group in inv.vat_breakdown():
        sub = _el(tax_total, "cac:TaxSubtotal")
        _money(sub, "cbc:TaxableAmount", group.basis, cur)
        _money(sub, "cbc:TaxAmount", group.tax, cur)
        _tax_category(sub, "cac:TaxCategory", group.rate)

    totals = _el(root, "cac:LegalMonetaryTotal")
    _money(totals, "cbc:LineExtensionAmount", inv.total_excl_vat, cur)
    _money(totals, "cbc:TaxExclusiveAmount", inv.total_excl_vat, cur)
    _money(totals, "cbc:TaxInclusiveAmount", inv.total_incl_vat, cur)
    if inv.prepaid:
        _money(totals, "cbc:PrepaidAmount", inv.prepaid, cur)
    _money(totals, "cbc:PayableAmount", inv.amount_due, cur)

    for i, line in enumerate(inv.lines, start=1):
        node = _el(root, "cac:InvoiceLine")
        _el(node, "cbc:ID", i)
        _el(node, "cbc:InvoicedQuantity", plain(line.quantity), unitCode=line.unit_code)
        _money(node, "cbc:LineExtensionAmount", line.amount, cur)
        item = _el(node, "cac:Item")
        _el(item, "cbc:Name", line.description)
        _tax_category(item, "cac:ClassifiedTaxCategory", line.vat_rate)
        _money(_el(node, "cac:Price"), "cbc:PriceAmount", line.unit_price, cur)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
