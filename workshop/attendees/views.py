"""The organiser's attendee pages: the list (search, filters, counts), adding and editing people,
cancelling, restoring and replacing them, institutions, exports, name tags and ticket links.

Access: organisers of the event (and admins) do everything. Check-in staff may open the list
read-only, without contact details, to find people at the door; every other page, and every
export, is for organisers only. Facilitators have no access.
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from workshop.attendees import bp, export, listing, messaging, nametags, services
from workshop.attendees.forms import (
    AttendeeForm,
    CancelForm,
    FilterForm,
    GuardianConsentForm,
    MergeForm,
    SendForm,
)
from workshop.attendees.models import Attendee, AttendeeStatus, Institution, Source
from workshop.attendees.rules import FieldProblem
from workshop.core.db import MAX_DB_INT
from workshop.core.exporters import MIMETYPES
from workshop.core.web import add_error, or_404, posted, save_form, send_bytes
from workshop.events.access import event_member_required, organiser_required
from workshop.extensions import db

team_at_the_door = event_member_required("organiser", "staff")


# ---- helpers ---------------------------------------------------------------------------------


def _attendee_or_404(event, attendee_id: int) -> Attendee:
    return or_404(listing.get_attendee(event, attendee_id))


def _problems(error: services.AttendeeError) -> str:
    return "; ".join(str(p) for p in error.problems)


def _detail_url(event, attendee) -> str:
    return url_for("attendees.detail", slug=event.slug, attendee_id=attendee.id)


def _to_detail(event, attendee):
    return redirect(_detail_url(event, attendee))


def _filter_form(event) -> FilterForm:
    """The list's filters: from the query string on pages, from the posted form on downloads."""
    data = request.form if request.method == "POST" else request.args
    return FilterForm(data, listing.institution_choices(event))


def _paging(form, total: int) -> dict:
    """The page of the list to show (the one asked for, at most the last), how many pages there
    are, and the offset of the page's first row."""
    pages = max(1, -(-total // listing.PAGE_SIZE))
    page = min(form.page_number, pages)
    return {"page": page, "pages": pages, "offset": (page - 1) * listing.PAGE_SIZE}


def _show_problems(form, problems: list[FieldProblem]) -> dict[str, list[str]]:
    """Errors go next to their field (or above the form); warnings are returned by field, to be
    shown next to the field with the confirm box."""
    warnings: dict[str, list[str]] = {}
    for problem in problems:
        if problem.level == "warning":
            name = problem.field if problem.field in form._fields else "_form"
            warnings.setdefault(name, []).append(str(problem))
        elif problem.field in form._fields and problem.field not in ("csrf_token", "confirm_warnings"):
            form[problem.field].errors = list(form[problem.field].errors) + [str(problem)]
        else:
            form.form_errors.append(str(problem))
    return warnings


def _warning_codes(checked: services.Checked) -> list[str]:
    return sorted({problem.code or problem.field for problem in checked.warnings})


def _confirmed(form: AttendeeForm, checked: services.Checked) -> bool:
    """The confirm box counts only for the warnings the person was shown: a new warning after a
    change must be seen and confirmed again."""
    seen = set(filter(None, (form.warnings_seen.data or "").split(",")))
    return bool(form.confirm_warnings.data) and set(_warning_codes(checked)) <= seen


def _nip_taken(form) -> None:
    """Two saves at once with the same NIP: the unique constraint stops the second."""
    db.session.rollback()
    form.nip.errors = list(form.nip.errors) + [
        _("Someone with this NIP is already registered for this event.")
    ]


def _person_page(template_context: dict, form: AttendeeForm, warnings: dict, codes: list[str]):
    form.warnings_seen.data = ",".join(codes)
    return render_template("attendees/attendee_form.html", form=form, warnings=warnings, **template_context)


def _save_person(event, form: AttendeeForm, context: dict, *, data_for_check, check_exclude, save, said):
    """The shared flow of add, edit and replace: check everything at once, show errors and
    warnings next to the fields, save only when clean (or warnings confirmed); then flash
    ``said(saved attendee)`` and go to that person's page."""
    warnings: dict = {}
    codes: list[str] = []
    if form.validate_on_submit():
        data = data_for_check(form.to_data())
        checked = services.check_attendee(event, data, exclude_id=check_exclude)
        if checked.errors or (checked.warnings and not _confirmed(form, checked)):
            warnings = _show_problems(form, checked.errors + checked.warnings)
            codes = _warning_codes(checked)
        else:
            try:
                attendee = save(data)
            except services.AttendeeError as e:
                db.session.rollback()
                warnings = _show_problems(form, e.problems)
            except IntegrityError:
                _nip_taken(form)
            else:
                db.session.commit()
                flash(said(attendee), "success")
                return _to_detail(event, attendee)
    return _person_page(context, form, warnings, codes)


def _ticket_links(event, attendee: Attendee) -> dict:
    url = messaging.ticket_url(attendee.ticket_code)
    return {"ticket_url": url, "whatsapp": messaging.whatsapp_link(event, attendee, url)}


def _render_detail(event, attendee: Attendee, *, cancel_form=None, guardian_form=None, status=200):
    return render_template(
        "attendees/detail.html",
        event=event,
        attendee=attendee,
        replacement=listing.replacement_of(attendee),
        cancel_form=cancel_form or CancelForm(),
        guardian_form=guardian_form or GuardianConsentForm(),
        send_form=SendForm(),
        can_email=messaging.mail_configured(current_app.config),
        **_ticket_links(event, attendee),
    ), status


# ---- the list ----------------------------------------------------------------------------------


@bp.route("/manage/events/<slug>/attendees")
@team_at_the_door
def index(event):
    form = _filter_form(event)
    query = form.to_query()
    counts = listing.counts(event, query)
    paging = _paging(form, counts.total)
    attendees = listing.find_attendees(event, query, limit=listing.PAGE_SIZE, offset=paging["offset"])
    return render_template(
        "attendees/index.html",
        event=event,
        form=form,
        attendees=attendees,
        counts=counts,
        page=paging["page"],
        pages=paging["pages"],
        page_size=listing.PAGE_SIZE,
        filter_args=form.args(),
        can_manage=g.event_role == "organiser",
    )


@bp.route("/manage/events/<slug>/attendees/new", methods=["GET", "POST"])
@organiser_required
def new(event):
    return _save_person(
        event,
        AttendeeForm(),
        {"event": event, "attendee": None, "replacing": None},
        data_for_check=lambda data: data,
        check_exclude=None,
        save=lambda data: services.create_attendee(
            event, data, source=Source.MANUAL.value, confirm_warnings=True
        ),
        said=lambda attendee: _(
            "%(name)s was added with registration number %(number)s.",
            name=attendee.full_name,
            number=attendee.reg_label,
        ),
    )


@bp.route("/manage/events/<slug>/attendees/<int:attendee_id>")
@organiser_required
def detail(event, attendee_id: int):
    return _render_detail(event, _attendee_or_404(event, attendee_id))


@bp.route("/manage/events/<slug>/attendees/<int:attendee_id>/edit", methods=["GET", "POST"])
@organiser_required
def edit(event, attendee_id: int):
    attendee = _attendee_or_404(event, attendee_id)
    form = AttendeeForm(obj=attendee)
    # WTForms keeps the object's value for a field missing from the post: for "institution" that
    # would be the Institution row, not text (found by tests/production/test_fuzz.py).
    if request.method == "GET" or "institution" not in request.form:
        form.institution.data = attendee.institution_text
    if request.method == "GET":
        form.golongan.data = attendee.golongan or ""
    return _save_person(
        event,
        form,
        {"event": event, "attendee": attendee, "replacing": None},
        data_for_check=lambda data: data,
        check_exclude=attendee.id,
        save=lambda data: services.update_attendee(attendee, data, confirm_warnings=True),
        said=lambda _saved: _("Saved."),
    )


@bp.route("/manage/events/<slug>/attendees/<int:attendee_id>/cancel", methods=["POST"])
@organiser_required
def cancel(event, attendee_id: int):
    attendee = _attendee_or_404(event, attendee_id)
    form = CancelForm()

    def refused(form, error):
        """A problem with the reason goes by its field; any other, back to the person's page."""
        reason_problems = [str(p) for p in error.problems if p.field == "reason"]
        if not reason_problems:
            flash(_problems(error), "error")
            return _to_detail(event, attendee)
        add_error(form, "reason", *reason_problems)
        return None

    done = save_form(
        form,
        lambda: services.cancel_attendee(attendee, form.reason.data or ""),
        _("%(name)s is cancelled (kept in the list as cancelled).", name=attendee.full_name),
        _detail_url(event, attendee),
        refused=services.AttendeeError,
        rollback=True,
        show=refused,
    )
    return done or _render_detail(event, attendee, cancel_form=form)


@bp.route("/manage/events/<slug>/attendees/<int:attendee_id>/restore", methods=["POST"])
@organiser_required
def restore(event, attendee_id: int):
    attendee = _attendee_or_404(event, attendee_id)
    posted(
        SendForm(),
        lambda: services.restore_attendee(attendee),
        _("%(name)s is registered again.", name=attendee.full_name),
        refused=services.AttendeeError,
        explain=_problems,
        rollback=True,
    )
    return _to_detail(event, attendee)


@bp.route("/manage/events/<slug>/attendees/<int:attendee_id>/replace", methods=["GET", "POST"])
@organiser_required
def replace(event, attendee_id: int):
    old = _attendee_or_404(event, attendee_id)
    if old.status != AttendeeStatus.REGISTERED.value:
        flash(_("Only a registered person can be replaced."), "error")
        return _to_detail(event, old)
    form = AttendeeForm()
    if request.method == "GET":
        # The agency sends someone else for the same slot: same role, same institution.
        form.role.data = old.role
        form.institution.data = old.institution_text
        form.category.data = old.category

    def with_defaults(data):
        if not data.get("institution"):
            data["institution"] = old.institution_text
        return data

    return _save_person(
        event,
        form,
        {"event": event, "attendee": None, "replacing": old},
        data_for_check=with_defaults,
        check_exclude=old.id,
        save=lambda data: services.replace_attendee(old, data, confirm_warnings=True),
        said=lambda new_attendee: _(
            "%(new)s replaces %(old)s.", new=new_attendee.full_name, old=old.full_name
        ),
    )


@bp.route("/manage/events/<slug>/attendees/<int:attendee_id>/guardian-consent", methods=["POST"])
@organiser_required
def guardian_consent(event, attendee_id: int):
    attendee = _attendee_or_404(event, attendee_id)
    if not attendee.is_child:
        flash(_("Only a child (Forum Anak) needs a guardian's consent."), "error")
        return _to_detail(event, attendee)
    form = GuardianConsentForm()
    done = save_form(
        form,
        lambda: services.record_guardian_consent(attendee, form.guardian_name.data, method="paper"),
        _("The guardian's paper consent is recorded."),
        _detail_url(event, attendee),
        refused=services.AttendeeError,
        rollback=True,
        show=lambda form, error: add_error(form, "guardian_name", *(str(p) for p in error.problems)),
    )
    return done or _render_detail(event, attendee, guardian_form=form)


@bp.route("/manage/events/<slug>/attendees/<int:attendee_id>/email", methods=["POST"])
@organiser_required
def send_email(event, attendee_id: int):
    attendee = _attendee_or_404(event, attendee_id)
    back = _to_detail(event, attendee)
    if not SendForm().validate_on_submit():
        return back
    if not messaging.mail_configured(current_app.config):
        flash(_("Email is not set up on this server."), "error")
        return back
    if not attendee.email:
        flash(_("This person has no email address."), "error")
        return back
    mail = messaging.ticket_mail(event, attendee, messaging.ticket_url(attendee.ticket_code))
    try:
        messaging.send_mail(current_app.config, mail)
    except messaging.MailError as error:
        # No address, name or ticket in the log: the attendee's id is enough to follow it up.
        current_app.logger.warning(
            "Ticket email for attendee %s of event %s failed: %s", attendee.id, event.id, error
        )
        flash(_("The email could not be sent. Try again later or send the ticket via WhatsApp."), "error")
    else:
        current_app.logger.info("Ticket email sent for attendee %s of event %s", attendee.id, event.id)
        flash(_("The ticket was sent to %(email)s.", email=attendee.email), "success")
    return back


# ---- institutions ----------------------------------------------------------------------------


@bp.route("/manage/events/<slug>/attendees/institutions", methods=["GET", "POST"])
@organiser_required
def institutions(event):
    rows = services.institutions_of(event)
    form = MergeForm([(institution.id, f"{institution.name} ({count})") for institution, count in rows])
    if form.validate_on_submit():
        keep = db.session.get(Institution, form.keep.data)
        merge = db.session.get(Institution, form.merge.data)
        merged_name = merge.name
        try:
            services.merge_institutions(event, keep, merge)
        except services.AttendeeError as e:
            db.session.rollback()
            form.form_errors.extend(str(p) for p in e.problems)
        else:
            db.session.commit()
            flash(_("%(merged)s is now part of %(kept)s.", merged=merged_name, kept=keep.name), "success")
            return redirect(url_for("attendees.institutions", slug=event.slug))
    return render_template(
        "attendees/institutions.html",
        event=event,
        rows=rows,
        form=form,
        spellings=listing.typed_spellings(event),
    )


# ---- exports, name tags and ticket links -----------------------------------------------------


def _export(event, kind: str):
    # Downloads are POSTed forms (with the CSRF token) carrying the list's filters.
    if not SendForm().validate_on_submit():
        abort(400)
    form = _filter_form(event)
    attendees = listing.find_attendees(event, form.to_query())
    if kind == "xlsx":
        data = export.to_xlsx(attendees, event.title)
        mimetype = MIMETYPES["xlsx"]
    else:
        data = export.to_csv(attendees)
        mimetype = "text/csv; charset=utf-8"
    # Exports change nothing, so they are not in the audit log; this line records who exported
    # how many rows, with no personal data.
    current_app.logger.info(
        "Attendee export: event %s, %s, %d rows, by user %s", event.id, kind, len(attendees), current_user.id
    )
    return send_bytes(
        data, f"{event.slug}-attendees-{date.today().isoformat()}.{kind}", mimetype, attachment=True
    )


@bp.route("/manage/events/<slug>/attendees/export.xlsx", methods=["POST"])
@organiser_required
def export_xlsx(event):
    return _export(event, "xlsx")


@bp.route("/manage/events/<slug>/attendees/export.csv", methods=["POST"])
@organiser_required
def export_csv(event):
    return _export(event, "csv")


@bp.route("/manage/events/<slug>/attendees/nametags.pdf", methods=["POST"])
@organiser_required
def nametags_pdf(event):
    if not SendForm().validate_on_submit():
        abort(400)
    form = _filter_form(event)
    # Ids beyond a database integer are nobody (PostgreSQL would refuse to compare them).
    ids = sorted({i for i in request.form.getlist("id", type=int) if 0 < i <= MAX_DB_INT})
    if request.form.get("selected") and not ids:
        flash(_("Tick the people whose name tags you want first."), "error")
        return redirect(url_for("attendees.index", slug=event.slug, **form.args()))
    if ids:
        # An explicit selection: exactly these people, whatever the filters say.
        query = form.to_query(ids)
        query.status, query.text, query.role, query.category, query.gender, query.institution_id = (
            listing.STATUS_ALL,
            "",
            "",
            "",
            "",
            None,
        )
        attendees = listing.find_attendees(event, query)
        if len(attendees) != len(ids):
            abort(404)
    else:
        attendees = listing.find_attendees(event, form.to_query())
    tags = [
        nametags.NameTag(
            name=a.full_name,
            institution=a.institution_name,
            role=a.role,
            ticket_url=messaging.ticket_url(a.ticket_code),
            reg_label=a.reg_label,
            group=nametags.group_label(a),
        )
        for a in attendees
    ]
    return send_bytes(
        nametags.render_nametags(tags, event.title), f"{event.slug}-name-tags.pdf", MIMETYPES["pdf"]
    )


@bp.route("/manage/events/<slug>/attendees/whatsapp")
@organiser_required
def whatsapp(event):
    form = _filter_form(event)
    attendees = listing.find_attendees(event, form.to_query())
    with_phone = [a for a in attendees if a.phone]
    paging = _paging(form, len(with_phone))
    shown = with_phone[paging["offset"] : paging["offset"] + listing.PAGE_SIZE]
    rows = []
    for attendee in shown:
        url = messaging.ticket_url(attendee.ticket_code)
        rows.append((attendee, messaging.whatsapp_link(event, attendee, url)))
    return render_template(
        "attendees/whatsapp.html",
        event=event,
        form=form,
        rows=rows,
        page=paging["page"],
        pages=paging["pages"],
        total=len(with_phone),
        without_phone=len(attendees) - len(with_phone),
        filter_args=form.args(),
    )


# ---- for the event overview ------------------------------------------------------------------


@bp.app_template_filter("phone_display")
def phone_display(phone: str | None) -> str:
    """+6281234567890 -> 0812-3456-7890, as people here read and dial it."""
    return export.phone_for_sheet(phone)


@bp.app_template_global("attendee_summary")
def attendee_summary(event) -> dict:
    """Registered peserta against the capacity, for templates/events/event_overview.html."""
    return listing.summary(event)
