"""The invented companies and documents of the demo batch (single source of truth).

Every company, person, address, identifier and bank account here is fictitious:
SIREN/SIRET pass the Luhn test, VAT ids carry the French key, IBANs the mod-97
check digits, phone numbers come from the ARCEP ranges reserved for fiction and
e-mail domains end in .example (RFC 2606).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from .model import Address, Bank, Invoice, Line, Party, fr_iban

# --------------------------------------------------------------------------
# Companies
# --------------------------------------------------------------------------

VERDIER = Party(
    "Atelier Verdier SARL", Address("14 rue des Capucins", "69001", "Lyon"),
    siren="812453678", nic4="0001", legal_form="SARL", capital="8 000 €", rcs_city="Lyon",
    ape="6201Z", email="contact@atelier-verdier.example", phone="04 65 71 23 40")
FABRE = Party(
    "Boulangerie Fabre & Fils SAS", Address("3 place du Marché", "69004", "Lyon"),
    siren="843902156", nic4="0001")

ROUX = Party(
    "Traiteur Maison Roux SAS", Address("27 cours de l'Intendance", "33000", "Bordeaux"),
    siren="790518625", nic4="0002", capital="20 000 €", rcs_city="Bordeaux", ape="5621Z",
    email="evenements@maison-roux.example", phone="05 36 49 18 02")
DELORME = Party(
    "Cabinet Delorme Avocats SELARL", Address("8 rue Esprit-des-Lois", "33000", "Bordeaux"),
    siren="882174931", nic4="0001", legal_form="SELARL")

NORDLYS = Party(
    "Nordlys Conseil SAS", Address("12 rue Taitbout", "75009", "Paris"),
    siren="853027464", nic4="0001", capital="50 000 €", rcs_city="Paris", ape="7022Z",
    email="billing@nordlys-conseil.example", phone="01 99 00 42 17")
KESTREL = Party(
    "Kestrel Robotics France SAS",
    Address("Parc technologique", "38240", "Meylan", line2="5 avenue du Granier"),
    siren="901483578", nic4="0002")

LEMAIRE = Party(
    "Papeterie Lemaire SAS", Address("9 quai de la Fosse", "44000", "Nantes"),
    siren="836291047", nic4="0001", capital="15 000 €", rcs_city="Nantes", ape="4762Z",
    email="facturation@papeterie-lemaire.example", phone="02 61 91 30 55")
AUBERT = Party(
    "Menuiserie Aubert SARL",
    Address("ZA des Landes", "44800", "Saint-Herblain", line2="2 rue des Artisans"),
    siren="894751205", nic4="0001", legal_form="SARL")

VERGERS = Party(
    "Vergers du Luberon SAS", Address("Route de Cavaillon", "84160", "Cadenet"),
    siren="807365929", nic4="0001", capital="30 000 €", rcs_city="Avignon", ape="1032Z",
    email="compta@vergers-luberon.example", phone="04 65 71 88 09")
MARCEAU = Party(
    "Épicerie Fine Marceau SARL", Address("17 rue Paradis", "13001", "Marseille"),
    siren="875610388", nic4="0001", legal_form="SARL")

REMPARTS = Party(
    "Hôtel des Remparts SARL", Address("5 rue du Rempart", "35400", "Saint-Malo"),
    siren="829144757", nic4="0001", legal_form="SARL", capital="40 000 €", rcs_city="Saint-Malo",
    ape="5510Z", email="reception@hotel-remparts.example", phone="02 61 91 74 20")

GARNIER = Party(
    "Imprimerie Garnier SARL", Address("46 rue de la République", "69002", "Lyon"),
    siren="860932177", nic4="0001", legal_form="SARL", capital="12 000 €", rcs_city="Lyon",
    ape="1812Z", email="compta@imprimerie-garnier.example", phone="04 65 71 56 31")

BANKS = {
    "VERDIER": Bank("Banque Rhodanienne", fr_iban("14508", "00071", "04218877100"), "BRHOFR2L"),
    "ROUX": Bank("Crédit Atlantique", fr_iban("17806", "00124", "52039876501"), "ATLQFR2BXXX"),
    "NORDLYS": Bank("Banque Parisienne de Dépôts", fr_iban("12548", "02998", "30412267813"),
                    "BPDPFRPP"),
    "LEMAIRE": Bank("Caisse de l'Ouest", fr_iban("15589", "35100", "08124670942"), "CDOUFR2N"),
    "VERGERS": Bank("Banque de Provence", fr_iban("16607", "00312", "71455209836"), "BQPVFR2M"),
    "REMPARTS": Bank("Crédit Émeraude", fr_iban("13825", "00200", "08776541233"), "CREMFR2R"),
    "GARNIER": Bank("Banque Rhodanienne", fr_iban("18707", "00045", "61230948817"), "BRHOFR2L"),
}

TERMS_30 = "Paiement à 30 jours date de facture, par virement bancaire."
LEGAL_NOTES_FR = [
    ("PMD", "Pénalités de retard : trois fois le taux d'intérêt légal."),
    ("PMT", "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €."),
    ("AAB", "Pas d'escompte pour paiement anticipé."),
]
LEGAL_NOTES_EN = [
    ("PMD", "Late payment penalties: three times the French statutory interest rate."),
    ("PMT", "Fixed compensation for recovery costs in case of late payment: EUR 40."),
    ("AAB", "No discount for early payment."),
]



def legal_notes(inv: Invoice) -> list[tuple[str, str]]:
    """Mandatory French mentions (UNTDID 4451 subject codes PMD, PMT, AAB)."""
    return LEGAL_NOTES_FR if inv.language == "fr" else LEGAL_NOTES_EN


R20, R10, R55 = D("20"), D("10"), D("5.5")

# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------

FA_0042 = Invoice(
    "FA-2024-0042", "380", dt.date(2024, 3, 15), VERDIER, FABRE, [
        Line("Refonte du site vitrine (forfait)", D("1"), D("2400.00"), R20),
        Line("Module de commande en ligne « click & collect »", D("1"), D("1150.00"), R20),
        Line("Hébergement et maintenance, mars 2024 à février 2025 (mois)", D("12"),
             D("29.90"), R20, "MON"),
        Line("Formation du personnel à l'outil (jours)", D("1.5"), D("480.00"), R20, "DAY"),
    ], BANKS["VERDIER"], TERMS_30, due_date=dt.date(2024, 4, 14),
    order_reference="BC-0312", date_style="numeric", extra={"siret_spaced": True})

FA_0043 = Invoice(
    "FA-2024-0043", "380", dt.date(2024, 3, 22), ROUX, DELORME, [
        Line("Cocktail déjeunatoire du 21/03/2024 (par couvert)", D("40"), D("18.50"), R10),
        Line("Champagne brut 75 cl (bouteille)", D("8"), D("32.00"), R20),
        Line("Coffrets de macarons à emporter", D("40"), D("6.80"), R55),
        Line("Location de vaisselle et nappage (forfait)", D("1"), D("120.00"), R20),
        Line("Service en salle (heures)", D("8"), D("35.00"), R10, "HUR"),
    ], BANKS["ROUX"], TERMS_30, due_date=dt.date(2024, 4, 21),
    order_reference="BC-2024-031", buyer_reference="DELORME-SEM24",
    prepaid=D("500.00"), prepaid_label="Acompte versé le 01/03/2024",
    date_style="long_fr")

INV_7781 = Invoice(
    "INV-7781", "380", dt.date(2024, 3, 20), NORDLYS, KESTREL, [
        Line("Data platform audit (days)", D("5"), D("950.00"), R20, "DAY"),
        Line("Architecture workshop, half day", D("1"), D("600.00"), R20),
        Line("Travel expenses Paris-Grenoble (flat rate)", D("1"), D("340.00"), R20),
    ], BANKS["NORDLYS"], "Payment within 30 days of the invoice date by bank transfer.",
    language="en", due_date=dt.date(2024, 4, 19), order_reference="4500123987",
    date_style="numeric")

AV_0007 = Invoice(
    "AV-2024-0007", "381", dt.date(2024, 3, 28), VERDIER, FABRE, [
        Line("Hébergement non consommé, avril à septembre 2024 (mois)", D("6"), D("29.90"), R20,
             "MON"),
        Line("Geste commercial sur la formation (jours)", D("0.5"), D("480.00"), R20, "DAY"),
    ], BANKS["VERDIER"],
    "Montant remboursé par virement sous 15 jours ou déductible de votre prochaine facture.",
    preceding_invoice=("FA-2024-0042", dt.date(2024, 3, 15)), date_style="long_fr")

FX_0050 = Invoice(
    "FA-2024-0050", "380", dt.date(2024, 3, 26), LEMAIRE, AUBERT, [
        Line("Ramettes papier A4 80 g recyclé (carton de 5)", D("12"), D("23.40"), R20),
        Line("Classeurs à levier dos 80 mm", D("30"), D("3.95"), R20),
        Line("Cartouches de toner noir compatibles", D("4"), D("64.90"), R20),
        Line("Guide pratique de la facture électronique (livre)", D("3"), D("29.00"), R55),
    ], BANKS["LEMAIRE"], "Paiement à 30 jours fin de mois, par virement bancaire.",
    due_date=dt.date(2024, 4, 30), order_reference="CMD-2024-0318",
    buyer_reference="SERVICE-ACHATS", date_style="long_fr")

UBL_118 = Invoice(
    "INV-2024-118", "380", dt.date(2024, 3, 27), VERGERS, MARCEAU, [
        Line("Jus de pomme bio 1 L (carton de 6)", D("20"), D("16.80"), R55),
        Line("Confiture d'abricot 370 g", D("48"), D("4.15"), R55),
        Line("Coffret cadeau en bois gravé", D("10"), D("12.50"), R20),
    ], BANKS["VERGERS"], TERMS_30, due_date=dt.date(2024, 4, 26),
    order_reference="PO-5521", buyer_reference="MARCEAU-2024")

CII_0200 = Invoice(
    "FA-2024-0200", "380", dt.date(2024, 3, 18), REMPARTS, KESTREL, [
        Line("Nuitée chambre double (nuit)", D("3"), D("98.00"), R10),
        Line("Petit-déjeuner (par personne)", D("6"), D("12.50"), R10),
        Line("Location salle de réunion, demi-journée", D("1"), D("180.00"), R20),
        Line("Parking (nuit)", D("3"), D("9.00"), R20),
    ], BANKS["REMPARTS"], "Facture payable à réception, par virement bancaire.",
    due_date=dt.date(2024, 3, 18), buyer_reference="KESTREL-DEPL-0318")

FA_0311 = Invoice(
    "FA-2024-0311", "380", dt.date(2024, 3, 27), GARNIER, DELORME, [
        Line("Flyers A5 recto verso quadri, 2 500 ex.", D("1"), D("185.00"), R20),
        Line("Cartes de visite 350 g (boîte de 250)", D("4"), D("39.00"), R20),
        Line("Enveloppes C5 à en-tête, 1 000 ex.", D("1"), D("142.50"), R20),
    ], BANKS["GARNIER"], TERMS_30, due_date=dt.date(2024, 4, 26),
    order_reference="DEV-2024-088", date_style="numeric")

ALL_INVOICES = [FA_0042, FA_0043, INV_7781, AV_0007, FX_0050, UBL_118, CII_0200, FA_0311]

# The e-mail that carries FA_0311.
EMAIL = {
    "from_name": "Service comptabilité – Imprimerie Garnier",
    "from_addr": "compta@imprimerie-garnier.example",
    "to": [("Cabinet Delorme Avocats – Factures", "factures@delorme-avocats.example")],
    "cc": [("Julie Delorme", "j.delorme@delorme-avocats.example")],
    "subject": "Facture FA-2024-0311 – impression des supports de séminaire",
    "date": dt.datetime(2024, 3, 28, 9, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    "message_id": "<20240328091400.FA-2024-0311@imprimerie-garnier.example>",
    "boundary": "==liasse-demo-boundary-0311==",
    "attachment": "Facture_FA-2024-0311.pdf",
    "body": (
        "Bonjour,\n\n"
        "Veuillez trouver ci-joint notre facture {number} du {issue} relative "
        "à l'impression des supports de votre séminaire (devis {order}).\n\n"
        "Montant TTC : {total}, payable par virement au plus tard le {due}.\n\n"
        "Nous restons à votre disposition pour toute question.\n\n"
        "Bien cordialement,\n\n"
        "Claire Garnier\n"
        "Service comptabilité – Imprimerie Garnier SARL\n"
        "46 rue de la République, 69002 Lyon – 04 65 71 56 31\n"
    ),
}
