"""UN/CEFACT CII D16B invoice (Factur-X / EN 16931 profile) built from an ``Invoice``."""
from __future__ import annotations

import datetime as dt

from lxml import etree

from .data import legal_notes
from .model import Invoice, Party, plain

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
GUIDELINE_EN16931 = "urn:cen.eu:en16931:2017"


def _el(parent, qname: str, text=None, **attrs):
    prefix, local = qname.split(":")
    node = etree.SubElement(parent, f"{{{NS[prefix]}}}{local}", attrs)
    if text is not None:
        node.text = str(text)
    return node


def _date(parent, qname: str, day: dt.date, kind: str = "udt") -> None:
    _el(_el(parent, qname), f"{kind}:DateTimeString", day.strftime("%Y%m%d"), format="102")


def _amount(value) -> str:
    return f"{value:.2f}"


def _party(parent, qname: str, party: Party) -> None:
    node = _el(parent, qname)
    _el(node, "ram:Name", party.name)
    _el(_el(node, "ram:SpecifiedLegalOrganization"), "ram:ID", party.siret, schemeID="0002")
    addr = _el(node, "ram:PostalTradeAddress")
    _el(addr, "ram:PostcodeCode", party.address.postcode)
    _el(addr, "ram:LineOne", party.address.line1)
    if party.address.line2:
        _el(addr, "ram:LineTwo", party.address.line2)
    _el(addr, "ram:CityName", party.address.city)
    _el(addr, "ram:CountryID", party.address.country)
    if party.email:
        uri = _el(node, "ram:URIUniversalCommunication")
        _el(uri, "ram:URIID", party.email, schemeID="EM")
    _el(_el(node, "ram:SpecifiedTaxRegistration"), "ram:ID", party.vat_id, schemeID="VA")


def _line_item(parent, index: int, line) -> None:
    item = _el(parent, "ram:IncludedSupplyChainTradeLineItem")
    _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", index)
    _el(_el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.description)
    agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
    _el(_el(agreement, "ram:NetPriceProductTradePrice"), "ram:ChargeAmount",
        _amount(line.unit_price))
    _el(_el(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity",
        plain(line.quantity), unitCode=line.unit_code)
    settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:CategoryCode", "S")
    _el(tax, "ram:RateApplicablePercent", plain(line.vat_rate))
    _el(_el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation"),
        "ram:LineTotalAmount", _amount(line.amount))


def build_cii(inv: Invoice) -> bytes:
    """Return the CII XML (UTF-8, with declaration) for ``inv``."""
    inv.check()
    root = etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)
    ctx = _el(root, "rsm:ExchangedDocumentContext")
    _el(_el(ctx, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID",
        GUIDELINE_EN16931)

    doc = _el(root, "rsm:ExchangedDocument")
    _el(doc, "ram:ID", inv.number)
    _el(doc, "ram:TypeCode", inv.type_code)
    _date(doc, "ram:IssueDateTime", inv.issue_date)
    for code, text in legal_notes(inv):
        note = _el(doc, "ram:IncludedNote")
        _el(note, "ram:Content", text)
        _el(note, "ram:SubjectCode", code)

    trans = _el(root, "rsm:SupplyChainTradeTransaction")
    for i, line in enumerate(inv.lines, start=1):
        _line_item(trans, i, line)

    agreement = _el(trans, "ram:ApplicableHeaderTradeAgreement")
    if inv.buyer_reference:
        _el(agreement, "ram:BuyerReference", inv.buyer_reference)
    _party(agreement, "ram:SellerTradeParty", inv.seller)
    _party(agreement, "ram:BuyerTradeParty", inv.buyer)
    if inv.order_reference:
        _el(_el(agreement, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID",
            inv.order_reference)

    delivery = _el(trans, "ram:ApplicableHeaderTradeDelivery")
    _date(_el(delivery, "ram:ActualDeliverySupplyChainEvent"), "ram:OccurrenceDateTime",
          inv.issue_date)

    settlement = _el(trans, "ram:ApplicableHeaderTradeSettlement")
    _el(settlement, "ram:PaymentReference", inv.number)
    _el(settlement, "ram:InvoiceCurrencyCode", inv.currency)
    means = _el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    _el(means, "ram:TypeCode", "58")                       # SEPA credit transfer
    _el(_el(means, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID", inv.bank.iban)
    _el(_el(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID",
        inv.bank.bic)
    for group in inv.vat_breakdown():
        tax = _el(settlement, "ram:ApplicableTradeTax")
        _el(tax, "ram:CalculatedAmount", _amount(group.tax))
        _el(tax, "ram:TypeCode", "VAT")
        _el(tax, "ram:BasisAmount", _amount(group.basis))
        _el(tax, "ram:CategoryCode", "S")
        _el(tax, "ram:RateApplicablePercent", plain(group.rate))
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    _el(terms, "ram:Description", inv.payment_terms)
    if inv.due_date:
        _date(terms, "ram:DueDateDateTime", inv.due_date)
    sums = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(sums, "ram:LineTotalAmount", _amount(inv.total_excl_vat))
    _el(sums, "ram:TaxBasisTotalAmount", _amount(inv.total_excl_vat))
    _el(sums, "ram:TaxTotalAmount", _amount(inv.total_vat), currencyID=inv.currency)
    _el(sums, "ram:GrandTotalAmount", _amount(inv.total_incl_vat))
    if inv.prepaid:
        _el(sums, "ram:TotalPrepaidAmount", _amount(inv.prepaid))
    _el(sums, "ram:DuePayableAmount", _amount(inv.amount_due))
    if inv.preceding_invoice:
        ref = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(ref, "ram:IssuerAssignedID", inv.preceding_invoice[0])
        _date(ref, "ram:FormattedIssueDateTime", inv.preceding_invoice[1], "qdt")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
