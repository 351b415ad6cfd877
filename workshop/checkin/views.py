"""Check-in pages: self check-in at /c/<session code>, the scanner phone page at /scan/<slug>
(staff signed in, or a paired phone with a device token), pairing at /pair/<code>, and the
organisers' pages: live attendance, one session's check-ins (void, self check-in mode), the
paper tick-list, the rotating-code screen and the scanner phones."""

from __future__ import annotations

import uuid
from functools import wraps
from pathlib import Path

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from workshop.agenda import services as agenda_services
from workshop.agenda.queries import session_or_404
from workshop.attendees import services as attendee_services
from workshop.checkin import bp, forms, services
from workshop.checkin.models import CheckIn, DeviceToken
from workshop.core import labels
from workshop.core.audit import acting_as
from workshop.core.db import utcnow
from workshop.core.qr import qr_svg
from workshop.core.security import CSP
from workshop.core.tokens import hash_token, random_token
from workshop.core.views import keep_cookie
from workshop.core.web import or_404, posted
from workshop.events.access import event_member_required
from workshop.events.models import Event
from workshop.events.services import role_in
from workshop.extensions import db, limiter

PHONE_COOKIE = "bintek_phone"
PHONE_COOKIE_AGE = 400 * 24 * 3600
# The scanner runs ZXing compiled to WebAssembly: its page alone may compile wasm.
SCANNER_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")


@bp.app_template_global()
def method_label(method: str) -> str:
    return labels.checkin_method_label(method)


def _ticket_key() -> str:
    ticket = request.cookies.get(current_app.config["TICKET_COOKIE"], "")
    return "self-checkin:" + (hash_token(ticket)[:16] if ticket else (request.remote_addr or "unknown"))


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


def session_member_required(*roles: str):
    """For the pages of one session: ``event_member_required`` and the session named in the URL
    (404 when it is not this event's), passed as ``session``."""

    def decorator(view):
        @wraps(view)
        @event_member_required(*roles)
        def wrapped(event: Event, session_id: int):
            return view(event, session_or_404(event, session_id))

        return wrapped

    return decorator


def _no_store(response):
    """A response no cache may keep (live figures, a one-time link, a code that changes)."""
    response.headers["Cache-Control"] = "no-store"
    return response


# ---- self check-in ---------------------------------------------------------------------------


def _load(session_code: str):
    session = or_404(services.session_by_code(session_code))
    attendee = attendee_services.get_by_ticket(request.cookies.get(current_app.config["TICKET_COOKIE"], ""))
    if attendee is not None and attendee.event_id != session.event_id:
        attendee = None
    return session, attendee


@bp.route("/c/<session_code>", methods=["GET", "POST"])
@limiter.limit("30/minute", key_func=_ticket_key, methods=["POST"])
def self_checkin(session_code: str):
    session, attendee = _load(session_code)
    event = session.event
    form = forms.SelfCheckInForm()
    rotating_key = request.args.get("k", "")
    refusal = services.self_checkin_refusal(session, rotating_key, _secret(), utcnow())
    phone = request.cookies.get(PHONE_COOKIE, "")
    if len(phone) < 16 or len(phone) > 64:
        phone = random_token(18)
    result = None
    if refusal is None and attendee is not None and form.validate_on_submit():
        result = services.check_in(
            event,
            attendee.ticket_code,
            session.code,
            str(uuid.uuid4()),
            method="self",
            trust_client_time=False,
            phone_key=services.phone_key_for(phone),
        )
        db.session.commit()
    existing = None
    if attendee is not None and result is None:
        existing = db.session.execute(
            select(CheckIn).where(CheckIn.attendee_id == attendee.id, CheckIn.agenda_session_id == session.id)
        ).scalar_one_or_none()
    response = make_response(
        render_template(
            "checkin/self.html",
            event=event,
            session=session,
            attendee=attendee,
            form=form,
            result=result,
            existing=existing,
            refusal=refusal,
            rotating_key=rotating_key if session.self_checkin == "rotating" else None,
        )
    )
    if request.cookies.get(PHONE_COOKIE) != phone:
        keep_cookie(response, PHONE_COOKIE, phone, PHONE_COOKIE_AGE)
    return response


# ---- the scanner phone -------------------------------------------------------------------------


def _may_scan(event: Event) -> bool:
    if not current_user.is_authenticated:
        return False
    return current_user.is_admin or role_in(event, current_user) in ("organiser", "staff")


@bp.route("/scan/<slug>")
def scanner(slug: str):
    """The scanner page. Signed-in staff use their session; otherwise the page works only on a
    phone that holds a device token (paired), which its script reads from the phone's storage.
    The page itself holds no personal data: the roster comes from the API."""
    event = or_404(db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none())
    mode = "user" if _may_scan(event) else "device"
    response = make_response(
        render_template(
            "checkin/scanner.html",
            event=event,
            mode=mode,
            walk_in=forms.WalkInForm(meta={"csrf": False}),
            # A paired phone is nobody's account: no "Sign in" link in its header.
            hide_sign_in=mode == "device",
        )
    )
    response.headers["Content-Security-Policy"] = SCANNER_CSP
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/scan/sw.js")
def service_worker():
    """The offline service worker of the scanner and of the facilitator's group page. Each page
    registers it with its own path as the scope (the header allows scopes outside /scan/)."""
    script = (Path(current_app.static_folder) / "js" / "scan-sw.js").read_bytes()
    response = Response(script, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


# ---- pairing scanner phones ----------------------------------------------------------------------


@bp.route("/manage/events/<slug>/checkin/devices", methods=["GET", "POST"])
@event_member_required("organiser")
def devices(event: Event):
    form = forms.PairingForm()
    pairing_url = None
    if form.validate_on_submit():
        try:
            pairing, code = services.create_pairing(event, form.name.data, by_user=current_user)
        except services.DeviceTokenError as error:
            form.name.errors.append(
                {
                    "taken": _("Another phone already has this name."),
                    "over": _("This event is over: scanner phones can no longer be paired."),
                }.get(str(error), _("Give the phone a name, e.g. 'Pintu Aula 1'."))
            )
        else:
            db.session.commit()
            pairing_url = url_for("checkin.pair", code=code, _external=True)
    status = 422 if form.errors else 200
    return render_template(
        "checkin/devices.html",
        event=event,
        form=form,
        devices=services.devices(event),
        pairing_url=pairing_url,
        pairing_minutes=int(services.PAIRING_VALID.total_seconds() // 60),
        qr_svg=qr_svg,
        now=utcnow(),
    ), status


@bp.route("/manage/events/<slug>/checkin/devices/<int:device_id>/revoke", methods=["POST"])
@event_member_required("organiser")
def revoke_device(event: Event, device_id: int):
    device = db.session.get(DeviceToken, device_id)
    if device is None or device.event_id != event.id:
        abort(404)
    posted(
        forms.PairForm(), lambda: services.revoke_device(device), _("The phone can no longer send check-ins.")
    )
    return redirect(url_for("checkin.devices", slug=event.slug))


def _pair_key() -> str:
    return "pair:" + (request.remote_addr or "unknown")


@bp.route("/pair/<code>", methods=["GET", "POST"])
@limiter.limit("20/minute", key_func=_pair_key)
def pair(code: str):
    pairing = services.pairing_for_code(code)
    form = forms.PairForm()
    if pairing is None:
        return render_template("checkin/pair.html", problem="invalid", form=form), 404
    event = db.session.get(Event, pairing.event_id)
    problem = None
    if pairing.used_at is not None:
        problem = "used"
    elif pairing.expires_at <= utcnow():
        problem = "expired"
    token = None
    if problem is None and form.validate_on_submit():
        try:
            with acting_as(f"pairing:{pairing.name}"):
                device, token = services.redeem_pairing(code)
                db.session.commit()
        except services.PairingError as error:
            db.session.rollback()
            problem = str(error)
    return _no_store(
        make_response(
            render_template(
                "checkin/pair.html",
                event=event,
                pairing=pairing,
                form=form,
                problem=problem,
                token=token,
                hide_sign_in=True,
            )
        )
    )


# ---- organisers' pages ---------------------------------------------------------------------------


@bp.route("/manage/events/<slug>/checkin")
@event_member_required("organiser", "staff")
def dashboard(event: Event):
    sessions = {s.id: s for s in agenda_services.agenda_for(event)}
    rows = [row for row in services.attendance(event) if sessions[row["session_id"]].requires_checkin]
    return render_template(
        "checkin/dashboard.html",
        event=event,
        rows=rows,
        sessions=sessions,
        shared=services.shared_phones(event),
        conflicts=services.conflicts(event),
        wrong_group=services.wrong_group_checkins(event),
    )


@bp.route("/manage/events/<slug>/checkin/sessions/<int:session_id>")
@session_member_required("organiser", "staff")
def session_detail(event: Event, session):
    """One session's attendance at any size (issue 17): the counts, and a page of 50 of those who
    checked in or of those still missing (``list``), searched by name or number (``q``)."""
    showing = "missing" if request.args.get("list") == "missing" else "here"
    search = request.args.get("q", "").strip()[:100]
    page = request.args.get("page", 1, type=int) or 1
    page = min(max(page, 1), 100_000)
    if showing == "here":
        rows, total = services.session_checkins_page(session, search, page)
    else:
        rows, total = services.session_missing(session, search, page)
    shared_keys = {key for key, _people in services.shared_phones(event)}
    mode_form = forms.SelfCheckInModeForm(mode=session.self_checkin)
    return render_template(
        "checkin/session.html",
        event=event,
        session=session,
        showing=showing,
        search=search,
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // services.PAGE_SIZE)),
        live=services.session_live(session),
        breakdown=services.session_counts(session),
        shared_keys=shared_keys,
        mode_form=mode_form,
        void_form=forms.VoidForm(),
    )


@bp.route("/manage/events/<slug>/checkin/sessions/<int:session_id>/live")
@session_member_required("organiser", "staff")
def session_live(event: Event, session):
    """The session page's live figures, polled by checkin-live.js instead of reloading the page."""
    live = services.session_live(session)
    live["summary"] = _("%(n)d of %(total)d checked in", n=live["present"], total=live["expected"])
    return _no_store(jsonify(live))


@bp.route("/manage/events/<slug>/checkin/sessions/<int:session_id>/mode", methods=["POST"])
@session_member_required("organiser")
def set_mode(event: Event, session):
    form = forms.SelfCheckInModeForm()
    posted(
        form,
        lambda: services.set_self_checkin_mode(session, form.mode.data),
        _("Self check-in updated."),
        invalid=_("Choose how participants check themselves in."),
    )
    return redirect(url_for("checkin.session_detail", slug=event.slug, session_id=session.id))


@bp.route("/manage/events/<slug>/checkin/<int:checkin_id>/void", methods=["POST"])
@event_member_required("organiser")
def void(event: Event, checkin_id: int):
    checkin = services.get_checkin(checkin_id)
    if checkin is None or checkin.event_id != event.id:
        abort(404)
    form = forms.VoidForm()
    back = url_for("checkin.session_detail", slug=event.slug, session_id=checkin.agenda_session_id)
    if not form.validate_on_submit():
        flash(form.reason.errors[0] if form.reason.errors else _("Say why this check-in is undone."), "error")
        return redirect(back)
    name = checkin.attendee.full_name
    services.void_check_in(checkin, form.reason.data, by_user=current_user)
    db.session.commit()
    flash(_("The check-in of %(name)s was undone. They can check in again.", name=name), "success")
    return redirect(back)


@bp.route("/manage/events/<slug>/checkin/sessions/<int:session_id>/paper", methods=["GET", "POST"])
@session_member_required("organiser", "staff")
def paper(event: Event, session):
    """The tick-list: staff copy the signed paper daftar hadir into the record (method paper)."""
    form = forms.PaperForm()
    if form.validate_on_submit():
        numbers = request.form.getlist("number")
        if not numbers:
            flash(_("Tick the people who signed the paper list."), "error")
        else:
            counts = services.record_paper(event, session, numbers, by_user=current_user)
            db.session.commit()
            flash(
                _(
                    "Recorded from paper: %(added)d added, %(already)d already checked in, %(refused)d refused.",
                    **counts,
                ),
                "success" if not counts["refused"] else "error",
            )
            return redirect(url_for("checkin.paper", slug=event.slug, session_id=session.id))
    return render_template(
        "checkin/paper.html",
        event=event,
        session=session,
        form=form,
        people=services.expected_people(session),
        present=services.checked_in_for(session),
        not_started=session.starts_at > utcnow(),
    )


@bp.route("/manage/events/<slug>/checkin/sessions/<int:session_id>/screen")
@session_member_required("organiser", "staff")
def screen(event: Event, session):
    """For a projector or TV at the venue: the self check-in QR that changes every 30 seconds."""
    return render_template(
        "checkin/screen.html", event=event, session=session, seconds=services.ROTATE_SECONDS
    )


@bp.route("/manage/events/<slug>/checkin/sessions/<int:session_id>/screen.svg")
@session_member_required("organiser", "staff")
def screen_qr(event: Event, session):
    now = utcnow()
    code = services.rotating_code(_secret(), session.code, services.rotation_window(now))
    url = url_for("checkin.self_checkin", session_code=session.code, k=code, _external=True)
    response = _no_store(Response(str(qr_svg(url, label=_("Self check-in"))), mimetype="image/svg+xml"))
    response.headers["X-Next-Code-In"] = f"{services.seconds_to_next_code(now):.1f}"
    return response
