"""Label vocabularies of commercial documents, by concept and language.

A template picks one synonym per concept, so that documents from one template (one
"vendor") are consistent while the corpus as a whole covers the vocabulary.
"""
from __future__ import annotations

import random

L = {
    "invoice_title": {
        "fr": ["Facture", "FACTURE", "Facture", "Facture de vente", "FACTURE N°"],
        "en": ["Invoice", "INVOICE", "Invoice", "Tax Invoice", "Bill", "Sales Invoice", "Commercial Invoice", "TAX INVOICE"],
        "de": ["Rechnung", "RECHNUNG", "Rechnung", "Rechnung Nr.", "Ausgangsrechnung"],
        "nl": ["Factuur", "FACTUUR", "Factuur", "Verkoopfactuur"],
        "es": ["Factura", "FACTURA", "Factura"], "it": ["Fattura", "FATTURA", "Fattura"],
        "pl": ["Faktura VAT", "FAKTURA VAT", "Faktura", "Faktura VAT nr"],
    },
    "credit_title": {
        # Not "Rechnungskorrektur": EN 16931 samples use it for corrected invoices (type 384), which are invoices.
        "fr": ["Avoir", "AVOIR", "Avoir N°", "AVOIR N°", "Facture d'avoir", "FACTURE D'AVOIR", "Note de crédit", "Avoir sur facture", "Avoir client",
               "Facture d'avoir N°", "NOTE DE CRÉDIT", "Avoir commercial"],
        "en": ["Credit Note", "CREDIT NOTE", "Credit Memo", "CREDIT MEMO", "Credit note", "Credit Note No.", "Tax Credit Note", "Credit Invoice",
               "Refund Credit Note", "Sales Credit Note"],
        "de": ["Gutschrift", "GUTSCHRIFT", "Gutschrift Nr.", "Gutschriftsanzeige", "Stornorechnung", "Storno-Rechnung", "Rechnungsgutschrift",
               "Gutschrift (Storno)", "Kreditnote", "Warengutschrift"],
        "nl": ["Creditnota", "CREDITNOTA", "Creditfactuur", "Creditnota nr."], "es": ["Factura rectificativa", "Nota de crédito", "Abono", "Factura de abono"],
        "it": ["Nota di credito", "NOTA DI CREDITO", "Nota credito n."], "pl": ["Faktura korygująca", "FAKTURA KORYGUJĄCA", "Nota korygująca", "Korekta faktury"],
    },
    "number": {
        "fr": ["Facture n°", "N° de facture", "Numéro de facture", "N° facture", "Réf. facture", "Facture N°"],
        "en": ["Invoice No.", "Invoice Number", "Invoice #", "Invoice no", "Bill No.", "Document No.", "Invoice ID"],
        "de": ["Rechnungsnummer", "Rechnung Nr.", "Rechnungs-Nr.", "Re.-Nr.", "Belegnummer", "Rechnungsnr."],
        "nl": ["Factuurnummer", "Factuur nr.", "Factuurnr."], "es": ["Nº de factura", "Número de factura", "Factura nº"],
        "it": ["Numero fattura", "Fattura n.", "N. fattura"], "pl": ["Numer faktury", "Faktura nr", "Nr faktury"],
    },
    "credit_number": {
        "fr": ["Avoir n°", "N° d'avoir", "Numéro d'avoir", "N° avoir", "Réf. avoir", "Note de crédit n°"],
        "en": ["Credit Note No.", "Credit Memo #", "Credit Note Number", "Credit No.", "Credit Note #", "Document No."],
        "de": ["Gutschrift Nr.", "Gutschriftsnummer", "Beleg-Nr.", "Gutschrift-Nr.", "Storno-Nr.", "Belegnummer"], "nl": ["Creditnota nr.", "Creditnummer"],
        "es": ["Nº de abono", "Rectificativa nº", "Nota de crédito nº"], "it": ["Nota di credito n.", "Numero nota"], "pl": ["Numer korekty", "Korekta nr"],
    },
    "date": {
        "fr": ["Date", "Date de facture", "Date d'émission", "Émise le", "Date de facturation", "Le"],
        "en": ["Date", "Invoice Date", "Issue Date", "Date of issue", "Billing Date", "Dated"],
        "de": ["Datum", "Rechnungsdatum", "Ausstellungsdatum", "Belegdatum", "Leistungsdatum"],
        "nl": ["Factuurdatum", "Datum"], "es": ["Fecha", "Fecha de factura", "Fecha de emisión"],
        "it": ["Data", "Data fattura", "Data di emissione"], "pl": ["Data wystawienia", "Data"],
    },
    "due": {
        "fr": ["Échéance", "Date d'échéance", "À payer avant le", "Date limite de paiement", "Payable le"],
        "en": ["Due Date", "Payment Due", "Pay by", "Due", "Payment due date"],
        "de": ["Fällig am", "Fälligkeitsdatum", "Zahlbar bis", "Zahlungsziel"],
        "nl": ["Vervaldatum", "Te betalen voor"], "es": ["Vencimiento", "Fecha de vencimiento"],
        "it": ["Scadenza", "Data scadenza"], "pl": ["Termin płatności"],
    },
    "order": {
        "fr": ["Bon de commande", "Réf. commande", "N° de commande", "Votre commande"],
        "en": ["PO Number", "Order No.", "Purchase Order", "Your Order", "Order ID", "P.O. #"],
        "de": ["Bestellnummer", "Ihre Bestellung", "Auftragsnummer", "Bestell-Nr.", "Auftrag"],
        "nl": ["Ordernummer", "Bestelnummer", "Uw order"], "es": ["Pedido nº", "Nº de pedido"],
        "it": ["Ordine n.", "Rif. ordine"], "pl": ["Zamówienie nr", "Nr zamówienia"],
    },
    "buyer_ref": {
        "fr": ["Référence client", "Votre référence", "Code client", "N° client"],
        "en": ["Customer Ref.", "Your Reference", "Customer No.", "Account No.", "Customer ID"],
        "de": ["Kundennummer", "Ihr Zeichen", "Kunden-Nr.", "Ihre Referenz"], "nl": ["Klantnummer", "Uw referentie"],
        "es": ["Nº cliente", "Referencia cliente"], "it": ["Codice cliente", "Vs. riferimento"], "pl": ["Nr klienta"],
    },
    "bill_to": {
        "fr": ["Facturé à", "Client", "Destinataire", "Adresse de facturation", "À l'attention de"],
        "en": ["Bill To", "Billed To", "Customer", "Sold To", "Invoice To", "Client"],
        "de": ["Rechnungsempfänger", "Kunde", "Rechnungsadresse", "An", "Empfänger"],
        "nl": ["Factuuradres", "Klant", "Aan"], "es": ["Cliente", "Facturar a"], "it": ["Cliente", "Destinatario", "Spett.le"],
        "pl": ["Nabywca", "Odbiorca"],
    },
    "seller": {
        "fr": ["Émetteur", "Vendeur", "Fournisseur", "Prestataire"], "en": ["From", "Supplier", "Seller", "Sold By", "Vendor"],
        "de": ["Lieferant", "Verkäufer", "Absender", "Rechnungssteller"], "nl": ["Leverancier", "Verkoper"],
        "es": ["Emisor", "Proveedor"], "it": ["Fornitore", "Cedente"], "pl": ["Sprzedawca", "Wystawca"],
    },
    "desc": {
        "fr": ["Désignation", "Description", "Libellé", "Article", "Prestation"], "en": ["Description", "Item", "Product", "Service", "Details"],
        "de": ["Bezeichnung", "Beschreibung", "Artikel", "Leistung", "Artikelbezeichnung"], "nl": ["Omschrijving", "Artikel", "Product"],
        "es": ["Descripción", "Concepto", "Artículo"], "it": ["Descrizione", "Articolo"], "pl": ["Nazwa towaru lub usługi", "Nazwa", "Towar/usługa"],
    },
    "qty": {"fr": ["Qté", "Quantité", "Qt."], "en": ["Qty", "Quantity", "Units", "Hrs"], "de": ["Menge", "Anz.", "Anzahl"],
            "nl": ["Aantal"], "es": ["Cant.", "Cantidad", "Uds."], "it": ["Q.tà", "Quantità"], "pl": ["Ilość", "Ilo."]},
    "unit_price": {"fr": ["P.U. HT", "Prix unitaire", "PU HT", "Prix unit."], "en": ["Unit Price", "Rate", "Price", "Unit Cost"],
                   "de": ["Einzelpreis", "E-Preis", "Preis/Einh.", "Stückpreis"], "nl": ["Prijs", "Stukprijs", "Prijs per stuk"],
                   "es": ["Precio unitario", "Precio", "P. unit."], "it": ["Prezzo unitario", "Prezzo"], "pl": ["Cena jedn. netto", "Cena netto"]},
    "vat_col": {"fr": ["TVA", "Taux TVA", "TVA %"], "en": ["VAT", "Tax", "VAT %", "Tax Rate"], "de": ["MwSt.", "USt.", "MwSt. %", "USt-Satz"],
                "nl": ["BTW", "BTW %"], "es": ["IVA", "% IVA"], "it": ["IVA", "Aliq. IVA"], "pl": ["Stawka VAT", "VAT %"]},
    "amount": {"fr": ["Montant HT", "Total HT", "Montant"], "en": ["Amount", "Total", "Line Total", "Net Amount"],
               "de": ["Betrag", "Gesamtpreis", "Gesamt", "Summe"], "nl": ["Bedrag", "Totaal"], "es": ["Importe", "Total"],
               "it": ["Importo", "Totale"], "pl": ["Wartość netto", "Wartość"]},
    "total_excl": {"fr": ["Total HT", "Montant HT", "Sous-total HT", "Total hors taxes"], "en": ["Subtotal", "Net Amount", "Total excl. VAT", "Net Total", "Sub Total"],
                   "de": ["Nettobetrag", "Summe netto", "Zwischensumme", "Gesamt netto", "Warenwert netto"], "nl": ["Subtotaal", "Totaal excl. BTW", "Exclusief BTW"],
                   "es": ["Base imponible", "Subtotal"], "it": ["Imponibile", "Totale imponibile"], "pl": ["Razem netto", "Wartość netto"]},
    "total_vat": {"fr": ["TVA", "Total TVA", "Montant TVA"], "en": ["VAT", "Tax", "Total VAT", "Sales Tax", "VAT Amount"],
                  "de": ["MwSt.", "USt.", "Umsatzsteuer", "Mehrwertsteuer", "zzgl. MwSt."], "nl": ["BTW", "Totaal BTW"],
                  "es": ["IVA", "Cuota IVA", "Total IVA"], "it": ["IVA", "Totale IVA"], "pl": ["Kwota VAT", "Razem VAT"]},
    "total_incl": {"fr": ["Total TTC", "Montant TTC", "Total à payer", "Montant total TTC"], "en": ["Total", "Total incl. VAT", "Grand Total", "Invoice Total", "Total Amount"],
                   "de": ["Gesamtbetrag", "Bruttobetrag", "Summe brutto", "Rechnungsbetrag", "Endbetrag", "Gesamt brutto"],
                   "nl": ["Totaal", "Totaal incl. BTW", "Totaalbedrag"], "es": ["Total factura", "Total", "Importe total"],
                   "it": ["Totale fattura", "Totale documento", "Totale"], "pl": ["Razem brutto", "Wartość brutto", "Razem"]},
    "amount_due": {"fr": ["Net à payer", "Reste à payer", "Montant dû", "Solde à régler"], "en": ["Amount Due", "Balance Due", "Total Due", "Amount Payable"],
                   "de": ["Zu zahlender Betrag", "Offener Betrag", "Zahlbetrag", "Noch zu zahlen"], "nl": ["Te betalen", "Openstaand bedrag"],
                   "es": ["Total a pagar"], "it": ["Netto a pagare", "Totale da pagare"], "pl": ["Do zapłaty", "Pozostało do zapłaty"]},
    "paid": {"fr": ["Acompte versé", "Déjà réglé", "Acompte reçu"], "en": ["Less: Deposit", "Amount Paid", "Payments received"],
             "de": ["Anzahlung", "Abzüglich Anzahlung", "Bereits bezahlt"], "nl": ["Reeds betaald", "Aanbetaling"],
             "es": ["Anticipo"], "it": ["Acconto"], "pl": ["Zaliczka"]},
    "vat_id": {"fr": ["N° TVA intracommunautaire", "TVA intracom.", "N° TVA", "TVA"], "en": ["VAT Reg. No.", "VAT No.", "VAT Number", "VAT ID"],
               "de": ["USt-IdNr.", "USt-ID", "UID-Nr.", "Umsatzsteuer-ID"], "nl": ["BTW-nummer", "BTW-nr.", "BTW"],
               "es": ["CIF", "NIF"], "it": ["P.IVA", "Partita IVA"], "pl": ["NIP"]},
    "iban": {"fr": ["IBAN"], "en": ["IBAN", "Account (IBAN)"], "de": ["IBAN", "Bankverbindung IBAN"], "nl": ["IBAN", "Rekeningnummer"],
             "es": ["IBAN"], "it": ["IBAN", "Coordinate bancarie IBAN"], "pl": ["Nr rachunku", "IBAN", "Konto"]},
    "bic": {"fr": ["BIC", "BIC/SWIFT"], "en": ["BIC", "SWIFT", "SWIFT/BIC"], "de": ["BIC", "SWIFT-BIC"], "nl": ["BIC"], "es": ["BIC", "SWIFT"],
            "it": ["BIC", "SWIFT"], "pl": ["SWIFT", "BIC"]},
    "bank_heading": {"fr": ["Coordonnées bancaires", "Règlement par virement", "Banque"], "en": ["Bank Details", "Payment Details", "Remittance Information"],
                     "de": ["Bankverbindung", "Zahlungsinformationen"], "nl": ["Bankgegevens", "Betaalgegevens"], "es": ["Datos bancarios"],
                     "it": ["Coordinate bancarie", "Modalità di pagamento"], "pl": ["Dane do przelewu", "Sposób płatności: przelew"]},
    "page": {"fr": ["Page"], "en": ["Page"], "de": ["Seite"], "nl": ["Pagina"], "es": ["Página"], "it": ["Pagina"], "pl": ["Strona"]},
    "unit": {"fr": ["u", "h", "j", "forfait", "pce"], "en": ["pcs", "hrs", "ea", "unit", "day"], "de": ["Stk.", "Std.", "Pausch.", "Stück", "Tag"],
             "nl": ["st", "uur", "stuks"], "es": ["ud.", "h"], "it": ["pz", "ore"], "pl": ["szt.", "godz.", "usł."]},
}

PAYMENT_TERMS = {
    "fr": ["Conditions de paiement : 30 jours fin de mois.", "Paiement à réception de facture.", "Règlement par virement sous 30 jours.",
           "En cas de retard de paiement, une pénalité égale à trois fois le taux d'intérêt légal sera exigible.",
           "Indemnité forfaitaire pour frais de recouvrement : 40 €.", "Pas d'escompte pour paiement anticipé.",
           "TVA acquittée sur les débits.", "Autoliquidation de la TVA par le preneur (article 283-2 du CGI).",
           "Merci de rappeler le numéro de facture lors de votre règlement.", "Nous vous remercions de votre confiance."],
    "en": ["Payment terms: Net 30.", "Payment due within 14 days of the invoice date.", "Please quote the invoice number with your payment.",
           "Thank you for your business!", "Late payments are subject to a 1.5% monthly finance charge.",
           "Reverse charge: VAT to be accounted for by the recipient.", "Make all cheques payable to the company named above.",
           "If you have any questions about this invoice, please contact our accounts team."],
    "de": ["Zahlbar innerhalb von 14 Tagen ohne Abzug.", "Bitte überweisen Sie den Rechnungsbetrag unter Angabe der Rechnungsnummer.",
           "Vielen Dank für Ihren Auftrag.", "Zahlungsbedingungen: 30 Tage netto, 10 Tage 2 % Skonto.",
           "Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge).", "Leistungszeitraum entspricht dem Rechnungsdatum.",
           "Es gelten unsere Allgemeinen Geschäftsbedingungen."],
    "nl": ["Betaling binnen 14 dagen na factuurdatum.", "Gelieve het factuurnummer te vermelden bij betaling.", "Bedankt voor uw bestelling.",
           "BTW verlegd.", "Op al onze leveringen zijn de algemene voorwaarden van toepassing."],
    "es": ["Forma de pago: transferencia bancaria a 30 días.", "Gracias por su confianza.", "Inversión del sujeto pasivo."],
    "it": ["Pagamento: bonifico bancario a 30 giorni data fattura.", "Grazie per la fiducia accordataci.", "Operazione soggetta a reverse charge."],
    "pl": ["Sposób zapłaty: przelew, 14 dni.", "Dziękujemy za zakupy.", "Mechanizm podzielonej płatności."],
}


CREDIT = {   # (total label, reason label, reasons, closing notes) of credit notes
    "fr": (["Montant de l'avoir", "Total avoir TTC", "Montant en votre faveur", "Net à déduire", "Montant de l'avoir TTC", "Total de l'avoir",
            "Net à rembourser", "Montant remboursé", "Avoir TTC", "Crédit en votre faveur"],
           "Motif", ["retour de marchandise", "remise commerciale", "erreur de facturation", "annulation de la facture {ref}", "geste commercial",
                     "prestation non réalisée", "trop-perçu sur la facture {ref}", "marchandise défectueuse", "remise de fin d'année", "résiliation anticipée"],
           ["Ce montant sera déduit de votre prochaine facture.", "Le montant de cet avoir vous sera remboursé par virement.", "Avoir à valoir sur vos prochains achats.",
            "Nous vous prions de nous excuser pour ce désagrément.", "Montant remboursé par virement sous 15 jours.", "Remboursement par virement sur le compte indiqué.",
            "Cet avoir annule et remplace la facture {ref}.", "Avoir imputable sur vos prochaines factures.", "Le remboursement sera effectué sous 30 jours.",
            "Montant à déduire de votre prochain règlement.", "Merci de conserver cet avoir avec votre facture d'origine."]),
    "en": (["Credit Total", "Amount Credited", "Total Credit", "Refund Due", "Credit Amount", "Total Refund", "Amount to be refunded", "Credit Note Total",
            "Total credited"],
           "Reason", ["returned goods", "pricing error", "cancellation of invoice {ref}", "goodwill discount", "damaged items", "overcharge on invoice {ref}",
                      "service not delivered", "duplicate billing", "early termination"],
           ["This credit will be applied to your next invoice.", "The amount will be refunded to your account within 5 working days.",
            "Please retain this credit note for your records.", "This credit note cancels invoice {ref}.", "Refund issued to the original payment method.",
            "The credit may be offset against outstanding invoices.", "No payment is required for this document.", "Credit issued against invoice {ref}."]),
    "de": (["Gutschriftsbetrag", "Betrag der Gutschrift", "Erstattungsbetrag", "Gesamtgutschrift", "Gutschrift gesamt", "Summe Gutschrift", "Ihr Guthaben",
            "Zu erstattender Betrag", "Gutschrift brutto"],
           "Grund", ["Rücksendung", "Preisnachlass", "Stornierung der Rechnung {ref}", "Reklamation", "Falschlieferung", "Mängelrüge", "Retoure",
                     "Bonus", "Doppelte Berechnung"],
           ["Der Betrag wird Ihrem Konto gutgeschrieben.", "Wir erstatten Ihnen den Betrag auf Ihr Konto.", "Die Gutschrift wird mit der nächsten Rechnung verrechnet.",
            "Der Gutschriftsbetrag wird innerhalb von 14 Tagen überwiesen.", "Diese Gutschrift storniert die Rechnung {ref}.", "Bitte verrechnen Sie die Gutschrift mit offenen Posten.",
            "Die Erstattung erfolgt auf das bekannte Konto."]),
    "nl": (["Totaal creditnota", "Te crediteren", "Terug te betalen", "Gecrediteerd bedrag"], "Reden", ["retour", "prijscorrectie", "annulering factuur {ref}", "beschadigde goederen"],
           ["Het bedrag wordt teruggestort op uw rekening.", "Het bedrag wordt verrekend met de volgende factuur.", "Deze creditnota vervangt factuur {ref}."]),
    "es": (["Total abono", "Importe a devolver", "Total rectificado", "Importe abonado"], "Motivo", ["devolución de mercancía", "error de facturación", "anulación de la factura {ref}", "descuento"],
           ["El importe será reembolsado en su cuenta.", "Se descontará de su próxima factura.", "Rectifica la factura {ref}."]),
    "it": (["Totale nota di credito", "Importo da rimborsare", "Totale accredito"], "Causale", ["reso merce", "errore di fatturazione", "storno fattura {ref}", "sconto"],
           ["L'importo sarà rimborsato sul vostro conto.", "L'importo sarà detratto dalla prossima fattura.", "Storno della fattura {ref}."]),
    "pl": (["Kwota korekty", "Do zwrotu", "Korekta razem", "Kwota do zwrotu"], "Przyczyna korekty", ["zwrot towaru", "rabat", "błąd w fakturze {ref}", "obniżka ceny"],
           ["Kwota zostanie zwrócona na rachunek.", "Korekta zostanie rozliczona z następną fakturą.", "Korekta dotyczy faktury {ref}."]),
}

# Labels of the original invoice on a credit note (printed with its number).
ORIG_REF = {
    "fr": ["Facture d'origine", "Facture liée", "Réf. facture", "Sur facture n°", "Facture initiale", "Concerne la facture", "Facture concernée",
           "Référence facture", "Facture d'origine n°", "Annule la facture"],
    "en": ["Original invoice", "Related invoice", "Invoice reference", "Against invoice", "Original Invoice No.", "Ref. invoice", "Credit for invoice",
           "Invoice credited"],
    "de": ["Zu Rechnung", "bezogen auf Rechnung", "Bezug: Rechnung Nr.", "Ursprungsrechnung", "Originalrechnung", "Zur Rechnung Nr.", "Rechnungsbezug",
           "Storno zu Rechnung"],
    "nl": ["Betreft factuur", "Oorspronkelijke factuur", "Originele factuur"], "es": ["Factura rectificada", "Factura original", "Rectifica a factura"],
    "it": ["Rif. fattura", "Fattura di riferimento", "Fattura originale"], "pl": ["Dotyczy faktury", "Faktura korygowana", "Do faktury nr"],
}
# A sentence naming the original invoice, printed above the items of some credit notes.
ORIG_SENTENCE = {
    "fr": ["Avoir relatif à la facture n° {ref} du {date}.", "Cet avoir se rapporte à la facture {ref} du {date}.", "Avoir émis sur la facture n° {ref}.",
           "Suite à votre retour, nous avons établi le présent avoir en votre faveur (facture {ref}).", "Veuillez trouver ci-dessous le détail de l'avoir établi en votre faveur."],
    "en": ["Credit note issued against invoice {ref} dated {date}.", "This credit note relates to invoice {ref} of {date}.",
           "We have credited your account with the following items (invoice {ref}).", "Following your return, we have issued this credit in your favour."],
    "de": ["Gutschrift zur Rechnung Nr. {ref} vom {date}.", "Wir schreiben Ihnen zu unserer Rechnung {ref} vom {date} folgende Positionen gut:",
           "Hiermit stornieren wir die Rechnung {ref} vom {date}.", "Bezugnehmend auf Ihre Reklamation erhalten Sie folgende Gutschrift:"],
    "nl": ["Creditnota betreffende factuur {ref} van {date}."], "es": ["Abono correspondiente a la factura {ref} de {date}."],
    "it": ["Nota di credito relativa alla fattura {ref} del {date}."], "pl": ["Korekta do faktury nr {ref} z dnia {date}."],
}
# Invoice sentences that use the French verb "avoir", the word "avoir" as a noun in payment
# terms, or "credit"/"Gutschrift" in passing: hard negatives, so that one word is not enough.
INVOICE_CONFUSERS = {
    "fr": ["Nous avons le plaisir de vous adresser notre facture.", "Vous pouvez avoir accès à toutes vos factures dans votre espace client.",
           "Merci de nous avoir fait confiance.", "Nous espérons avoir répondu à vos attentes.", "Facture payable à réception, déductible de tout avoir éventuel.",
           "Tout avoir émis sera déduit de la prochaine facture.", "Pour avoir droit à l'escompte, le règlement doit nous parvenir sous 8 jours.",
           "Après avoir vérifié cette facture, merci de procéder au règlement.", "Vous devez avoir réglé cette facture avant la date d'échéance.",
           "En cas de litige, un avoir pourra être établi après retour de la marchandise.", "Nous vous remercions d'avoir choisi nos services.",
           "Afin d'avoir une vision claire de vos dépenses, consultez votre espace client."],
    "en": ["Any credit notes issued will be deducted from your next invoice.", "We accept credit card payments.", "Credit terms: 30 days from invoice date.",
           "Credits, if any, are shown on your next statement.", "Thank you for having chosen us.", "Please have your invoice number ready when you call."],
    "de": ["Eventuelle Gutschriften werden mit der nächsten Rechnung verrechnet.", "Zahlung auch per Kreditkarte möglich.", "Gutscheine können nicht bar ausgezahlt werden.",
           "Wir haben uns erlaubt, Ihnen folgende Leistungen in Rechnung zu stellen.", "Bitte haben Sie Verständnis, dass wir ab 30 Tagen Verzugszinsen berechnen."],
}


def pick(tpl: random.Random, concept: str, lang: str) -> str:
    """One synonym of ``concept`` in ``lang`` (falls back to English)."""
    table = L[concept]
    return tpl.choice(table.get(lang) or table["en"])
