"""The SPJ of an event: who is on it, the figures of each row, totals as sums of rows, the pages
and documents, and NPWP and bank accounts nowhere else and gone after the purge."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from tests.honoraria.conftest import ACCOUNT, NPWP, NPWP_SHOWN
from tests.pdf_read import pdf_text
from workshop.core import exporters
from workshop.events.models import Event
from workshop.extensions import db
from workshop.honoraria import services
from workshop.honoraria.models import HonorariumRecipient

SPJ_KINDS = {"honorarium", "honorarium-xlsx", "kuitansi"}


def _event(spj):
    return db.session.get(Event, spj["event_id"])


def test_rows_and_totals(app, spj):
    with app.app_context():
        lines = {line.attendee.id: line for line in services.spj_lines(_event(spj))}
        # (JP, rate, gross, PPh 21, net), by hand.
        expected = {
            "iii": (2, 900_000, 1_800_000, 90_000, 1_710_000),  # PNS III: 5 %
            "iv": (3, 1_000_000, 3_000_000, 450_000, 2_550_000),  # PNS IV: 15 %
            "npwp": (2, 900_000, 1_800_000, 45_000, 1_755_000),  # non-ASN with NPWP: 2.5 %
            "none": (1, 900_000, 900_000, 27_000, 873_000),  # non-ASN without NPWP: 3 %
            "mod": (5, 700_000, 3_500_000, 175_000, 3_325_000),  # moderator, PNS III: 5 %
        }
        for key, figures in expected.items():
            line = lines[spj[key]]
            assert (line.jp, line.rate, line.gross, line.tax, line.net) == figures, key
            assert line.tax_is_default
        totals = services.totals_of(list(lines.values()))
        assert totals.gross == sum(f[2] for f in expected.values())
        assert totals.tax == sum(f[3] for f in expected.values())
        assert totals.net == sum(f[4] for f in expected.values()) == totals.gross - totals.tax


def test_totals_are_sums_of_rounded_rows(app, spj):
    with app.app_context():
        event = _event(spj)
        services.save_settings(event, {}, {"non-asn": "333333"})
        lines = [line for line in services.spj_lines(event) if line.category == "non-asn"]
        assert [line.tax for line in lines] == [16_667, 10_000]  # 16.666,65 and 9.999,99
        totals = services.totals_of(lines)
        assert totals.tax == 26_667  # not 26.666 (the tax of the summed gross)
        assert totals.net == sum(line.net for line in lines)


def test_override_jp_and_the_treasurers_rate(app, spj):
    with app.app_context():
        event = _event(spj)
        person = db.session.get(services.Attendee, spj["iii"])
        services.save_recipient(
            event, person, {"category": "asn", "golongan": "III", "jp_override": 4, "tax_percent": "2,5"}
        )
        line = services.line_for(event, spj["iii"])
        assert (line.jp, line.gross, line.tax, line.tax_is_default) == (4, 3_600_000, 90_000, False)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"category": "x"}, "category"),
        ({"category": "asn", "golongan": "V"}, "golongan"),
        ({"category": "asn"}, "golongan"),  # neither golongan nor the treasurer's rate
        ({"category": "non-asn", "npwp": "12345"}, "npwp"),
        ({"category": "non-asn", "account_number": "12ab"}, "account_number"),
        ({"category": "non-asn", "tax_percent": "101"}, "tax_percent"),
        ({"category": "non-asn", "tax_percent": "abc"}, "tax_percent"),
    ],
)
def test_bad_recipient_data_is_refused(app, spj, data, field):
    with app.app_context():
        person = db.session.get(services.Attendee, spj["none"])
        with pytest.raises(services.SpjError) as error:
            services.save_recipient(_event(spj), person, data)
        assert error.value.field == field


def test_the_organiser_edits_a_person_and_the_rates(app, spj, as_role, world):
    client = as_role("organiser")
    base = f"/manage/events/{world.event_slug}/spj"
    page = client.get(base + "/")
    assert page.status_code == 200 and NPWP_SHOWN.encode() in page.data and ACCOUNT.encode() in page.data
    answer = client.post_form(base + f"/people/{spj['none']}", {"category": "non-asn", "npwp": "12"})
    assert answer.status_code == 422
    answer = client.post_form(
        base + f"/people/{spj['none']}",
        {
            "category": "non-asn",
            "golongan": "",
            "npwp": "",
            "bank_name": "Bank X",
            "account_number": "123 456 789",
            "account_holder": "Andi",
            "is_paid": "y",
        },
    )
    assert answer.status_code == 302
    answer = client.post_form(base + "/settings", {"rate_non-asn": "9x"})
    assert answer.status_code == 422
    answer = client.post_form(
        base + "/settings", {"rate_non-asn": "950.000", "ppk_nip": "19780305 200501 2 003"}
    )
    assert answer.status_code == 302
    with app.app_context():
        line = services.line_for(_event(spj), spj["none"])
        assert line.account_number == "123456789" and line.rate == 950_000


def _texts(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        try:
            return "\n".join(pdf_text(data))
        except Exception:  # a test's stand-in material, not a real PDF
            return data.decode("latin-1")
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(_texts(archive.read(name)) for name in archive.namelist())
    return data.decode("utf-8", "replace")


def _leaks(text: str) -> list[str]:
    return [s for s in (NPWP, NPWP_SHOWN, ACCOUNT) if s in text.replace(" ", "")]


def test_spj_documents_carry_the_figures(app, spj):
    with app.app_context():
        event = _event(spj)
        sheet = " ".join(_texts(exporters.make("honorarium", event, "http://localhost")).split())
        assert "Drs. Hartono Wibisono, M.Si." in sheet and "450.000" in sheet and ACCOUNT in sheet
        assert NPWP_SHOWN in sheet
        receipts = pdf_text(exporters.make("kuitansi", event, "http://localhost"))
        assert len(receipts) == 5
        assert any("Tiga juta rupiah" in page for page in receipts)  # Hartono's gross
        workbook = _texts(exporters.make("honorarium-xlsx", event, "http://localhost"))
        assert ACCOUNT in workbook and "SUM(" in workbook
        hadir = _texts(exporters.make("daftar-hadir-narasumber", event, "http://localhost"))
        assert "Andi Wijaya" in hadir and not _leaks(hadir)


def test_npwp_and_accounts_appear_nowhere_else(app, spj, as_role, url_values, tmp_path, runner, world):
    """Every other page and export of the event, as organiser and as staff, and the bundle."""
    from tests.test_authorization_matrix import MATRIX

    organiser = as_role("organiser")
    answer = organiser.post_form(
        f"/manage/events/{world.event_slug}/spj/people/{spj['none']}",
        {
            "category": "non-asn",
            "golongan": "",
            "npwp": NPWP,
            "bank_name": "Bank Uji",
            "account_number": ACCOUNT,
            "account_holder": "Andi",
            "is_paid": "y",
        },
    )
    assert answer.status_code == 302
    for kind in ("organiser", "staff"):
        client = as_role(kind)
        for endpoint, (method, url, _answers) in sorted(MATRIX.items()):
            if method != "GET" or endpoint.startswith("honoraria."):
                continue
            try:
                response = client.get(url.format(**url_values))
            except KeyError:
                continue
            data, status = response.data, response.status_code
            response.close()
            if status == 200:
                assert not _leaks(_texts(data)), f"{endpoint} as {kind}"
    with app.app_context():
        from workshop.core.audit import AuditEntry

        # The audit log records that they changed, never the values (__audit_secret__).
        changes = db.session.execute(select(AuditEntry.changes)).scalars().all()
        assert "npwp" in repr(changes) and not _leaks(repr(changes))
        event = _event(spj)
        for export in exporters.available_for(event):
            if export.kind in SPJ_KINDS:
                continue
            assert not _leaks(_texts(export.make(event, "http://localhost"))), export.kind
    target = tmp_path / "bundle.zip"
    result = runner.invoke(args=["documents", "bundle", world.event_slug, str(target)])
    assert result.exit_code == 0, result.output
    assert not _leaks(_texts(target.read_bytes()))


def test_the_purge_removes_npwp_and_accounts(app, spj):
    from workshop.core.audit import acting_as
    from workshop.lifecycle import services as lifecycle

    with app.app_context(), acting_as("test"):
        event = _event(spj)
        lifecycle.purge_event(event)
        db.session.commit()
        assert db.session.execute(select(HonorariumRecipient)).scalars().all() == []
        from workshop.core.audit import AuditEntry

        entries = db.session.execute(select(AuditEntry.changes)).scalars().all()
        assert not _leaks(repr(entries))
        assert not _leaks(_texts(exporters.make("honorarium", event, "http://localhost")))


def test_the_spreadsheet_escapes_formulas(app, spj):
    from openpyxl import load_workbook

    with app.app_context():
        event = _event(spj)
        person = db.session.get(services.Attendee, spj["none"])
        services.save_recipient(event, person, {"category": "non-asn", "bank_name": "=HYPERLINK(1)"})
        workbook = load_workbook(io.BytesIO(exporters.make("honorarium-xlsx", event, "http://localhost")))
        values = [cell.value for row in workbook.active.iter_rows() for cell in row]
        assert "'=HYPERLINK(1)" in values and "=HYPERLINK(1)" not in values
