"""Containers around the rendered invoices: Factur-X PDF and RFC 5322 e-mail."""
from __future__ import annotations

import contextlib
import datetime as dt
from email import charset as email_charset
from email import policy
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

import facturx
import facturx.facturx as facturx_impl

from .cii import build_cii
from .model import Invoice, fmt_date, fmt_eur
from .pdf import render_pdf

# --------------------------------------------------------------------------
# Factur-X
# --------------------------------------------------------------------------


@contextlib.contextmanager
def _frozen_facturx_clock(moment: dt.datetime):
    """factur-x stamps /ModDate, /CreationDate and the XMP dates with the current time;
    pin them to ``moment`` so the output is reproducible."""
    saved = (facturx_impl._get_pdf_timestamp, facturx_impl._get_metadata_timestamp)
    facturx_impl._get_pdf_timestamp = lambda date=None: moment.strftime("D:%Y%m%d%H%M%S+00'00'")
    facturx_impl._get_metadata_timestamp = lambda: moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    try:
        yield
    finally:
        facturx_impl._get_pdf_timestamp, facturx_impl._get_metadata_timestamp = saved


def build_facturx(inv: Invoice) -> tuple[bytes, bytes]:
    """Return (Factur-X PDF, embedded CII XML). The page and the XML come from ``inv``."""
    inv.extra["facturx"] = True
    pdf = render_pdf(inv)
    xml = build_cii(inv)
    moment = dt.datetime.combine(inv.issue_date, dt.time(10, 0), tzinfo=dt.timezone.utc)
    metadata = {
        "author": inv.seller.name,
        "keywords": "Factur-X, Facture",
        "title": f"{inv.seller.name} : Facture {inv.number}",
        "subject": f"Facture Factur-X {inv.number} du {inv.issue_date.isoformat()} "
                   f"émise par {inv.seller.name}",
    }
    with _frozen_facturx_clock(moment):
        out = facturx.generate_from_binary(pdf, xml, flavor="factur-x", level="en16931",
                                           check_xsd=True, pdf_metadata=metadata,
                                           lang="fr-FR")
    return out, xml


# --------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------

def _utf8_qp() -> email_charset.Charset:
    cs = email_charset.Charset("utf-8")
    cs.header_encoding = email_charset.QP
    cs.body_encoding = email_charset.QP
    return cs


def build_email(meta: dict, inv: Invoice, pdf: bytes) -> bytes:
    """multipart/mixed message: a French text/plain body and ``pdf`` as attachment."""
    cs = _utf8_qp()
    msg = MIMEMultipart("mixed", boundary=meta["boundary"])
    msg["From"] = formataddr((meta["from_name"], meta["from_addr"]), charset="utf-8")
    msg["To"] = ", ".join(formataddr(p, charset="utf-8") for p in meta["to"])
    msg["Cc"] = ", ".join(formataddr(p, charset="utf-8") for p in meta["cc"])
    msg["Subject"] = Header(meta["subject"], cs, header_name="Subject")
    msg["Date"] = format_datetime(meta["date"])
    msg["Message-ID"] = meta["message_id"]
    msg["Content-Language"] = "fr"
    for name in ("MIME-Version", "Content-Type"):      # move after the envelope headers
        value = msg[name]
        del msg[name]
        msg[name] = value
    msg.preamble = "Ceci est un message MIME en plusieurs parties."

    body = meta["body"].format(
        number=inv.number, issue=fmt_date(inv.issue_date, "numeric"),
        order=inv.order_reference, total=fmt_eur(inv.total_incl_vat),
        due=fmt_date(inv.due_date, "numeric"))
    msg.attach(MIMEText(body, "plain", cs))

    part = MIMEApplication(pdf, "pdf")
    part.add_header("Content-Disposition", "attachment", filename=meta["attachment"])
    part.set_param("name", meta["attachment"])
    msg.attach(part)
    # compat32 keeps the RFC 2047 encoded words exactly as Header produced them (the
    # default policy refolds them, sometimes gluing an encoded word to plain text).
    return msg.as_bytes(policy=policy.compat32.clone(linesep="\r\n"))
