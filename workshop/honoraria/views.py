"""The SPJ pages, for the event's organisers only (they show NPWP and bank accounts)."""

from functools import partial

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from workshop.core import exporters
from workshop.core.web import save_form
from workshop.events.access import organiser_required
from workshop.honoraria import bp, forms, services, tax
from workshop.honoraria.models import CATEGORIES

MANAGE = "/manage/events/<slug>/spj"
DOCUMENT_KINDS = ("honorarium", "honorarium-xlsx", "kuitansi", "daftar-hadir-narasumber")


def _index(event) -> str:
    return url_for("honoraria.index", slug=event.slug)


def _rates(form) -> dict:
    return {c: getattr(form, f"rate_{c}").data for c in CATEGORIES}


# A form's save: the SpjError goes by the field it names (always one of the form's).
_save = partial(save_form, refused=services.SpjError, rollback=True)


@bp.route(MANAGE + "/")
@organiser_required
def index(event):
    lines = services.spj_lines(event)
    paid = [line for line in lines if line.is_paid]
    return render_template(
        "honoraria/index.html",
        event=event,
        lines=lines,
        totals=services.totals_of(paid),
        settings=services.get_settings(event),
        rates=services.rates_of(event),
        categories=services.category_labels(),
        rules=[(services.rule_label(rule), rule) for rule in tax.rules()],
        documents=[e for e in (exporters.get(k) for k in DOCUMENT_KINDS) if e is not None],
    )


@bp.route(MANAGE + "/settings", methods=["GET", "POST"])
@organiser_required
def settings(event):
    current = services.get_settings(event)
    form = forms.SettingsForm(obj=current)
    if not form.is_submitted():
        for category, amount in services.rates_of(event).items():
            getattr(form, f"rate_{category}").data = str(amount)
    done = _save(
        form,
        lambda: services.save_settings(event, form.data, _rates(form)),
        _("SPJ settings saved."),
        _index(event),
    )
    if done:
        return done
    status = 422 if form.errors else 200
    return render_template(
        "honoraria/settings.html", event=event, form=form, categories=services.category_labels()
    ), status


@bp.route(MANAGE + "/people/<int:attendee_id>", methods=["GET", "POST"])
@organiser_required
def person(event, attendee_id: int):
    line = services.line_for(event, attendee_id)
    if line is None:
        abort(404)
    saved = services.recipients_of(event).get(attendee_id)
    form = forms.RecipientForm(obj=saved)
    if not form.is_submitted():
        form.category.data = line.category
        form.golongan.data = line.golongan or ""
        if saved is not None and saved.tax_percent is not None:
            form.tax_percent.data = f"{saved.tax_percent.normalize():f}"
    done = _save(
        form, lambda: services.save_recipient(event, line.attendee, form.data), _("Saved."), _index(event)
    )
    if done:
        return done
    status = 422 if form.errors else 200
    rule_label = services.rule_label(line.rule) if line.rule else ""
    return render_template(
        "honoraria/person.html", event=event, form=form, line=line, rule_label=rule_label
    ), status


@bp.app_template_filter("rupiah")
def rupiah_filter(value) -> str:
    from workshop.honoraria.words import rupiah

    return rupiah(int(value or 0))


@bp.app_template_filter("npwp")
def npwp_filter(value) -> str:
    return services.format_npwp(value or "")


@bp.app_template_filter("percent")
def percent_filter(value) -> str:
    """A fraction as Indonesian writes a percentage: 0.025 -> "2,5 %"."""
    return services.percent_text(value)
