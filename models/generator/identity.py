"""Fictitious people, companies and postal addresses, by country.

Names are built from common given names, surnames and generic words; none is meant to
designate a real company. E-mail domains end in ``.example`` and web sites too.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from . import checks

FIRST = {
    "fr": "Camille Julien Sophie Nicolas Claire Thomas Élodie Mathieu Chloé Antoine Léa Hugo Manon Lucas Inès Pierre Hélène François Amélie Jérôme Océane Benoît Aurélie Gaëlle Rémi".split(),
    "en": "James Emily Michael Sarah David Laura Robert Jessica John Emma William Olivia Richard Hannah Daniel Megan Andrew Rachel Peter Grace Steven Karen Paul Linda".split(),
    "de": "Lukas Anna Jonas Lena Felix Marie Maximilian Sophie Jürgen Katrin Stefan Sabine Matthias Julia Andreas Birgit Tobias Ute Jörg Sören Björn Jana Uwe Käthe".split(),
    "nl": "Daan Emma Sem Julia Lars Sanne Bram Fleur Joost Anouk Thijs Lotte Pieter Femke Sven Noor".split(),
    "es": "Javier Lucía Carlos María Alejandro Sofía Pablo Carmen Álvaro Elena Sergio Nuria Andrés Marta".split(),
    "it": "Luca Giulia Marco Chiara Alessandro Francesca Matteo Sara Lorenzo Elena Davide Martina Nicolò".split(),
    "pl": "Piotr Anna Krzysztof Katarzyna Tomasz Małgorzata Paweł Agnieszka Michał Joanna Łukasz Ewa Grzegorz Zofia".split(),
    "in": "Rahul Priya Amit Sneha Vikram Anjali Suresh Kavita Arjun Deepa Rohan Meera Sanjay Pooja Karthik Lakshmi".split(),
}
LAST = {
    "fr": "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefebvre Mercier Dupont Lambert Bonnet François Martinez".split(),
    "en": "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson".split(),
    "de": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Köhler".split(),
    "nl": "de Jong Jansen de Vries van den Berg van Dijk Bakker Janssen Visser Smit Meijer de Boer Mulder de Groot Bos Vos Peters Hendriks".split(),
    "es": "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno".split(),
    "it": "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti De Luca Costa".split(),
    "pl": "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski Kozłowski".split(),
    "in": "Sharma Verma Gupta Iyer Reddy Nair Patel Singh Kumar Rao Mehta Joshi Menon Chatterjee Das Pillai".split(),
}
# Words that make up company names, by language.
COMPANY_WORDS = {
    "fr": ["Atelier", "Bureau", "Conseil", "Services", "Solutions", "Bâtiment", "Transports", "Imprimerie", "Boulangerie", "Électricité", "Menuiserie", "Informatique", "Logistique", "Distribution", "Nettoyage", "Jardins", "Études", "Ingénierie", "Fournitures", "Énergies", "Plomberie", "Restauration", "Traiteur", "Formation", "Architecture"],
    "en": ["Consulting", "Systems", "Logistics", "Supplies", "Solutions", "Digital", "Engineering", "Trading", "Analytics", "Hosting", "Media", "Partners", "Networks", "Software", "Office", "Cleaning", "Print", "Design", "Foods", "Security", "Energy", "Labs", "Cloud", "Marketing", "Freight"],
    "de": ["Bau", "Technik", "Beratung", "Logistik", "Handel", "Elektro", "Systeme", "Druck", "Software", "Dienstleistungen", "Metallbau", "Gebäudereinigung", "Maschinenbau", "Medien", "Spedition", "Haustechnik", "Versand", "Bürobedarf", "Werkzeuge", "Immobilien", "Sanitär", "Holzbau"],
    "nl": ["Techniek", "Advies", "Logistiek", "Handel", "Installatie", "Bouw", "Software", "Groothandel", "Schoonmaak", "Media", "Transport", "Drukkerij"],
    "es": ["Servicios", "Soluciones", "Construcciones", "Distribuciones", "Consultoría", "Ingeniería", "Suministros", "Transportes", "Informática", "Comercial"],
    "it": ["Servizi", "Soluzioni", "Costruzioni", "Distribuzione", "Consulenza", "Ingegneria", "Forniture", "Trasporti", "Informatica", "Commerciale"],
    "pl": ["Usługi", "Budownictwo", "Handel", "Transport", "Systemy", "Doradztwo", "Dystrybucja", "Technika", "Serwis", "Informatyka"],
    "in": ["Enterprises", "Traders", "Industries", "Technologies", "Retail", "Exports", "Infotech", "Agencies", "Electronics", "Textiles"],
}
COINED = ["Nova", "Axio", "Orbis", "Veltra", "Lumen", "Quadra", "Helio", "Strato", "Kora", "Zentra", "Altea", "Brio", "Cobalt", "Delta", "Equinox", "Fenwick", "Granite", "Harbor", "Iris", "Juniper", "Kestrel", "Linden", "Meridian", "Northwind", "Oakridge", "Pinnacle", "Quartz", "Redwood", "Silverline", "Tandem", "Umbra", "Vertex", "Willow", "Xenon", "Yellowstone", "Zephyr", "Aurora", "Boréal", "Cèdre", "Rhein", "Alpen", "Nordlicht", "Sonnenberg", "Waldblick", "Polder", "Tulip", "Sol", "Mistral", "Vela", "Wisła"]
FORMS = {
    "FR": ["SAS", "SARL", "SA", "EURL", "SASU", "SCOP"], "BE": ["SPRL", "SA", "BV", "NV"],
    "DE": ["GmbH", "AG", "GmbH & Co. KG", "KG", "e.K.", "UG (haftungsbeschränkt)"], "AT": ["GmbH", "AG", "KG"],
    "CH": ["AG", "GmbH", "SA", "Sàrl"], "GB": ["Ltd", "Limited", "PLC", "LLP"], "US": ["Inc.", "LLC", "Corp.", "Corporation", "L.P."],
    "NL": ["B.V.", "N.V.", "V.O.F."], "ES": ["S.L.", "S.A.", "S.L.U."], "IT": ["S.r.l.", "S.p.A.", "S.n.c."],
    "PL": ["Sp. z o.o.", "S.A.", "Sp.k."], "IN": ["Pvt. Ltd.", "Private Limited", "LLP", "Ltd."],
}
STREETS = {
    "FR": (["rue", "avenue", "boulevard", "place", "allée", "chemin", "impasse", "quai"],
           ["des Lilas", "Victor Hugo", "de la République", "Jean Jaurès", "du Général de Gaulle", "Pasteur", "des Écoles", "de la Gare", "Nationale", "du Moulin", "des Tanneurs", "Saint-Exupéry", "de Verdun", "Gambetta", "des Acacias"]),
    "DE": (None, ["Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Gartenweg", "Lindenallee", "Industriestraße", "Am Markt", "Mühlenweg", "Kirchplatz", "Friedrichstraße", "Rosenstraße", "Königsallee", "Lerchenfeld", "Schäferweg"]),
    "AT": (None, ["Mariahilfer Straße", "Landstraße", "Hauptplatz", "Ringstraße", "Bahnhofgasse"]),
    "CH": (None, ["Bahnhofstrasse", "Seestrasse", "Dorfstrasse", "Rue du Marché", "Zürcherstrasse"]),
    "GB": (["Street", "Road", "Lane", "Avenue", "Close", "Way", "Court"], ["High", "Station", "Church", "Park", "Victoria", "Green", "Manor", "Mill", "King's", "Queen", "Bridge", "Market"]),
    "US": (["Street", "Avenue", "Boulevard", "Drive", "Road", "Lane", "Parkway"], ["Main", "Oak", "Maple", "Market", "Washington", "Lake", "Hill", "Pine", "Elm", "Cedar", "Sunset", "Madison", "Franklin"]),
    "NL": (None, ["Keizersgracht", "Hoofdstraat", "Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Weena", "Coolsingel", "Schoolstraat", "Marktplein"]),
    "BE": (["rue", "avenue", "chaussée"], ["de la Loi", "Louise", "de Namur", "du Midi", "Royale"]),
    "ES": (["Calle", "Avenida", "Paseo", "Plaza"], ["Mayor", "de Alcalá", "Gran Vía", "del Prado", "de la Constitución", "Real", "San Juan"]),
    "IT": (["Via", "Viale", "Corso", "Piazza"], ["Roma", "Garibaldi", "Mazzini", "Dante", "Verdi", "Cavour", "della Repubblica", "Vittorio Emanuele"]),
    "PL": (["ul.", "al.", "pl."], ["Marszałkowska", "Piłsudskiego", "Długa", "Kościuszki", "Mickiewicza", "Słowackiego", "Jana Pawła II", "Żeromskiego"]),
    "IN": (None, ["MG Road", "Brigade Road", "Anna Salai", "Linking Road", "Park Street", "Ring Road", "Nehru Nagar", "Station Road", "Gandhi Nagar", "Sector 18"]),
}
CITIES = {
    "FR": [("75011", "Paris"), ("69003", "Lyon"), ("13008", "Marseille"), ("31000", "Toulouse"), ("33000", "Bordeaux"), ("44000", "Nantes"), ("59000", "Lille"), ("67000", "Strasbourg"), ("35000", "Rennes"), ("06000", "Nice"), ("34000", "Montpellier"), ("21000", "Dijon"), ("37000", "Tours"), ("63000", "Clermont-Ferrand"), ("76000", "Rouen"), ("38000", "Grenoble"), ("92100", "Boulogne-Billancourt"), ("49000", "Angers")],
    "DE": [("80333", "München"), ("10115", "Berlin"), ("20095", "Hamburg"), ("50667", "Köln"), ("60311", "Frankfurt am Main"), ("70173", "Stuttgart"), ("40213", "Düsseldorf"), ("04109", "Leipzig"), ("90402", "Nürnberg"), ("28195", "Bremen"), ("01067", "Dresden"), ("30159", "Hannover"), ("69117", "Heidelberg"), ("79098", "Freiburg im Breisgau")],
    "AT": [("1010", "Wien"), ("8010", "Graz"), ("5020", "Salzburg"), ("4020", "Linz")],
    "CH": [("8001", "Zürich"), ("3011", "Bern"), ("4051", "Basel"), ("1204", "Genève"), ("1003", "Lausanne")],
    "GB": [("SW1A 1AA", "London"), ("M1 1AE", "Manchester"), ("B1 1BB", "Birmingham"), ("LS1 4AP", "Leeds"), ("EH1 1YZ", "Edinburgh"), ("BS1 4DJ", "Bristol"), ("CB2 1TN", "Cambridge"), ("G1 1XQ", "Glasgow")],
    "US": [("CA 94103", "San Francisco"), ("NY 10001", "New York"), ("TX 78701", "Austin"), ("WA 98101", "Seattle"), ("IL 60601", "Chicago"), ("MA 02110", "Boston"), ("DE 19801", "Wilmington"), ("CO 80202", "Denver"), ("GA 30303", "Atlanta")],
    "NL": [("1015 CJ", "Amsterdam"), ("3012 CN", "Rotterdam"), ("2511 BT", "Den Haag"), ("3511 AB", "Utrecht"), ("5611 AZ", "Eindhoven"), ("9711 LM", "Groningen")],
    "BE": [("1000", "Bruxelles"), ("4000", "Liège"), ("2000", "Antwerpen"), ("9000", "Gent")],
    "ES": [("28013", "Madrid"), ("08001", "Barcelona"), ("46001", "Valencia"), ("41001", "Sevilla"), ("48001", "Bilbao")],
    "IT": [("20121", "Milano"), ("00184", "Roma"), ("10121", "Torino"), ("40121", "Bologna"), ("50123", "Firenze"), ("80133", "Napoli")],
    "PL": [("00-001", "Warszawa"), ("30-001", "Kraków"), ("50-001", "Wrocław"), ("80-001", "Gdańsk"), ("60-001", "Poznań"), ("90-001", "Łódź")],
    "IN": [("560038", "Bengaluru, Karnataka"), ("600017", "Chennai, Tamil Nadu"), ("400050", "Mumbai, Maharashtra"), ("110001", "New Delhi, Delhi"), ("500081", "Hyderabad, Telangana"), ("411001", "Pune, Maharashtra"), ("700016", "Kolkata, West Bengal")],
}
COUNTRY_NAMES = {
    "fr": {"FR": "France", "DE": "Allemagne", "BE": "Belgique", "CH": "Suisse", "GB": "Royaume-Uni", "US": "États-Unis", "NL": "Pays-Bas", "ES": "Espagne", "IT": "Italie", "PL": "Pologne", "IN": "Inde", "AT": "Autriche"},
    "en": {"FR": "France", "DE": "Germany", "BE": "Belgium", "CH": "Switzerland", "GB": "United Kingdom", "US": "USA", "NL": "Netherlands", "ES": "Spain", "IT": "Italy", "PL": "Poland", "IN": "India", "AT": "Austria"},
    "de": {"FR": "Frankreich", "DE": "Deutschland", "BE": "Belgien", "CH": "Schweiz", "GB": "Vereinigtes Königreich", "US": "USA", "NL": "Niederlande", "ES": "Spanien", "IT": "Italien", "PL": "Polen", "IN": "Indien", "AT": "Österreich"},
}
LANG_COUNTRIES = {
    "fr": ["FR"] * 8 + ["BE", "CH"], "en": ["GB"] * 4 + ["US"] * 4 + ["IN"] * 2, "de": ["DE"] * 7 + ["AT", "CH"],
    "nl": ["NL"] * 4 + ["BE"], "es": ["ES"], "it": ["IT"], "pl": ["PL"],
}
NAME_LANG = {"FR": "fr", "BE": "fr", "CH": "de", "DE": "de", "AT": "de", "GB": "en", "US": "en", "NL": "nl", "ES": "es", "IT": "it", "PL": "pl", "IN": "in"}


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only (for e-mail addresses and domains)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L").replace("ß", "ss"))
    return "".join(ch for ch in decomposed.lower() if ch.isascii() and ch.isalnum())


@dataclass
class Person:
    first: str
    last: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def email(self, domain: str) -> str:
        return f"{ascii_slug(self.first)}.{ascii_slug(self.last)}@{domain}"


@dataclass
class Address:
    country: str
    lines: list[str]                 # street lines then postcode + city, without the country

    def one_line(self) -> str:
        """The ground-truth form: the printed lines joined with ', ' (country left out)."""
        return ", ".join(self.lines)


@dataclass
class Company:
    name: str
    country: str
    address: Address
    vat_id: str
    legal_id: str | None = None      # SIREN/SIRET in France
    siren: str | None = None
    iban: str = ""
    bic: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    extra_ids: list[tuple[str, str]] = field(default_factory=list)   # (label, value) for footers
    contact: Person | None = None


def person(rng: random.Random, lang: str) -> Person:
    key = lang if lang in FIRST else "en"
    return Person(rng.choice(FIRST[key]), rng.choice(LAST[key]))


def address(rng: random.Random, country: str) -> Address:
    kinds, names = STREETS.get(country, STREETS["GB"])
    number = str(rng.randint(1, 240))
    if country in ("FR", "BE"):
        street = f"{number}{rng.choice(['', '', '', ' bis', ' ter'])} {rng.choice(kinds)} {rng.choice(names)}"
    elif country in ("GB", "US"):
        street = f"{number} {rng.choice(names)} {rng.choice(kinds)}"
    elif country in ("ES", "IT", "PL"):
        street = f"{rng.choice(kinds)} {rng.choice(names)} {number}"
    elif country == "IN":
        street = f"{number}, {rng.choice(names)}"
    else:
        street = f"{rng.choice(names)} {number}"
    postcode, city = rng.choice(CITIES[country])
    lines = [street]
    if rng.random() < 0.2:
        lines.append({"FR": f"Bâtiment {rng.choice('ABCD')}", "US": f"Suite {rng.randint(100, 900)}",
                      "GB": "Unit " + str(rng.randint(1, 30)), "DE": f"{rng.randint(1, 5)}. OG"}.get(country, f"{rng.randint(1, 9)}"))
    if country == "US":
        state, zipc = postcode.split()
        lines.append(f"{city}, {state} {zipc}")
    elif country == "GB":
        lines.append(f"{city} {postcode}")
    elif country == "IN":
        lines.append(f"{city} {postcode}")
    else:
        lines.append(f"{postcode} {city}")
    return Address(country, lines)


def company_name(rng: random.Random, country: str) -> str:
    lang = NAME_LANG[country]
    words = COMPANY_WORDS[lang]
    form = rng.choice(FORMS[country])
    pattern = rng.randrange(6)
    if pattern == 0:
        base = f"{rng.choice(LAST[lang])} {rng.choice(words)}"
    elif pattern == 1:
        base = f"{rng.choice(COINED)} {rng.choice(words)}"
    elif pattern == 2:
        base = rng.choice(COINED) + rng.choice(["", "tec", "soft", "line", "ix", "a", "is"])
    elif pattern == 3:
        base = f"{rng.choice(LAST[lang])} & {rng.choice(LAST[lang])}"
    elif pattern == 4:
        base = "".join(rng.choice("ABCDEFGHIKLMNPRST") for _ in range(rng.randint(2, 4)))
        base += " " + rng.choice(words)
    else:
        base = f"{rng.choice(words)} {rng.choice(LAST[lang])}"
    return f"{base} {form}"


def company(rng: random.Random, country: str, lang: str | None = None) -> Company:
    """A fictitious company with well-formed identifiers for ``country``."""
    name = company_name(rng, country)
    domain = ascii_slug(name.split()[0]) + rng.choice(["", "-" + ascii_slug(name.split()[1]) if len(name.split()) > 2 else ""]) + ".example"
    siren_ = checks.siren(rng) if country == "FR" else None
    comp = Company(
        name=name, country=country, address=address(rng, country),
        vat_id=checks.vat_for_country(rng, country, siren_), siren=siren_,
        iban=checks.iban(rng, country if country not in ("US", "IN") else "GB"),
        bic=checks.bic(rng, country if country not in ("US",) else "US"),
        phone=phone(rng, country), email=rng.choice(["contact", "info", "billing", "accounts", "factures", "buchhaltung", "sales"]) + "@" + domain,
        website="www." + domain, contact=person(rng, NAME_LANG[country]),
    )
    if country == "FR":
        comp.legal_id = checks.siret(rng, siren_) if rng.random() < 0.6 else siren_
    elif country == "IN":
        comp.legal_id = None
        comp.extra_ids.append(("PAN", comp.vat_id[2:12]))
    return comp


def phone(rng: random.Random, country: str) -> str:
    d = lambda n: checks.digits(rng, n, False)   # noqa: E731 - tiny local helper
    return {
        "FR": f"01 99 00 {d(2)} {d(2)}" if rng.random() < 0.5 else f"+33 1 99 00 {d(2)} {d(2)}",
        "DE": f"+49 {rng.choice(['30', '89', '40', '221'])} {d(7)}", "AT": f"+43 1 {d(7)}", "CH": f"+41 44 {d(3)} {d(2)} {d(2)}",
        "GB": f"+44 20 7946 0{d(3)}", "US": f"(555) 01{d(2)}-{d(4)}", "NL": f"+31 20 {d(3)} {d(4)}", "BE": f"+32 2 {d(3)} {d(2)} {d(2)}",
        "ES": f"+34 91 {d(3)} {d(2)} {d(2)}", "IT": f"+39 02 {d(4)} {d(4)}", "PL": f"+48 22 {d(3)} {d(2)} {d(2)}", "IN": f"+91 80 {d(4)} {d(4)}",
    }.get(country, f"+00 {d(9)}")
