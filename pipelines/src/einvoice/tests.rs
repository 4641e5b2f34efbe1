//! Tests of the e-invoice readers on small documents written for them (the
//! evaluation set is for measuring only and stays outside the repository).

use liasse_core::{DocClass, ErrorCode, Extraction, Source};

use super::{read_invoice, read_xml};

/// A Factur-X EN 16931 invoice: two VAT rates, a payee IBAN and BIC, a second
/// payment means that debits the buyer (which must not become the IBAN), and a VAT
/// total given in two currencies.
pub const MINIMAL_CII: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext>
    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
  </rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument>
    <ram:ID>F 2024-0042</ram:ID>
    <ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20240305</udt:DateTimeString></ram:IssueDateTime>
  </rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Paper, A4</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>12.00</ram:ChargeAmount><ram:BasisQuantity unitCode="C62">100</ram:BasisQuantity></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">500</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>60.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:AssociatedDocumentLineDocument><ram:LineID>2</ram:LineID></ram:AssociatedDocumentLineDocument>
      <ram:SpecifiedTradeProduct><ram:Name>Book</ram:Name></ram:SpecifiedTradeProduct>
      <ram:SpecifiedLineTradeAgreement>
        <ram:NetPriceProductTradePrice><ram:ChargeAmount>40</ram:ChargeAmount></ram:NetPriceProductTradePrice>
      </ram:SpecifiedLineTradeAgreement>
      <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
      <ram:SpecifiedLineTradeSettlement>
        <ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>5.5</ram:RateApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>40.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
      </ram:SpecifiedLineTradeSettlement>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>DEPT-7</ram:BuyerReference>
      <ram:SellerTradeParty>
        <ram:Name>Papeterie   Martin
          SARL</ram:Name>
        <ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">732 829 320</ram:ID></ram:SpecifiedLegalOrganization>
        <ram:PostalTradeAddress>
          <ram:PostcodeCode>75002</ram:PostcodeCode>
          <ram:LineOne>12 rue de la Paix</ram:LineOne>
          <ram:LineTwo>Bâtiment B</ram:LineTwo>
          <ram:CityName>Paris</ram:CityName>
          <ram:CountryID>FR</ram:CountryID>
        </ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">12/345/67890</ram:ID></ram:SpecifiedTaxRegistration>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR44 732829320</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty>
        <ram:Name>Client SA</ram:Name>
        <ram:SpecifiedLegalOrganization><ram:ID>552100554</ram:ID></ram:SpecifiedLegalOrganization>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR96552100554</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>PO-77</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:TaxCurrencyCode>USD</ram:TaxCurrencyCode>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>59</ram:TypeCode>
        <ram:PayerPartyDebtorFinancialAccount><ram:IBANID>DE02120300000000202051</ram:IBANID></ram:PayerPartyDebtorFinancialAccount>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>FRDEBIT</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
        <ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>BIC_MONCOMPTE</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:TypeCode>58</ram:TypeCode>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>FR76 3000 6000 0112 3456 7890 189</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
        <ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>AGRIFRPP</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>12.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>60.00</ram:BasisAmount>
        <ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>20</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:ApplicableTradeTax>
        <ram:CalculatedAmount>2.20</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>40.00</ram:BasisAmount>
        <ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>5.5</ram:RateApplicablePercent>
      </ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms>
        <ram:DueDateDateTime><udt:DateTimeString format="102">20240404</udt:DateTimeString></ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="USD">15.40</ram:TaxTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">14.2</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>114.20</ram:GrandTotalAmount>
        <ram:TotalPrepaidAmount>14.20</ram:TotalPrepaidAmount>
        <ram:DuePayableAmount>100.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"#;

/// A UBL invoice whose seller also declares a national tax number under a scheme other
/// than VAT, and whose totals do not add up.
const MINIMAL_UBL_INVOICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>INV-9</cbc:ID>
  <cbc:IssueDate>2024-01-31</cbc:IssueDate>
  <cbc:DueDate>2024-02-29</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>04011000-12345-34</cbc:BuyerReference>
  <cac:OrderReference><cbc:ID>ORD 1</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyName><cbc:Name>Lieferant</cbc:Name></cac:PartyName>
    <cac:PostalAddress>
      <cbc:StreetName>Lieferantenstraße 20</cbc:StreetName>
      <cbc:CityName>München</cbc:CityName>
      <cbc:PostalZone>80333</cbc:PostalZone>
      <cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country>
    </cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>201/113/40209</cbc:CompanyID><cac:TaxScheme><cbc:ID>FC</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyTaxScheme><cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Lieferant GmbH</cbc:RegistrationName><cbc:CompanyID>HRB 1234</cbc:CompanyID></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyName><cbc:Name>Kunde</cbc:Name></cac:PartyName>
    <cac:PartyLegalEntity><cbc:RegistrationName>Kunden AG Mitte</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount>
      <cbc:ID>DE02120300000000202051</cbc:ID>
      <cac:FinancialInstitutionBranch><cbc:ID>BYLADEM1001</cbc:ID></cac:FinancialInstitutionBranch>
    </cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">120.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">120.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
    <cbc:InvoicedQuantity unitCode="HUR">2</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Consulting</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">50</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
</Invoice>"#;

/// A UBL credit note: due date under the payment means, a direct debit of the buyer.
const MINIMAL_UBL_CREDIT_NOTE: &str = r#"<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>CN-3</cbc:ID>
  <cbc:IssueDate>2024-02-01</cbc:IssueDate>
  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyLegalEntity><cbc:RegistrationName>My Supplier</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyLegalEntity><cbc:RegistrationName>My Customer</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>49</cbc:PaymentMeansCode>
    <cbc:PaymentDueDate>2024-02-15</cbc:PaymentDueDate>
    <cac:PaymentMandate><cbc:ID>M1</cbc:ID><cac:PayerFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayerFinancialAccount></cac:PaymentMandate>
  </cac:PaymentMeans>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.11</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">100.11</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">100.11</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:CreditNoteLine>
    <cbc:ID>1</cbc:ID>
    <cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.11</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Refund</cbc:Name></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">100.11</cbc:PriceAmount></cac:Price>
  </cac:CreditNoteLine>
</CreditNote>"#;

/// ZUGFeRD 1.0: older element names, a date without a wrapper element in the draft
/// form, and an empty VAT registration that must not become a field.
const ZUGFERD_1_INVOICE: &str = r#"<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
  <rsm:HeaderExchangedDocument>
    <ram:ID>RE-1/502</ram:ID><ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">20140703</udt:DateTimeString></ram:IssueDateTime>
  </rsm:HeaderExchangedDocument>
  <rsm:SpecifiedSupplyChainTradeTransaction>
    <ram:ApplicableSupplyChainTradeAgreement>
      <ram:SellerTradeParty><ram:Name>Bei Spiel GmbH</ram:Name>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA"></ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:Name>Theodor Est</ram:Name></ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:ID>B123</ram:ID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableSupplyChainTradeAgreement>
    <ram:ApplicableSupplyChainTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradeSettlementPaymentMeans>
        <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>DE88 2008 0000 0970 3757 00</ram:IBANID></ram:PayeePartyCreditorFinancialAccount>
        <ram:PayeeSpecifiedCreditorFinancialInstitution><ram:BICID>COBADEFXXX</ram:BICID></ram:PayeeSpecifiedCreditorFinancialInstitution>
      </ram:SpecifiedTradeSettlementPaymentMeans>
      <ram:ApplicableTradeTax><ram:CalculatedAmount>7.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
        <ram:BasisAmount>100.00</ram:BasisAmount><ram:ApplicablePercent>7.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">20140724</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementMonetarySummation>
        <ram:TaxBasisTotalAmount currencyID="EUR">100.00</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">7.00</ram:TaxTotalAmount>
        <ram:GrandTotalAmount currencyID="EUR">107.00</ram:GrandTotalAmount>
        <ram:DuePayableAmount currencyID="EUR">107.00</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementMonetarySummation>
    </ram:ApplicableSupplyChainTradeSettlement>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:SpecifiedSupplyChainTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount currencyID="EUR">0.25</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedSupplyChainTradeAgreement>
      <ram:SpecifiedSupplyChainTradeDelivery><ram:BilledQuantity unitCode="C62">400</ram:BilledQuantity></ram:SpecifiedSupplyChainTradeDelivery>
      <ram:SpecifiedSupplyChainTradeSettlement>
        <ram:ApplicableTradeTax><ram:ApplicablePercent>7.00</ram:ApplicablePercent></ram:ApplicableTradeTax>
        <ram:SpecifiedTradeSettlementMonetarySummation><ram:LineTotalAmount currencyID="EUR">100.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementMonetarySummation>
      </ram:SpecifiedSupplyChainTradeSettlement>
      <ram:SpecifiedTradeProduct><ram:Name>Luftballon</ram:Name></ram:SpecifiedTradeProduct>
    </ram:IncludedSupplyChainTradeLineItem>
  </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>"#;

fn value<'e>(extraction: &'e Extraction, name: &str) -> Option<&'e str> {
    extraction.field(name).and_then(|field| field.as_str())
}

fn check_passed(extraction: &Extraction, rule: &str) -> Option<bool> {
    extraction.checks.iter().find(|check| check.rule == rule).map(|check| check.passed)
}

#[test]
fn cii_invoice_maps_to_en16931_fields() {
    let extraction = read_xml(MINIMAL_CII.as_bytes()).expect("a valid CII invoice");
    assert_eq!(extraction.class, DocClass::Invoice);
    assert_eq!(extraction.class_confidence, 1.0);
    assert_eq!(extraction.source, Source::Xml);
    assert_eq!(extraction.language, None);
    let expected = [
        ("invoice_number", "F2024-0042"),
        ("type_code", "380"),
        ("issue_date", "2024-03-05"),
        ("due_date", "2024-04-04"),
        ("currency", "EUR"),
        ("seller_name", "Papeterie Martin SARL"),
        ("seller_address", "12 rue de la Paix, Bâtiment B, 75002 Paris"),
        ("seller_vat_id", "FR44732829320"),
        ("seller_legal_id", "732829320"),
        ("buyer_name", "Client SA"),
        ("buyer_vat_id", "FR96552100554"),
        ("buyer_legal_id", "552100554"),
        ("iban", "FR7630006000011234567890189"),
        ("bic", "AGRIFRPP"),
        ("order_reference", "PO-77"),
        ("buyer_reference", "DEPT-7"),
        ("total_excl_vat", "100.00"),
        ("total_vat", "14.20"),
        ("total_incl_vat", "114.20"),
        ("amount_due", "100.00"),
    ];
    for (name, expected_value) in expected {
        assert_eq!(value(&extraction, name), Some(expected_value), "{name}");
    }
    assert_eq!(extraction.fields.len(), expected.len(), "no other fields");
    let invoice_number = extraction.field("invoice_number").expect("present");
    assert_eq!(invoice_number.confidence, 1.0);
    assert_eq!(
        invoice_number.provenance.path.as_deref(),
        Some("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID")
    );
    assert_eq!(extraction.field("iban").and_then(|field| field.valid), Some(true));
    assert_eq!(extraction.models.get("parser").map(String::as_str), Some(super::PARSER_VERSION));

    let rates: Vec<String> = extraction.vat_breakdown.iter().map(|line| line.rate.to_string()).collect();
    assert_eq!(rates, ["20.00", "5.50"]);
    assert_eq!(extraction.line_items.len(), 2);
    let paper = &extraction.line_items[0];
    assert_eq!(paper.description, "Paper, A4");
    assert_eq!(paper.quantity.map(|q| q.to_string()).as_deref(), Some("500.00"));
    assert_eq!(paper.unit_price.map(|p| p.to_string()).as_deref(), Some("0.12"), "12.00 per 100");
    assert_eq!(paper.amount.map(|a| a.to_string()).as_deref(), Some("60.00"));
    assert_eq!(paper.vat_rate.map(|r| r.to_string()).as_deref(), Some("20.00"));
    assert_eq!(check_passed(&extraction, "totals_consistent"), Some(true));
    assert_eq!(check_passed(&extraction, "vat_breakdown_sums"), Some(true));
    assert_eq!(check_passed(&extraction, "vat_id_key"), Some(true));
    assert_eq!(check_passed(&extraction, "siren_luhn"), Some(true));
    assert!(!extraction.needs_review, "{:?}", extraction.review_reasons);
}

#[test]
fn ubl_invoice_takes_vat_ids_from_the_vat_scheme_only() {
    let extraction = read_xml(MINIMAL_UBL_INVOICE.as_bytes()).expect("a valid UBL invoice");
    assert_eq!(extraction.class, DocClass::Invoice);
    assert_eq!(value(&extraction, "seller_vat_id"), Some("DE123456789"));
    assert_eq!(value(&extraction, "seller_name"), Some("Lieferant GmbH"), "registration name before trading name");
    assert_eq!(value(&extraction, "seller_legal_id"), Some("HRB1234"));
    assert_eq!(value(&extraction, "seller_address"), Some("Lieferantenstraße 20, 80333 München"));
    assert_eq!(value(&extraction, "buyer_name"), Some("Kunden AG Mitte"));
    assert_eq!(value(&extraction, "issue_date"), Some("2024-01-31"));
    assert_eq!(value(&extraction, "due_date"), Some("2024-02-29"));
    assert_eq!(value(&extraction, "order_reference"), Some("ORD1"));
    assert_eq!(value(&extraction, "buyer_reference"), Some("04011000-12345-34"));
    assert_eq!(value(&extraction, "iban"), Some("DE02120300000000202051"));
    assert_eq!(value(&extraction, "bic"), Some("BYLADEM1001"));
    assert_eq!(value(&extraction, "total_vat"), Some("19.00"));
    assert_eq!(
        extraction.field("total_vat").and_then(|field| field.provenance.path.as_deref()),
        Some("/Invoice/cac:TaxTotal/cbc:TaxAmount")
    );
    assert_eq!(extraction.line_items.len(), 1);
    assert_eq!(extraction.line_items[0].unit_price.map(|p| p.to_string()).as_deref(), Some("50.00"));
    // 100.00 + 19.00 is not 120.00: the document is read as it is, and flagged.
    assert_eq!(check_passed(&extraction, "totals_consistent"), Some(false));
    assert_eq!(check_passed(&extraction, "vat_breakdown_sums"), Some(true));
    assert!(extraction.needs_review);
}

#[test]
fn ubl_credit_note_is_a_credit_note_without_the_debited_account() {
    let extraction = read_xml(MINIMAL_UBL_CREDIT_NOTE.as_bytes()).expect("a valid UBL credit note");
    assert_eq!(extraction.class, DocClass::CreditNote);
    assert_eq!(value(&extraction, "type_code"), Some("381"));
    assert_eq!(value(&extraction, "due_date"), Some("2024-02-15"));
    assert_eq!(value(&extraction, "iban"), None, "the payer's account of a direct debit is not BT-84");
    assert_eq!(value(&extraction, "total_vat"), Some("0.00"));
    assert_eq!(extraction.line_items[0].quantity.map(|q| q.to_string()).as_deref(), Some("1.00"));
    assert_eq!(check_passed(&extraction, "totals_consistent"), Some(true));
    assert_eq!(check_passed(&extraction, "vat_breakdown_sums"), None, "no breakdown, no check");
}

#[test]
fn zugferd_1_uses_the_older_element_names() {
    let extraction = read_xml(ZUGFERD_1_INVOICE.as_bytes()).expect("a ZUGFeRD 1.0 invoice");
    assert_eq!(value(&extraction, "invoice_number"), Some("RE-1/502"));
    assert_eq!(value(&extraction, "issue_date"), Some("2014-07-03"));
    assert_eq!(value(&extraction, "due_date"), Some("2014-07-24"));
    assert_eq!(value(&extraction, "order_reference"), Some("B123"));
    assert_eq!(value(&extraction, "seller_vat_id"), None, "an empty element is no value");
    assert_eq!(value(&extraction, "iban"), Some("DE88200800000970375700"));
    assert_eq!(value(&extraction, "bic"), None, "COBADEFXXX has 10 characters: not a BIC");
    assert_eq!(value(&extraction, "amount_due"), Some("107.00"));
    assert_eq!(extraction.vat_breakdown.len(), 1);
    assert_eq!(extraction.line_items[0].vat_rate.map(|r| r.to_string()).as_deref(), Some("7.00"));
    assert_eq!(check_passed(&extraction, "totals_consistent"), Some(true));
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let with_bom = format!("\u{feff}{MINIMAL_UBL_CREDIT_NOTE}");
    let extraction = read_xml(with_bom.as_bytes()).expect("a BOM is not an error");
    assert_eq!(extraction.class, DocClass::CreditNote);
}

#[test]
fn embedded_source_is_recorded() {
    let extraction = read_invoice(MINIMAL_CII.as_bytes(), Source::EmbeddedXml).expect("valid").expect("an invoice");
    assert_eq!(extraction.source, Source::EmbeddedXml);
}

#[test]
fn entity_bombs_fail_as_malformed_xml() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&lol3;&secret;</Invoice>"#;
    let error = read_xml(bomb.as_bytes()).expect_err("a DTD is refused");
    assert_eq!(error.code, ErrorCode::MalformedXml);
    assert!(error.message.contains("DTD"), "{}", error.message);
}

#[test]
fn broken_xml_fails_without_quoting_the_document() {
    let broken = "<Invoice><cbc:ID>SECRET-CUSTOMER-NAME</Invoice>";
    let error = read_xml(broken.as_bytes()).expect_err("not well-formed");
    assert_eq!(error.code, ErrorCode::MalformedXml);
    assert!(!error.message.contains("SECRET"), "{}", error.message);
    assert!(!error.message.contains("cbc"), "{}", error.message);

    let mismatched = "<a:Invoice xmlns:a='urn:x'><a:Name>Dupont</a:Nom></a:Invoice>";
    let error = read_xml(mismatched.as_bytes()).expect_err("mismatched tags");
    assert!(!error.message.contains("Nom") && !error.message.contains("Name"), "{}", error.message);

    let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Invoice>Soci\xe9t\xe9</Invoice>";
    let error = read_xml(latin1).expect_err("not UTF-8");
    assert_eq!(error.code, ErrorCode::MalformedXml);
    assert!(!error.message.contains("Soci"), "{}", error.message);

    assert_eq!(read_xml(b"").expect_err("empty").code, ErrorCode::MalformedXml);
}

#[test]
fn other_xml_is_class_other_and_flagged() {
    for other in [
        r#"<?xml version="1.0"?><note><to>Tove</to><body>Hello</body></note>"#,
        // The ZUGFeRD drafts share the root name `Invoice` with UBL; without a CII
        // document header or the UBL namespace, an `Invoice` is not an e-invoice.
        r#"<Invoice><Total>12</Total></Invoice>"#,
    ] {
        let extraction = read_xml(other.as_bytes()).expect("well-formed XML is not an error");
        assert_eq!(extraction.class, DocClass::Other);
        assert_eq!(extraction.source, Source::Xml);
        assert!(extraction.fields.is_empty());
        assert!(extraction.needs_review);
        assert!(extraction.review_reasons[0].contains("not a known e-invoice"));
        assert!(read_invoice(other.as_bytes(), Source::Xml).expect("well-formed").is_none());
    }
}

#[test]
fn values_that_break_the_schema_are_left_out_and_flagged() {
    let damaged = MINIMAL_UBL_CREDIT_NOTE
        .replace("<cbc:PayableAmount currencyID=\"EUR\">100.11<", "<cbc:PayableAmount currencyID=\"EUR\">1,00.11<")
        .replace("<cbc:IssueDate>2024-02-01<", "<cbc:IssueDate>01/02/2024<");
    let extraction = read_xml(damaged.as_bytes()).expect("still well-formed");
    assert_eq!(value(&extraction, "amount_due"), None);
    assert_eq!(value(&extraction, "issue_date"), None);
    assert!(extraction.needs_review);
    assert!(extraction.review_reasons.contains(&"amount_due: the XML value is not a number".to_owned()));
    assert!(extraction.review_reasons.contains(&"issue_date: the XML value is not a date".to_owned()));
    assert!(extraction.review_reasons.iter().all(|reason| !reason.contains("1,00")), "no document text");
}
