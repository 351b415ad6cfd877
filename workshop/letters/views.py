import io
from functools import partial

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshop.core.exporters import MIMETYPES
from workshop.core.web import save_form
from workshop.documents.letterhead import kop_for
from workshop.events.access import event_member_required
from workshop.extensions import db
from workshop.letters import bp, exports, forms, pdf, services, word
from workshop.letters.models import LetterKind, LetterSettings

KINDS = {kind.value for kind in LetterKind}


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        abort(404)
    return kind


def _index(event) -> str:
    return url_for("letters.index", slug=event.slug)


# A form's save: the LetterError goes by the field it names (always one of the form's).
_save = partial(save_form, refused=services.LetterError, rollback=True)


@bp.route("/manage/events/<slug>/letters", methods=["GET", "POST"])
@event_member_required("organiser")
def index(event):
    """The letters' settings, whom they go to, and the buttons that number and register them."""
    current = services.get_settings(event)
    form = forms.LetterSettingsForm(obj=current)
    done = _save(
        form, lambda: services.save_settings(event, form.data), _("Letter settings saved."), _index(event)
    )
    if done:
        return done
    status = 422 if form.errors else 200
    return (
        render_template(
            "letters/index.html",
            event=event,
            form=form,
            generate_form=forms.GenerateForm(),
            institutions=services.invited_institutions(event),
            speakers=services.external_speakers(event),
            registered=services.registered_by_target(event),
            saved=db.session.get(LetterSettings, event.id) is not None,
        ),
        status,
    )


@bp.route("/manage/events/<slug>/letters/<kind>/<int:key>", methods=["GET", "POST"])
@event_member_required("organiser")
def addressee(event, kind: str, key: int):
    """Whom one letter goes to: the head's title, the address line, how many people."""
    target = services.find_target(event, _kind_or_404(kind), key)
    if target is None:
        abort(404)
    form = forms.AddresseeForm(
        data={
            "head_title": target.addressee,
            "address": target.address,
            "people_requested": target.people_requested,
        }
    )
    done = _save(
        form,
        lambda: services.save_addressee(
            event, kind, key, form.head_title.data, form.address.data, form.people_requested.data
        ),
        _("Addressee saved."),
        _index(event),
    )
    if done:
        return done
    status = 422 if form.errors else 200
    return render_template("letters/addressee.html", event=event, form=form, target=target, kind=kind), status


@bp.route("/manage/events/<slug>/letters/<kind>/<int:key>/preview.pdf")
@event_member_required("organiser")
def preview(event, kind: str, key: int):
    """The letter as it will print: the registered one, else a draft with the number blank."""
    target = services.find_target(event, _kind_or_404(kind), key)
    if target is None:
        abort(404)
    settings = services.get_settings(event)
    letter = services.registered_by_target(event).get((kind, key))
    content = services.content(event, settings, kop_for(event), target=target, letter=letter)
    return send_file(
        io.BytesIO(pdf.letter_pdf(content, author=event.issuing_body)),
        mimetype=MIMETYPES["pdf"],
        download_name=f"{content.file_stem}.pdf",
    )


@bp.route("/manage/events/<slug>/letters/<kind>/generate", methods=["POST"])
@event_member_required("organiser")
def generate(event, kind: str):
    _kind_or_404(kind)
    form = forms.GenerateForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        letters = services.generate(event, kind, current_user)
    except services.LetterError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("letters.index", slug=event.slug))
    db.session.commit()
    flash(_("%(count)d letters numbered and registered.", count=len(letters)), "success")
    return redirect(url_for("letters.register", slug=event.slug))


@bp.route("/manage/events/<slug>/letters/register")
@event_member_required("organiser")
def register(event):
    """The register of letters sent (buku agenda surat keluar)."""
    return render_template("letters/register.html", event=event, letters=services.registered(event))


def _send_letter(event, letter_id: int, fmt: str):
    letter = services.get_letter(event, letter_id)
    if letter is None:
        abort(404)
    content = services.content(event, services.get_settings(event), kop_for(event), letter=letter)
    render = pdf.letter_pdf if fmt == "pdf" else word.letter_docx
    return send_file(
        io.BytesIO(render(content, author=event.issuing_body)),
        mimetype=MIMETYPES[fmt],
        download_name=f"{content.file_stem}.{fmt}",
    )


@bp.route("/manage/events/<slug>/letters/register/<int:letter_id>.pdf")
@event_member_required("organiser")
def letter_pdf(event, letter_id: int):
    return _send_letter(event, letter_id, "pdf")


@bp.route("/manage/events/<slug>/letters/register/<int:letter_id>.docx")
@event_member_required("organiser")
def letter_docx(event, letter_id: int):
    return _send_letter(event, letter_id, "docx")


@bp.route("/manage/events/<slug>/letters/<kind>/all.<fmt>")
@event_member_required("organiser")
def download(event, kind: str, fmt: str):
    """Every letter of the kind as one PDF (a bookmark per addressee) or a ZIP of separate files."""
    _kind_or_404(kind)
    if fmt not in ("pdf", "zip"):
        abort(404)
    data = exports.all_pdf(event, kind) if fmt == "pdf" else exports.all_zip(event, kind)
    return send_file(
        io.BytesIO(data),
        mimetype=MIMETYPES[fmt],
        download_name=f"{exports.KINDS[kind]}-{event.slug}.{fmt}",
    )
