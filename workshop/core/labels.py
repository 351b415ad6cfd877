"""Words shown to people for the code values stored in the database: roles, statuses, sources,
categories, methods. One place, in both languages, so no page shows "peserta" or "cancelled" as a
raw code. Used by templates (filters registered in init_app), exports and the audit log.

The values are plain strings here (core imports no domain module); tests check every enum value
of the models has a label (tests/core/test_labels.py)."""

from __future__ import annotations

from functools import partial

from flask import Flask
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context

ATTENDEE_ROLES = {
    "peserta": _l("Participant"),
    "narasumber": _l("Speaker"),
    "moderator": _l("Moderator"),
    "fasilitator": _l("Facilitator"),
    "panitia": _l("Committee"),
}
ATTENDEE_STATUSES = {
    "registered": _l("registered"),
    "cancelled": _l("cancelled"),
    "replaced": _l("replaced"),
}
SOURCES = {
    "registration": _l("registered themselves"),
    "import": _l("imported"),
    "manual": _l("added by the organiser"),
    "walk-in": _l("added at the door"),
}
CATEGORIES = {
    "PNS": _l("PNS (civil servant)"),
    "PPPK": _l("PPPK (contract civil servant)"),
    "non-ASN": _l("non-ASN (not a civil servant)"),
    "Forum Anak": _l("Forum Anak (children's forum)"),
    "media": _l("media"),
    "dunia usaha": _l("dunia usaha (business)"),
    "lembaga masyarakat": _l("lembaga masyarakat (community organisation)"),
}
GENDERS = {"L": _l("male"), "P": _l("female")}
EVENT_STATUSES = {"draft": _l("draft"), "open": _l("open"), "closed": _l("closed")}
MEMBER_ROLES = {
    "organiser": _l("Organiser"),
    "staff": _l("Check-in staff"),
    "facilitator": _l("Facilitator"),
}
CHECKIN_METHODS = {
    "scan": _l("scanned"),
    "self": _l("self check-in"),
    "manual": _l("by staff"),
    "paper": _l("paper list"),
}
DECISIONS = {"grant": _l("granted by hand"), "deny": _l("denied by hand")}
CERTIFICATE_STATUSES = {"valid": _l("valid"), "revoked": _l("revoked")}
OUTPUT_STATUSES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "returned": _l("Returned"),
    "locked": _l("Locked"),
}
CONSENT_METHODS = {"online": _l("online"), "paper": _l("on paper")}
SESSION_KINDS = {
    "registrasi_ulang": _l("Registrasi ulang (re-registration)"),
    "pembukaan": _l("Pembukaan (opening)"),
    "materi": _l("Materi (presentation)"),
    "diskusi_kelompok": _l("Diskusi kelompok (group discussion)"),
    "penyusunan_rtl": _l("Penyusunan RTL (follow-up plan)"),
    "pleno": _l("Pleno (plenary)"),
    "penutupan": _l("Penutupan (closing)"),
    "istirahat": _l("Istirahat (break)"),
}


def _label(table: dict, value: str | None) -> str:
    """The words for a stored value ("" for none; an unknown value as it is). The ``*_label``
    functions below are this with their table."""
    if value is None or value == "":
        return ""
    return str(table.get(value, value))


role_label = partial(_label, ATTENDEE_ROLES)
attendee_status_label = partial(_label, ATTENDEE_STATUSES)
source_label = partial(_label, SOURCES)
category_label = partial(_label, CATEGORIES)
member_role_label = partial(_label, MEMBER_ROLES)
event_status_label = partial(_label, EVENT_STATUSES)
checkin_method_label = partial(_label, CHECKIN_METHODS)


def _per_render(label):
    """The label as a template filter that Jinja never folds into the compiled template: a
    constant like ``'narasumber'|role_label`` would otherwise be translated once, in the language
    of the page's first render, and kept for every later visitor."""

    @pass_context
    def label_filter(_context, value):
        return label(value)

    return label_filter


def init_app(app: Flask) -> None:
    app.jinja_env.filters["role_label"] = _per_render(role_label)
    app.jinja_env.filters["attendee_status_label"] = _per_render(attendee_status_label)
    app.jinja_env.filters["source_label"] = _per_render(source_label)
    app.jinja_env.filters["category_label"] = _per_render(category_label)
    app.jinja_env.filters["member_role_label"] = _per_render(member_role_label)
    app.jinja_env.filters["event_status_label"] = _per_render(event_status_label)
