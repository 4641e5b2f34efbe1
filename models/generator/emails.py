"""E-mails as text: raw RFC 5322 messages and printed (Outlook, webmail) e-mails, with
replies and forwards, in English, French and German.
"""
from __future__ import annotations

import datetime as dt
import random

from . import blocks as B
from . import formats as F
from . import identity as I
from . import prose
from .common import GenDoc, tpl_rng

N_TEMPLATES = 40
BODIES = {
    "en": {
        "meeting": ("Meeting on {day}", ["Could we move our call to {day} at {hour}? I have a conflict in the morning.", "Please find the agenda for {day} below. Let me know if you would like to add anything.",
                                         "I've booked the small meeting room for {day} from {hour}. The dial-in details are in the calendar invite."]),
        "project": ("Re: {project} status", ["Quick update on {project}: the first milestone is done and testing starts next week.", "We are still waiting for the final specifications from the client, so the delivery may slip by a few days.",
                                             "Could you review the attached draft and send me your comments by Friday?"]),
        "invoice": ("Invoice {number}", ["Please find attached our invoice {number} for the services provided in {month}.", "Could you confirm that the invoice has been received and forwarded to accounts payable?",
                                         "As discussed, payment is due within 30 days. Do not hesitate to contact me if anything is unclear."]),
        "order": ("Your order {number} has shipped", ["Good news: your order {number} is on its way.", "You can track your parcel with the link below. Estimated delivery: {day}.", "Thank you for shopping with us."]),
        "support": ("[Ticket #{number}] Login problem", ["Thank you for contacting support. We have received your request and a member of our team will get back to you shortly.",
                                                        "Could you tell us which browser you are using and send a screenshot of the error message?", "Your ticket number is {number}. Please quote it in any further correspondence."]),
        "hr": ("Office closure on {day}", ["Please note that the office will be closed on {day} for maintenance work.", "Remote access will remain available. Contact the IT desk if you need help.",
                                           "Reminder: timesheets for this month must be submitted by Friday."]),
        "personal": ("Weekend plans", ["Are you free on Saturday? We were thinking of a walk along the river and lunch afterwards.", "The kids would love to see you again.", "Let me know, and say hello to everyone."]),
    },
    "fr": {
        "meeting": ("Réunion du {day}", ["Serait-il possible de décaler notre point à {day} à {hour} ? J'ai un empêchement le matin.", "Vous trouverez ci-dessous l'ordre du jour de la réunion du {day}.",
                                         "J'ai réservé la salle de réunion pour {day} à partir de {hour}."]),
        "project": ("RE: Avancement {project}", ["Petit point sur le projet {project} : le premier jalon est terminé et les tests commencent la semaine prochaine.",
                                                 "Nous attendons toujours le cahier des charges définitif du client.", "Peux-tu relire le document joint et me faire part de tes remarques d'ici vendredi ?"]),
        "invoice": ("Facture {number}", ["Veuillez trouver ci-joint notre facture {number} correspondant aux prestations du mois de {month}.", "Merci de bien vouloir nous confirmer sa bonne réception.",
                                         "Le règlement est attendu sous 30 jours. Je reste à votre disposition pour tout renseignement."]),
        "order": ("Votre commande {number} a été expédiée", ["Bonne nouvelle : votre commande {number} est en route.", "Livraison estimée : {day}.", "Merci pour votre confiance."]),
        "support": ("[Demande #{number}] Problème de connexion", ["Nous avons bien reçu votre demande et nous reviendrons vers vous rapidement.", "Pourriez-vous nous indiquer le navigateur utilisé ?"]),
        "hr": ("Fermeture des bureaux le {day}", ["Les bureaux seront fermés le {day} pour travaux.", "Merci de penser à saisir vos congés avant la fin du mois."]),
        "personal": ("Ce week-end", ["Tu es libre samedi ? On pensait faire une balade au bord du lac puis déjeuner ensemble.", "Dis-moi ce qui t'arrange. Bises à tous."]),
    },
    "de": {
        "meeting": ("Termin am {day}", ["Können wir unser Telefonat auf {day} um {hour} verschieben?", "Anbei die Tagesordnung für die Besprechung am {day}.", "Ich habe den Besprechungsraum für {day} ab {hour} reserviert."]),
        "project": ("AW: Stand {project}", ["Kurzes Update zu {project}: Der erste Meilenstein ist erreicht, die Tests beginnen nächste Woche.", "Wir warten noch auf das finale Lastenheft des Kunden.",
                                           "Kannst du den Entwurf im Anhang bis Freitag prüfen?"]),
        "invoice": ("Rechnung {number}", ["Anbei erhalten Sie unsere Rechnung {number} für die Leistungen im {month}.", "Bitte bestätigen Sie kurz den Eingang.", "Bei Rückfragen stehe ich Ihnen gerne zur Verfügung."]),
        "order": ("Ihre Bestellung {number} wurde versandt", ["Ihre Bestellung {number} ist unterwegs.", "Voraussichtliche Zustellung: {day}.", "Vielen Dank für Ihren Einkauf."]),
        "support": ("[Ticket #{number}] Anmeldeproblem", ["Vielen Dank für Ihre Anfrage. Wir melden uns in Kürze bei Ihnen.", "Welchen Browser verwenden Sie?"]),
        "hr": ("Büroschließung am {day}", ["Das Büro bleibt am {day} wegen Wartungsarbeiten geschlossen.", "Bitte tragen Sie Ihren Urlaub bis Monatsende ein."]),
        "personal": ("Wochenende", ["Hast du am Samstag Zeit? Wir wollten am See spazieren gehen und danach essen.", "Sag Bescheid. Liebe Grüße an alle."]),
    },
}
GREET = {"en": ["Hi {first},", "Dear {first},", "Hello {first},", "Dear Mr {last},", "Hi all,"], "fr": ["Bonjour {first},", "Bonjour,", "Madame, Monsieur,", "Cher {first},", "Bonjour à tous,"],
         "de": ["Hallo {first},", "Sehr geehrte Damen und Herren,", "Guten Tag Herr {last},", "Liebe Kolleginnen und Kollegen,", "Hi {first},"]}
CLOSE = {"en": ["Best regards,", "Kind regards,", "Thanks,", "Cheers,", "Many thanks,"], "fr": ["Cordialement,", "Bien cordialement,", "Bonne journée,", "Merci d'avance,", "À bientôt,"],
         "de": ["Viele Grüße", "Mit freundlichen Grüßen", "Beste Grüße", "Danke und Gruß", "LG"]}
HEAD = {"en": ("From", "Sent", "To", "Cc", "Subject", "Attachments"), "fr": ("De", "Envoyé", "À", "Cc", "Objet", "Pièces jointes"),
        "de": ("Von", "Gesendet", "An", "Cc", "Betreff", "Anlagen")}
WROTE = {"en": "On {date}, {name} <{addr}> wrote:", "fr": "Le {date}, {name} <{addr}> a écrit :", "de": "Am {date} schrieb {name} <{addr}>:"}
FWD = {"en": "---------- Forwarded message ---------", "fr": "-------- Message transféré --------", "de": "-------- Weitergeleitete Nachricht --------"}
ATTACH = ["rapport.pdf", "invoice.pdf", "agenda.docx", "photo.jpg", "planning.xlsx", "Angebot.pdf", "contrat_signé.pdf", "notes.txt", "screenshot.png"]
MEDIA = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "jpg": "image/jpeg",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "txt": "text/plain", "png": "image/png"}


def _rfc2822(t: dt.datetime) -> str:
    return t.strftime("%a, %d %b %Y %H:%M:%S ") + t.strftime("%z")


def email(rng: random.Random, lang: str) -> GenDoc:
    """One e-mail as text (raw headers or a print-out) plus its printed PDF."""
    variant = rng.randrange(N_TEMPLATES)
    template = f"email/{lang}/{variant}"
    tpl = tpl_rng(template)
    style = tpl.choice(["raw", "raw", "outlook", "webmail", "minimal"])
    country = {"en": rng.choice(["GB", "US"]), "fr": "FR", "de": "DE"}[lang]
    sender, to_p = I.person(rng, I.NAME_LANG[country]), I.person(rng, I.NAME_LANG[country])
    org = I.company(rng, country)
    domain = org.email.split("@")[1]
    s_addr, t_addr = sender.email(domain), to_p.email(rng.choice([domain, "mail.example", "example.org", I.company(rng, country).email.split("@")[1]]))
    cc = [I.person(rng, I.NAME_LANG[country]).email(domain) for _ in range(rng.choice([0, 0, 0, 1, 2]))]
    tz = dt.timezone(dt.timedelta(hours=rng.choice([0, 1, 2, -5])))
    when = dt.datetime.combine(F.random_date(rng, 2005, 2025), dt.time(rng.randint(6, 22), rng.randint(0, 59), rng.randint(0, 59)), tz)
    topic = rng.choice(list(BODIES[lang]))
    subj_t, lines = BODIES[lang][topic]
    slots = dict(day=F.fmt_date(when.date() + dt.timedelta(days=rng.randint(1, 20)), "long", lang), hour=f"{rng.randint(8, 17)}:{rng.choice(['00', '30'])}",
                 project=rng.choice(["Atlas", "Phoenix", "Migration ERP", "Website 2.0", "Nordstern", "Refonte intranet"]), number=str(rng.randint(1000, 99999)),
                 month=F.MONTHS[lang][rng.randrange(12)])
    subject = subj_t.format(**slots)
    body = [tpl.choice(GREET[lang]).format(first=to_p.first, last=to_p.last), ""]
    body += [" ".join(ln.format(**slots) for ln in rng.sample(lines, rng.randint(1, len(lines))))]
    if rng.random() < 0.3:
        body += ["", prose.paragraph(rng, lang, (1, 3))]
    body += ["", tpl.choice(CLOSE[lang]), sender.name]
    if tpl.random() < 0.6:
        body += [f"{rng.choice(['Project Manager', 'Sales', 'Comptabilité', 'Einkauf', 'Directeur', 'Assistant'])} | {org.name}", f"{'Tél.' if lang == 'fr' else 'Tel.'} {org.phone}"]
    if rng.random() < 0.35:   # a reply quoting the previous message
        prev = when - dt.timedelta(hours=rng.randint(1, 72))
        quoted = [f"> {ln}" for ln in [tpl.choice(GREET[lang]).format(first=sender.first, last=sender.last), "", prose.sentence(rng, lang)]]
        body += ["", WROTE[lang].format(date=F.fmt_date(prev.date(), "long", lang) + prev.strftime(" %H:%M"), name=to_p.name, addr=t_addr)] + quoted
        subject = {"en": "Re: ", "fr": "RE: ", "de": "AW: "}[lang] + subject if not subject.startswith(("Re", "RE", "AW")) else subject
    elif rng.random() < 0.15:
        body = [FWD[lang], f"{HEAD[lang][0]}: {to_p.name} <{t_addr}>", f"{HEAD[lang][4]}: {subject}", ""] + body
        subject = {"en": "Fwd: ", "fr": "TR: ", "de": "WG: "}[lang] + subject
    attachments = [{"filename": f} for f in rng.sample(ATTACH, rng.choice([0, 0, 1, 1, 2]))]
    for a in attachments:
        a["media_type"] = MEDIA[a["filename"].rsplit(".", 1)[1]]
    msg_id = f"<{rng.getrandbits(64):016x}.{rng.randint(1000, 9999)}@{domain}>"
    head: list[str] = []
    h = HEAD[lang]
    fmt_addr = lambda p, a: f"{p.name} <{a}>" if tpl.random() < 0.8 else a  # noqa: E731
    fields = {"from": s_addr, "to": [t_addr], "subject": subject, "date": when.isoformat()}
    if cc:
        fields["cc"] = cc
    if style == "raw":
        head = [f"Return-Path: <{s_addr}>"] if tpl.random() < 0.5 else []
        if tpl.random() < 0.4:
            head.append(f"Received: from mail.{domain} (mail.{domain} [192.0.2.{rng.randint(1, 254)}]) by mx.example.net with ESMTPS; {_rfc2822(when)}")
        head += [f"From: {fmt_addr(sender, s_addr)}", f"To: {fmt_addr(to_p, t_addr)}"] + ([f"Cc: {', '.join(cc)}"] if cc else [])
        head += [f"Subject: {subject}", f"Date: {_rfc2822(when)}", f"Message-ID: {msg_id}", "MIME-Version: 1.0",
                 "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit"]
        fields["message_id"] = msg_id.strip("<>")
    elif style == "outlook":
        wd = F.WEEKDAYS[lang][when.weekday()]
        sent = f"{wd} {F.fmt_date(when.date(), 'long', lang)} {when.strftime('%H:%M')}" if lang != "en" else f"{wd}, {F.fmt_date(when.date(), 'long', 'en')} {when.strftime('%I:%M %p')}"
        head = [f"{h[0]}: {fmt_addr(sender, s_addr)}", f"{h[1]}: {sent}", f"{h[2]}: {fmt_addr(to_p, t_addr)}"] + ([f"{h[3]}: {'; '.join(cc)}"] if cc else [])
        head.append(f"{h[4]}: {subject}")
        if attachments:
            head.append(f"{h[5]}: " + "; ".join(a["filename"] for a in attachments))
            fields["attachments"] = attachments
        fields["date"] = when.replace(second=0).isoformat()
    elif style == "webmail":
        head = [f"{org.name.split()[0]} Mail - {subject}", "", subject, f"{sender.name} <{s_addr}>    {when.strftime('%a, %b %d, %Y at %I:%M %p')}",
                f"{'To' if lang == 'en' else h[2]}: {t_addr}"] + ([f"Cc: {', '.join(cc)}"] if cc else [])
        fields["date"] = when.replace(second=0).isoformat()
    else:
        head = [f"{h[4]}: {subject}", f"{h[0]}: {s_addr}", f"{h[2]}: {t_addr}"]
        fields = {"from": s_addr, "to": [t_addr], "subject": subject}
    text = "\n".join(head + [""] + body) + "\n"
    spec = B.DocSpec([B.Mono(text, size=tpl.choice([8, 9, 10]))] if tpl.random() < 0.5 else
                     [B.Lines(head, style="small" if style == "raw" else "body"), B.Rule()] + [B.Para(p, align="left") if p else B.Gap(6) for p in body])
    return GenDoc("email", f"email/{style}", lang, template, spec, fields=fields, text=text)
