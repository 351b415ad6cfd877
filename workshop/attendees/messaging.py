"""Getting tickets to people: the absolute ticket URL, "send via WhatsApp" links (wa.me) and the
ticket by email over SMTP. The message goes to participants, so it is always in Indonesian,
whatever language the organiser's screen is in."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import quote

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from workshop.attendees.models import Attendee
from workshop.events.models import Event

PARTICIPANT_LOCALE = "id"
SMTP_TIMEOUT_SECONDS = 15


class MailError(Exception):
    """The email could not be handed to the mail server."""


def ticket_url(code: str) -> str:
    """The ticket's absolute URL (/t/<code>, DESIGN.md §4). Falls back to building the path by
    hand while the ticket page's endpoint does not exist, so the links keep their final form."""
    try:
        return url_for("registration.ticket", code=code, _external=True)
    except BuildError:
        return url_for("events.index", _external=True) + "t/" + quote(code, safe="")


def whatsapp_number(phone: str | None) -> str | None:
    """wa.me wants the international number as digits only: +6281234567890 -> 6281234567890."""
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits or None


def ticket_message(event: Event, attendee: Attendee, url: str) -> str:
    with force_locale(PARTICIPANT_LOCALE):
        return _(
            "Dear %(name)s,\nthis is your ticket for %(event)s (registration no. %(number)s):\n%(url)s\n"
            "Keep this message: show the ticket at the registration desk.",
            name=attendee.full_name,
            event=event.title,
            number=attendee.reg_label,
            url=url,
        )


def whatsapp_link(event: Event, attendee: Attendee, url: str) -> str | None:
    """https://wa.me/<number>?text=<message>; None for someone without a phone number."""
    number = whatsapp_number(attendee.phone)
    if number is None:
        return None
    return f"https://wa.me/{number}?text={quote(ticket_message(event, attendee, url), safe='')}"


def mail_configured(config) -> bool:
    return bool(config.get("MAIL_SERVER"))


@dataclass
class Mail:
    to: str
    subject: str
    body: str


def ticket_mail(event: Event, attendee: Attendee, url: str) -> Mail:
    with force_locale(PARTICIPANT_LOCALE):
        subject = _("Your ticket: %(event)s", event=event.title)
    return Mail(to=attendee.email or "", subject=subject, body=ticket_message(event, attendee, url))


def send_mail(config, mail: Mail) -> None:
    """Hand one message to the SMTP server in the config (STARTTLS when MAIL_USE_TLS).
    Raises MailError when it cannot be sent; the error never names the recipient."""
    if not mail_configured(config):
        raise MailError("MAIL_SERVER is not set")
    sender = config.get("MAIL_FROM") or config.get("MAIL_USERNAME")
    if not sender:
        raise MailError("MAIL_FROM is not set")
    message = EmailMessage()
    message["From"] = sender if "<" in sender else formataddr(("Bintek", sender))
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip(">") or None)
    message.set_content(mail.body)
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 587), timeout=SMTP_TIMEOUT_SECONDS
        ) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME") and config.get("MAIL_PASSWORD"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(type(error).__name__) from error
