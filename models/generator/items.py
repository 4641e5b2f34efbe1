"""Line items, VAT rates and totals of commercial documents (Decimal arithmetic).

Amounts are rounded half-up to the cent once per line and once per VAT rate, as
EN 16931 does; totals are sums of those rounded amounts.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from .formats import money

CATALOG = {
    "fr": {"services": ["Prestation de conseil", "Développement logiciel", "Maintenance informatique mensuelle", "Journée de formation",
                        "Audit de sécurité", "Hébergement web annuel", "Nettoyage des locaux", "Intervention technicien", "Frais de déplacement",
                        "Gestion de projet", "Rédaction de contenus", "Traduction technique", "Contrat d'entretien chaudière", "Honoraires comptables",
                        "Location de matériel", "Abonnement logiciel", "Main d'œuvre", "Mise en service", "Transport et livraison"],
           "goods": ["Ramette papier A4 80 g", "Cartouche d'encre noire", "Câble réseau RJ45 5 m", "Ordinateur portable 15 pouces", "Chaise de bureau ergonomique",
                     "Café en grains 1 kg", "Vis inox 4x40 (boîte de 200)", "Peinture acrylique blanche 10 L", "Écran 27 pouces", "Disque SSD 1 To",
                     "Classeurs à levier", "Étagère métallique", "Ampoules LED E27", "Carton de déménagement", "Huile moteur 5W30"]},
    "en": {"services": ["Consulting services", "Software development", "Monthly IT support", "Training day", "Security audit", "Web hosting (annual)",
                        "Office cleaning", "Technician call-out", "Travel expenses", "Project management", "Copywriting", "Design work", "Cloud storage subscription",
                        "Accounting fees", "Equipment rental", "Software licence", "Labour", "Installation", "Shipping & handling", "Data transfer out"],
           "goods": ["A4 copier paper, 80gsm (5 reams)", "Black toner cartridge", "Cat6 patch cable 5m", "15\" laptop", "Ergonomic office chair", "Coffee beans 1kg",
                     "Stainless screws 4x40 (box of 200)", "White emulsion paint 10L", "27\" monitor", "1TB SSD", "Lever arch files", "Steel shelving unit",
                     "LED bulbs E27 (pack of 4)", "USB-C charger", "Wireless mouse", "Mobile phone case", "Bluetooth headphones"]},
    "de": {"services": ["Beratungsleistung", "Softwareentwicklung", "IT-Wartung monatlich", "Schulungstag", "Sicherheitsaudit", "Webhosting (jährlich)",
                        "Büroreinigung", "Technikereinsatz", "Fahrtkosten", "Projektmanagement", "Übersetzung", "Grafikdesign", "Arbeitszeit Monteur",
                        "Wartungsvertrag Heizung", "Steuerberatung", "Miete Baugerüst", "Softwarelizenz", "Installation und Inbetriebnahme", "Versandkosten"],
           "goods": ["Kopierpapier A4 80 g/m²", "Tonerkartusche schwarz", "Netzwerkkabel Cat6 5 m", "Notebook 15 Zoll", "Bürostuhl ergonomisch", "Kaffeebohnen 1 kg",
                     "Edelstahlschrauben 4x40 (200 Stück)", "Wandfarbe weiß 10 l", "Monitor 27 Zoll", "SSD 1 TB", "Ordner breit", "Schwerlastregal",
                     "LED-Leuchtmittel E27", "Werkzeugkoffer", "Druckerpapier", "Schutzhandschuhe (Paar)"]},
    "nl": {"services": ["Advieswerkzaamheden", "Softwareontwikkeling", "Onderhoud ICT", "Trainingsdag", "Schoonmaakwerkzaamheden", "Verzendkosten", "Installatie", "Arbeidsloon"],
           "goods": ["Printpapier A4", "Tonercartridge zwart", "Laptop 15 inch", "Bureaustoel", "Koffiebonen 1 kg", "Monitor 27 inch", "Tablethoes", "Oplader USB-C"]},
    "es": {"services": ["Servicios de consultoría", "Desarrollo de software", "Mantenimiento informático", "Jornada de formación", "Gastos de envío", "Mano de obra"],
           "goods": ["Papel A4 80 g", "Cartucho de tóner negro", "Portátil 15 pulgadas", "Silla de oficina", "Café en grano 1 kg", "Monitor 27 pulgadas"]},
    "it": {"services": ["Servizi di consulenza", "Sviluppo software", "Assistenza informatica", "Giornata di formazione", "Spese di trasporto", "Manodopera"],
           "goods": ["Carta A4 80 g", "Toner nero", "Notebook 15 pollici", "Sedia da ufficio", "Caffè in grani 1 kg", "Monitor 27 pollici"]},
    "pl": {"services": ["Usługa doradcza", "Tworzenie oprogramowania", "Serwis informatyczny", "Szkolenie", "Transport", "Robocizna"],
           "goods": ["Papier A4 80 g", "Toner czarny", "Laptop 15 cali", "Krzesło biurowe", "Kawa ziarnista 1 kg", "Olej napędowy ON", "Benzyna Pb95"]},
}
IN_GOODS = ["Mobile phone (64 GB)", "Bluetooth speaker", "Cotton kurta", "LED TV 43 inch", "Mixer grinder 750W", "Running shoes", "Backpack 30 L",
            "Power bank 10000 mAh", "Basmati rice 5 kg", "Ceiling fan", "Room charges", "Laundry service"]

VAT_RATES = {
    "FR": ["20", "20", "20", "10", "5.5"], "BE": ["21", "21", "6"], "CH": ["8.1", "8.1", "2.6"], "DE": ["19", "19", "19", "7"],
    "AT": ["20", "20", "10"], "GB": ["20", "20", "20", "5", "0"], "US": ["0"], "NL": ["21", "21", "9"], "ES": ["21", "21", "10"],
    "IT": ["22", "22", "10"], "PL": ["23", "23", "8"], "IN": ["18", "18", "12", "5", "28"],
}


@dataclass
class LineItem:
    description: str
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal
    unit: str = ""

    @property
    def amount(self) -> Decimal:
        return money(self.quantity * self.unit_price)


@dataclass
class Totals:
    excl: Decimal
    vat: Decimal
    incl: Decimal
    breakdown: list[tuple[Decimal, Decimal, Decimal]]   # (rate, basis, tax), by rate


def make_items(rng: random.Random, lang: str, country: str, n: int, multi_rate: bool, scale: float = 1.0) -> list[LineItem]:
    """``n`` line items with plausible quantities and prices."""
    cat = CATALOG.get(lang, CATALOG["en"])
    pool = IN_GOODS if country == "IN" else (cat["services"] + cat["goods"])
    rates = VAT_RATES.get(country, ["20"])
    base_rate = rates[0]
    items = []
    for _ in range(n):
        desc = rng.choice(pool)
        is_service = desc in cat["services"]
        qty = Decimal(rng.choice([1, 1, 1, 2, 3, 4, 5, 8, 10, 12, 20, 0.5, 1.5, 7.5])) if is_service else Decimal(rng.choice([1, 1, 2, 3, 5, 10, 24, 50, 100]))
        price = money(Decimal(str(round(rng.lognormvariate(3.6 if is_service else 2.8, 1.1) * scale, 2))) + Decimal("0.5"))
        rate = Decimal(rng.choice(rates) if multi_rate else base_rate)
        items.append(LineItem(desc, qty, price, rate))
    return items


def totals(items: list[LineItem]) -> Totals:
    by_rate: dict[Decimal, Decimal] = {}
    for it in items:
        by_rate[it.vat_rate] = by_rate.get(it.vat_rate, Decimal("0")) + it.amount
    breakdown = [(rate, money(basis), money(basis * rate / 100)) for rate, basis in sorted(by_rate.items(), reverse=True)]
    excl = sum((b for _, b, _ in breakdown), Decimal("0.00"))
    vat = sum((t for _, _, t in breakdown), Decimal("0.00"))
    return Totals(money(excl), money(vat), money(excl + vat), breakdown)


def fmt_qty(q: Decimal, decimal_sep: str) -> str:
    text = f"{q.normalize():f}"
    return text.replace(".", decimal_sep)


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def words_en(n: int) -> str:
    """An integer in English words ('One Thousand Nine Hundred Thirty Nine')."""
    if n < 20:
        return _ONES[n].title()
    if n < 100:
        return (_TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")).title()
    if n < 1000:
        rest = n % 100
        return f"{_ONES[n // 100].title()} Hundred" + (f" {words_en(rest)}" if rest else "")
    for size, name in ((10**9, "Billion"), (10**6, "Million"), (1000, "Thousand")):
        if n >= size:
            rest = n % size
            return f"{words_en(n // size)} {name}" + (f" {words_en(rest)}" if rest else "")
    raise AssertionError
