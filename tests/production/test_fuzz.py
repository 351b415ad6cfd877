"""Property-based fuzzing of every form and JSON endpoint (hypothesis).

Random and hostile values (very long strings, control characters, NUL bytes, non-characters such
as U+FFFF, markup, formula injection, huge numbers, impossible and extreme dates, wrong JSON types,
JSON nested thousands deep, lone surrogates, NaN) must never produce a 500, and a refused request
must leave the database exactly as it was.

The forms are found, not listed: every GET page of the authorisation matrix is fetched once and
each <form method="post"> is mapped to the endpoint it posts to, with its field names. So a form
added later is fuzzed without touching this file; a POST route whose form was not found on any page
is still fuzzed, with field names guessed from its neighbours.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from html import unescape
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.matrix import LOGIN
from tests.test_authorization_matrix import MATRIX
from workshop.extensions import db
from workshop.groups.validation import RTL_FIELDS


def fuzz_settings(app, sqlite_examples: int = 8, postgresql_examples: int = 4):
    """A modest number of examples keeps the whole suite fast (fewer on PostgreSQL, which mostly
    adds its own refusals: NUL characters, integer ranges); derandomised so a failure reproduces
    on every run and machine."""
    examples = (
        sqlite_examples if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else postgresql_examples
    )
    # No shrinking: a failure is reported as drawn (the draws are printed), at once.
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=(Phase.explicit, Phase.reuse, Phase.generate),
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


HOSTILE = [
    "",
    " ",
    "\t\n",
    "\x00",
    "a\x00b",
    "\x1b[31mred",
    "\u202eevil",
    "\ufeff",
    "\ud7ff",
    "😀" * 3,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "${jndi:ldap://x}",
    "' OR 1=1 --",
    "'; DROP TABLE attendees; --",
    '=HYPERLINK("http://x")',
    "+62812",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "NaN",
    "-9223372036854775809",
    "3.14",
    "2026-02-30",
    "2026-13-01T25:61",
    "0000-00-00",
    "99999-01-01",
    "../../etc/passwd",
    "C:\\Windows\\win.ini",
    "%00",
    "%s%s%n",
    "A" * 5000,
    "y",
    "on",
    "true",
    "L",
    "P",
    "PNS",
    "peserta",
    "organiser",
    "Asia/Jakarta",
    "19860926 201505 1 001",
    "0812-3456-7890",
    "x@example.go.id",
    # Non-characters and what XML 1.0 cannot hold (issue 16: one broke the RTL .docx and recap).
    "\uffff",
    "Kelompok \ufffe I",
    "\ufdd0\ufdef",
    "\U0010ffff",
    "\U0001fffe",
    "form\x0cfeed",
    "\x08\x1f",
    # Extreme dates and numbers.
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59",
    "9999-12-31",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00",
    "0001-01-01",
    "1" + "0" * 400,
    "-1e400",
]
# Values that are no text at all: numbers past any column, and what JSON allows but means nothing.
EXTREME_NUMBERS = [10**400, -(10**400), 2**63, -(2**63) - 1, float("nan"), float("inf"), float("-inf"), 1e308]
EXTREME_TIMES = [
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "2026-11-17T09:00:00+07:00",
]
# Characters that break parsers and databases (PostgreSQL refuses NUL in text).
NASTY_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=NASTY_ALPHABET, max_size=60),
    st.text(alphabet=st.sampled_from("\x00\x01\x07\x0b\x1f\x7f<>\"'&;%\\/{}"), min_size=1, max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(EXTREME_NUMBERS),
    hostile_text,
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
uploads = st.tuples(
    st.one_of(
        st.binary(max_size=300),
        st.sampled_from(
            [
                b"%PDF-1.4\n%%EOF",
                b"PK\x03\x04garbage",
                b"\x89PNG\r\n\x1a\n",
                b"\xff\xd8\xff\xe0",
                b"",
                b"\x00" * 64,
            ]
        ),
    ),
    st.sampled_from(["a.pdf", "../../etc/passwd", "x.xlsx", "photo.jpg", "\x00.png", "<b>.docx", "a" * 300]),
)

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
SKIP_FIELDS = {"csrf_token"}
# Columns that change on any visit and are not what a form stores.
VOLATILE = {"last_login_at", "last_used_at"}

_forms_cache: dict[str, dict[str, set[str]]] = {}


def _kind_for(endpoint: str) -> str:
    """The first kind of visitor the matrix lets through (a refused visitor tests nothing)."""
    answers = MATRIX[endpoint][2]
    for kind in ("anonymous", "ticket", "staff", "facilitator", "organiser", "admin"):
        answer = answers.get(kind, answers.get("*"))
        if answer not in (LOGIN, 401, 403, 404):
            return kind
    return "admin"


def _endpoint_of(app, url: str) -> str | None:
    adapter = app.url_map.bind("localhost")
    try:
        endpoint, _ = adapter.match(urlsplit(url).path, method="POST")
    except Exception:  # noqa: BLE001 - not one of our routes
        return None
    return endpoint


def _discover_forms(app, as_role, url_values) -> dict[str, dict[str, set[str]]]:
    """endpoint -> {field name: set of input types} of every POST form on every GET page."""
    backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
    if backend in _forms_cache:
        return _forms_cache[backend]
    found: dict[str, dict[str, set[str]]] = {}
    clients = {kind: as_role(kind) for kind in ("anonymous", "organiser", "admin")}
    for endpoint, (method, url, _answers) in MATRIX.items():
        if method != "GET" or endpoint == "static":
            continue
        page_url = url.format(**url_values)
        for client in clients.values():
            response = client.get(page_url)
            page = response.get_data(as_text=True) if "html" in response.content_type else ""
            response.close()
            if response.status_code != 200:
                continue
            for attrs, body in FORM.findall(page):
                if 'method="post"' not in attrs.lower():
                    continue
                action = re.search(r'action="([^"]*)"', attrs)
                target = _endpoint_of(
                    app, unescape(action.group(1)) if action and action.group(1) else page_url
                )
                if target is None:
                    continue
                fields = found.setdefault(target, {})
                for tag in re.finditer(r"<(input|select|textarea|button)\b([^>]*)>", body, re.I):
                    name = re.search(r'\bname="([^"]+)"', tag.group(2))
                    if not name or name.group(1) in SKIP_FIELDS:
                        continue
                    kind = re.search(r'\btype="([^"]+)"', tag.group(2))
                    fields.setdefault(unescape(name.group(1)), set()).add(
                        kind.group(1) if kind else tag.group(1)
                    )
    _forms_cache[backend] = found
    return found


def snapshot() -> str:
    """A digest of every row of every table (minus 'last used' stamps)."""
    digest = hashlib.sha256()
    db.session.expire_all()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if c.name not in VOLATILE]
        rows = db.session.execute(select(*columns)).all()
        for row in sorted(repr(tuple(row)) for row in rows):
            digest.update(row.encode("utf-8", "replace"))
        digest.update(f"|{table.name}:{len(rows)}|".encode())
    db.session.rollback()
    return digest.hexdigest()


def _client_for(endpoint: str, as_role, world):
    kind = _kind_for(endpoint)
    client = as_role(kind)
    if endpoint in {"registration.edit", "registration.delete"}:
        # Past the proof, so the form itself is fuzzed (the world's holder has phone ...7890).
        # (An earlier example may have deleted the person: then the proof form itself is fuzzed.)
        client.post_form(
            f"/t/{world.ticket}/verify", {"proof": "7890", "next": endpoint.split(".")[1]}
        ).close()
    return client


def _post_routes(app) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and ".api_" not in rule.endpoint:
            routes.append((rule.endpoint, rule.rule))
    return sorted(routes)


@pytest.fixture
def fuzz_setup(app, world, as_role, url_values):
    return _discover_forms(app, as_role, url_values)


FORM_ENDPOINTS = sorted(
    {
        "signatures.upload_pkcs12",
        "signatures.bsre",
        "signatures.bsre_activation",
        "signatures.options",
        "signatures.stop",
        "signatures.sign_all",
        "signatures.retry",
        "signatures.check",
        "auth.change_password",
        "auth.admin_user_edit",
        "auth.admin_user_new",
        "auth.login",
        "auth.logout",
        "checkin.self_checkin",
        "registration.find_ticket",
        "registration.register",
        "events.invitation",
        "agenda.session_delete",
        "agenda.session_edit",
        "agenda.material_upload",
        "agenda.material_delete",
        "agenda.session_new",
        "agenda.speaker_edit",
        "attendees.cancel",
        "attendees.edit",
        "attendees.send_email",
        "attendees.guardian_consent",
        "attendees.replace",
        "attendees.restore",
        "attendees.export_csv",
        "attendees.export_xlsx",
        "attendees.import_upload",
        "attendees.import_cancel",
        "attendees.import_demo",
        "attendees.import_confirm",
        "attendees.institutions",
        "attendees.nametags_pdf",
        "attendees.new",
        "events.event_edit",
        "events.invitation_revoke",
        "events.team",
        "events.member_remove",
        "events.event_new",
        "registration.ticket_consent",
        "registration.delete",
        "registration.edit",
        "registration.verify",
        "lifecycle.erase",
        "certificates.export",
        "certificates.issue",
        "certificates.person",
        "certificates.reissue",
        "certificates.revoke",
        "certificates.settings",
        "checkin.devices",
        "checkin.pair",
        "checkin.paper",
        "checkin.revoke_device",
        "checkin.set_mode",
        "checkin.void",
        "documents.add_photo",
        "documents.bundle",
        "documents.delete_photo",
        "documents.letterhead",
        "honoraria.settings",
        "honoraria.person",
        "minutes.edit",
        "documents.report",
        "groups.adopt",
        "groups.assign",
        "groups.create_defaults",
        "groups.facilitator_add",
        "groups.facilitator_remove",
        "groups.group_add",
        "groups.group_delete",
        "groups.group_rename",
        "groups.review_lock",
        "groups.review_return",
        "groups.review_unlock",
        "groups.submit",
        "groups.withdraw_adoption",
        "groups.suggest",
        "followup.setup",
        "followup.checkpoint_add",
        "followup.checkpoint_move",
        "followup.checkpoint_delete",
        "followup.row_agency",
        "followup.link_create",
        "followup.link_revoke",
        "followup.agency_evidence_add",
        "followup.agency_evidence_delete",
        "evaluations.start",
        "evaluations.save_answer",
        "evaluations.submit",
        "evaluations.setup",
        "evaluations.set_state",
        "evaluations.settings",
        "evaluations.speaker_link",
        "evaluations.questions",
        "evaluations.import_questions",
        "evaluations.edit_question",
        "evaluations.delete_question",
        "letters.index",
        "letters.addressee",
        "letters.generate",
    }
)


def test_every_post_route_is_fuzzed(app):
    """A new form route must join FORM_ENDPOINTS (JSON API routes, ``*.api_*``, have their own), and
    every one is in the authorisation matrix (its URL comes from there)."""
    post = {endpoint for endpoint, _ in _post_routes(app)}
    assert post - set(FORM_ENDPOINTS) == set(), (
        f"POST routes not fuzzed: {sorted(post - set(FORM_ENDPOINTS))}"
    )
    assert set(FORM_ENDPOINTS) <= post
    assert set(FORM_ENDPOINTS) <= MATRIX.keys()


# Forms that answer a success with the page itself (200), because it shows a secret once (a
# pairing QR, a device token) that must not travel in a redirect's URL: for them a 200 may store.
SHOWS_A_SECRET_ONCE = {"checkin.devices", "checkin.pair", "followup.link_create"}

# Destructive forms last, so one example's accepted deletion spoils fewer of the others.
DESTRUCTIVE = ("delete", "remove", "revoke", "cancel", "logout", "erase")
FORM_ORDER = sorted(FORM_ENDPOINTS, key=lambda e: (any(word in e for word in DESTRUCTIVE), e))


# Forms no page shows to the visitors used for discovery (a child's guardian form, the person's
# own pages behind the proof, self check-in with a ticket cookie): their fields, by hand.
PERSON_FIELDS = [
    "full_name",
    "gender",
    "category",
    "nip",
    "golongan",
    "position",
    "institution",
    "work_unit",
    "phone",
    "email",
    "confirm_warnings",
]
HIDDEN_FORMS = {
    "attendees.guardian_consent": ["guardian_name", "paper_seen"],
    "registration.edit": PERSON_FIELDS,
    "registration.delete": ["confirm"],
    "checkin.self_checkin": ["code", "confirm"],
}


def _hostile_form(data, known: dict, endpoint: str = "") -> dict:
    names = (
        sorted(known)
        or HIDDEN_FORMS.get(endpoint)
        or ["name", "reason", "email", "full_name", "title", "value"]
    )
    chosen = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)), label="fields")
    if data.draw(st.booleans(), label="all fields"):
        chosen = names
    form: dict = {}
    for name in chosen:
        if "file" in known.get(name, set()):
            content, filename = data.draw(uploads, label=name)
            form[name] = (io.BytesIO(content), filename)
        else:
            values = data.draw(st.lists(hostile_text, min_size=1, max_size=2), label=name)
            form[name] = values if len(values) > 1 else values[0]
    if data.draw(st.booleans(), label="stray field"):
        form[data.draw(st.text(min_size=1, max_size=12), label="stray name")] = data.draw(hostile_text)
    return form


def test_hostile_form_values_get_no_500_and_store_nothing_when_refused(
    app, world, as_role, url_values, fuzz_setup
):
    """Each example posts hostile values to every form, each from a visitor the form admits."""

    @fuzz_settings(app)
    @given(data=st.data())
    def every_form(data):
        for endpoint in FORM_ORDER:
            known = fuzz_setup.get(endpoint) or {}
            client = _client_for(endpoint, as_role, world)
            form = _hostile_form(data, known, endpoint)
            with app.app_context():
                before = snapshot()
            form["csrf_token"] = client.csrf_token()
            response = client.post(
                MATRIX[endpoint][1].format(**url_values), data=form, content_type="multipart/form-data"
            )
            response.get_data()
            response.close()
            if response.status_code >= 500:
                problems.append((endpoint, response.status_code, _shown(form)))
            elif response.status_code not in (301, 302, 303) and not (
                endpoint in SHOWS_A_SECRET_ONCE and response.status_code == 200
            ):
                with app.app_context():
                    if snapshot() != before:
                        problems.append(
                            (endpoint, f"refused ({response.status_code}) but stored", _shown(form))
                        )

    # Problems are collected, not raised inside: an accepted form changes the database, so
    # hypothesis could not replay a failing example the same way.
    problems: list = []
    every_form()
    assert problems == [], "\n".join(repr(p)[:300] for p in problems)


def _shown(form: dict) -> dict:
    return {k: (v[1] if isinstance(v, tuple) else v) for k, v in form.items() if k != "csrf_token"}


GET_ENDPOINTS = sorted(e for e, (m, url, _) in MATRIX.items() if m == "GET" and e != "static")


QUERY_KEYS = [
    "q",
    "status",
    "role",
    "category",
    "group",
    "institution",
    "sort",
    "page",
    "per_page",
    "lang",
    "next",
    "day",
    "session",
    "format",
]


def test_hostile_query_strings_and_path_values_get_no_500(app, world, as_role, url_values):
    """Every GET page with hostile query parameters, and with a hostile value in place of each
    path value (slug, ticket code, id); one setup for all pages keeps it quick."""
    clients = {"admin": as_role("admin"), "anonymous": as_role("anonymous")}

    @fuzz_settings(app)
    @given(
        params=st.dictionaries(st.sampled_from(QUERY_KEYS), hostile_text, max_size=4), segment=hostile_text
    )
    def every_page(params, segment):
        query = "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in params.items())
        hostile_values = {key: quote(segment.replace("/", ""), safe="") or "x" for key in url_values}
        with app.app_context():
            before = snapshot()
        for endpoint in GET_ENDPOINTS:
            _method, url, _ = MATRIX[endpoint]
            client = clients["anonymous" if _kind_for(endpoint) in ("anonymous", "ticket") else "admin"]
            page = url.format(**url_values)
            for target in (page + ("&" if "?" in page else "?") + query, url.format(**hostile_values)):
                response = client.get(target)
                assert response.status_code < 500, (endpoint, target, response.get_data()[:2000])
                response.close()
        with app.app_context():
            assert snapshot() == before

    every_page()


# ---- the JSON API -----------------------------------------------------------------------------

scan_item = st.fixed_dictionaries(
    {},
    optional={
        "code": json_value,
        "session": json_value,
        "scan_id": st.one_of(json_value, st.uuids().map(str)),
        "scanned_at": st.one_of(
            json_value,
            st.sampled_from(
                [
                    "2026-11-17T09:00:00+07:00",
                    "2026-11-17T09:00:00",
                    "9999-12-31T23:59:59Z",
                    "0001-01-01T00:00:00+14:00",
                ]
            ),
        ),
        "sent_at": json_value,
        "method": st.one_of(json_value, st.sampled_from(["scan", "manual", "paper"])),
        "confirm": st.one_of(json_value, st.booleans()),
    },
)
scan_bodies = st.one_of(
    json_value,
    scan_item,
    st.fixed_dictionaries({"scans": st.one_of(json_value, st.lists(scan_item, max_size=5))}),
)


def _nested(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


# Bodies no JSON encoder of ours would write: deep nesting (5,000 "[" made a RecursionError),
# lone surrogates, NaN, numbers of 400 digits, strings hiding brackets, truncated documents.
hostile_raw = st.one_of(
    st.sampled_from(
        [
            b"{",
            b"\x00",
            b"[]" * 10,
            b'{"scans": 1e999}',
            b'{"code": "\\u0000"}',
            _nested(5000, "list"),
            _nested(900, "object"),
            _nested(40, "list"),
            _nested(20, "object"),
            b"[" * 5000,
            b'{"a": "' + b"[" * 5000 + b'"}',
            b'{"a": "\\"' + b"[" * 100 + b'"}',
            b'{"activity": "\\ud800"}',
            b'{"full_name": "\\udfff\\ud800"}',
            b'{"version": NaN, "activity": "x"}',
            b'{"version": Infinity}',
            b'{"version": 1' + b"0" * 400 + b"}",
            b'{"version": 1' + b"0" * 5000 + b"}",
            b'{"reason": "\\uffff"}',
            b'{"scans": [' + b",".join([b'{"code": "x"}'] * 600) + b"]}",
            b"\xff\xfe\x00\x00",
            b'"just a string"',
            b"null",
        ]
    ),
    st.integers(min_value=30, max_value=3000).map(lambda depth: _nested(depth, "list")),
    st.binary(max_size=80),
)
raw_bodies = st.one_of(st.none(), hostile_raw)


def test_checkin_api_survives_hostile_json(app, world, client, url_values):
    from tests.checkin.conftest import device_post
    from workshop.checkin import services
    from workshop.checkin.models import CheckIn
    from workshop.events.models import Event

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        _, token = services.create_device_token(event, "Fuzz")
        db.session.commit()

    @fuzz_settings(app, 40, 15)
    @given(body=scan_bodies, raw=raw_bodies)
    def scan(body, raw):
        with app.app_context():
            before = snapshot()
        response = device_post(client, token, body, raw=raw)
        assert response.status_code < 500, (body, raw, response.get_data()[:2000])
        assert response.is_json
        results = response.json.get("results", [response.json]) if response.status_code == 200 else []
        with app.app_context():
            if not any(isinstance(r, dict) and r.get("status") == "ok" for r in results):
                assert snapshot() == before
            assert db.session.execute(select(func.count(CheckIn.id))).scalar_one() <= 2

    scan()


def test_extreme_scan_times_answer_invalid_per_item(app, world, client, url_values):
    """A real ticket scanned at year 9999 or sent at year 1 (a phone with a broken clock): that
    item is refused on its own, never a 500, and the rest of the batch is judged as usual."""
    from tests.checkin.conftest import device_post
    from workshop.checkin import services
    from workshop.events.models import Event

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        _, token = services.create_device_token(event, "Fuzz jam")
        db.session.commit()

    @fuzz_settings(app, 25, 10)
    @given(
        scanned=st.one_of(st.none(), st.sampled_from(EXTREME_TIMES)),
        sent=st.one_of(st.none(), st.sampled_from(EXTREME_TIMES)),
        batch=st.booleans(),
    )
    def scan(scanned, sent, batch):
        import uuid

        item = {"code": world.ticket, "session": url_values["checkin_session"], "scan_id": str(uuid.uuid4())}
        if scanned is not None:
            item["scanned_at"] = scanned
        if sent is not None:
            item["sent_at"] = sent
        other = {**item, "scan_id": str(uuid.uuid4()), "scanned_at": None, "sent_at": None}
        body = {"scans": [item, {k: v for k, v in other.items() if v is not None}]} if batch else item
        response = device_post(client, token, body)
        assert response.status_code == 200, (body, response.get_data()[:2000])
        results = response.json["results"] if batch else [response.json]
        assert all(r["status"] in services.STATUSES for r in results), results
        if batch:  # the clean item is judged on its own (here: outside the window or already in)
            assert results[1]["status"] != services.INVALID, results
        if scanned in EXTREME_TIMES[:4] or sent in EXTREME_TIMES[:4]:
            assert results[0]["status"] != services.OK, results

    scan()


# Every JSON API route with a write method, as a caller it admits, with hostile raw bodies.
def _api_writes(url_values, world) -> list[tuple[str, str, str]]:
    return [
        ("POST", "/api/checkins", "device"),
        ("POST", f"/api/checkins/{url_values['checkin']}/void", "organiser"),
        ("POST", f"/api/events/{world.event_slug}/walk-ins", "staff"),
        ("POST", f"/api/groups/{url_values['group']}/rtl", "organiser"),
        ("PATCH", f"/api/rtl/{url_values['rtl_row']}", "organiser"),
        ("DELETE", f"/api/rtl/{url_values['rtl_row']}", "organiser"),
        ("PUT", f"/api/groups/{url_values['group']}/notes", "organiser"),
        ("PUT", f"/api/sessions/{url_values['agenda_session']}/minutes", "staff"),
        (
            "PATCH",
            f"/api/followup/{url_values['followup_token']}/reports/{url_values['followup_report']}",
            "anonymous",
        ),
        (
            "POST",
            f"/t/{url_values['evaluation_ticket']}/evaluations/{url_values['form_evaluation']}/answers",
            "anonymous",
        ),
    ]


def test_every_json_api_refuses_hostile_raw_bodies_without_a_500(app, world, as_role, url_values):
    """Deep nesting, lone surrogates, NaN, 400-digit numbers, non-characters, oversized batches:
    every JSON write route answers below 500, and a refusal stores nothing."""
    routes = _api_writes(url_values, world)
    clients = {kind: as_role(kind) for kind in {kind for _m, _u, kind in routes}}
    tokens = {kind: client.csrf_token() for kind, client in clients.items() if kind != "device"}

    @fuzz_settings(app, 12, 5)
    @given(raw=hostile_raw)
    def every_api(raw):
        for method, url, kind in routes:
            with app.app_context():
                before = snapshot()
            headers = {"Content-Type": "application/json"}
            if kind in tokens:
                headers["X-CSRFToken"] = tokens[kind]
            response = clients[kind].open(url, method=method, data=raw, headers=headers)
            assert response.status_code < 500, (method, url, raw[:200], response.get_data()[:500])
            assert response.is_json, (method, url, response.status_code)
            if response.status_code >= 300:
                with app.app_context():
                    assert snapshot() == before, (method, url, raw[:200])

    every_api()


def test_void_api_survives_hostile_json(app, world, as_role, url_values):
    client = as_role("organiser")
    token = client.csrf_token()

    @fuzz_settings(app, 25, 10)
    @given(body=json_value, checkin_id=st.one_of(st.just(None), st.integers(min_value=-5, max_value=2**62)))
    def void(body, checkin_id):
        target = url_values["checkin"] if checkin_id is None else checkin_id
        with app.app_context():
            before = snapshot()
        response = client.post(
            f"/api/checkins/{target}/void",
            data=json.dumps(body),
            headers={"X-CSRFToken": token, "Content-Type": "application/json"},
        )
        assert response.status_code < 500, (body, response.get_data()[:2000])
        if response.status_code != 200:
            with app.app_context():
                assert snapshot() == before

    void()


def test_walk_in_api_survives_hostile_json(app, world, as_role):
    """Hostile walk-ins: anything but a valid person is refused (422/400) and stores nothing."""
    client = as_role("staff")
    token = client.csrf_token()
    person = st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(json_value, hostile_text)
            for name in ("full_name", "gender", "category", "nip", "position", "institution", "phone")
        },
    )

    @fuzz_settings(app, 25, 10)
    @given(body=st.one_of(json_value, person))
    def walk_in(body):
        with app.app_context():
            before = snapshot()
        response = client.post(
            f"/api/events/{world.event_slug}/walk-ins",
            data=json.dumps(body),
            headers={"X-CSRFToken": token, "Content-Type": "application/json"},
        )
        assert response.status_code < 500, (body, response.get_data()[:2000])
        assert response.is_json
        if response.status_code != 201:
            with app.app_context():
                assert snapshot() == before

    walk_in()


rtl_fields = st.fixed_dictionaries(
    {},
    optional={name: json_value for name in (*RTL_FIELDS, "version", "client_id")},
)


def test_rtl_api_survives_hostile_json(app, world, as_role):
    """The groups' RTL API (create, change, notes) with hostile bodies: never a 500, and a refusal
    stores nothing."""
    from workshop.events.models import Event
    from workshop.groups import services as groups

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        group = groups.create_default_groups(event)[0]
        row, _created = groups.create_row(group, groups.new_client_id(), {"activity": "Sosialisasi"})
        db.session.commit()
        group_id, row_id = group.id, row.id
    client = as_role("organiser")
    token = client.csrf_token()

    @fuzz_settings(app, 20, 8)
    @given(body=st.one_of(json_value, rtl_fields), which=st.sampled_from(["create", "patch", "notes"]))
    def rtl(body, which):
        method, url = {
            "create": ("POST", f"/api/groups/{group_id}/rtl"),
            "patch": ("PATCH", f"/api/rtl/{row_id}"),
            "notes": ("PUT", f"/api/groups/{group_id}/notes"),
        }[which]
        with app.app_context():
            before = snapshot()
        response = client.open(
            url,
            method=method,
            data=json.dumps(body),
            headers={"X-CSRFToken": token, "Content-Type": "application/json"},
        )
        assert response.status_code < 500, (which, body, response.get_data()[:2000])
        if response.status_code not in (200, 201):
            with app.app_context():
                assert snapshot() == before

    rtl()
