"""Forms of the SPJ: shape and format; the rules are in workshop.honoraria.services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from workshop.honoraria.models import CATEGORIES, GOLONGAN
from workshop.honoraria.services import category_labels


def _text(label, max_length: int = 200, description=""):
    return StringField(
        label,
        description=description,
        validators=[Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length))],
    )


class SettingsForm(FlaskForm):
    """The rate table (one field per category, added below) and the signatories."""

    ppk_position = _text(_l("Position of the PPK"), 300, _l("As printed above the signature."))
    ppk_name = _text(_l("Name of the PPK (pejabat pembuat komitmen)"))
    ppk_nip = _text(_l("NIP of the PPK"), 24)
    treasurer_position = _text(_l("Position of the treasurer"), 300, _l("As printed above the signature."))
    treasurer_name = _text(_l("Name of the treasurer (bendahara pengeluaran)"))
    treasurer_nip = _text(_l("NIP of the treasurer"), 24)
    budget_line = _text(_l("Budget line (kode rekening)"), 300, _l("Printed on the kuitansi."))
    tax_confirmed_by = _text(
        _l("Tax rules confirmed by (the treasurer's name)"),
        200,
        _l("Empty: every tax rate is shown as a default the treasurer has still to confirm."),
    )


for _category in CATEGORIES:
    setattr(
        SettingsForm,
        f"rate_{_category}",
        _text(_l("Rate per JP (Rp)"), 20, _l("Empty: no rate for this category.")),
    )


class RecipientForm(FlaskForm):
    category = SelectField(_l("Category"), choices=lambda: list(category_labels().items()))
    golongan = SelectField(
        _l("Golongan (civil servants)"),
        choices=lambda: [("", _l("— none —"))] + [(g, g) for g in GOLONGAN],
        description=_l("Decides the default PPh 21 of a civil servant."),
    )
    npwp = _text(
        _l("NPWP"), 24, _l("15 digits (or the 16-digit NIK). Without it a non-ASN pays 20 % more tax.")
    )
    bank_name = _text(_l("Bank"), 100)
    account_number = _text(_l("Account number"), 30)
    account_holder = _text(_l("Account holder"), 200)
    jp_override = IntegerField(
        _l("JP (override)"),
        description=_l("Empty: the JP of the sessions the person speaks at or moderates."),
        validators=[Optional(), NumberRange(min=0, max=200, message=_l("Between 0 and 200."))],
    )
    tax_percent = _text(
        _l("PPh 21 set by the treasurer (percent of gross)"),
        10,
        _l("Empty: the default rule. Needed where no rule applies (PPPK)."),
    )
    is_paid = BooleanField(_l("Paid through this SPJ"), default=True)
