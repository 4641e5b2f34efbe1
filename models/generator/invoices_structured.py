"""Structured invoice print-outs: how e-invoice viewers and ERP/EDI systems print an
invoice, as opposed to a designed layout.

* ``structured``: an electronic invoice (XRechnung/ZUGFeRD/EN 16931 style) printed as
  sections of "Name: value" rows: a title with the document type code in parentheses
  ("Handelsrechnung (380) Nr. 4711 vom 05.03.2024"), sometimes letter-spaced
  ("R E C H N U N G"), seller ("Verkäufer") and buyer ("Käufer/Leistungsempfänger")
  blocks with "Name:", "Anschrift:", "Steuernummer:", "USt.-Id.-Nr.:", positions, totals,
  a VAT breakdown, payment data and a remarks section ("Bemerkungen"). Mostly German,
  Austrian and Swiss; also English and French.
* ``wholesale``: wholesale / EDI goods invoices ("Warenrechnung", "Sammelrechnung"):
  GLN/ILN numbers, supplier and branch numbers, delivery-note references, many
  positions with EAN, article number, unit and discount, totals by VAT code, cash
  discount terms; printed as a page or as a fixed-width ERP print-out.

Both exist as invoices and as credit notes ("Gutschrift (381)", "Warengutschrift",
"Retourengutschrift"...); a corrected invoice ("Rechnungskorrektur (384)") is an invoice.
``structured_other`` prints orders, order responses and despatch advices in the same
style (class ``other``), so that the layout alone does not mean "invoice".
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from . import blocks as B
from . import formats as F
from . import identity as I
from .common import GenDoc, tpl_rng
from .formats import money
from .items import CATALOG, LineItem, fmt_qty, make_items, totals
from .plaintext import to_text

N_TEMPLATES = 24

# Document types: (printed name, type code) per language and class.
TYPES = {
    "de": {"invoice": [("Handelsrechnung", "380"), ("Rechnung", "380"), ("Handelsrechnung", "380"), ("Teilrechnung", "326"), ("Schlussrechnung", "380"),
                       ("Rechnungskorrektur", "384"), ("Vorauszahlungsrechnung", "386")],
           "credit_note": [("Gutschrift", "381"), ("Gutschriftsanzeige", "381"), ("Gutschrift", "381"), ("Stornorechnung", "381")]},
    "en": {"invoice": [("Commercial invoice", "380"), ("Invoice", "380"), ("Partial invoice", "326"), ("Corrected invoice", "384"), ("Prepayment invoice", "386")],
           "credit_note": [("Credit note", "381"), ("Credit note", "381"), ("Credit memo", "381")]},
    "fr": {"invoice": [("Facture commerciale", "380"), ("Facture", "380"), ("Facture rectificative", "384"), ("Facture d'acompte", "386"), ("Facture partielle", "326")],
           "credit_note": [("Avoir", "381"), ("Facture d'avoir", "381"), ("Note de crédit", "381")]},
}
SPACED = {"de": {"invoice": "R E C H N U N G", "credit_note": "G U T S C H R I F T"}, "en": {"invoice": "I N V O I C E", "credit_note": "C R E D I T   N O T E"},
          "fr": {"invoice": "F A C T U R E", "credit_note": "A V O I R"}}

# Labels of the "Name: value" print-out, several synonyms per language (one per template).
W = {
    "de": {
        "no": ["Nr.", "Nummer"], "of": ["vom"], "top": ["Visualisierung einer elektronischen Rechnung", "Elektronische Rechnung - Druckansicht", "Rechnungsdarstellung",
                                                         "Prüfansicht", "Rechnungsansicht (XML)"],
        "general": ["Rechnungsdaten", "Allgemeine Angaben", "Übersicht", "Kopfdaten", "Angaben zur Rechnung"],
        "number": ["Rechnungsnummer:", "Rechnungs-Nr.:", "Belegnummer:", "Dokumentnummer:"], "date": ["Rechnungsdatum:", "Belegdatum:", "Ausstellungsdatum:"],
        "type": ["Rechnungsart:", "Rechnungstyp:", "Belegart:", "Dokumentart:"], "currency": ["Währung:", "Rechnungswährung:"],
        "period": ["Leistungszeitraum:", "Abrechnungszeitraum:"], "delivery": ["Liefer-/Leistungsdatum:", "Lieferdatum:", "Leistungsdatum:"],
        "due": ["Fälligkeitsdatum:", "Zahlbar bis:", "Fällig am:"], "order": ["Bestellnummer:", "Auftragsnummer:", "Bestellreferenz:"],
        "buyer_ref": ["Käuferreferenz:", "Leitweg-ID:", "Ihr Zeichen:", "Käuferreferenz (Leitweg-ID):"], "project": ["Projektnummer:", "Vertragsnummer:", "Objektnummer:"],
        "seller": ["Verkäufer", "Verkäufer / Leistungserbringer", "Rechnungssteller", "Lieferant", "Angaben zum Verkäufer"],
        "buyer": ["Käufer", "Käufer/Leistungsempfänger", "Rechnungsempfänger", "Käufer / Rechnungsempfänger", "Angaben zum Käufer"],
        "name": ["Name:", "Firmenname:", "Firma:"], "addr": ["Anschrift:", "Adresse:", "Postanschrift:"], "country": ["Land:", "Ländercode:"],
        "contact": ["Kontakt:", "Ansprechpartner:"], "phone": ["Telefon:", "Tel.:"], "email": ["E-Mail:", "E-Mail-Adresse:"],
        "taxno": ["Steuernummer:", "St.-Nr.:"], "vat": ["USt.-Id.-Nr.:", "USt-IdNr.:", "Umsatzsteuer-ID:", "UID-Nr.:"], "register": ["Registernummer:", "Handelsregister:"],
        "party_id": ["Kennung:", "Kundennummer:", "Lieferantennummer:", "Käuferkennung:"],
        "items": ["Positionen", "Rechnungspositionen", "Rechnungszeilen", "Einzelpositionen"], "pos": ["Position", "Pos.", "Rechnungszeile"],
        "art": ["Artikelnummer:", "Artikel-Nr.:", "Art.-Nr. (Verkäufer):"], "desc": ["Bezeichnung:", "Artikelname:", "Beschreibung:"], "qty": ["Menge:", "Anzahl:"],
        "unit": ["Einheit:", "Mengeneinheit:"], "price": ["Einzelpreis (netto):", "Preis pro Einheit (netto):", "Nettopreis:"],
        "rate": ["Steuersatz:", "USt.-Satz:", "Umsatzsteuersatz:"], "cat": ["Steuerkategorie:", "Umsatzsteuerkategorie:"], "line": ["Gesamtpreis (netto):", "Nettobetrag:", "Positionsbetrag:"],
        "totals": ["Summen", "Rechnungsbeträge", "Gesamtbeträge", "Beträge"], "sum": ["Summe aller Positionen:", "Summe Positionen netto:", "Positionssumme:"],
        "excl": ["Gesamtbetrag ohne USt.:", "Gesamtsumme netto:", "Nettobetrag gesamt:"], "vat_total": ["Summe USt.:", "Umsatzsteuer gesamt:", "USt.-Betrag:"],
        "incl": ["Gesamtbetrag mit USt.:", "Gesamtsumme brutto:", "Rechnungsbetrag:"], "paid": ["Gezahlter Betrag:", "Vorauszahlung:", "Bereits gezahlt:"],
        "due_amount": ["Fälliger Betrag:", "Zahlbetrag:", "Zu zahlender Betrag:", "Offener Betrag:"],
        "breakdown": ["Aufschlüsselung der Umsatzsteuer", "Umsatzsteueraufschlüsselung", "Steuerbeträge"], "basis": ["Basisbetrag", "Bemessungsgrundlage", "Nettobetrag"],
        "payment": ["Zahlungsinformationen", "Zahlungsdaten", "Zahlungsdetails"], "means": ["Zahlungsart:", "Zahlungsmittel:"],
        "means_v": ["SEPA-Überweisung (58)", "Überweisung (30)", "SEPA-Lastschrift (59)", "Überweisung"], "holder": ["Kontoinhaber:", "Kontoinhaber/in:"],
        "terms": ["Zahlungsbedingungen:", "Skonto:", "Zahlungsziel:"],
        "terms_v": ["Zahlbar innerhalb von 30 Tagen netto.", "14 Tage 2 % Skonto, 30 Tage netto.", "Zahlbar sofort ohne Abzug.", "Es bestehen keine Skontovereinbarungen."],
        "remarks": ["Bemerkungen", "Hinweise", "Bemerkung zur Rechnung", "Anmerkungen"],
        "remarks_v": ["Es gelten unsere Allgemeinen Geschäftsbedingungen.", "Leistungszeitraum entspricht dem Rechnungsdatum.", "Bitte geben Sie bei Zahlung die Rechnungsnummer an.",
                      "Lieferung frei Haus.", "Es bestehen Rabatt- oder Bonusvereinbarungen.", "Die Ware bleibt bis zur vollständigen Bezahlung unser Eigentum.",
                      "Steuerschuldnerschaft des Leistungsempfängers.", "Abrechnung gemäß Rahmenvertrag."],
        "credit_v": ["Gutschrift wegen Rücksendung.", "Gutschrift für fehlerhafte Lieferung.", "Die Gutschrift wird mit offenen Posten verrechnet.",
                     "Der Betrag wird Ihrem Konto gutgeschrieben.", "Erstattung auf das angegebene Konto."],
        "preceding": ["Vorausgegangene Rechnung:", "Rechnungsbezug:", "Bezug auf Rechnung:", "Ursprungsrechnung:"],
        "units": [("Stück (H87)", "Stk"), ("Stück (C62)", "Stk"), ("Stunde (HUR)", "Std"), ("Kilogramm (KGM)", "kg"), ("pauschal (LS)", "psch"), ("Tag (DAY)", "Tag")],
        "cat_v": ["Standard rate (S)", "Normalsatz (S)", "S"], "page": "Seite",
    },
    "en": {
        "no": ["No.", "Number", "#"], "of": ["of", "dated"], "top": ["Visualisation of an electronic invoice", "E-invoice viewer", "Invoice (human-readable copy)"],
        "general": ["Invoice data", "General information", "Document details"], "number": ["Invoice number:", "Document number:"], "date": ["Invoice date:", "Issue date:"],
        "type": ["Invoice type:", "Document type:", "Type code:"], "currency": ["Currency:", "Invoice currency:"], "period": ["Invoicing period:", "Billing period:"],
        "delivery": ["Delivery date:", "Actual delivery date:"], "due": ["Due date:", "Payment due date:"], "order": ["Purchase order reference:", "Order number:"],
        "buyer_ref": ["Buyer reference:", "Your reference:"], "project": ["Project reference:", "Contract reference:"],
        "seller": ["Seller", "Seller / Supplier", "Supplier"], "buyer": ["Buyer", "Buyer / Customer", "Customer"], "name": ["Name:", "Company name:"],
        "addr": ["Address:", "Postal address:"], "country": ["Country:", "Country code:"], "contact": ["Contact:", "Contact person:"], "phone": ["Phone:", "Telephone:"],
        "email": ["E-mail:", "Email:"], "taxno": ["Tax registration:", "Company number:"], "vat": ["VAT identifier:", "VAT ID:", "VAT number:"],
        "register": ["Legal registration:", "Registration number:"], "party_id": ["Identifier:", "Customer number:", "Supplier number:"],
        "items": ["Invoice lines", "Line items", "Lines"], "pos": ["Line", "Item", "Position"], "art": ["Item number:", "Seller item ID:"], "desc": ["Item name:", "Description:"],
        "qty": ["Quantity:", "Invoiced quantity:"], "unit": ["Unit:", "Unit of measure:"], "price": ["Net price:", "Unit price (net):"], "rate": ["VAT rate:", "Tax rate:"],
        "cat": ["VAT category:", "Tax category:"], "line": ["Line net amount:", "Net amount:"], "totals": ["Totals", "Document totals", "Amounts"],
        "sum": ["Sum of line net amounts:", "Line total:"], "excl": ["Total without VAT:", "Total net amount:"], "vat_total": ["Total VAT:", "VAT amount:"],
        "incl": ["Total with VAT:", "Invoice total:"], "paid": ["Paid amount:", "Prepaid amount:"], "due_amount": ["Amount due for payment:", "Amount due:", "Payable amount:"],
        "breakdown": ["VAT breakdown", "Tax breakdown"], "basis": ["Taxable amount", "Basis"], "payment": ["Payment instructions", "Payment details"],
        "means": ["Payment means:", "Payment method:"], "means_v": ["Credit transfer (30)", "SEPA credit transfer (58)", "Direct debit (49)"], "holder": ["Account name:", "Account holder:"],
        "terms": ["Payment terms:"], "terms_v": ["Net 30 days.", "Payable within 14 days.", "Due on receipt."], "remarks": ["Notes", "Invoice note", "Remarks"],
        "remarks_v": ["Our general terms and conditions apply.", "Please quote the invoice number with your payment.", "Delivery free of charge.", "Reverse charge applies."],
        "credit_v": ["Credit for returned goods.", "Credit for a pricing error.", "The credit will be offset against open items.", "The amount will be refunded to your account."],
        "preceding": ["Preceding invoice:", "Preceding invoice reference:", "Invoice reference:"],
        "units": [("Piece (H87)", "pc"), ("One (C62)", "pc"), ("Hour (HUR)", "h"), ("Kilogram (KGM)", "kg"), ("Lump sum (LS)", "ls")], "cat_v": ["Standard rate (S)", "S"],
        "page": "Page",
    },
    "fr": {
        "no": ["n°", "N°"], "of": ["du"], "top": ["Visualisation d'une facture électronique", "Facture électronique - lecture", "Représentation lisible"],
        "general": ["Informations générales", "En-tête de facture", "Données de la facture"], "number": ["Numéro de facture :", "N° de facture :"],
        "date": ["Date de facture :", "Date d'émission :"], "type": ["Type de facture :", "Type de document :", "Code type :"], "currency": ["Devise :"],
        "period": ["Période de facturation :", "Période :"], "delivery": ["Date de livraison :", "Date de prestation :"], "due": ["Date d'échéance :", "Échéance :"],
        "order": ["Référence de commande :", "N° de commande :"], "buyer_ref": ["Référence acheteur :", "Code service :"], "project": ["Référence du marché :", "Référence contrat :"],
        "seller": ["Vendeur", "Fournisseur", "Vendeur / Fournisseur"], "buyer": ["Acheteur", "Client", "Acheteur / Client"], "name": ["Nom :", "Raison sociale :"],
        "addr": ["Adresse :", "Adresse postale :"], "country": ["Pays :", "Code pays :"], "contact": ["Contact :", "Interlocuteur :"], "phone": ["Téléphone :", "Tél. :"],
        "email": ["Courriel :", "E-mail :"], "taxno": ["SIREN :", "SIRET :"], "vat": ["N° TVA intracommunautaire :", "Identifiant TVA :"], "register": ["RCS :", "Immatriculation :"],
        "party_id": ["Identifiant :", "Code client :", "Code fournisseur :"], "items": ["Lignes de facture", "Détail des lignes", "Lignes"], "pos": ["Ligne", "Position"],
        "art": ["Référence article :", "Code article :"], "desc": ["Désignation :", "Libellé :"], "qty": ["Quantité :"], "unit": ["Unité :"], "price": ["Prix unitaire HT :", "Prix net :"],
        "rate": ["Taux de TVA :"], "cat": ["Catégorie de TVA :"], "line": ["Montant HT de la ligne :", "Montant net :"], "totals": ["Totaux", "Montants", "Récapitulatif"],
        "sum": ["Somme des lignes HT :", "Total des lignes :"], "excl": ["Total HT :", "Montant total HT :"], "vat_total": ["Total TVA :", "Montant TVA :"],
        "incl": ["Total TTC :", "Montant total TTC :"], "paid": ["Montant déjà payé :", "Acompte versé :"], "due_amount": ["Montant à payer :", "Net à payer :"],
        "breakdown": ["Ventilation de la TVA", "Détail de la TVA"], "basis": ["Base HT", "Assiette"], "payment": ["Informations de paiement", "Règlement"],
        "means": ["Moyen de paiement :", "Mode de règlement :"], "means_v": ["Virement (30)", "Virement SEPA (58)", "Prélèvement (49)"], "holder": ["Titulaire du compte :"],
        "terms": ["Conditions de paiement :"], "terms_v": ["Paiement à 30 jours.", "Paiement à réception.", "Escompte pour paiement anticipé : néant."],
        "remarks": ["Remarques", "Notes", "Mentions"], "remarks_v": ["Pénalités de retard : trois fois le taux d'intérêt légal.", "Indemnité forfaitaire pour frais de recouvrement : 40 €.",
                                                              "TVA acquittée sur les débits.", "Autoliquidation."],
        "credit_v": ["Avoir pour retour de marchandise.", "Avoir pour erreur de facturation.", "Montant remboursé par virement.", "À déduire de votre prochaine facture."],
        "preceding": ["Facture d'origine :", "Facture précédente :", "Référence facture :", "Facture liée :"],
        "units": [("Pièce (H87)", "u"), ("Unité (C62)", "u"), ("Heure (HUR)", "h"), ("Kilogramme (KGM)", "kg"), ("Forfait (LS)", "forfait")], "cat_v": ["Taux normal (S)", "S"],
        "page": "Page",
    },
}

# Wholesale goods (EAN-coded), per language.
WHOLESALE = {
    "de": ["Mineralwasser 12 x 1,0 l PET", "Apfelsaft naturtrüb 6 x 1,0 l", "Vollmilch 3,5 % 1 l", "Spülmittel 500 ml", "Toilettenpapier 3-lagig 8 x 250 Bl.",
           "Kaffee gemahlen 500 g", "Nudeln Spaghetti 500 g", "Sonnenblumenöl 1 l", "Schrauben 4 x 40 verz. (200 St.)", "Dübel 8 mm (100 St.)", "Kabelbinder 200 mm (100 St.)",
           "Malerkrepp 30 mm x 50 m", "Mehl Type 405 1 kg", "Zucker 1 kg", "Reis Langkorn 1 kg", "Tomaten passiert 500 g", "Waschmittel 20 WL", "Batterien AA (4 St.)",
           "Müllbeutel 60 l (25 St.)", "Handseife 300 ml", "Kopierpapier A4 500 Bl.", "Schokolade Vollmilch 100 g", "Bier Pils 20 x 0,5 l", "Pfand Kasten"],
    "en": ["Still water 12 x 1 l", "Orange juice 6 x 1 l", "Semi-skimmed milk 2 pt", "Washing-up liquid 500 ml", "Toilet rolls 9-pack", "Ground coffee 500 g",
           "Spaghetti 500 g", "Sunflower oil 1 l", "Wood screws 4 x 40 (200)", "Cable ties 200 mm (100)", "Masking tape 25 mm", "Plain flour 1.5 kg", "Granulated sugar 1 kg",
           "AA batteries (4)", "Bin bags 60 l (20)", "Hand soap 300 ml", "A4 copier paper (500)", "Milk chocolate 100 g"],
    "fr": ["Eau minérale 6 x 1,5 l", "Jus d'orange 6 x 1 l", "Lait demi-écrémé 1 l", "Liquide vaisselle 500 ml", "Papier toilette 12 rouleaux", "Café moulu 250 g",
           "Pâtes spaghetti 500 g", "Huile de tournesol 1 l", "Vis agglo 4 x 40 (200)", "Colliers de serrage 200 mm (100)", "Farine T45 1 kg", "Sucre en poudre 1 kg",
           "Piles AA (x4)", "Sacs poubelle 50 l (20)", "Savon liquide 300 ml", "Ramette papier A4", "Chocolat au lait 100 g"],
    "nl": ["Mineraalwater 6 x 1,5 l", "Sinaasappelsap 6 x 1 l", "Halfvolle melk 1 l", "Afwasmiddel 500 ml", "Toiletpapier 8 rollen", "Gemalen koffie 500 g",
           "Spaghetti 500 g", "Zonnebloemolie 1 l", "Schroeven 4 x 40 (200)", "Bloem 1 kg", "Suiker 1 kg", "Batterijen AA (4)"],
}
WH = {  # wholesale print-out words
    "de": {"title": ["Warenrechnung", "WARENRECHNUNG", "Rechnung", "Sammelrechnung", "Rechnung / Warenrechnung", "Warenrechnung Nr."],
           "credit": ["Warengutschrift", "Retourengutschrift", "Gutschrift", "GUTSCHRIFT", "Gutschrift Leergut", "Warengutschrift Nr."],
           "number": ["Rechnungs-Nr.", "Beleg-Nr.", "Rechnungsnummer"], "credit_number": ["Gutschrift-Nr.", "Beleg-Nr.", "Gutschriftsnummer"], "date": ["Rechnungsdatum", "Belegdatum", "Datum"],
           "supplier_no": ["Lieferanten-Nr.", "Lief.-Nr.", "Unsere Lieferanten-Nr."], "customer_no": ["Kunden-Nr.", "Debitor", "Kundennummer"],
           "branch": ["Filiale", "Markt-Nr.", "Niederlassung", "Lager"], "gln_s": ["GLN Lieferant", "ILN Lieferant", "GLN Rechnungssteller"], "gln_b": ["GLN Käufer", "ILN Rechnungsempfänger", "GLN Besteller"],
           "dn": ["Lieferschein-Nr.", "Lieferschein", "LS-Nr."], "dn_date": ["Lieferdatum", "Liefertag"], "order": ["Bestell-Nr.", "Ihre Bestellung", "Auftrags-Nr."],
           "edi": ["EDI-Referenz", "Nachrichtennummer (INVOIC)", "Übertragungs-Nr."], "due": ["Zahlbar bis", "Fällig am", "Valuta"], "vat": ["USt-IdNr.", "UID-Nr."],
           "cols": ["Pos", "EAN", "Art.-Nr.", "Bezeichnung", "Menge", "ME", "Preis", "Rab.%", "Betrag", "MwSt"],
           "goods": ["Warenwert", "Warenwert netto", "Summe Waren"], "excl": ["Nettobetrag", "Summe netto", "Netto gesamt"], "vat_line": ["MwSt. {r} auf {b}", "USt {r} von {b}", "zzgl. {r} MwSt. auf {b}"],
           "incl": ["Rechnungsbetrag", "Bruttobetrag", "Endbetrag", "Gesamtbetrag EUR"], "credit_incl": ["Gutschriftsbetrag", "Betrag der Gutschrift", "Gutschrift gesamt"],
           "skonto": ["Bei Zahlung bis {d} abzgl. 2 % Skonto.", "Zahlbar bis {d} mit 3 % Skonto oder 30 Tage netto.", "Zahlungsziel: {d} netto."],
           "notes": ["Die Ware bleibt bis zur vollständigen Bezahlung unser Eigentum.", "Lieferung frei Haus.", "Leergut wird gesondert abgerechnet.", "Rechnung per EDI übermittelt.",
                     "Reklamationen bitte innerhalb von 8 Tagen.", "Es gelten unsere Lieferbedingungen."],
           "credit_notes": ["Gutschrift für Rücknahme laut Retourenschein.", "Leergutrücknahme laut Lieferschein.", "Wird mit der nächsten Rechnung verrechnet.",
                            "Gutschrift zu Rechnung {ref}."], "page": "Seite", "units": ["ST", "KI", "KRT", "PAK", "KG", "FL"]},
    "en": {"title": ["Invoice", "INVOICE", "Goods invoice", "Consolidated invoice", "Trade invoice"], "credit": ["Credit note", "Returns credit note", "CREDIT NOTE"],
           "number": ["Invoice No.", "Document No."], "credit_number": ["Credit note No.", "Document No."], "date": ["Invoice date", "Date"], "supplier_no": ["Supplier No.", "Vendor No."],
           "customer_no": ["Account No.", "Customer No."], "branch": ["Store", "Branch", "Depot"], "gln_s": ["Supplier GLN", "GLN (supplier)"], "gln_b": ["Buyer GLN", "GLN (invoicee)"],
           "dn": ["Delivery note No.", "Despatch No."], "dn_date": ["Delivery date"], "order": ["Order No.", "Your PO"], "edi": ["EDI reference", "Message ref. (INVOIC)"],
           "due": ["Due date", "Payment due"], "vat": ["VAT No."], "cols": ["Line", "EAN", "Item", "Description", "Qty", "Unit", "Price", "Disc.%", "Amount", "VAT"],
           "goods": ["Goods value", "Goods total"], "excl": ["Net total", "Total net"], "vat_line": ["VAT {r} on {b}", "VAT @ {r} on {b}"], "incl": ["Invoice total", "Total due", "Gross total"],
           "credit_incl": ["Credit total", "Total credit"], "skonto": ["2% settlement discount if paid by {d}.", "Payment due by {d}."],
           "notes": ["Goods remain our property until paid in full.", "Invoice transmitted by EDI.", "Claims must be made within 7 days of delivery."],
           "credit_notes": ["Credit for returned goods as per returns note.", "Credit against invoice {ref}.", "Will be offset against your next invoice."], "page": "Page",
           "units": ["EA", "CS", "PK", "KG", "BT"]},
    "fr": {"title": ["Facture", "FACTURE", "Facture marchandises", "Facture récapitulative"], "credit": ["Avoir", "AVOIR", "Avoir retour marchandises", "Facture d'avoir"],
           "number": ["N° facture", "N° pièce"], "credit_number": ["N° avoir", "N° pièce"], "date": ["Date facture", "Date"], "supplier_no": ["N° fournisseur", "Code fournisseur"],
           "customer_no": ["N° client", "Code client"], "branch": ["Magasin", "Dépôt", "Site"], "gln_s": ["GLN fournisseur", "EAN fournisseur"], "gln_b": ["GLN client", "EAN facturé"],
           "dn": ["N° BL", "Bon de livraison"], "dn_date": ["Date de livraison"], "order": ["N° commande", "Votre commande"], "edi": ["Réf. EDI", "Message INVOIC"],
           "due": ["Échéance", "Date d'échéance"], "vat": ["N° TVA"], "cols": ["Ligne", "EAN", "Réf.", "Désignation", "Qté", "U", "PU HT", "Rem.%", "Montant HT", "TVA"],
           "goods": ["Total marchandises", "Valeur marchandises"], "excl": ["Total HT", "Net HT"], "vat_line": ["TVA {r} sur {b}", "TVA {r} base {b}"],
           "incl": ["Total TTC", "Net à payer", "Montant TTC"], "credit_incl": ["Montant de l'avoir", "Total avoir TTC"],
           "skonto": ["Règlement au {d}.", "Escompte 2 % pour paiement avant le {d}."],
           "notes": ["Pénalités de retard : trois fois le taux d'intérêt légal.", "Indemnité forfaitaire pour frais de recouvrement : 40 €.", "Facture transmise par EDI."],
           "credit_notes": ["Avoir sur retour de marchandises.", "Avoir sur facture {ref}.", "À déduire de votre prochain règlement."], "page": "Page",
           "units": ["U", "COL", "CT", "KG", "PCE"]},
    "nl": {"title": ["Factuur", "FACTUUR", "Verzamelfactuur"], "credit": ["Creditnota", "CREDITNOTA", "Creditfactuur"], "number": ["Factuurnr.", "Documentnr."],
           "credit_number": ["Creditnotanr.", "Documentnr."], "date": ["Factuurdatum", "Datum"], "supplier_no": ["Leveranciersnr."], "customer_no": ["Klantnr.", "Debiteurnr."],
           "branch": ["Filiaal", "Vestiging"], "gln_s": ["GLN leverancier"], "gln_b": ["GLN afnemer"], "dn": ["Pakbonnr.", "Afleverbon"], "dn_date": ["Leverdatum"],
           "order": ["Ordernr.", "Uw order"], "edi": ["EDI-referentie"], "due": ["Vervaldatum"], "vat": ["BTW-nr."],
           "cols": ["Regel", "EAN", "Art.nr.", "Omschrijving", "Aantal", "Eenh.", "Prijs", "Korting %", "Bedrag", "BTW"], "goods": ["Goederenwaarde"], "excl": ["Totaal excl. BTW"],
           "vat_line": ["BTW {r} over {b}"], "incl": ["Totaal incl. BTW", "Te betalen"], "credit_incl": ["Totaal creditnota", "Te crediteren"],
           "skonto": ["Betaling voor {d}.", "2% korting bij betaling voor {d}."], "notes": ["Factuur verzonden via EDI.", "Op al onze leveringen zijn de algemene voorwaarden van toepassing."],
           "credit_notes": ["Creditering retourgoederen.", "Betreft factuur {ref}."], "page": "Pagina", "units": ["ST", "DS", "KRT", "KG"]},
}
STRUCT_OTHER = {  # structured print-outs of documents that are not invoices: title (code), number label
    "de": [("Bestellung", "220", "Bestellnummer:"), ("Auftragsbestätigung", "231", "Auftragsnummer:"), ("Lieferavis", "351", "Lieferavis-Nr.:"), ("Angebot", "310", "Angebotsnummer:"),
           ("Lieferschein", "270", "Lieferschein-Nr.:")],
    "en": [("Purchase order", "220", "Order number:"), ("Order response", "231", "Order number:"), ("Despatch advice", "351", "Despatch advice number:"), ("Quotation", "310", "Quote number:")],
    "fr": [("Bon de commande", "220", "N° de commande :"), ("Confirmation de commande", "231", "N° de commande :"), ("Avis d'expédition", "351", "N° d'avis :"),
           ("Devis", "310", "N° de devis :")],
}
STRUCT_OTHER_NOTES = {
    "de": ["Bitte bestätigen Sie den Liefertermin.", "Dies ist keine Rechnung.", "Die Rechnung folgt mit der Lieferung.", "Angebot freibleibend, gültig 30 Tage."],
    "en": ["Please confirm the delivery date.", "This is not an invoice.", "An invoice will follow on delivery.", "Quotation valid for 30 days."],
    "fr": ["Merci de confirmer la date de livraison.", "Ce document n'est pas une facture.", "La facture suivra la livraison.", "Devis valable 30 jours."],
}


def _setup(rng: random.Random, lang: str, kind: str, family: str):
    """Template name, its layout generator, the generator of class-specific choices, and the country.

    Invoices and credit notes of a family share templates (same labels and layout), so that
    only the words that make a credit note tell them apart; every class-specific choice is
    drawn from the second generator so that the first draws the same layout for both."""
    variant = rng.randrange(N_TEMPLATES)
    template = f"{family}/{lang}/{variant}" if kind.split("/")[0] in ("invoice", "credit_note") else f"{family}/{kind}/{lang}/{variant}"
    tpl = tpl_rng(template)
    country = rng.choice(I.LANG_COUNTRIES[lang] if lang != "en" else ["GB", "GB", "DE", "US"])
    return template, tpl, tpl_rng(template, kind), country


def _money(tpl: random.Random, lang: str, country: str, currency: str):
    amt_style = "en" if lang == "en" or country == "GB" else ("ch" if country == "CH" and tpl.random() < 0.5 else tpl.choice(F.LANG_AMOUNT_STYLES[lang]))
    mark_mode = tpl.choice(["each", "totals", "none", "none"])
    mark = tpl.choice(F.CURRENCY_MARKS[currency])
    return amt_style, mark_mode, mark


def structured(rng: random.Random, lang: str, cls: str) -> GenDoc:
    """An e-invoice printed as "Name: value" sections (class ``invoice`` or ``credit_note``)."""
    kind = f"{cls}/structured"
    template, tpl, xtpl, country = _setup(rng, lang, kind, "structured")
    w = {k: (tpl.choice(v) if isinstance(v, list) and k not in ("units", "remarks_v", "credit_v", "means_v", "terms_v", "cat_v") else v) for k, v in W[lang].items()}
    type_name, type_code = xtpl.choice(TYPES[lang][cls])
    seller = I.company(rng, country)
    buyer = I.company(rng, country if rng.random() < 0.85 else rng.choice(["DE", "AT", "FR", "NL", "CH"]))
    if tpl.random() < 0.15:
        buyer.name = I.person(rng, I.NAME_LANG[buyer.country]).name
    issue = F.random_date(rng)
    due = issue + dt.timedelta(days=rng.choice([0, 10, 14, 14, 30, 30]))
    currency = F.currency_for(country, rng)
    date_style = tpl.choice({"de": ["dmy.", "dmy.", "iso"], "en": ["iso", "dmy/", "long_dmy"], "fr": ["dmy/", "dmy/", "iso"]}[lang])
    amt_style, mark_mode, mark = _money(tpl, lang, country, currency)
    credit = cls == "credit_note"
    # Credit notes printed by a viewer often differ from an invoice by their type only.
    minimal = credit and xtpl.random() < 0.3
    sign = Decimal(-1) if credit and xtpl.random() < 0.35 else Decimal(1)
    fm = lambda v, force=False: F.fmt_money(sign * v, amt_style, currency, mark if (mark_mode == "each" or (force and mark_mode == "totals")) else None)  # noqa: E731
    fd = lambda d: F.fmt_date(d, date_style, lang)  # noqa: E731
    items = make_items(rng, lang, country, rng.choice([1, 2, 2, 3, 4, 5, 7]), multi_rate=tpl.random() < 0.3)
    tot = totals(items)
    paid_roll = tpl.random()
    paid = F.money(tot.incl * Decimal(rng.choice(["0.2", "0.5"]))) if (not credit and paid_roll < 0.15) else Decimal(0)
    prefix = xtpl.choice(["GS", "G-", "CN", "AV-"] if credit else ["RE", "R", "", "INV-", "FA-", "471"])
    number = f"{prefix}{issue.year if tpl.random() < 0.5 else ''}{rng.randint(100, 999999)}" if tpl.random() < 0.7 else f"{prefix.rstrip('-') or 'R'}-{issue.year}-{rng.randint(1, 99999):05d}"
    fields = {"invoice_number": number, "type_code": type_code, "issue_date": issue.isoformat(), "seller_name": seller.name,
              "seller_address": seller.address.one_line(), "buyer_name": buyer.name}

    blocks: list = []
    if tpl.random() < 0.35:
        blocks.append(B.Lines([w["top"]], style="small", align=tpl.choice(["left", "center"])))
    title_mode = tpl.randrange(4)
    if title_mode == 0:      # "Handelsrechnung (380) Nr. 4711 vom 05.03.2024"
        blocks.append(B.Title(f"{type_name} ({type_code}) {w['no']} {number} {w['of']} {fd(issue)}", scale=tpl.choice([0.55, 0.7])))
    elif title_mode == 1:    # letter-spaced title, then number and date
        blocks += [B.Title(SPACED[lang][cls], align=tpl.choice(["left", "center"])), B.Lines([f"{w['no']} {number} {w['of']} {fd(issue)}"], align="left")]
    elif title_mode == 2:    # type name with its code
        blocks.append(B.Title(f"{type_name} ({type_code})" if tpl.random() < 0.7 else type_name.upper()))
    else:
        blocks.append(B.Title(type_name))
    general = []
    if title_mode >= 2 or tpl.random() < 0.5:
        general += [(w["number"], number), (w["date"], fd(issue))]
    if title_mode != 0 or tpl.random() < 0.5:
        general.append((w["type"], f"{type_name} ({type_code})" if tpl.random() < 0.6 else type_code))
    if tpl.random() < 0.7:
        general.append((w["currency"], currency))
        fields["currency"] = currency
    elif mark_mode != "none":
        fields["currency"] = currency
    if tpl.random() < 0.5:
        start = issue.replace(day=1) - dt.timedelta(days=rng.choice([0, 28]))
        general.append((w["period"], f"{fd(start)} - {fd(start + dt.timedelta(days=27))}"))
    elif tpl.random() < 0.6:
        general.append((w["delivery"], fd(issue - dt.timedelta(days=rng.choice([0, 1, 3, 7])))))
    due_roll = tpl.random()
    if not credit and due_roll < 0.6:
        general.append((w["due"], fd(due)))
        fields["due_date"] = due.isoformat()
    if tpl.random() < 0.45:
        order = f"{tpl.choice(['PO', 'B', '', '45'])}{rng.randint(1000, 9999999)}"
        general.append((w["order"], order))
        fields["order_reference"] = order
    if tpl.random() < 0.4:
        ref = f"{rng.randint(10, 99)}-{rng.randint(1000, 99999)}-{rng.randint(10, 99)}" if lang == "de" and tpl.random() < 0.5 else f"{tpl.choice(['K', 'REF', ''])}{rng.randint(1000, 999999)}"
        general.append((w["buyer_ref"], ref))
        fields["buyer_reference"] = ref
    if tpl.random() < 0.25:
        general.append((w["project"], f"{tpl.choice(['P', 'V', 'PRJ-'])}{rng.randint(100, 99999)}"))
    # The preceding invoice (EN 16931 BT-25): on credit notes and corrected invoices, sometimes on others.
    orig = f"{xtpl.choice(['RE', 'R', 'INV-', 'FA-'])}{(issue - dt.timedelta(days=30)).year}{rng.randint(100, 99999)}"
    if (credit and not minimal) or (credit and xtpl.random() < 0.4) or type_code == "384" or xtpl.random() < 0.04:
        general.append((w["preceding"], f"{orig} {w['of']} {fd(issue - dt.timedelta(days=rng.randint(5, 60)))}" if xtpl.random() < 0.5 else orig))
    kv_layout = tpl.choice(["table", "table", "colon"])
    kv = lambda pairs: B.KV(pairs, layout=kv_layout, sep=" ")  # noqa: E731
    if general:
        blocks += [B.Gap(6), B.Heading(w["general"], level=2) if tpl.random() < 0.6 else B.Gap(2), kv(general)]

    parties = []
    for role, party in (("seller", seller), ("buyer", buyer)):
        rows = []
        if tpl.random() < 0.5:
            rows.append((w["party_id"] if role == "seller" else tpl.choice(W[lang]["party_id"]), str(rng.randint(10000, 999999))))
        rows.append((w["name"], party.name))
        rows.append((w["addr"], "\n".join(party.address.lines)))
        if tpl.random() < 0.5:
            rows.append((w["country"], party.country))
        if role == "seller" and tpl.random() < 0.5:
            rows += [(w["contact"], party.contact.name), (w["phone"], party.phone)]
            if tpl.random() < 0.5:
                rows.append((w["email"], party.email))
        if role == "seller" and tpl.random() < 0.5:
            if country == "FR" and party.legal_id:
                rows.append(("SIRET :" if len(party.legal_id) == 14 else "SIREN :", party.legal_id))
                fields["seller_legal_id"] = party.legal_id
            elif country != "FR":
                rows.append((w["taxno"], f"{rng.randint(10, 99)}/{rng.randint(100, 999)}/{rng.randint(10000, 99999)}" if lang == "de" else str(rng.randint(10**7, 10**8 - 1))))
        if role == "seller" or tpl.random() < 0.5:
            rows.append((w["vat"], party.vat_id))
            fields[f"{role}_vat_id"] = party.vat_id
        if role == "seller" and country in ("DE", "AT") and tpl.random() < 0.3:
            rows.append((w["register"], f"HRB {rng.randint(1000, 99999)}" if country == "DE" else f"FN {rng.randint(100000, 999999)}{tpl.choice('abcdi')}"))
        parties.append([B.Heading(w[role], level=2), kv(rows)])
    if tpl.random() < 0.5:
        blocks += [B.Gap(8), B.Columns(parties)]
    else:
        blocks += [B.Gap(8)] + parties[0] + [B.Gap(6)] + parties[1]

    # Positions: a table, or one "Name: value" block per position.
    blocks += [B.Gap(8), B.Heading(w["items"], level=2)]
    unit_name, unit_short = tpl.choice(w["units"])
    cat = tpl.choice(w["cat_v"])
    if tpl.random() < 0.5:
        head = ["Pos", w["desc"].rstrip(": "), w["qty"].rstrip(": "), w["unit"].rstrip(": "), w["price"].rstrip(": "), w["rate"].rstrip(": "), w["line"].rstrip(": ")]
        rows = [[str(i), it.description, fmt_qty(it.quantity, F.AMOUNT_STYLES[amt_style][1]), unit_short, fm(it.unit_price), F.fmt_rate(it.vat_rate, amt_style), fm(it.amount)]
                for i, it in enumerate(items, 1)]
        blocks.append(B.Table(head, rows, aligns=["left", "left", "right", "center", "right", "right", "right"], widths=[0.5, 3.4, 0.8, 0.7, 1.3, 0.8, 1.4]))
    else:
        for i, it in enumerate(items, 1):
            rows = [(w["art"], f"{tpl.choice(['A', 'ART', ''])}{rng.randint(1000, 999999)}")] if tpl.random() < 0.6 else []
            rows += [(w["desc"], it.description), (w["qty"], f"{fmt_qty(it.quantity, F.AMOUNT_STYLES[amt_style][1])} {unit_name}"), (w["price"], fm(it.unit_price)),
                     (w["rate"], F.fmt_rate(it.vat_rate, amt_style))]
            if tpl.random() < 0.5:
                rows.append((w["cat"], cat))
            rows.append((w["line"], fm(it.amount)))
            blocks += [B.Lines([f"{w['pos']} {i}"], style="bold"), kv(rows)]

    totals_rows = []
    if tpl.random() < 0.6:
        totals_rows.append((w["sum"], fm(tot.excl)))
    totals_rows += [(w["excl"], fm(tot.excl)), (w["vat_total"], fm(tot.vat)), (w["incl"], fm(tot.incl, True))]
    if paid:
        totals_rows.append((w["paid"], F.fmt_money(paid, amt_style, currency, None)))
    if paid or tpl.random() < 0.7:
        totals_rows.append((w["due_amount"], fm(tot.incl - paid, True)))
    blocks += [B.Gap(8), B.Heading(w["totals"], level=2), kv(totals_rows)]
    if len(tot.breakdown) > 1 or tpl.random() < 0.6:
        rows = [[cat if tpl.random() < 0.5 else "S", F.fmt_rate(r, amt_style), fm(b), fm(t)] for r, b, t in tot.breakdown]
        blocks += [B.Gap(6), B.Heading(w["breakdown"], level=2),
                   B.Table([w["cat"].rstrip(": "), w["rate"].rstrip(": "), w["basis"], w["vat_total"].rstrip(": ")], rows, widths=[1.6, 1, 1.3, 1.3])]
    if tpl.random() < 0.75:
        pay = [(w["means"], tpl.choice(w["means_v"]))]
        if tpl.random() < 0.5:
            pay.append((w["holder"], seller.name))
        pay.append(("IBAN:", seller.iban if tpl.random() < 0.5 else " ".join(seller.iban[i:i + 4] for i in range(0, len(seller.iban), 4))))
        fields["iban"] = seller.iban
        if tpl.random() < 0.7:
            pay.append(("BIC:", seller.bic))
            fields["bic"] = seller.bic
        terms_roll = tpl.random()
        if not credit and terms_roll < 0.6:
            pay.append((w["terms"], tpl.choice(w["terms_v"])))
        blocks += [B.Gap(8), B.Heading(w["payment"], level=2), kv(pay)]
    remarks = tpl.sample(w["remarks_v"], k=tpl.randint(1, 2)) if tpl.random() < 0.7 else []
    if credit and not minimal:
        remarks = xtpl.sample(w["credit_v"], k=xtpl.randint(1, 2)) + remarks[:1]
    if remarks:
        blocks += [B.Gap(8), B.Heading(w["remarks"], level=2)] + [B.Para(r, style="small", align="left") for r in remarks]

    fields.update(total_excl_vat=f"{tot.excl}", total_vat=f"{tot.vat}", total_incl_vat=f"{tot.incl}", amount_due=f"{tot.incl - paid}")
    extra = {"vat_breakdown": [{"rate": f"{r:.2f}", "basis": f"{b}", "tax": f"{t}"} for r, b, t in tot.breakdown],
             "line_items": [{"description": it.description, "quantity": f"{it.quantity.normalize():f}", "unit_price": f"{it.unit_price}",
                             "amount": f"{it.amount}", "vat_rate": f"{it.vat_rate:.2f}"} for it in items]}
    spec = B.DocSpec(blocks, page=B.Page("letter" if country == "US" else "A4"), page_numbers=tpl.random() < 0.6, page_label=w["page"])
    text = None
    if tpl.random() < 0.1:
        text = to_text(blocks, width=tpl.choice([80, 96]))
        spec = B.DocSpec([B.Mono(text, size=tpl.choice([7, 8]))])
    return GenDoc(cls, kind, lang, template, spec, fields=fields, extra=extra, text=text)


def wholesale(rng: random.Random, lang: str, cls: str) -> GenDoc:
    """A wholesale / EDI goods invoice or credit note with EAN-coded positions."""
    kind = f"{cls}/wholesale"
    template, tpl, xtpl, country = _setup(rng, lang, kind, "wholesale")
    w = {k: (tpl.choice(v) if isinstance(v, list) and k not in ("cols", "notes", "credit_notes", "units", "skonto") else v) for k, v in WH[lang].items()}
    credit = cls == "credit_note"
    seller = I.company(rng, country)
    buyer = I.company(rng, country)
    issue = F.random_date(rng)
    due = issue + dt.timedelta(days=rng.choice([10, 14, 30, 30, 45]))
    currency = F.currency_for(country, rng)
    date_style = tpl.choice({"de": ["dmy.", "dmy.short", "dmy."], "en": ["dmy/", "iso", "d-mon-y"], "fr": ["dmy/", "dmy/"], "nl": ["dmy-", "dmy-"]}[lang])
    amt_style, mark_mode, mark = _money(tpl, lang, country, currency)
    sign = Decimal(-1) if credit and xtpl.random() < 0.4 else Decimal(1)
    fm = lambda v, force=False: F.fmt_money(sign * v, amt_style, currency, mark if (mark_mode == "each" or (force and mark_mode == "totals")) else None)  # noqa: E731
    fd = lambda d: F.fmt_date(d, date_style, lang)  # noqa: E731
    dsep = F.AMOUNT_STYLES[amt_style][1]
    rates = {"DE": ["19", "7"], "AT": ["20", "10"], "CH": ["8.1", "2.6"], "FR": ["20", "5.5"], "BE": ["21", "6"], "GB": ["20", "0"], "NL": ["21", "9"], "US": ["0"]}.get(country, ["20"])
    # Wholesale goods, mixed with the generator's general catalogue (so that product names say nothing about the class).
    goods = WHOLESALE[lang] + CATALOG[lang]["goods"]
    items = []
    for _ in range(rng.choice([3, 5, 8, 12, 16, 22])):
        price = money(Decimal(str(round(rng.lognormvariate(1.6, 0.8), 2))) + Decimal("0.2"))
        items.append(LineItem(rng.choice(goods), Decimal(rng.choice([1, 2, 3, 6, 10, 12, 20, 24, 48, 60])), price, Decimal(rng.choice(rates))))
    tot = totals(items)
    number = f"{tpl.choice(['', '9', 'RG', 'WR', 'GU' if credit else 'R'])}{rng.randint(100000, 99999999)}"
    fields = {"invoice_number": number, "type_code": "381" if credit else "380", "issue_date": issue.isoformat(), "seller_name": seller.name,
              "seller_address": seller.address.one_line(), "buyer_name": buyer.name}
    gln = lambda: "40" + "".join(str(rng.randint(0, 9)) for _ in range(11))  # noqa: E731
    head = [(w["credit_number"] if credit else w["number"], number), (w["date"], fd(issue))]
    if tpl.random() < 0.8:
        head.append((w["customer_no"], str(rng.randint(10000, 999999))))
    if tpl.random() < 0.6:
        head.append((w["supplier_no"], str(rng.randint(1000, 99999))))
    if tpl.random() < 0.6:
        head += [(w["gln_s"], gln()), (w["gln_b"], gln())]
    if tpl.random() < 0.5:
        head.append((w["branch"], str(rng.randint(1, 999)).zfill(tpl.choice([3, 4]))))
    head.append((w["dn"], str(rng.randint(100000, 9999999))))
    if tpl.random() < 0.7:
        head.append((w["dn_date"], fd(issue - dt.timedelta(days=rng.choice([0, 1, 2])))))
    if tpl.random() < 0.5:
        order = str(rng.randint(100000, 99999999))
        head.append((w["order"], order))
        fields["order_reference"] = order
    if tpl.random() < 0.35:
        head.append((w["edi"], f"{rng.randint(10**9, 10**10 - 1)}"))
    orig = f"{tpl.choice(['', '9', 'RG'])}{rng.randint(100000, 9999999)}"
    if credit and xtpl.random() < 0.6:
        head.append(({"de": "Zu Rechnung", "en": "Original invoice", "fr": "Facture d'origine", "nl": "Betreft factuur"}[lang], orig))
    due_roll = tpl.random()
    if not credit and due_roll < 0.5:
        head.append((w["due"], fd(due)))
        fields["due_date"] = due.isoformat()
    title = w["credit"] if credit else w["title"]
    if title.rstrip(".").endswith(" Nr"):
        title = f"{title} {number}"
    seller_lines = [seller.name] + seller.address.lines
    if tpl.random() < 0.6:
        seller_lines.append(f"{w['vat']} {seller.vat_id}")
        fields["seller_vat_id"] = seller.vat_id
    buyer_lines = [buyer.name] + buyer.address.lines
    if tpl.random() < 0.3:
        buyer_lines.append(f"{w['vat']} {buyer.vat_id}")
        fields["buyer_vat_id"] = buyer.vat_id
    head_kv = B.KV(head, layout=tpl.choice(["table", "colon"]))
    blocks = [B.Columns([[B.Lines(seller_lines, bold_first=True)], [B.Title(title, scale=0.8), head_kv]], widths=[1, 1.2]), B.Gap(10), B.Lines(buyer_lines), B.Gap(10)]
    cols = w["cols"]
    units = w["units"]
    with_ean = tpl.random() < 0.75
    rows = []
    step = tpl.choice([1, 10])
    for i, it in enumerate(items, 1):
        code = "A" if it.vat_rate == Decimal(rates[0]) else "B"
        row = [str(i * step)] + ([gln()[:2] + "".join(str(rng.randint(0, 9)) for _ in range(11))] if with_ean else []) + [str(rng.randint(10000, 999999)), it.description,
               fmt_qty(it.quantity, dsep), tpl.choice(units), fm(it.unit_price), (f"{rng.choice([0, 0, 2, 3, 5])}" if tpl.random() < 0.5 else ""), fm(it.amount), code]
        rows.append(row)
    header = cols[:1] + (cols[1:2] if with_ean else []) + cols[2:]
    widths = [0.5] + ([1.5] if with_ean else []) + [0.9, 3.0, 0.7, 0.5, 0.9, 0.6, 1.1, 0.5]
    blocks.append(B.Table(header, rows, aligns=["left"] * (len(header) - 6) + ["right", "center", "right", "right", "right", "center"], widths=widths))
    pairs = [(w["goods"], fm(tot.excl))] if tpl.random() < 0.5 else []
    pairs.append((w["excl"], fm(tot.excl)))
    for r, b, t in tot.breakdown:
        pairs.append((w["vat_line"].format(r=F.fmt_rate(r, amt_style), b=fm(b)), fm(t)))
    vat_printed = len(tot.breakdown) == 1
    if not vat_printed and tpl.random() < 0.5:
        pairs.append(({"de": "MwSt. gesamt", "en": "Total VAT", "fr": "Total TVA", "nl": "Totaal BTW"}[lang], fm(tot.vat)))
        vat_printed = True
    pairs.append((w["credit_incl"] if credit and xtpl.random() < 0.6 else w["incl"], fm(tot.incl, True)))
    blocks += [B.Gap(6), B.Columns([[], [B.KV(pairs, layout="table")]], widths=[1, 1.3])]
    notes = [xtpl.choice(w["credit_notes"]).format(ref=orig)] if credit else ([xtpl.choice(w["skonto"]).format(d=fd(due))] if xtpl.random() < 0.7 else [])
    notes += tpl.sample(w["notes"], k=tpl.randint(0, 2))
    blocks += [B.Gap(6)] + [B.Para(n, style="small", align="left") for n in notes]
    if tpl.random() < 0.6:
        blocks += [B.Gap(6), B.KV([("IBAN", seller.iban), ("BIC", seller.bic)], layout="inline")]
        fields.update(iban=seller.iban, bic=seller.bic)
    if mark_mode != "none":
        fields["currency"] = currency
    fields.update(total_excl_vat=f"{tot.excl}", total_vat=f"{tot.vat}", total_incl_vat=f"{tot.incl}", amount_due=f"{tot.incl}")
    if not vat_printed:
        fields.pop("total_vat")
    extra = {"vat_breakdown": [{"rate": f"{r:.2f}", "basis": f"{b}", "tax": f"{t}"} for r, b, t in tot.breakdown],
             "line_items": [{"description": it.description, "quantity": f"{it.quantity.normalize():f}", "unit_price": f"{it.unit_price}",
                             "amount": f"{it.amount}", "vat_rate": f"{it.vat_rate:.2f}"} for it in items]}
    spec = B.DocSpec(blocks, page=B.Page("A4"), page_numbers=tpl.random() < 0.7, page_label=w["page"])
    text = None
    if tpl.random() < 0.35:   # an ERP / EDI print-out in a fixed-width font
        text = to_text(blocks, width=tpl.choice([96, 110, 120]))
        spec = B.DocSpec([B.Mono(text, size=tpl.choice([6.5, 7, 8]))])
    return GenDoc(cls, kind, lang, template, spec, fields=fields, extra=extra, text=text)


def structured_other(rng: random.Random, lang: str) -> GenDoc:
    """An order, order response, despatch advice or quotation printed like a structured e-invoice (class ``other``)."""
    kind = "other/structured"
    template, tpl, _, country = _setup(rng, lang, kind, "structured")
    w = {k: (tpl.choice(v) if isinstance(v, list) and k not in ("units", "remarks_v", "credit_v", "means_v", "terms_v", "cat_v") else v) for k, v in W[lang].items()}
    name, code, number_label = tpl.choice(STRUCT_OTHER[lang])
    seller = I.company(rng, country)
    buyer = I.company(rng, country)
    issue = F.random_date(rng)
    currency = F.currency_for(country, rng)
    amt_style, _, _ = _money(tpl, lang, country, currency)
    fd = lambda d: F.fmt_date(d, tpl.choice(["dmy.", "iso"]) if lang == "de" else "dmy/" if lang == "fr" else "iso", lang)  # noqa: E731
    items = make_items(rng, lang, country, rng.choice([1, 2, 3, 5]), multi_rate=False)
    tot = totals(items)
    number = f"{tpl.choice(['B', 'AB', 'PO', ''])}{rng.randint(10000, 9999999)}"
    blocks = [B.Title(f"{name} ({code}) {w['no']} {number} {w['of']} {fd(issue)}" if tpl.random() < 0.5 else name, scale=0.7)]
    general = [(number_label, number), (w["date"].replace("Rechnungsdatum", "Belegdatum").replace("Invoice date", "Document date").replace("Date de facture", "Date du document"), fd(issue)),
               (w["currency"], currency)]
    if tpl.random() < 0.6:
        general.append(({"de": "Liefertermin:", "en": "Requested delivery date:", "fr": "Date de livraison souhaitée :"}[lang], fd(issue + dt.timedelta(days=rng.randint(3, 30)))))
    blocks += [B.Gap(6), B.KV(general, layout="table", sep=" ")]
    buyer_head = {"de": ["Besteller", "Käufer", "Auftraggeber"], "en": ["Buyer", "Ordered by"], "fr": ["Acheteur", "Donneur d'ordre"]}[lang]
    seller_head = {"de": ["Lieferant", "Verkäufer", "Auftragnehmer"], "en": ["Supplier", "Seller"], "fr": ["Fournisseur", "Vendeur"]}[lang]
    for head, party in ((tpl.choice(seller_head), seller), (tpl.choice(buyer_head), buyer)):
        blocks += [B.Gap(6), B.Heading(head, level=2),
                   B.KV([(w["name"], party.name), (w["addr"], "\n".join(party.address.lines)), (w["vat"], party.vat_id)], layout="table", sep=" ")]
    rows = [[str(i), it.description, fmt_qty(it.quantity, F.AMOUNT_STYLES[amt_style][1]), F.fmt_money(it.unit_price, amt_style, currency, None),
             F.fmt_money(it.amount, amt_style, currency, None)] for i, it in enumerate(items, 1)]
    blocks += [B.Gap(8), B.Heading(w["items"].replace("Rechnungs", "Bestell"), level=2),
               B.Table(["Pos", w["desc"].rstrip(": "), w["qty"].rstrip(": "), w["price"].rstrip(": "), w["line"].rstrip(": ")], rows, widths=[0.5, 3.5, 0.8, 1.3, 1.4])]
    if code != "351":
        blocks += [B.Gap(6), B.KV([(w["excl"], F.fmt_money(tot.excl, amt_style, currency, None))], layout="table", sep=" ")]
    blocks += [B.Gap(8), B.Heading(w["remarks"], level=2), B.Para(tpl.choice(STRUCT_OTHER_NOTES[lang]), style="small", align="left")]
    return GenDoc("other", kind, lang, template, B.DocSpec(blocks, page_numbers=tpl.random() < 0.5, page_label=w["page"]))
