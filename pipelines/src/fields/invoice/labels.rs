//! Label vocabularies: the words printed next to a value that say what it is ("Total
//! TTC", "Rechnungsnummer", "Bill to"), in French, English, German, Dutch, Spanish,
//! Italian and Polish, folded (see `tokens::fold`).
//!
//! A label kind is a feature of the model, not a rule: "Total" left of an amount makes
//! it likely a total, and the model weighs that against everything else it sees. When
//! phrases overlap, the longest wins ("Total HT" is `TotalExcl`, not `TotalIncl`).

/// What a label announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelKind {
    InvoiceNumber,
    /// A document title alone: "Facture", "Invoice", "Rechnung".
    Title,
    /// "No", "Nr", "#", "Nummer": a number of something.
    NumberWord,
    IssueDate,
    /// "Date", "Datum" alone.
    DateWord,
    DueDate,
    /// Dates that are neither: delivery, order, service period.
    OtherDate,
    OrderRef,
    BuyerRef,
    /// Other references: delivery note, contract, original invoice, tracking.
    OtherRef,
    TotalExcl,
    TotalVat,
    TotalIncl,
    AmountDue,
    Paid,
    /// Discounts, shipping, rounding, deposits: amounts that are not totals.
    OtherAmount,
    Seller,
    Buyer,
    ShipTo,
    VatId,
    LegalId,
    /// National tax numbers that are not VAT ids (Steuernummer).
    TaxNumber,
    Iban,
    Bic,
    Contact,
    Name,
    Address,
    Page,
    /// Column headers of line items: quantity, unit price, description.
    ItemHeader,
    Currency,
}

impl LabelKind {
    pub const ALL: [LabelKind; 30] = [
        LabelKind::InvoiceNumber,
        LabelKind::Title,
        LabelKind::NumberWord,
        LabelKind::IssueDate,
        LabelKind::DateWord,
        LabelKind::DueDate,
        LabelKind::OtherDate,
        LabelKind::OrderRef,
        LabelKind::BuyerRef,
        LabelKind::OtherRef,
        LabelKind::TotalExcl,
        LabelKind::TotalVat,
        LabelKind::TotalIncl,
        LabelKind::AmountDue,
        LabelKind::Paid,
        LabelKind::OtherAmount,
        LabelKind::Seller,
        LabelKind::Buyer,
        LabelKind::ShipTo,
        LabelKind::VatId,
        LabelKind::LegalId,
        LabelKind::TaxNumber,
        LabelKind::Iban,
        LabelKind::Bic,
        LabelKind::Contact,
        LabelKind::Name,
        LabelKind::Address,
        LabelKind::Page,
        LabelKind::ItemHeader,
        LabelKind::Currency,
    ];

    pub fn index(self) -> usize {
        LabelKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// Stable name, used in feature names.
    pub fn name(self) -> &'static str {
        match self {
            LabelKind::InvoiceNumber => "invoice_number",
            LabelKind::Title => "title",
            LabelKind::NumberWord => "number_word",
            LabelKind::IssueDate => "issue_date",
            LabelKind::DateWord => "date_word",
            LabelKind::DueDate => "due_date",
            LabelKind::OtherDate => "other_date",
            LabelKind::OrderRef => "order_ref",
            LabelKind::BuyerRef => "buyer_ref",
            LabelKind::OtherRef => "other_ref",
            LabelKind::TotalExcl => "total_excl",
            LabelKind::TotalVat => "total_vat",
            LabelKind::TotalIncl => "total_incl",
            LabelKind::AmountDue => "amount_due",
            LabelKind::Paid => "paid",
            LabelKind::OtherAmount => "other_amount",
            LabelKind::Seller => "seller",
            LabelKind::Buyer => "buyer",
            LabelKind::ShipTo => "ship_to",
            LabelKind::VatId => "vat_id",
            LabelKind::LegalId => "legal_id",
            LabelKind::TaxNumber => "tax_number",
            LabelKind::Iban => "iban",
            LabelKind::Bic => "bic",
            LabelKind::Contact => "contact",
            LabelKind::Name => "name",
            LabelKind::Address => "address",
            LabelKind::Page => "page",
            LabelKind::ItemHeader => "item_header",
            LabelKind::Currency => "currency",
        }
    }
}

/// Phrases by kind, folded, tokens separated by one space.
#[rustfmt::skip]
const VOCABULARY: &[(LabelKind, &[&str])] = &[
    (LabelKind::InvoiceNumber, &[
        "factuur nummer", "factuur nr", "rechnungs nummer", "invoice no", "invoice number", "invoice nr", "invoice n",
        "invoice id", "invoice ref", "invoice reference", "bill no", "bill number", "document no", "document number",
        "doc no", "receipt no", "receipt number", "credit note no", "credit note number", "credit note n",
        "credit memo no", "credit memo", "tax invoice no", "facture n", "facture no", "facture numero",
        "n de facture", "no de facture", "numero de facture", "n facture", "no facture", "ref facture",
        "reference facture", "avoir n", "avoir no", "n d avoir", "numero d avoir", "numero de l avoir",
        "rechnungsnummer", "rechnung nr", "rechnungs nr", "rechnungsnr", "re nr", "belegnummer", "beleg nr",
        "belegnr", "gutschrift nr", "gutschriftsnummer", "gutschriftnummer", "rechnungskorrektur nr", "factuurnummer",
        "factuur nr", "factuurnr", "creditnota nr", "creditnummer", "creditnotanummer", "numero de factura",
        "factura n", "factura no", "n de factura", "no de factura", "numero fattura", "fattura n", "n fattura",
        "nota di credito n", "numer faktury", "faktura nr", "faktura vat nr", "nr faktury", "korekta nr",
        "numer korekty", "bon n", "ticket n", "ticket no", "beleg", "bon nr", "quittung nr", "receipt", "folio",
    ]),
    (LabelKind::Title, &[
        "invoice", "tax invoice", "facture", "rechnung", "factuur", "factura", "fattura", "faktura", "faktura vat",
        "credit note", "avoir", "gutschrift", "creditnota", "nota di credito", "nota de credito", "abono",
        "faktura korygujaca", "handelsrechnung", "ausgangsrechnung", "rechnungskorrektur", "stornorechnung",
        "facture d avoir", "note de credit", "credit invoice", "sales invoice", "commercial invoice", "bill",
        "proforma", "pro forma", "teilrechnung", "schlussrechnung",
    ]),
    (LabelKind::NumberWord, &[
        "no", "nr", "n", "nummer", "number", "numero", "num", "nro", "numer", "id", "ref", "reference", "referenz",
    ]),
    (LabelKind::IssueDate, &[
        "factuur datum", "datum factuur", "invoice dt", "fecha factura", "issued at", "issued on",
        "rechnungsdatum vom", "ausgestellt am", "date d edition", "datum van uitgifte", "invoice date",
        "date of invoice", "issue date", "date of issue", "issued", "issued on", "billing date", "invoice dt",
        "date de facture", "date de facturation", "date d emission", "emise le", "emis le", "fait le", "date facture",
        "date de l avoir", "date d avoir", "rechnungsdatum", "ausstellungsdatum", "belegdatum", "gutschriftsdatum",
        "rechnungs datum", "factuurdatum", "datum factuur", "fecha de factura", "fecha de emision", "fecha factura",
        "data fattura", "data di emissione", "data documento", "data wystawienia", "date emission", "dated",
        "en date du", "receipt date", "transaction date", "credit note date", "creditnotadatum",
    ]),
    (LabelKind::DateWord, &[
        "date", "datum", "fecha", "data", "vom", "le", "du", "dd", "dt", "am",
    ]),
    (LabelKind::DueDate, &[
        "remit until", "please remit until", "pay until", "payable until", "payment date", "due by",
        "a regler avant le", "date de paiement", "bitte uberweisen sie bis", "zahlungsfrist", "zahlbar bis zum",
        "betaaltermijn", "due date", "payment due", "pay by", "due", "due on", "payment due date", "payable by",
        "date due", "echeance", "date d echeance", "date limite de paiement", "payable le", "a payer avant le",
        "paiement avant le", "faellig am", "fallig am", "fallig", "falligkeitsdatum", "faelligkeitsdatum",
        "zahlbar bis", "zahlungsziel", "zahlungstermin", "vervaldatum", "te betalen voor", "uiterste betaaldatum",
        "fecha de vencimiento", "vencimiento", "scadenza", "data scadenza", "termin platnosci", "zahlbar am",
    ]),
    (LabelKind::OtherDate, &[
        "delivery date", "date of delivery", "date of supply", "supply date", "service date", "order date",
        "shipping date", "ship date", "period", "billing period", "service period", "date de livraison",
        "date de commande", "date de prestation", "periode", "lieferdatum", "liefer und leistungsdatum",
        "leistungsdatum", "leistungszeitraum", "bestelldatum", "auftragsdatum", "abrechnungszeitraum", "zeitraum",
        "leverdatum", "besteldatum", "orderdatum", "fecha de entrega", "data consegna", "data dostawy",
        "data sprzedazy", "tax point", "valid until", "gultig bis", "valable jusqu au", "print date",
    ]),
    (LabelKind::OrderRef, &[
        "order no", "order number", "order id", "order ref", "purchase order", "po number", "po no", "po", "p o",
        "your order", "order", "bon de commande", "ref commande", "reference commande", "n de commande",
        "no de commande", "commande n", "commande", "votre commande", "bestellnummer", "bestell nr", "bestellung",
        "ihre bestellung", "auftragsnummer", "auftrag", "auftrags nr", "auftragsnr", "ordernummer", "bestelnummer",
        "uw order", "order nr", "pedido", "n de pedido", "pedido n", "ordine n", "rif ordine", "numero ordine",
        "zamowienie nr", "nr zamowienia", "zamowienie", "bestellnr", "kaufauftrag",
    ]),
    (LabelKind::BuyerRef, &[
        "customer ref", "customer reference", "your reference", "your ref", "customer no", "customer number",
        "customer id", "account no", "account number", "client no", "reference client", "votre reference",
        "code client", "n client", "no client", "numero client", "client n", "kundennummer", "kunden nr", "kundennr",
        "ihr zeichen", "ihre referenz", "ihre zeichen", "kunden referenz", "kundenreferenz", "klantnummer",
        "uw referentie", "klant nr", "n cliente", "referencia cliente", "codice cliente", "vs riferimento",
        "nr klienta", "buyer reference", "leitweg id", "leitweg",
    ]),
    (LabelKind::OtherRef, &[
        "delivery note", "bon de livraison", "lieferschein", "lieferscheinnummer", "pakbon", "contract", "contrat",
        "vertrag", "vertragsnummer", "original invoice", "facture d origine", "ursprungsrechnung", "tracking",
        "project", "projet", "projekt", "quote", "devis", "angebot", "offerte", "vat registration", "mandate",
        "mandat", "mandatsreferenz", "glaubiger id", "creditor id", "transaction id", "auth code", "terminal",
        "reservation", "booking", "confirmation", "sendungsnummer", "referenznummer",
    ]),
    (LabelKind::TotalExcl, &[
        "base", "grondslag", "basisbetrag", "bemessungsgrundlage", "base imposable", "taxable value", "netto bedrag",
        "gesamtsumme netto", "summe positionen", "summe der positionen", "positionssumme", "sum of line amounts",
        "line total", "lines total", "total des lignes", "montant net", "net total", "net amount", "nettobedrag",
        "totaal excl", "total ht", "montant ht", "sous total", "sous total ht", "total hors taxes", "total hors taxe",
        "hors taxes", "ht", "net", "net amount", "net total", "total net", "subtotal", "sub total", "total excl vat",
        "total excluding vat", "total excl tax", "excl vat", "amount excl vat", "total before tax", "taxable amount",
        "nettobetrag", "summe netto", "netto", "gesamt netto", "warenwert netto", "warenwert", "zwischensumme",
        "nettosumme", "summe positionen", "rechnungsbetrag netto", "netto betrag", "gesamtbetrag netto", "subtotaal",
        "totaal excl btw", "exclusief btw", "excl btw", "base imponible", "imponibile", "totale imponibile",
        "razem netto", "wartosc netto", "steuerbasis", "basis", "base ht", "total net ht", "total merchandise",
        "items total", "total hors tva", "net excl", "summe der nettobetrage",
    ]),
    (LabelKind::TotalVat, &[
        "total taxes", "tax total", "vat total", "total tva", "summe umsatzsteuer", "umsatzsteuerbetrag",
        "steuer gesamt", "gesamtsumme umsatzsteuer", "mwst gesamt", "total btw", "tva", "total tva", "montant tva",
        "montant de la tva", "vat", "total vat", "vat amount", "tax", "sales tax", "total tax", "tax amount", "gst",
        "cgst", "sgst", "igst", "mwst", "ust", "umsatzsteuer", "mehrwertsteuer", "zzgl mwst", "zzgl ust", "summe ust",
        "summe mwst", "steuerbetrag", "mwst betrag", "ust betrag", "btw", "totaal btw", "iva", "cuota iva",
        "total iva", "totale iva", "kwota vat", "razem vat", "vat total", "steuer", "taxes", "tps", "tvq", "hst",
    ]),
    (LabelKind::TotalIncl, &[
        "gesamtbetrag brutto", "gesamtsumme brutto", "rechnungsbetrag brutto", "bruttosumme", "total brut",
        "invoice amount", "total invoice amount", "total payable amount", "grand total incl vat",
        "totaalbedrag incl btw", "total ttc", "montant ttc", "total", "montant total", "montant total ttc", "ttc",
        "total a payer", "grand total", "invoice total", "total amount", "total incl vat", "total including vat",
        "total inc vat", "total incl tax", "gross", "gross amount", "total gross", "gesamtbetrag", "bruttobetrag",
        "summe brutto", "brutto", "gesamt brutto", "rechnungsbetrag", "endbetrag", "gesamtsumme", "gesamt", "summe",
        "rechnungssumme", "totaal", "totaal incl btw", "totaalbedrag", "inclusief btw", "incl btw", "total factura",
        "importe total", "totale", "totale fattura", "totale documento", "razem brutto", "wartosc brutto", "razem",
        "razem do zaplaty", "montant de l avoir", "total avoir", "total avoir ttc", "credit total", "total credit",
        "gutschriftsbetrag", "betrag der gutschrift", "gesamtgutschrift", "totaal creditnota", "total abono",
        "totale nota di credito", "kwota korekty", "amount", "montant", "betrag", "bedrag", "importe", "importo",
        "kwota", "sum",
    ]),
    (LabelKind::AmountDue, &[
        "due payable", "payable", "amount to pay", "total to pay", "remaining amount", "falliger betrag",
        "faelliger betrag", "zahlbetrag brutto", "te voldoen", "nog te betalen", "montant restant du", "restant du",
        "amount due", "balance due", "total due", "amount payable", "balance", "due amount", "please pay", "to pay",
        "net a payer", "reste a payer", "montant du", "solde a regler", "solde", "a payer", "montant a payer",
        "zu zahlender betrag", "zahlbetrag", "offener betrag", "noch zu zahlen", "zu zahlen", "zahlbar",
        "faelliger betrag", "falliger betrag", "restbetrag", "te betalen", "openstaand bedrag", "openstaand",
        "total a pagar", "a pagar", "netto a pagare", "totale da pagare", "da pagare", "do zaplaty",
        "pozostalo do zaplaty", "refund due", "amount credited", "montant en votre faveur", "erstattungsbetrag",
        "te crediteren", "importe a devolver", "importo da rimborsare", "do zwrotu", "net a deduire",
    ]),
    (LabelKind::Paid, &[
        "vorauszahlung", "bereits gezahlt", "gezahlter betrag", "erhaltene anzahlung", "prepayment", "paid amount",
        "amount paid", "acompte recu", "montant deja paye", "paid", "amount paid", "payments received",
        "payment received", "deposit", "less deposit", "prepaid", "acompte", "acompte verse", "deja regle",
        "deja paye", "paye", "regle", "anzahlung", "abzuglich anzahlung", "bereits bezahlt", "bezahlt",
        "geleistete anzahlung", "reeds betaald", "aanbetaling", "betaald", "anticipo", "acconto", "zaliczka",
        "zaplacono", "cash", "card", "visa", "mastercard", "change", "rendu", "especes", "bar", "gegeben", "ruckgeld",
        "kreditkarte", "ec karte", "paid by",
    ]),
    (LabelKind::OtherAmount, &[
        "discount", "remise", "rabais", "rabatt", "nachlass", "skonto", "korting", "descuento", "sconto", "rabat",
        "shipping", "delivery", "frais de port", "port", "livraison", "versand", "versandkosten", "fracht",
        "verzendkosten", "envio", "spedizione", "wysylka", "rounding", "arrondi", "rundung", "tip", "pourboire",
        "trinkgeld", "service", "eco participation", "fee", "fees", "frais", "gebuhr", "gebuhren", "charges",
        "unit price", "prix unitaire", "einzelpreis", "price", "prix", "preis", "rate", "tarif",
    ]),
    (LabelKind::Seller, &[
        "verkaufer", "rechnungsaussteller", "seller", "supplier", "issuer", "vendeur", "fournisseur", "seller",
        "supplier", "vendor", "from", "sold by", "issued by", "billed by", "merchant", "service provider", "vendeur",
        "fournisseur", "emetteur", "prestataire", "expediteur", "lieferant", "verkaufer", "verkaeufer", "absender",
        "rechnungssteller", "leistungserbringer", "auftragnehmer", "leverancier", "verkoper", "afzender", "emisor",
        "proveedor", "vendedor", "fornitore", "cedente", "cedente prestatore", "sprzedawca", "wystawca", "dostawca",
    ]),
    (LabelKind::Buyer, &[
        "des kunden", "kaufer leistungsempfanger", "leistungsempfanger", "kaufer", "buyer", "acheteur",
        "rechnungsempfanger", "buyer", "customer", "client", "bill to", "billed to", "invoice to", "invoiced to",
        "sold to", "billing address", "recipient", "acheteur", "destinataire", "facture a", "facturer a",
        "adresse de facturation", "a l attention de", "kunde", "kaufer", "kaeufer", "rechnungsempfanger",
        "rechnungsempfaenger", "empfanger", "empfaenger", "leistungsempfanger", "rechnungsadresse", "auftraggeber",
        "an", "klant", "aan", "factuuradres", "koper", "cliente", "facturar a", "destinatario", "spett le",
        "committente", "cessionario", "nabywca", "odbiorca", "platnik",
    ]),
    (LabelKind::ShipTo, &[
        "ship to", "shipping address", "deliver to", "delivery address", "shipped to", "livraison",
        "adresse de livraison", "livre a", "lieferadresse", "lieferanschrift", "liefer anschrift", "versandadresse",
        "lieferung an", "afleveradres", "leveradres", "direccion de entrega", "indirizzo di consegna",
        "adres dostawy", "warenempfanger",
    ]),
    (LabelKind::VatId, &[
        "vat", "vat no", "vat number", "vat id", "vat reg no", "vat registration no", "vat registration number",
        "vat reg", "tva", "tva intracom", "tva intracommunautaire", "n tva", "no tva", "n tva intracommunautaire",
        "numero de tva", "numero tva", "identifiant tva", "ust id", "ust idnr", "ust id nr", "ustidnr", "ust nr",
        "umsatzsteuer id", "umsatzsteuer identifikationsnummer", "uid", "uid nr", "mwst nr", "btw nummer", "btw nr",
        "btw", "btw id", "partita iva", "p iva", "piva", "nip", "cif", "nif", "nif iva", "tax id", "gstin", "gst no",
        "vat reg no", "id tva", "usid", "ust id nummer",
    ]),
    (LabelKind::LegalId, &[
        "siren", "siret", "rcs", "r c s", "rm", "ape", "naf", "code ape", "hrb", "hra", "handelsregister",
        "registergericht", "amtsgericht", "registre du commerce", "company no", "company number",
        "company registration", "registered in", "registration no", "kvk", "kvk nummer", "kvk nr", "krs", "regon",
        "rea", "cciaa", "registro mercantil", "capital", "au capital de", "sas au capital", "stammkapital",
        "handelsregisternummer", "firmenbuch", "chamber of commerce",
    ]),
    (LabelKind::TaxNumber, &[
        "steuernummer", "steuer nr", "st nr", "tax number", "tax no", "ein", "abn", "pan",
    ]),
    (LabelKind::Iban, &[
        "iban", "account", "bank account", "konto", "kontonummer", "rekeningnummer", "rekening", "nr rachunku",
        "rachunek", "numero de compte", "compte", "conto", "cuenta", "rib",
    ]),
    (LabelKind::Bic, &[
        "bic", "swift", "bic swift", "swift bic", "swift code", "bic code", "code bic", "bankleitzahl", "blz",
    ]),
    (LabelKind::Contact, &[
        "tel", "telephone", "phone", "fax", "mobile", "mob", "email", "e mail", "mail", "web", "www", "internet",
        "telefon", "telefax", "tel nr", "telefoon", "telefono", "contact", "kontakt", "site", "website", "http",
        "https",
    ]),
    (LabelKind::Name, &[
        "name", "nom", "raison sociale", "firma", "firmenname", "naam", "nombre", "nome", "nazwa", "company",
    ]),
    (LabelKind::Address, &[
        "address", "adresse", "anschrift", "adres", "direccion", "indirizzo", "siege social", "sitz", "siege",
        "registered office", "postanschrift", "strasse", "street", "rue", "ort", "city", "ville", "plz",
    ]),
    (LabelKind::Page, &[
        "page", "seite", "pagina", "strona", "blatt", "page of", "seite von",
    ]),
    (LabelKind::ItemHeader, &[
        "description", "designation", "libelle", "article", "item", "product", "qty", "quantity", "qte", "quantite",
        "menge", "anzahl", "anz", "aantal", "cantidad", "cant", "quantita", "ilosc", "unit", "units", "hrs", "hours",
        "bezeichnung", "beschreibung", "artikel", "leistung", "omschrijving", "descripcion", "concepto",
        "descrizione", "articolo", "nazwa towaru", "pos", "position", "stk", "pcs", "ea", "einheit", "ref article",
    ]),
    (LabelKind::Currency, &[
        "currency", "devise", "monnaie", "wahrung", "waehrung", "valuta", "moneda", "waluta",
    ]),
];

/// A label found on a line: its kind and the words it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelHit {
    pub kind: LabelKind,
    pub words: std::ops::Range<usize>,
}

/// Tokens of one phrase, with its kind.
struct Phrase {
    kind: LabelKind,
    tokens: Vec<&'static str>,
}

/// The phrases, longest first, and for each first token the indices of the phrases
/// that start with it (in that order): a position is compared only with those.
struct Phrases {
    all: Vec<Phrase>,
    by_first_token: std::collections::HashMap<&'static str, Vec<usize>>,
}

fn phrases() -> &'static Phrases {
    static PHRASES: std::sync::OnceLock<Phrases> = std::sync::OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut all: Vec<Phrase> = VOCABULARY
            .iter()
            .flat_map(|(kind, list)| list.iter().map(|p| Phrase { kind: *kind, tokens: p.split(' ').collect() }))
            .collect();
        // Longest first, so the first phrase that matches at a position is the longest.
        all.sort_by_key(|phrase| std::cmp::Reverse(phrase.tokens.len()));
        let mut by_first_token = std::collections::HashMap::<&'static str, Vec<usize>>::new();
        for (i, phrase) in all.iter().enumerate() {
            by_first_token.entry(phrase.tokens[0]).or_default().push(i);
        }
        Phrases { all, by_first_token }
    })
}

/// German compounds are open-ended ("Lieferscheindatum", "Kundenbestellnummer"): a
/// token that ends like a label counts as that label when no phrase matched it.
const SUFFIXES: &[(&str, LabelKind)] = &[
    ("rechnungsnummer", LabelKind::InvoiceNumber),
    ("rechnung", LabelKind::Title),
    ("gutschrift", LabelKind::Title),
    ("datum", LabelKind::DateWord),
    ("nummer", LabelKind::NumberWord),
    ("betrag", LabelKind::TotalIncl),
    ("summe", LabelKind::TotalIncl),
];

/// Finds labels on a line given the folded tokens of each word. Matches are whole
/// tokens, longest first, never overlapping.
pub fn find(word_tokens: &[Vec<String>]) -> Vec<LabelHit> {
    // Flatten: (token, word index).
    let flat: Vec<(&str, usize)> =
        word_tokens.iter().enumerate().flat_map(|(w, toks)| toks.iter().map(move |t| (t.as_str(), w))).collect();
    let mut hits = Vec::new();
    let mut idx = 0;
    let phrases = phrases();
    while idx < flat.len() {
        let starting_here = if is_value_token(flat[idx].0) { None } else { phrases.by_first_token.get(flat[idx].0) };
        let matched = starting_here.into_iter().flatten().map(|&i| &phrases.all[i]).find(|phrase| {
            phrase.tokens.len() <= flat.len() - idx
                && phrase.tokens.iter().zip(&flat[idx..]).all(|(p, (t, _))| *p == *t)
        });
        if let Some(phrase) = matched {
            let last = idx + phrase.tokens.len() - 1;
            hits.push(LabelHit { kind: phrase.kind, words: flat[idx].1..flat[last].1 + 1 });
            idx = last + 1;
            continue;
        }
        let token = flat[idx].0;
        if token.len() > 6
            && let Some((_, kind)) = SUFFIXES.iter().find(|(suffix, _)| token.ends_with(suffix))
        {
            hits.push(LabelHit { kind: *kind, words: flat[idx].1..flat[idx].1 + 1 });
        }
        idx += 1;
    }
    hits
}

/// Tokens that are values, never labels (digits).
fn is_value_token(token: &str) -> bool {
    token.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::invoice::tokens::tokens;

    fn kinds(line: &str) -> Vec<LabelKind> {
        let words: Vec<Vec<String>> = line.split(' ').map(tokens).collect();
        find(&words).into_iter().map(|h| h.kind).collect()
    }

    #[test]
    fn longest_phrase_wins() {
        assert_eq!(kinds("Total HT 100,00 TVA 20 % 20,00"), [LabelKind::TotalExcl, LabelKind::TotalVat]);
        assert_eq!(kinds("Total TTC : 120,00 €"), [LabelKind::TotalIncl]);
        assert_eq!(kinds("N° de facture : F-42"), [LabelKind::InvoiceNumber]);
        assert_eq!(kinds("Rechnungsdatum: 05.03.2018"), [LabelKind::IssueDate]);
        assert_eq!(kinds("Lieferscheindatum 05.03.2018"), [LabelKind::DateWord]);
        assert_eq!(kinds("Mietrechnung (387) Nr. 42"), [LabelKind::Title, LabelKind::NumberWord]);
        assert_eq!(kinds("Bill To:"), [LabelKind::Buyer]);
    }

    #[test]
    fn every_kind_has_a_stable_distinct_name() {
        let names: std::collections::HashSet<&str> = LabelKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), LabelKind::ALL.len());
        for kind in LabelKind::ALL {
            assert_eq!(LabelKind::ALL[kind.index()], kind);
        }
    }
}
