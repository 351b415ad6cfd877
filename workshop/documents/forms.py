from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length

from workshop.documents.services import REPORT_TEXT_MAX

TOO_LONG = _l("At most %(max)d characters.", max=REPORT_TEXT_MAX)


def _report_text(label, rows: int, description=None):
    """One chapter of the report: a text of at most REPORT_TEXT_MAX characters."""
    return TextAreaField(
        label,
        validators=[Length(max=REPORT_TEXT_MAX, message=TOO_LONG)],
        render_kw={"rows": rows},
        description=description,
    )


class ReportForm(FlaskForm):
    background = _report_text(_l("Background (latar belakang)"), 8)
    legal_basis = _report_text(
        _l("Legal basis (dasar hukum)"),
        6,
        _l("One regulation per line, e.g. UU No. 35 Tahun 2014 tentang Perlindungan Anak."),
    )
    objectives = _report_text(_l("Objectives (maksud dan tujuan)"), 6)
    targets = _report_text(
        _l("Targets (sasaran)"),
        4,
        _l("Who the activity is for, e.g. the members of the Gugus Tugas KLA from the OPD."),
    )
    funding = _report_text(
        _l("Funding (pembiayaan / sumber dana)"),
        4,
        _l("As in the budget document (DPA), e.g. APBD Kota Serang 2026, the programme and the amount."),
    )
    closing_notes = _report_text(_l("Conclusions (kesimpulan)"), 6)
    suggestions = _report_text(_l("Suggestions (saran)"), 5)


class PhotoForm(FlaskForm):
    photo = FileField(
        _l("Photo (JPG or PNG)"),
        validators=[FileRequired(_l("Choose a photo."))],
        render_kw={"accept": "image/jpeg,image/png"},
    )
    caption = StringField(_l("Caption"), validators=[Length(max=300)])


class DeleteForm(FlaskForm):
    """Only the CSRF token."""


def _line(label, description=None):
    return StringField(
        label,
        validators=[Length(max=200, message=_l("At most 200 characters."))],
        description=description,
    )


class LetterheadForm(FlaskForm):
    """The letterhead (kop) and the daftar hadir's "Mengetahui" signatory; rules in letterhead.py."""

    logo = FileField(_l("Logo (PNG or JPG, at most 2 MB)"), render_kw={"accept": "image/jpeg,image/png"})
    remove_logo = BooleanField(_l("Remove the logo"))
    kop_line1 = _line(_l("Line 1"), _l("e.g. PEMERINTAH KOTA SERANG"))
    kop_line2 = _line(_l("Line 2"), _l("e.g. BADAN PERENCANAAN PEMBANGUNAN DAERAH"))
    kop_line3 = _line(_l("Line 3"), _l("e.g. the address and telephone"))
    kop_line4 = _line(_l("Line 4"), _l("e.g. e-mail and website"))
    witness_position = _line(
        _l("Position (jabatan)"), _l("e.g. Pejabat Pelaksana Teknis Kegiatan. Empty: no such block.")
    )
    witness_name = _line(_l("Name"))
    witness_rank = StringField(
        _l("Rank/grade (pangkat/golongan)"),
        validators=[Length(max=100, message=_l("At most 100 characters."))],
    )
    witness_nip = StringField(_l("NIP"), validators=[Length(max=24, message=_l("A NIP has 18 digits."))])
