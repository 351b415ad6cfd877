"""Group pages: the organiser's overview and assignment, the facilitator's work page (notes and
RTL, saved through the API by static/js/rtl.js), revisions and the plenary view."""

from __future__ import annotations

from functools import partial, wraps

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from workshop.auth.models import User
from workshop.core.exporters import MIMETYPES
from workshop.core.web import add_error, carry_out, flash_errors, or_404, posted, save_form, send_bytes
from workshop.events.access import event_member_required, organiser_required
from workshop.extensions import db
from workshop.groups import adoption, bp, services
from workshop.groups import exports as group_exports
from workshop.groups.forms import (
    AdoptForm,
    ButtonForm,
    DefaultGroupsForm,
    FacilitatorForm,
    GroupForm,
    MoveForm,
    RenameForm,
    ReturnForm,
)


@bp.app_template_global()
def rupiah(amount) -> str:
    return services.format_rupiah(amount)


@bp.app_template_global()
def group_status_label(status: str) -> str:
    return services.status_label(status)


def group_access(view):
    """Loads the group named in the URL (404 when not of this event) and lets through only the
    event's organisers (and admins) and the group's own facilitators (403 otherwise)."""

    @wraps(view)
    @event_member_required("organiser", "facilitator")
    def wrapped(event, group_id: int, *args, **kwargs):
        group = or_404(services.get_group(event, group_id))
        if not services.may_work_on(group, current_user, g.event_role):
            abort(403)
        return view(*args, event=event, group=group, **kwargs)

    return wrapped


def _organiser_group(event, group_id: int):
    return or_404(services.get_group(event, group_id))


def _back(event, _group=None):
    return redirect(url_for("groups.manage", slug=event.slug))


def _to_work(event, group):
    return redirect(url_for("groups.work", slug=event.slug, group_id=group.id))


def _plenary_url(event, group) -> str:
    return url_for("groups.plenary", slug=event.slug, group_id=group.id)


def _to_plenary(event, group):
    return redirect(_plenary_url(event, group))


# A group rule carried out (core.web): when it holds, committed and ``said``; a GroupError is
# flashed instead.
_carry_out = partial(carry_out, refused=services.GroupError)
_posted = partial(posted, refused=services.GroupError)


def _on_group(event, group_id: int, rule, said, *, form=None, invalid=None, back=_back):
    """An organiser's button (or small form: ``form``) about one group of the event: carries out
    ``rule(group)`` and says ``said``: a message with the group's name as it was before the rule,
    or a function of what the rule returned. Back to ``back(event, group)``, the overview unless
    named."""
    group = _organiser_group(event, group_id)
    message = said if callable(said) else said % {"name": group.name}
    _posted(form or ButtonForm(), lambda: rule(group), message, invalid=invalid)
    return back(event, group)


# ---- overview ------------------------------------------------------------------------------


@bp.route("/manage/events/<slug>/groups/")
@event_member_required("organiser", "facilitator")
def manage(event):
    if g.event_role != "organiser":
        return render_template(
            "groups/mine.html", event=event, groups=services.groups_of_facilitator(event, current_user)
        )
    candidates = services.facilitator_candidates(event)
    return render_template(
        "groups/manage.html",
        event=event,
        summaries=services.overview(event),
        unassigned=services.unassigned_count(event),
        defaults_form=DefaultGroupsForm(formdata=None),
        add_form=GroupForm(formdata=None),
        button=ButtonForm(formdata=None),
        candidates=candidates,
    )


@bp.route("/manage/events/<slug>/groups/defaults", methods=["POST"])
@organiser_required
def create_defaults(event):
    form = DefaultGroupsForm()
    if form.validate_on_submit():
        made = services.create_default_groups(event, with_kelembagaan=form.with_kelembagaan.data)
        db.session.commit()
        flash(_("%(n)d groups were made.", n=len(made)), "success")
    return _back(event)


@bp.route("/manage/events/<slug>/groups/new", methods=["POST"])
@organiser_required
def group_add(event):
    form = GroupForm()
    _posted(
        form,
        lambda: services.add_group(event, form.name.data, form.cluster.data or None),
        lambda group: _("The group “%(name)s” was added.", name=group.name),
        invalid=flash_errors,
    )
    return _back(event)


@bp.route("/manage/events/<slug>/groups/<int:group_id>/rename", methods=["POST"])
@organiser_required
def group_rename(event, group_id: int):
    form = RenameForm()
    return _on_group(
        event,
        group_id,
        lambda group: services.rename_group(group, form.name.data),
        lambda renamed: _("The group is now called “%(name)s”.", name=renamed.name),
        form=form,
        invalid=flash_errors,
    )


@bp.route("/manage/events/<slug>/groups/<int:group_id>/delete", methods=["POST"])
@organiser_required
def group_delete(event, group_id: int):
    return _on_group(
        event,
        group_id,
        services.remove_group,
        _l("The group “%(name)s” was removed; its members have no group now."),
    )


# ---- assignment ----------------------------------------------------------------------------


def _move_form(event) -> MoveForm:
    form = MoveForm()
    form.group.choices = [("", _("— no group —"))] + [
        (str(grp.id), grp.name) for grp in services.groups_of(event)
    ]
    return form


@bp.route("/manage/events/<slug>/groups/members", methods=["GET", "POST"])
@organiser_required
def assign(event):
    form = _move_form(event)
    chosen = request.form.getlist("attendee", type=int) if request.method == "POST" else []
    if form.validate_on_submit():
        target = services.get_group(event, int(form.group.data)) if form.group.data else None
        try:
            moved = services.move_attendees(event, chosen, target)
        except services.GroupError as e:
            form.form_errors.append(str(e.message))
        else:
            db.session.commit()
            flash(_("%(n)d people were moved.", n=moved), "success")
            return redirect(url_for("groups.assign", slug=event.slug))
    people = services.participants(event)
    groups = services.groups_of(event)
    return render_template(
        "groups/assign.html",
        event=event,
        form=form,
        people=people,
        groups=groups,
        chosen=set(chosen),
        sizes=services.sizes_by_group(people),
        cluster_of={p.id: services.attendee_cluster(event, p) for p in people},
    )


@bp.route("/manage/events/<slug>/groups/suggestion", methods=["GET", "POST"])
@organiser_required
def suggest(event):
    """GET shows the suggestion; POST applies exactly what was shown (sent back as fields)."""
    form = ButtonForm()
    if request.method == "POST" and form.validate_on_submit():
        mapping = {}
        for key, value in request.form.items():
            # isdecimal, not isdigit: "²" is a digit that int() refuses (a 500 found by the fuzz).
            if isinstance(key, str) and key.startswith("a-") and key[2:].isdecimal() and value.isdecimal():
                mapping[int(key[2:])] = int(value)
        if _carry_out(
            lambda: services.apply_assignment(event, mapping),
            lambda moved: _("The suggestion was applied: %(n)d people were moved.", n=moved),
        ):
            return redirect(url_for("groups.assign", slug=event.slug))
    try:
        suggestion = services.suggest_assignment(event)
    except services.GroupError as e:
        flash(str(e.message), "error")
        return _back(event)
    return render_template(
        "groups/suggest.html",
        event=event,
        form=ButtonForm(formdata=None),
        suggestion=suggestion,
        groups=services.groups_of(event),
    )


# ---- facilitators and review ---------------------------------------------------------------


@bp.route("/manage/events/<slug>/groups/<int:group_id>/facilitators", methods=["POST"])
@organiser_required
def facilitator_add(event, group_id: int):
    form = FacilitatorForm()
    form.user.choices = [(u.id, u.name) for u in services.facilitator_candidates(event)]
    return _on_group(
        event,
        group_id,
        lambda group: services.assign_facilitator(group, db.session.get(User, form.user.data)),
        _l("The facilitator was assigned to “%(name)s”."),
        form=form,
        invalid=_("Choose a facilitator of this event's team."),
    )


@bp.route("/manage/events/<slug>/groups/<int:group_id>/facilitators/<int:user_id>/remove", methods=["POST"])
@organiser_required
def facilitator_remove(event, group_id: int, user_id: int):
    return _on_group(
        event,
        group_id,
        lambda group: services.remove_facilitator(group, user_id),
        _l("The facilitator no longer works on “%(name)s”."),
    )


@bp.route("/manage/events/<slug>/groups/<int:group_id>/return", methods=["POST"])
@organiser_required
def review_return(event, group_id: int):
    form = ReturnForm()
    return _on_group(
        event,
        group_id,
        lambda group: services.return_output(group, form.comment.data),
        _l("The output of “%(name)s” was returned with your comment."),
        form=form,
        invalid=_("Say what should change."),
        back=_to_work,
    )


@bp.route("/manage/events/<slug>/groups/<int:group_id>/lock", methods=["POST"])
@organiser_required
def review_lock(event, group_id: int):
    return _on_group(
        event, group_id, services.lock_output, _l("The output of “%(name)s” is locked."), back=_to_work
    )


def _unlock(group):
    if adoption.is_adopted(group):
        adoption.withdraw(group)  # no document may say "adopted" over an RTL that changes
    return services.unlock_output(group)


@bp.route("/manage/events/<slug>/groups/<int:group_id>/unlock", methods=["POST"])
@organiser_required
def review_unlock(event, group_id: int):
    return _on_group(
        event, group_id, _unlock, _l("The output of “%(name)s” can be edited again."), back=_to_work
    )


# ---- the group's own pages -----------------------------------------------------------------


def _group_page(template: str, event, group, status: int = 200, **context):
    """A page of one group: with its RTL rows, whether an organiser looks at it and the form of
    its buttons."""
    return render_template(
        template,
        event=event,
        group=group,
        rows=services.rtl_rows(group),
        is_organiser=g.event_role == "organiser",
        button=ButtonForm(formdata=None),
        **context,
    ), status


@bp.route("/manage/events/<slug>/groups/<int:group_id>/")
@group_access
def work(event, group):
    return _group_page(
        "groups/work.html",
        event,
        group,
        seen=services.attendance(group),
        indicators=services.indicators_for(group),
        funding_sources=services.FUNDING_SOURCES,
        return_form=ReturnForm(formdata=None),
        notes=services.notes_json(services.notes_of(group)),
    )


@bp.route("/manage/events/<slug>/groups/<int:group_id>/submit", methods=["POST"])
@group_access
def submit(event, group):
    if ButtonForm().validate_on_submit():
        try:
            services.submit_output(group)
        except services.Locked:
            flash(_("The output is locked."), "error")
        else:
            db.session.commit()
            flash(_("The output was submitted to the organisers."), "success")
    return _to_work(event, group)


@bp.route("/manage/events/<slug>/groups/<int:group_id>/revisions")
@group_access
def revisions(event, group):
    return render_template(
        "groups/revisions.html", event=event, group=group, revisions=services.revisions(group)
    )


def _plenary_page(event, group, adopt_form=None, status: int = 200):
    return _group_page(
        "groups/plenary.html",
        event,
        group,
        status,
        notes=services.notes_of(group),
        indicators={i["number"]: i for i in services.kla_indicators()},
        adopt_form=adopt_form or AdoptForm(formdata=None, chair_name=group.chair_name),
    )


@bp.route("/manage/events/<slug>/groups/<int:group_id>/plenary")
@group_access
def plenary(event, group):
    return _plenary_page(event, group)


@bp.route("/manage/events/<slug>/groups/<int:group_id>/adopt", methods=["POST"])
@organiser_required
def adopt(event, group_id: int):
    """The plenary adopts (menetapkan) the group's RTL; the chair's name goes on the lembar pengesahan."""
    group = _organiser_group(event, group_id)
    form = AdoptForm()
    done = save_form(
        form,
        lambda: adoption.adopt(group, form.chair_name.data, current_user),
        _("The RTL of “%(name)s” is adopted.", name=group.name),
        _plenary_url(event, group),
        refused=adoption.AdoptionRefused,
        rollback=True,
        show=lambda form, refused: add_error(form, "chair_name", str(refused.message)),
    )
    return done or _plenary_page(event, group, adopt_form=form, status=422)


@bp.route("/manage/events/<slug>/groups/<int:group_id>/adopt/withdraw", methods=["POST"])
@organiser_required
def withdraw_adoption(event, group_id: int):
    return _on_group(
        event,
        group_id,
        adoption.withdraw,
        _l("The RTL of “%(name)s” is no longer adopted."),
        back=_to_plenary,
    )


@bp.route("/manage/events/<slug>/groups/<int:group_id>/rtl.docx")
@group_access
def rtl_docx(event, group):
    name = f"rtl-{event.slug}-{group.cluster or group.id}.docx".lower()
    return send_bytes(group_exports.rtl_docx(event, group), name, MIMETYPES["docx"], attachment=True)


@bp.route("/manage/events/<slug>/groups/<int:group_id>/rtl.pdf")
@group_access
def rtl_pdf(event, group):
    name = f"rtl-{event.slug}-{group.cluster or group.id}.pdf".lower()
    return send_bytes(group_exports.rtl_pdf(event, group), name, MIMETYPES["pdf"])
