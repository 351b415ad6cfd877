"""Public registration, the personal ticket, finding a lost ticket, and a person's rights over
their data. The ticket link is a bearer key: it shows the ticket; correcting, downloading or
deleting the data also asks for the NIP or the last four phone digits."""

from __future__ import annotations

import json
import time
from functools import wraps
from urllib.parse import quote

import phonenumbers
from flask import (
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from workshop.attendees import services as attendee_services
from workshop.attendees.models import Attendee, Category
from workshop.core import ratelimit
from workshop.core.audit import acting_as
from workshop.core.qr import qr_svg
from workshop.core.ratelimit import ip_key
from workshop.core.tokens import hash_token
from workshop.core.views import keep_cookie
from workshop.core.web import or_404
from workshop.events import services as event_services
from workshop.extensions import db, limiter
from workshop.registration import bp, services
from workshop.registration.forms import (
    ConsentForm,
    DeletionForm,
    FindTicketForm,
    PersonForm,
    ProofForm,
    RegistrationForm,
    golongan_groups,
)

# Rate limits (Flask-Limiter syntax). A whole venue shares one public IP, so each form is limited
# per browser first (the remembered ticket, else the session that holds the CSRF token) and only
# generously per IP. Each can be changed in the configuration under the same name.
LIMITS = {
    "REGISTRATION_BROWSER_LIMIT": "10 per minute",
    "REGISTRATION_IP_LIMIT": "300 per hour",
    # Failed look-ups only. Registration numbers are short, sequential and printed, so the whole
    # phone number is the secret; each number is also limited whoever asks (any browser or IP),
    # so many clients cannot work on one person (docs/security.md says what guessing takes).
    "FIND_TICKET_BROWSER_LIMIT": "5 per 15 minutes",
    "FIND_TICKET_IP_LIMIT": "100 per hour",
    "FIND_TICKET_NUMBER_LIMIT": "5 per hour;10 per day",
    # Failed proofs of holding a ticket, per ticket whoever tries: 4 digits are 10,000 guesses.
    "PROOF_TICKET_LIMIT": "5 per 15 minutes;20 per day",
    "PROOF_IP_LIMIT": "300 per hour",
}
# How long a proof (NIP or phone digits) opens the data pages of one ticket in this browser.
HOLDER_PROOF_SECONDS = 10 * 60
DATA_ACTIONS = ("edit", "download", "delete")
PUBLIC_FORM_ACTOR = "public registration form"
_limit = ratelimit.limits_from(LIMITS)


def browser_key() -> str:
    """This phone or browser: its remembered ticket, else its session; the IP only as a last resort.
    Codes are hashed so no ticket code reaches the limiter's storage."""
    ticket = request.cookies.get(current_app.config["TICKET_COOKIE"])
    if ticket:
        return "ticket:" + hash_token(ticket)[:32]
    session_token = session.get("csrf_token")
    if session_token:
        return "browser:" + hash_token(session_token)[:32]
    return ip_key()


def ticket_key() -> str:
    return "proof:" + hash_token((request.view_args or {}).get("code", ""))[:32]


def find_ticket_number_key() -> str:
    """One registration number of one event, whoever asks for it."""
    slug = (request.view_args or {}).get("slug", "")
    number = (request.form.get("reg_number") or "").strip().lstrip("0")
    if not number.isdigit() or len(number) > 6:
        number = "malformed"
    return f"find-ticket-number:{hash_token(slug)[:16]}:{number}"


def _failed(response) -> bool:
    """Only failures count against the look-up limits; a success redirects."""
    return response.status_code != 302


@bp.after_request
def private_pages(response):
    # Pages about one person: never cached by a shared proxy; the ticket code in /t/ URLs is
    # never sent on as a Referer (not even to our own access logs).
    response.headers["Cache-Control"] = "private, no-store"
    if request.path.startswith("/t/"):
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.app_template_global()
def registration_status(event) -> str:
    """For the public event page: 'open' when the Daftar button should show."""
    return services.registration_state(event)


# ---- loading -------------------------------------------------------------------------------


def _public_event_or_404(slug: str):
    return or_404(event_services.get_public_event(slug))


def _attendee_or_404(code: str) -> Attendee:
    return or_404(attendee_services.get_by_ticket(code))


def _remembered_ticket(event) -> Attendee | None:
    attendee = attendee_services.get_by_ticket(request.cookies.get(current_app.config["TICKET_COOKIE"], ""))
    if attendee is None or attendee.event_id != event.id or not attendee.is_active:
        return None
    return attendee


def _attach(form, problems) -> dict[str, list[str]]:
    """Errors next to their fields (or at the top); returns the warnings by field."""
    warnings: dict[str, list[str]] = {}
    for problem in problems:
        if problem.level == "warning":
            warnings.setdefault(problem.field if problem.field in form else "", []).append(str(problem))
        elif problem.field in form and problem.field != "csrf_token":
            form[problem.field].errors = list(form[problem.field].errors) + [str(problem)]
        else:
            form.form_errors.append(str(problem))
    return warnings


def _warning_keys(problems) -> str:
    return ",".join(sorted(services.warning_key(p) for p in problems if p.level == "warning"))


def _refused(form, error) -> tuple[dict[str, list[str]], str]:
    """After a refused registration or correction: nothing kept, the problems by their fields;
    returns the warnings to confirm and their keys."""
    db.session.rollback()
    return _attach(form, error.problems), _warning_keys(error.problems)


def _person_form(template: str, form, warnings: dict[str, list[str]], warned: str, **context):
    """The registration or correction form (again): the warnings to confirm by their fields, the
    confirm box unticked."""
    form.confirm_warnings.data = False
    return render_template(
        template, form=form, warnings=warnings, warned=warned, golongan_groups=golongan_groups(), **context
    )


def _confirmed(form) -> set[str]:
    if not form.confirm_warnings.data:
        return set()
    return {key for key in request.form.get("warned", "").split(",") if key}


# ---- registration --------------------------------------------------------------------------


@bp.route("/e/<slug>/register", methods=["GET", "POST"])
@limiter.limit(_limit("REGISTRATION_BROWSER_LIMIT"), key_func=browser_key, methods=["POST"])
@limiter.limit(_limit("REGISTRATION_IP_LIMIT"), key_func=ip_key, methods=["POST"])
def register(slug: str):
    event = _public_event_or_404(slug)
    state = services.registration_state(event)
    if state != "open":
        return render_template("registration/closed.html", event=event, state=state)
    form = RegistrationForm()
    notice = services.consent_notice(event)
    warnings: dict[str, list[str]] = {}
    warned = ""
    if form.validate_on_submit():
        if form.notice.data != services.notice_digest(notice):
            # The organiser changed the event (or the language changed) since the form was shown.
            form.consent.errors = [
                _("The notice about your data has changed. Read it again and tick the box.")
            ]
            form.consent.data = False
        else:
            try:
                with acting_as(PUBLIC_FORM_ACTOR):
                    attendee = services.register_participant(
                        event,
                        form.to_data(),
                        consent_given=form.consent.data,
                        guardian_name=form.guardian_name.data or "",
                        guardian_consent=form.guardian_consent.data,
                        confirmed=_confirmed(form),
                    )
            except services.RegistrationClosed as e:
                db.session.rollback()
                return render_template("registration/closed.html", event=event, state=e.reason)
            except services.RegistrationError as e:
                warnings, warned = _refused(form, e)
            else:
                db.session.commit()
                return redirect(url_for("registration.ticket", code=attendee.ticket_code))
    form.notice.data = services.notice_digest(notice)
    return _person_form(
        "registration/register.html",
        form,
        warnings,
        warned,
        event=event,
        notice=notice,
        guardian_statement=services.guardian_statement(),
        remembered=_remembered_ticket(event),
        child_category=Category.FORUM_ANAK.value,
    )


# ---- the ticket ----------------------------------------------------------------------------


def _remember(response, attendee: Attendee):
    config = current_app.config
    return keep_cookie(
        response, config["TICKET_COOKIE"], attendee.ticket_code, config["TICKET_COOKIE_DAYS"] * 24 * 3600
    )


def _forget(response, attendee: Attendee):
    name = current_app.config["TICKET_COOKIE"]
    if request.cookies.get(name) == attendee.ticket_code:
        response.delete_cookie(
            name, httponly=True, samesite="Lax", secure=current_app.config.get("SESSION_COOKIE_SECURE", False)
        )
    return response


def _share_link(attendee: Attendee, event, ticket_url: str) -> str:
    message = _(
        "My ticket for %(title)s (registration no. %(number)s): %(url)s",
        title=event.title,
        number=attendee.reg_label,
        url=ticket_url,
    )
    return "https://wa.me/?text=" + quote(message, safe="")


def _consent_page(attendee: Attendee, event, form: ConsentForm | None = None, status: int = 200):
    notice = services.consent_notice(event)
    form = form or ConsentForm()
    form.notice.data = services.notice_digest(notice)
    return render_template(
        "registration/consent.html", attendee=attendee, event=event, form=form, notice=notice
    ), status


@bp.route("/t/<code>")
def ticket(code: str):
    attendee = _attendee_or_404(code)
    event = attendee_services.attendee_event(attendee)
    if not attendee.is_active:
        return _forget(
            Response(render_template("registration/ticket_invalid.html", attendee=attendee, event=event)),
            attendee,
        )
    if attendee.consent_at is None:
        return _consent_page(attendee, event)
    if services.needs_guardian(attendee):
        return render_template("registration/guardian_needed.html", attendee=attendee, event=event)
    ticket_url = url_for("registration.ticket", code=attendee.ticket_code, _external=True)
    page = render_template(
        "registration/ticket.html",
        attendee=attendee,
        event=event,
        ticket_url=ticket_url,
        qr=qr_svg(ticket_url, label=_("QR code of your ticket")),
        share_link=_share_link(attendee, event, ticket_url),
    )
    return _remember(Response(page), attendee)


@bp.route("/t/<code>/consent", methods=["POST"])
def ticket_consent(code: str):
    attendee = _attendee_or_404(code)
    if attendee.consent_at is not None or not attendee.is_active:
        return redirect(url_for("registration.ticket", code=code))
    event = attendee_services.attendee_event(attendee)
    form = ConsentForm()
    if form.validate_on_submit():
        if form.notice.data != services.notice_digest(services.consent_notice(event)):
            form.consent.errors = [
                _("The notice about your data has changed. Read it again and tick the box.")
            ]
        else:
            with acting_as(f"attendee #{attendee.id} (ticket)"):
                services.accept_consent(attendee)
            db.session.commit()
            return redirect(url_for("registration.ticket", code=code))
    form.consent.data = False
    return _consent_page(attendee, event, form)


# ---- rights over one's data ----------------------------------------------------------------


def _holder_verified(attendee: Attendee) -> bool:
    proof = session.get("holder_proof") or {}
    return proof.get("attendee") == attendee.id and proof.get("until", 0) > time.time()


def _proof_page(attendee: Attendee, action: str, form: ProofForm | None = None):
    form = form or ProofForm()
    form.next.data = action
    form.proof.data = ""
    return render_template(
        "registration/proof.html",
        attendee=attendee,
        event=attendee_services.attendee_event(attendee),
        form=form,
        action=action,
    )


@bp.route("/t/<code>/verify", methods=["POST"])
@limiter.limit(_limit("PROOF_TICKET_LIMIT"), key_func=ticket_key, deduct_when=_failed)
@limiter.limit(_limit("PROOF_IP_LIMIT"), key_func=ip_key, deduct_when=_failed)
def verify(code: str):
    attendee = _attendee_or_404(code)
    form = ProofForm()
    action = form.next.data if form.next.data in DATA_ACTIONS else "download"
    if form.validate_on_submit():
        if attendee_services.verify_holder(attendee, form.proof.data):
            session["holder_proof"] = {
                "attendee": attendee.id,
                "until": int(time.time()) + HOLDER_PROOF_SECONDS,
            }
            return redirect(url_for(f"registration.{action}", code=code))
        form.proof.errors = [_("This does not match the data of this ticket.")]
    return _proof_page(attendee, action, form)


def _initial(attendee: Attendee) -> dict:
    """The stored data as people write it: NIP in its four groups, the phone in national form."""
    nip = attendee.nip or ""
    if attendee.category == Category.PNS.value and len(nip) == 18:
        nip = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    phone = attendee.phone or ""
    if phone:
        phone = phonenumbers.format_number(
            phonenumbers.parse(phone, "ID"), phonenumbers.PhoneNumberFormat.NATIONAL
        )
    return {
        "full_name": attendee.full_name,
        "gender": attendee.gender,
        "category": attendee.category,
        "nip": nip,
        "golongan": attendee.golongan or "",
        "position": attendee.position,
        "institution": attendee.institution_text,
        "work_unit": attendee.work_unit,
        "phone": phone,
        "email": attendee.email or "",
    }


def holder_required(action: str):
    """For a ticket's data pages: the view gets the attendee and the event once the holder has
    proved the ticket is theirs (NIP or phone digits) and it is still valid; otherwise the proof
    page, or back to the ticket."""

    def decorator(view):
        @wraps(view)
        def wrapped(code: str):
            attendee = _attendee_or_404(code)
            if not _holder_verified(attendee):
                if request.method == "POST":
                    return redirect(url_for(f"registration.{action}", code=code))
                return _proof_page(attendee, action)
            if not attendee.is_active:
                return redirect(url_for("registration.ticket", code=code))
            return view(code, attendee, attendee_services.attendee_event(attendee))

        return wrapped

    return decorator


@bp.route("/t/<code>/edit", methods=["GET", "POST"])
@holder_required("edit")
def edit(code: str, attendee: Attendee, event):
    form = PersonForm(data=_initial(attendee))
    warnings: dict[str, list[str]] = {}
    warned = ""
    if form.validate_on_submit():
        try:
            with acting_as(f"attendee #{attendee.id} (ticket)"):
                services.correct_attendee(attendee, form.to_data(), confirmed=_confirmed(form))
        except services.RegistrationError as e:
            warnings, warned = _refused(form, e)
        else:
            db.session.commit()
            flash(_("Your data has been corrected."), "success")
            return redirect(url_for("registration.ticket", code=code))
    return _person_form("registration/edit.html", form, warnings, warned, attendee=attendee, event=event)


@bp.route("/t/<code>/download")
def download(code: str):
    attendee = _attendee_or_404(code)
    if not _holder_verified(attendee):
        return _proof_page(attendee, "download")
    event = attendee_services.attendee_event(attendee)
    body = json.dumps(services.personal_data(attendee), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="bintek-{event.slug}-{attendee.reg_label}.json"'
    )
    return response


@bp.route("/t/<code>/delete", methods=["GET", "POST"])
@holder_required("delete")
def delete(code: str, attendee: Attendee, event):
    form = DeletionForm()
    if form.validate_on_submit():
        with acting_as(f"attendee #{attendee.id} (ticket)"):
            services.request_deletion(attendee)
        db.session.commit()
        session.pop("holder_proof", None)
        flash(
            _("Your request to delete your data has been recorded, and your registration is cancelled."),
            "success",
        )
        return _forget(redirect(url_for("registration.ticket", code=code)), attendee)
    return render_template("registration/delete.html", attendee=attendee, event=event, form=form)


# ---- finding a lost ticket -----------------------------------------------------------------


@bp.route("/e/<slug>/find-ticket", methods=["GET", "POST"])
@limiter.limit(
    _limit("FIND_TICKET_BROWSER_LIMIT"), key_func=browser_key, methods=["POST"], deduct_when=_failed
)
@limiter.limit(_limit("FIND_TICKET_IP_LIMIT"), key_func=ip_key, methods=["POST"], deduct_when=_failed)
@limiter.limit(
    _limit("FIND_TICKET_NUMBER_LIMIT"),
    key_func=find_ticket_number_key,
    methods=["POST"],
    deduct_when=_failed,
)
def find_ticket(slug: str):
    event = _public_event_or_404(slug)
    form = FindTicketForm()
    if form.validate_on_submit():
        attendee = attendee_services.find_ticket(
            event,
            int(form.reg_number.data.strip()),
            form.phone.data.strip(),
        )
        if attendee is not None:
            return redirect(url_for("registration.ticket", code=attendee.ticket_code))
        # One message whatever was wrong: it must not tell which registration numbers exist.
        form.form_errors.append(
            _("No ticket matches this registration number and phone number. Check both and try again.")
        )
    return render_template("registration/find_ticket.html", event=event, form=form)
