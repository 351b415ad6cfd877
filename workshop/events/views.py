import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from workshop.auth import services as auth_services
from workshop.auth.forms import SignUpForm
from workshop.core.db import utcnow
from workshop.core.flows import event_row_or_404
from workshop.core.web import add_error, carry_out, save_form
from workshop.events import audit_words, bp, services
from workshop.events.access import event_member_required, organiser_required
from workshop.events.forms import AuditFilterForm, EventForm, InviteForm
from workshop.events.models import Invitation, Membership
from workshop.extensions import db

AUDIT_PAGE_SIZE = 100
AUDIT_EXPORT_LIMIT = 50_000


@bp.route("/")
def index():
    return render_template("events/index.html", events=services.open_events())


@bp.route("/e/<slug>")
def public_event(slug: str):
    event = services.get_public_event(slug)
    if event is None:
        abort(404)
    return render_template("events/public_event.html", event=event)


@bp.route("/manage/")
@login_required
def manage_index():
    return render_template(
        "events/manage_index.html",
        rows=services.events_for(current_user),
        can_create=services.can_create_events(current_user),
    )


def _overview(event) -> str:
    return url_for("events.event_overview", slug=event.slug)


@bp.route("/manage/events/new", methods=["GET", "POST"])
@login_required
def event_new():
    if not services.can_create_events(current_user):
        abort(403)
    form = EventForm()
    done = save_form(
        form,
        lambda: services.create_event(form.to_data(), current_user),
        _("Event created."),
        _overview,
        refused=services.EventError,
    )
    return done or render_template("events/event_form.html", form=form, event=None)


@bp.route("/manage/events/<slug>/")
@event_member_required()
def event_overview(event):
    return render_template(
        "events/event_overview.html",
        event=event,
        members=services.members_of(event),
    )


@bp.route("/manage/events/<slug>/edit", methods=["GET", "POST"])
@organiser_required
def event_edit(event):
    form = EventForm(obj=event)
    if request.method == "GET":
        form.registration_opens_at.data = _naive_local(event, event.registration_opens_at)
        form.registration_closes_at.data = _naive_local(event, event.registration_closes_at)
    done = save_form(
        form,
        lambda: services.update_event(event, form.to_data()),
        _("Event saved."),
        _overview,  # the event's address as saved
        refused=services.EventError,
    )
    return done or render_template("events/event_form.html", form=form, event=event)


def _naive_local(event, moment):
    return event.local(moment).replace(tzinfo=None) if moment else None


@bp.route("/manage/events/<slug>/team", methods=["GET", "POST"])
@organiser_required
def team(event):
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation, token = services.create_invitation(
                event,
                form.role.data,
                form.label.data,
                current_user,
                current_app.config["INVITATION_VALID_DAYS"],
            )
        except services.EventError as e:
            add_error(form, e.field, str(e))
        else:
            db.session.commit()
            # The token is shown once, to the organiser who made it; only its hash is stored.
            session["new_invitation"] = {"id": invitation.id, "token": token}
            return redirect(url_for("events.team", slug=event.slug))
    new_invitation = session.pop("new_invitation", None)
    new_link = None
    if new_invitation:
        new_link = url_for("events.invitation", token=new_invitation["token"], _external=True)
    return render_template(
        "events/team.html",
        event=event,
        form=form,
        members=services.members_of(event),
        invitations=services.pending_invitations(event),
        new_link=new_link,
        new_invitation_id=new_invitation["id"] if new_invitation else None,
    )


@bp.route("/manage/events/<slug>/team/<int:membership_id>/remove", methods=["POST"])
@organiser_required
def member_remove(event, membership_id: int):
    membership = event_row_or_404(event, Membership, membership_id)
    carry_out(
        lambda: services.remove_member(event, membership),
        _("%(name)s was removed from the team.", name=membership.user.name),
        refused=services.EventError,
    )
    return redirect(url_for("events.team", slug=event.slug))


@bp.route("/manage/events/<slug>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@organiser_required
def invitation_revoke(event, invitation_id: int):
    invitation = event_row_or_404(event, Invitation, invitation_id)
    services.revoke_invitation(event, invitation)
    db.session.commit()
    flash(_("The invitation link no longer works."), "success")
    return redirect(url_for("events.team", slug=event.slug))


def _audit_filter(event):
    form = AuditFilterForm(request.args)
    form.entity.choices = [("", _("Every object"))] + audit_words.entity_choices()
    form.action.choices = [("", _("Every action"))] + audit_words.action_choices()
    form.validate()
    chosen = audit_words.AuditFilter(
        person=(form.person.data or "") if not form.person.errors else "",
        entity=form.entity.data or "",
        action=form.action.data or "",
        day_from=form.day_from.data if not form.day_from.errors else None,
        day_to=form.day_to.data if not form.day_to.errors else None,
    )
    return form, chosen


@bp.route("/manage/events/<slug>/audit")
@organiser_required
def audit_log(event):
    form, chosen = _audit_filter(event)
    # A page beyond any real log is simply empty (and never an offset the database refuses).
    page = min(max(1, request.args.get("page", 1, type=int)), 100_000)
    entries = (
        db.session.execute(
            audit_words.entries_query(event, chosen)
            .limit(AUDIT_PAGE_SIZE + 1)
            .offset((page - 1) * AUDIT_PAGE_SIZE)
        )
        .scalars()
        .all()
    )
    args = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "events/audit_log.html",
        event=event,
        form=form,
        entries=audit_words.describe(event, entries[:AUDIT_PAGE_SIZE]),
        page=page,
        has_more=len(entries) > AUDIT_PAGE_SIZE,
        args=args,
    )


@bp.route("/manage/events/<slug>/audit.xlsx")
@organiser_required
def audit_export(event):
    _form, chosen = _audit_filter(event)
    entries = (
        db.session.execute(audit_words.entries_query(event, chosen).limit(AUDIT_EXPORT_LIMIT)).scalars().all()
    )
    data = audit_words.audit_xlsx(event, audit_words.describe(event, entries))
    return send_file(
        io.BytesIO(data),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"audit-{event.slug}.xlsx",
    )


@bp.route("/invite/<token>", methods=["GET", "POST"])
def invitation(token: str):
    invitation = services.find_invitation(token)
    if invitation is None or not invitation.is_usable(utcnow()):
        return render_template("events/invitation_invalid.html"), 410 if invitation else 404
    form = SignUpForm()
    if current_user.is_authenticated:
        if request.method == "POST":
            return _accept(invitation, current_user)
        return render_template("events/invitation.html", invitation=invitation, form=None)
    if form.validate_on_submit():
        try:
            user = auth_services.create_user(form.email.data, form.name.data, form.new_password.data)
        except auth_services.AccountError as e:
            getattr(form, e.field).errors.append(str(e))
        else:
            session.clear()
            login_user(user)
            return _accept(invitation, user)
    return render_template("events/invitation.html", invitation=invitation, form=form)


def _accept(invitation: Invitation, user):
    try:
        membership = services.accept_invitation(invitation, user)
    except services.EventError as e:
        db.session.rollback()
        flash(str(e), "error")
        return redirect(url_for("events.manage_index"))
    db.session.commit()
    flash(_("Welcome to the team of %(title)s.", title=membership.event.title), "success")
    return redirect(url_for("events.event_overview", slug=membership.event.slug))
