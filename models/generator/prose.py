"""A small sentence generator for running prose in English, French and German.

Sentences come from templates whose slots are filled from topic lexicons, so pages of
"other" documents (articles, reports, book pages, letters, OCR test pages) have broad,
topic-consistent vocabulary without copying any existing text.
"""
from __future__ import annotations

import random

TOPICS_EN = {
    "science": dict(n=["experiment", "molecule", "sample", "hypothesis", "telescope", "laboratory", "measurement", "theory", "particle", "cell", "enzyme", "crystal", "signal", "spectrum", "model"],
                    adj=["precise", "unexpected", "stable", "microscopic", "experimental", "theoretical", "chemical", "measurable", "faint", "dense"],
                    v=["revealed", "confirmed", "measured", "predicted", "challenged", "described", "observed", "reproduced"], who=["the researchers", "the team", "the physicist", "a young chemist", "the observers"]),
    "history": dict(n=["treaty", "empire", "harbour", "castle", "revolution", "manuscript", "cathedral", "kingdom", "railway", "parliament", "colony", "archive", "siege", "dynasty", "chronicle"],
                    adj=["ancient", "medieval", "forgotten", "royal", "bitter", "long", "northern", "remarkable", "fragile", "decisive"],
                    v=["founded", "destroyed", "rebuilt", "recorded", "defended", "abandoned", "conquered", "restored"], who=["the king", "the merchants", "the monks", "the historians", "the settlers"]),
    "nature": dict(n=["forest", "river", "glacier", "meadow", "valley", "storm", "coastline", "species", "owl", "wolf", "orchid", "reef", "desert", "mountain", "season"],
                   adj=["wild", "quiet", "frozen", "green", "rare", "vast", "fragile", "ancient", "misty", "dry"],
                   v=["crossed", "covered", "sheltered", "flooded", "explored", "followed", "protected", "reached"], who=["the hikers", "the rangers", "a biologist", "the villagers", "the birds"]),
    "technology": dict(n=["processor", "network", "algorithm", "screen", "battery", "satellite", "database", "robot", "sensor", "compiler", "printer", "server", "keyboard", "camera", "protocol"],
                       adj=["faster", "portable", "digital", "wireless", "reliable", "open", "automatic", "efficient", "modern", "experimental"],
                       v=["designed", "tested", "replaced", "installed", "optimised", "launched", "connected", "rebuilt"], who=["the engineers", "the developers", "a small start-up", "the users", "the designers"]),
    "sport": dict(n=["match", "season", "goalkeeper", "marathon", "stadium", "championship", "coach", "race", "tournament", "league", "record", "final", "team", "bicycle", "crowd"],
                  adj=["exciting", "narrow", "historic", "young", "determined", "exhausting", "brilliant", "home", "rival", "unbeaten"],
                  v=["won", "lost", "trained", "celebrated", "defended", "broke", "watched", "finished"], who=["the players", "the captain", "the fans", "the runners", "the referee"]),
    "cooking": dict(n=["recipe", "oven", "sauce", "bread", "kitchen", "spice", "garden", "harvest", "soup", "cheese", "dough", "pastry", "market", "vegetable", "flavour"],
                    adj=["fresh", "warm", "simple", "seasonal", "rich", "bitter", "sweet", "homemade", "crisp", "fragrant"],
                    v=["prepared", "baked", "tasted", "seasoned", "served", "chopped", "improved", "shared"], who=["the cook", "my grandmother", "the baker", "the guests", "the farmers"]),
    "economy": dict(n=["market", "inflation", "export", "policy", "budget", "harbour", "factory", "wage", "growth", "currency", "industry", "consumer", "forecast", "sector", "demand"],
                    adj=["global", "weak", "steady", "regional", "uncertain", "strong", "rural", "industrial", "cautious", "annual"],
                    v=["slowed", "recovered", "increased", "declined", "shaped", "reduced", "doubled", "supported"], who=["the economists", "the government", "the central bank", "local firms", "the analysts"]),
    "travel": dict(n=["journey", "train", "village", "island", "hotel", "map", "border", "bridge", "station", "museum", "square", "ferry", "coast", "road", "guide"],
                   adj=["long", "narrow", "crowded", "peaceful", "distant", "colourful", "small", "famous", "hidden", "sunny"],
                   v=["visited", "crossed", "discovered", "photographed", "left", "reached", "admired", "described"], who=["the travellers", "our guide", "the tourists", "a young couple", "the pilgrims"]),
}
CONNECT_EN = ["However,", "Meanwhile,", "In the following years,", "At first,", "Later,", "For this reason,", "In contrast,", "As a result,", "Even so,", "Over time,"]
TEMPLATES_EN = [
    "{Who} {v} the {adj} {n} in {year}.",
    "{C} {who} {v} a {adj} {n} near the {n2}.",
    "The {n} was {adj}, and {who} {v} it with great care.",
    "Nobody expected that the {n} would become so {adj}.",
    "{Who} {v} the {n2} before the {adj} {n} had been {v2}.",
    "It is often said that a {adj} {n} tells us more about the {n2} than any {n3}.",
    "{C} the {n} and the {n2} were {v} by {who}.",
    "In {num} cases out of {num2}, the {n} remained {adj}.",
    "This chapter describes how {who} {v} the {n} and why the {n2} mattered.",
    "{Who} kept a record of every {n}, every {n2} and every {adj} {n3}.",
    "There were {num} {n}s in the region, most of them {adj}.",
    "The {adj} {n2} was {v} again in {year}, after a long pause.",
    "Why did {who} choose the {n} rather than the {n2}?",
    "Figure {num} shows the {n} and its {adj} {n2}.",
    "{C} {who} returned to the {n}, which had become {adj}.",
]

TOPICS_FR = {
    "science": dict(n=["l'expérience", "la molécule", "l'échantillon", "la théorie", "le laboratoire", "la mesure", "la cellule", "le signal", "le modèle", "le cristal"],
                    adj=["précise", "inattendue", "stable", "fragile", "remarquable"], v=["a révélé", "a confirmé", "a mesuré", "a décrit", "a observé"], who=["les chercheurs", "l'équipe", "la physicienne", "un jeune chimiste"]),
    "histoire": dict(n=["le traité", "l'empire", "le port", "le château", "la révolution", "le manuscrit", "la cathédrale", "le royaume", "le chemin de fer", "les archives"],
                     adj=["ancienne", "oubliée", "royale", "longue", "décisive"], v=["a fondé", "a détruit", "a reconstruit", "a défendu", "a restauré"], who=["le roi", "les marchands", "les moines", "les historiens"]),
    "nature": dict(n=["la forêt", "la rivière", "le glacier", "la prairie", "la vallée", "l'orage", "le littoral", "l'espèce", "le loup", "la montagne"],
                   adj=["sauvage", "calme", "immense", "rare", "verte"], v=["a traversé", "a exploré", "a protégé", "a suivi", "a atteint"], who=["les randonneurs", "les gardes", "une biologiste", "les villageois"]),
    "technique": dict(n=["le processeur", "le réseau", "l'algorithme", "l'écran", "la batterie", "le satellite", "la base de données", "le robot", "le capteur", "le serveur"],
                      adj=["rapide", "portable", "numérique", "fiable", "efficace"], v=["a conçu", "a testé", "a remplacé", "a installé", "a optimisé"], who=["les ingénieurs", "les développeurs", "une jeune entreprise", "les utilisateurs"]),
    "cuisine": dict(n=["la recette", "le four", "la sauce", "le pain", "la cuisine", "l'épice", "le jardin", "la soupe", "le fromage", "le marché"],
                    adj=["fraîche", "simple", "savoureuse", "maison", "parfumée"], v=["a préparé", "a goûté", "a servi", "a amélioré", "a partagé"], who=["le cuisinier", "ma grand-mère", "le boulanger", "les invités"]),
    "voyage": dict(n=["le voyage", "le train", "le village", "l'île", "la frontière", "le pont", "la gare", "le musée", "la place", "la côte"],
                   adj=["longue", "étroite", "paisible", "lointaine", "célèbre"], v=["a visité", "a traversé", "a découvert", "a photographié", "a décrit"], who=["les voyageurs", "notre guide", "les touristes", "un jeune couple"]),
}
CONNECT_FR = ["Cependant,", "Pendant ce temps,", "Les années suivantes,", "Au début,", "Plus tard,", "Pour cette raison,", "En revanche,", "Par conséquent,", "Avec le temps,"]
TEMPLATES_FR = [
    "{Who} {v} {n} en {year}.", "{C} {who} {v} {n} près de {n2}.", "Personne ne pensait que {n} deviendrait aussi {adj}.",
    "{Who} {v} {n2} avant que {n} ne soit connu.", "On dit souvent que {n} en apprend davantage sur {n2} que {n3}.",
    "{C} {n} et {n2} ont été étudiés par {who}.", "Dans {num} cas sur {num2}, {n} est restée {adj}.", "Ce chapitre décrit comment {who} {v} {n}.",
    "Il y avait {num} exemples dans la région, la plupart assez {adj}s.", "La figure {num} montre {n} et {n2}.", "Pourquoi {who} ont-ils choisi {n} plutôt que {n2} ?",
    "{C} {who} sont revenus vers {n}, devenue plus {adj}.",
]
TOPICS_DE = {
    "wissenschaft": dict(s=["Das Experiment", "Die Probe", "Die Theorie", "Das Labor", "Die Messung", "Die Zelle", "Das Modell", "Der Kristall"], o=["die Messung", "das Ergebnis", "die Hypothese", "das Modell", "die Daten", "die Probe"],
                         adj=["genau", "unerwartet", "stabil", "bemerkenswert", "neu"], v=["bestätigte", "beschrieb", "beobachtete", "untersuchte", "veränderte"], who=["Die Forscher", "Das Team", "Eine junge Chemikerin", "Der Physiker"]),
    "geschichte": dict(s=["Der Vertrag", "Das Reich", "Der Hafen", "Die Burg", "Die Revolution", "Das Manuskript", "Die Kathedrale", "Die Eisenbahn"], o=["die Stadt", "das Schloss", "die Grenze", "das Archiv", "die Brücke", "die Chronik"],
                       adj=["alt", "vergessen", "königlich", "lang", "entscheidend"], v=["gründete", "zerstörte", "verteidigte", "baute", "beschrieb"], who=["Der König", "Die Kaufleute", "Die Mönche", "Die Historiker"]),
    "natur": dict(s=["Der Wald", "Der Fluss", "Der Gletscher", "Die Wiese", "Das Tal", "Der Sturm", "Die Küste", "Der Berg"], o=["die Landschaft", "das Ufer", "die Wiese", "das Tal", "die Art", "die Küste"],
                  adj=["wild", "still", "riesig", "selten", "grün"], v=["überquerte", "erkundete", "schützte", "erreichte", "beobachtete"], who=["Die Wanderer", "Die Förster", "Eine Biologin", "Die Dorfbewohner"]),
    "technik": dict(s=["Der Prozessor", "Das Netzwerk", "Der Algorithmus", "Der Bildschirm", "Die Batterie", "Der Satellit", "Die Datenbank", "Der Roboter"], o=["die Software", "das Gerät", "die Schnittstelle", "das System", "die Anlage", "die Kamera"],
                    adj=["schnell", "tragbar", "digital", "zuverlässig", "effizient"], v=["entwickelte", "testete", "ersetzte", "installierte", "verbesserte"], who=["Die Ingenieure", "Die Entwickler", "Ein junges Unternehmen", "Die Nutzer"]),
    "küche": dict(s=["Das Rezept", "Der Ofen", "Die Soße", "Das Brot", "Die Küche", "Der Garten", "Die Suppe", "Der Käse"], o=["die Suppe", "das Brot", "die Soße", "das Gericht", "die Torte", "die Ernte"],
                  adj=["frisch", "einfach", "würzig", "hausgemacht", "duftend"], v=["bereitete", "probierte", "servierte", "verfeinerte", "teilte"], who=["Der Koch", "Meine Großmutter", "Der Bäcker", "Die Gäste"]),
}
CONNECT_DE = ["Allerdings", "Inzwischen", "In den folgenden Jahren", "Zunächst", "Später", "Deshalb", "Dagegen", "Mit der Zeit"]
TEMPLATES_DE = [
    "{Who} {v} {o} im Jahr {year}.", "{C} {v} {who_l} {o} in der Nähe.", "{S} war {adj}, und {who_l} {v} {o} mit großer Sorgfalt.",
    "Niemand hatte erwartet, dass {s_l} so {adj} werden würde.", "Man sagt oft, dass {s_l} mehr über {o} verrät als jedes Buch.",
    "In {num} von {num2} Fällen blieb {s_l} {adj}.", "Dieses Kapitel beschreibt, wie {who_l} {o} {v_inf}.", "{S} wurde im Jahr {year} erneut untersucht.",
    "Abbildung {num} zeigt {o} und die Umgebung.", "Warum wählten {who_l} {o} und nicht {o2}?", "Es gab {num} Beispiele in der Region, die meisten davon {adj}.",
]
V_INF_DE = {"bestätigte": "bestätigte", "beschrieb": "beschrieb"}


def sentence(rng: random.Random, lang: str, topic: str | None = None) -> str:
    """One sentence of ``lang`` prose about ``topic`` (random when None)."""
    year, num, num2 = rng.randint(1480, 2023), rng.randint(2, 12), rng.randint(13, 60)
    if lang == "fr":
        t = TOPICS_FR[topic or rng.choice(list(TOPICS_FR))]
        n, n2, n3 = rng.sample(t["n"], 3)
        s = rng.choice(TEMPLATES_FR).format(Who=rng.choice(t["who"]).capitalize(), who=rng.choice(t["who"]), v=rng.choice(t["v"]), n=n, n2=n2, n3=n3,
                                            adj=rng.choice(t["adj"]), C=rng.choice(CONNECT_FR), year=year, num=num, num2=num2)
    elif lang == "de":
        t = TOPICS_DE[topic or rng.choice(list(TOPICS_DE))]
        subj = rng.choice(t["s"])
        o, o2 = rng.sample(t["o"], 2)
        who = rng.choice(t["who"])
        v = rng.choice(t["v"])
        s = rng.choice(TEMPLATES_DE).format(Who=who, who_l=who[0].lower() + who[1:], v=v, v_inf=v, o=o, o2=o2, S=subj, s_l=subj[0].lower() + subj[1:],
                                            adj=rng.choice(t["adj"]), C=rng.choice(CONNECT_DE), year=year, num=num, num2=num2)
    else:
        t = TOPICS_EN[topic or rng.choice(list(TOPICS_EN))]
        n, n2, n3 = rng.sample(t["n"], 3)
        v, v2 = rng.sample(t["v"], 2)
        who = rng.choice(t["who"])
        s = rng.choice(TEMPLATES_EN).format(Who=who[0].upper() + who[1:], who=who, v=v, v2=v2, n=n, n2=n2, n3=n3, adj=rng.choice(t["adj"]),
                                            C=rng.choice(CONNECT_EN), year=year, num=num, num2=num2)
    return s[0].upper() + s[1:]


def paragraph(rng: random.Random, lang: str, n: tuple[int, int] = (3, 7), topic: str | None = None) -> str:
    topics = {"fr": TOPICS_FR, "de": TOPICS_DE}.get(lang, TOPICS_EN)
    topic = topic or rng.choice(list(topics))
    return " ".join(sentence(rng, lang, topic) for _ in range(rng.randint(*n)))


def topics(lang: str) -> list[str]:
    return list({"fr": TOPICS_FR, "de": TOPICS_DE}.get(lang, TOPICS_EN))


# Classic pangrams and typing-test lines for OCR test pages (no eval text).
PANGRAMS = ["Pack my box with five dozen liquor jugs.", "Sphinx of black quartz, judge my vow.", "The five boxing wizards jump quickly.",
            "How vexingly quick daft zebras jump!", "Jackdaws love my big sphinx of quartz.", "Waltz, bad nymph, for quick jigs vex.",
            "Portez ce vieux whisky au juge blond qui fume.", "Voix ambiguë d'un cœur qui au zéphyr préfère les jattes de kiwis.",
            "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich.", "Falsches Üben von Xylophonmusik quält jeden größeren Zwerg.",
            "Pchnąć w tę łódź jeża lub ośm skrzyń fig.", "Sabe bem o vinho que o jovem come com queijo.", "El veloz murciélago hindú comía feliz cardillo y kiwi."]


# Narrative prose (magazine features, memoirs, fiction): people, feelings and dialogue, so
# that personal writing is not mistaken for e-mail.
PEOPLE_EN = dict(job=["teacher", "nurse", "fisherman", "violinist", "retired engineer", "baker", "farmer", "librarian", "bus driver", "surgeon", "painter", "coach"],
                 kin=["her grandmother", "his father", "her younger brother", "his aunt", "their neighbour", "her mother", "his old friend", "the twins"],
                 place=["a small coastal town", "the mountains", "a crowded city flat", "the family farm", "a village near the border", "the old harbour", "a boarding school"],
                 feel=["proud", "lonely", "afraid", "grateful", "restless", "happy", "embarrassed", "curious", "heartbroken", "calm"],
                 thing=["letter", "piano", "bicycle", "photograph", "garden", "notebook", "boat", "kitchen table", "radio", "suitcase"])
NARRATIVE_EN = [
    "{Name} grew up in {place}, where everybody knew everybody.", "When {pron} was {age}, {kin} gave {obj} an old {thing}.",
    '"{Quote}," {name} says, smiling at the memory.', '"{Quote}," recalls {name}, now a {job}.',
    "For years {pron} kept the {thing} in a drawer and never told anyone.", "{Pron} felt {feel}, but {pron} did not say a word.",
    "It was late in the evening when {kin} finally came home.", "Nobody in the family had ever seen {obj} so {feel}.",
    "Looking back, {name} believes that small moments like these shape a whole life.", "{Name}, a {job} from {place}, still remembers the day.",
    "The house was quiet except for the ticking of the clock.", "Some people thought the idea was foolish; {kin} did not.",
    "\"You can't give up now,\" {kin} told {obj}.", "Years later, {pron} returned to {place} with children of {poss} own.",
    "There is no manual for raising a family, {name} likes to say.", "{Pron} wrote long letters that were never sent.",
    "That summer changed everything.", "The rain had not stopped for three days.", "{Name} laughed, then grew serious again.",
    "Experts say that children learn more from what parents do than from what they say.", "Her answer surprised everyone at the table.",
]
QUOTES_EN = ["I didn't know what to do", "We had very little, but we had each other", "It felt like the whole world had stopped", "I was too young to understand",
             "Every Sunday we walked to the river", "You never forget a moment like that", "He never raised his voice", "She made us believe we could do anything",
             "I still have the letter somewhere", "We laughed until we cried"]
NARRATIVE_FR = ["{Name} a grandi dans {place_fr}, où tout le monde se connaissait.", "« {Quote} », raconte {name} avec un sourire.", "Ce soir-là, la maison était silencieuse.",
                "{Pron_fr} n'avait que {age} ans quand tout a changé.", "Des années plus tard, {pron_fr} est revenu(e) dans {place_fr}.", "Personne n'avait jamais vu {name} aussi ému(e).",
                "La pluie n'avait pas cessé depuis trois jours.", "Sa grand-mère lui avait laissé un vieux carnet plein de recettes."]
QUOTES_FR = ["Je ne savais pas quoi faire", "Nous n'avions pas grand-chose, mais nous étions ensemble", "On n'oublie jamais un moment pareil", "Il ne haussait jamais la voix"]
NARRATIVE_DE = ["{Name} wuchs in {place_de} auf, wo jeder jeden kannte.", "„{Quote}“, erzählt {name} und lächelt.", "An diesem Abend war es still im Haus.",
                "Als {pron_de} {age} Jahre alt war, änderte sich alles.", "Jahre später kehrte {name} nach {place_de} zurück.", "Der Regen hatte seit drei Tagen nicht aufgehört.",
                "Niemand in der Familie hatte {name} je so glücklich gesehen.", "Die Großmutter hatte ein altes Notizbuch voller Rezepte hinterlassen."]
QUOTES_DE = ["Ich wusste nicht, was ich tun sollte", "Wir hatten wenig, aber wir hatten uns", "So einen Moment vergisst man nie", "Er wurde nie laut"]


def narrative(rng: random.Random, lang: str, n: tuple[int, int] = (4, 9)) -> str:
    """A paragraph of narrative prose with a recurring character."""
    from .identity import person
    who = person(rng, lang if lang in ("fr", "de") else "en")
    female = rng.random() < 0.5
    out = []
    for _ in range(rng.randint(*n)):
        if lang == "fr":
            s = rng.choice(NARRATIVE_FR).format(Name=who.first, name=who.first, place_fr=rng.choice(["un petit village", "la banlieue de Lyon", "une ferme en Bretagne"]),
                                                Quote=rng.choice(QUOTES_FR), Pron_fr="Elle" if female else "Il", pron_fr="elle" if female else "il", age=rng.randint(5, 17))
        elif lang == "de":
            s = rng.choice(NARRATIVE_DE).format(Name=who.first, name=who.first, place_de=rng.choice(["einem kleinen Dorf", "Hamburg", "den Bergen"]),
                                                Quote=rng.choice(QUOTES_DE), pron_de="sie" if female else "er", age=rng.randint(5, 17))
        else:
            p = PEOPLE_EN
            pron = "she" if female else "he"
            s = rng.choice(NARRATIVE_EN).format(Name=who.first, name=who.first, pron=pron, Pron=pron.capitalize(), obj="her" if female else "him",
                                                poss="her" if female else "his", age=rng.randint(5, 17), kin=rng.choice(p["kin"]), place=rng.choice(p["place"]),
                                                feel=rng.choice(p["feel"]), thing=rng.choice(p["thing"]), job=rng.choice(p["job"]), Quote=rng.choice(QUOTES_EN))
        out.append(s[0].upper() + s[1:])
    return " ".join(out)
