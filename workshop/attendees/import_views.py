"""Organiser pages for importing attendees from a spreadsheet: upload, preview, confirm, cancel.

Nothing is written to the database before the confirm. Between preview and confirm the file waits
in the storage folder under a random name (the app is stateless across workers, DESIGN.md §4);
the signed session holds only that name and the original filename. The confirm reads the file
again and refuses when the check no longer gives what the preview showed.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from workshop.attendees import bp, importing
from workshop.events.access import organiser_required
from workshop.extensions import db

SESSION_KEY = "attendee_import"


class ImportUploadForm(FlaskForm):
    file = FileField(
        _l("Spreadsheet (.xlsx or .csv)"),
        validators=[FileRequired(_l("Choose the file to import."))],
        render_kw={
            "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        },
    )


class ImportConfirmForm(FlaskForm):
    """The button does what it says: adds the new rows, updates the changed ones, leaves out the
    rows with errors (counted on the button's page); no second switch."""

    digest = HiddenField()


class ImportCancelForm(FlaskForm):
    pass


# ---- the pending upload, kept between preview and confirm ------------------------------------


def _pending(event) -> dict | None:
    pending = session.get(SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("event") != event.id:
        return None
    if importing.pending_path(current_app, pending.get("token", ""), pending.get("kind", "")) is None:
        return None
    return pending


def _forget(pending: dict | None) -> None:
    if pending:
        importing.delete_pending(current_app, pending.get("token", ""), pending.get("kind", ""))
    session.pop(SESSION_KEY, None)


def _load(event):
    """(pending, bytes) of this event's waiting upload, or (None, None)."""
    pending = _pending(event)
    if pending is None:
        return None, None
    data = importing.load_pending(current_app, pending["token"], pending["kind"])
    if data is None:  # removed after a day, or confirmed in another tab
        session.pop(SESSION_KEY, None)
        return None, None
    return pending, data


def _preview_url(event) -> str:
    return url_for("attendees.import_preview", slug=event.slug)


# ---- pages -------------------------------------------------------------------------------------


@bp.route("/manage/events/<slug>/attendees/import", methods=["GET", "POST"])
@organiser_required
def import_upload(event):
    form = ImportUploadForm()
    if form.validate_on_submit():
        limit = current_app.config["IMPORT_MAX_BYTES"]
        data = form.file.data.stream.read(limit + 1)
        try:
            if len(data) > limit:
                raise importing.too_large(limit)
            parsed = importing.read_people(data)
        except importing.ImportFileError as problem:
            form.file.errors = list(form.file.errors) + [str(problem)]
        else:
            importing.cleanup_pending(current_app)
            _forget(session.get(SESSION_KEY) if isinstance(session.get(SESSION_KEY), dict) else None)
            token = importing.save_pending(current_app, data, parsed.kind)
            filename = (form.file.data.filename or "").replace("\\", "/").rsplit("/", 1)[-1][:120]
            session[SESSION_KEY] = {"event": event.id, "token": token, "kind": parsed.kind, "name": filename}
            return redirect(_preview_url(event))
    return render_template(
        "attendees/import_upload.html",
        event=event,
        form=form,
        max_mb=f"{current_app.config['IMPORT_MAX_BYTES'] / (1024 * 1024):g}",
        has_pending=_pending(event) is not None,
        demo_form=ImportCancelForm() if _has_demo_reimport(event) else None,
    )


def _has_demo_reimport(event) -> bool:
    from workshop.demo.imports import has_reimport

    return has_reimport(event)


def _render_preview(event, pending, result, form):
    return render_template(
        "attendees/import_preview.html",
        event=event,
        pending=pending,
        result=result,
        form=form,
        cancel_form=ImportCancelForm(),
        labels=importing.field_labels(),
    )


@bp.route("/manage/events/<slug>/attendees/import/preview")
@organiser_required
def import_preview(event):
    pending, data = _load(event)
    if pending is None:
        return render_template("attendees/import_preview.html", event=event, pending=None, result=None)
    try:
        result = importing.check_import(event, data)
    except importing.ImportFileError as problem:  # cannot happen for a file that passed the upload
        _forget(pending)
        flash(str(problem), "error")
        return redirect(url_for("attendees.import_upload", slug=event.slug))
    form = ImportConfirmForm(data={"digest": result.digest})
    return _render_preview(event, pending, result, form)


@bp.route("/manage/events/<slug>/attendees/import/confirm", methods=["POST"])
@organiser_required
def import_confirm(event):
    pending, data = _load(event)
    if pending is None:
        flash(_("There is no file waiting to be imported. Upload it again."), "error")
        return redirect(url_for("attendees.import_upload", slug=event.slug))
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("attendees.import_preview", slug=event.slug))
    try:
        result = importing.check_import(event, data)
    except importing.ImportFileError as problem:
        _forget(pending)
        flash(str(problem), "error")
        return redirect(url_for("attendees.import_upload", slug=event.slug))
    if result.digest != form.digest.data:
        flash(
            _(
                "The check now gives a different result than the preview you saw (an option, the "
                "file or the attendee list changed). Look at the rows again, then confirm."
            ),
            "warning",
        )
        return redirect(_preview_url(event))
    if not result.to_store():
        form.form_errors.append(
            _("Nothing to import: every row is already registered as it is, or has errors.")
        )
        return _render_preview(event, pending, result, form)
    try:
        done = importing.commit_import(event, result, allow_errors=True)
        db.session.commit()
    except Exception as error:  # all rows or none: nothing of this import stays
        db.session.rollback()
        current_app.logger.error("Import into event %s failed: %s", event.id, type(error).__name__)
        form.form_errors.append(
            _(
                "The import failed and nothing was saved. Please try again; if it "
                "fails again, tell the administrator."
            )
        )
        return _render_preview(event, pending, result, form)
    _forget(pending)
    flash(
        _(
            "Imported: %(created)d added, %(updated)d updated, %(unchanged)d already registered "
            "and unchanged, %(skipped)d rows with errors left out.",
            created=done.created,
            updated=done.updated,
            unchanged=done.unchanged,
            skipped=done.skipped_errors,
        ),
        "success",
    )
    return redirect(url_for("attendees.index", slug=event.slug))


@bp.route("/manage/events/<slug>/attendees/import/demo", methods=["POST"])
@organiser_required
def import_demo(event):
    """The demo's corrected copy of its list (workshop/demo/imports.py) as if just uploaded."""
    from workshop.demo.imports import has_reimport, reimport_path

    form = ImportCancelForm()
    if not form.validate_on_submit() or not has_reimport(event):
        return redirect(url_for("attendees.import_upload", slug=event.slug))
    importing.cleanup_pending(current_app)
    _forget(session.get(SESSION_KEY) if isinstance(session.get(SESSION_KEY), dict) else None)
    token = importing.save_pending(current_app, reimport_path(event).read_bytes(), "xlsx")
    session[SESSION_KEY] = {
        "event": event.id,
        "token": token,
        "kind": "xlsx",
        "name": "peserta-perbaikan.xlsx",
    }
    return redirect(_preview_url(event))


@bp.route("/manage/events/<slug>/attendees/import/cancel", methods=["POST"])
@organiser_required
def import_cancel(event):
    form = ImportCancelForm()
    if form.validate_on_submit():
        _forget(_pending(event))
        flash(_("The import was cancelled; the uploaded file was deleted."), "success")
    return redirect(url_for("attendees.import_upload", slug=event.slug))
