"""The SPJ documents of an event, from services.spj_lines: the daftar penerimaan honorarium (PDF
and .xlsx with the same figures), the kuitansi of every person, and the daftar hadir narasumber
(one list for the whole event, grouped by session, with a signature column). NPWP and bank
accounts appear in these organiser documents only."""

from __future__ import annotations

import io

from flask_babel import format_date
from flask_babel import gettext as _

from workshop.core.signing import Signer, Signing, person_lines
from workshop.documents.daftar_hadir import Row, Sheet
from workshop.documents.daftar_hadir import render as render_daftar_hadir
from workshop.documents.letterhead import kop_for
from workshop.events.models import Event
from workshop.honoraria import pdf, services
from workshop.honoraria.words import rupiah, rupiah_words


def _event_lines(event: Event) -> list[str]:
    if event.starts_on == event.ends_on:
        dates = format_date(event.starts_on, "d MMMM yyyy")
    else:
        dates = f"{format_date(event.starts_on, 'd MMMM yyyy')} – {format_date(event.ends_on, 'd MMMM yyyy')}"
    return [event.title, ", ".join(filter(None, [dates, event.venue, event.city]))]


def _place_and_date(event: Event) -> str:
    place = event.place_name or event.city or ""
    return f"{place}, {format_date(event.ends_on, 'd MMMM yyyy')}".lstrip(", ")


def _official(position: str, fallback: str, name: str, nip: str, lead: str = "") -> Signer:
    if not name:
        return Signer(position or fallback, "(" + "." * 40 + ")", lead=lead)
    _rank, id_line = person_lines(nip, "PNS", None) if nip else ("", "")
    return Signer(position or fallback, name, id_line=id_line, lead=lead)


def _signers(event: Event) -> tuple[Signer, Signer]:
    """(the bendahara, the PPK)."""
    settings = services.get_settings(event)
    treasurer = _official(
        settings.treasurer_position, _("Treasurer"), settings.treasurer_name, settings.treasurer_nip
    )
    ppk = _official(
        settings.ppk_position,
        _("Commitment official (PPK)"),
        settings.ppk_name,
        settings.ppk_nip,
        lead=_("Approved for payment,"),
    )
    return treasurer, ppk


def tax_note(event: Event) -> str:
    confirmed = services.get_settings(event).tax_confirmed_by
    if confirmed:
        return _("PPh 21 by the rules confirmed by the treasurer %(name)s.", name=confirmed)
    return _("PPh 21 by default rules (PP 80/2010, PMK 168/2023) not yet confirmed by the treasurer.")


def _id_lines(line: services.Line) -> list[str]:
    _rank, id_line = person_lines(line.attendee.nip, line.attendee.category, line.attendee.golongan)
    npwp = f"NPWP {services.format_npwp(line.npwp)}" if line.npwp else _("without NPWP")
    return [id_line, npwp]


def _position(line: services.Line) -> str:
    return ", ".join(filter(None, [line.attendee.position, line.attendee.institution_name]))


def _role_text(line: services.Line) -> str:
    labels = {"narasumber": _("speaker"), "moderator": _("moderator")}
    return _(" and ").join(labels.get(role, role) for role in line.roles)


def pay_sheet(event: Event) -> pdf.PaySheet:
    lines = services.spj_lines(event, paid_only=True)
    totals = services.totals_of(lines)
    treasurer, ppk = _signers(event)
    return pdf.PaySheet(
        title=_("LIST OF RECEIPT OF SPEAKERS' AND MODERATORS' FEES"),
        subtitle=_event_lines(event),
        headers=[
            _("No"),
            _("Name / NIP / NPWP"),
            _("Position, institution"),
            _("Gol."),
            "JP",
            _("Rate per JP (Rp)"),
            _("Gross (Rp)"),
            _("PPh 21 (Rp)"),
            _("Net (Rp)"),
            _("Bank account"),
            _("Signature"),
        ],
        rows=[
            pdf.PayRow(
                name=line.attendee.full_name,
                id_lines=_id_lines(line),
                position=_position(line),
                golongan=line.golongan or "–",
                jp=line.jp,
                rate=line.rate,
                gross=line.gross,
                tax=line.tax,
                tax_percent=line.tax_percent_text,
                net=line.net,
                account=[
                    line.bank_name,
                    line.account_number,
                    f"a.n. {line.account_holder}" if line.account_holder else "",
                ],
            )
            for line in lines
        ],
        total_label=_("Total"),
        totals=(totals.jp, totals.gross, totals.tax, totals.net),
        notes=[
            tax_note(event),
            _("The tax of each row is rounded to the rupiah (half up); the totals are the sums of the rows."),
        ],
        signing=Signing(_place_and_date(event), treasurer, ppk),
        kop=kop_for(event),
        author=event.issuing_body,
        empty_text=_("No speaker or moderator on the agenda yet."),
    )


def pay_sheet_pdf(event: Event) -> bytes:
    return pdf.render_pay_sheet(pay_sheet(event))


def receipts(event: Event) -> pdf.Receipts:
    treasurer, ppk = _signers(event)
    settings = services.get_settings(event)
    payer = settings.treasurer_position or _("Treasurer of %(body)s", body=event.issuing_body)
    items = []
    for line in services.spj_lines(event, paid_only=True):
        sessions = "; ".join(s.title for s in line.sessions if s.jp)
        purpose = _(
            "Fee as %(role)s of %(event)s: %(jp)d JP × %(rate)s",
            role=_role_text(line),
            event=event.title,
            jp=line.jp,
            rate=rupiah(line.rate),
        ) + (f" ({sessions})" if sessions else "")
        fields = [
            (_("Number"), "…………………………"),
            (_("Fiscal year"), str(event.ends_on.year)),
        ]
        if settings.budget_line:
            fields.append((_("Budget line"), settings.budget_line))
        fields += [
            (_("Received from"), payer),
            (_("The sum of"), rupiah(line.gross)),
            (_("For payment of"), purpose),
        ]
        items.append(
            pdf.Receipt(
                title=_("RECEIPT"),
                fields=fields,
                amount_label=_("In words"),
                amount_words=rupiah_words(line.gross),
                total=line.gross,
                figures=[
                    (_("Gross fee"), rupiah(line.gross)),
                    (f"{_('PPh 21')} ({line.tax_percent_text})", rupiah(line.tax)),
                    (_("Net received"), rupiah(line.net)),
                ],
                receiver=Signing(
                    _place_and_date(event),
                    Signer(_("Received by,"), line.attendee.full_name, id_line=_id_lines(line)[0]),
                ),
                payers=Signing(_("Paid in full,"), treasurer, ppk),
            )
        )
    return pdf.Receipts(
        receipts=items,
        title=_("RECEIPT"),
        subject=event.title,
        kop=kop_for(event),
        author=event.issuing_body,
        empty_text=_("No speaker or moderator on the agenda yet."),
    )


def receipts_pdf(event: Event) -> bytes:
    return pdf.render_receipts(receipts(event))


def daftar_hadir_pdf(event: Event) -> bytes:
    """One list for the whole event: a heading per paid session (JP above 0), its speakers and
    moderator under it, room to sign; the bendahara signs on the right, the PPK ("Mengetahui,")
    on the left."""
    treasurer, ppk = _signers(event)
    ppk = Signer(ppk.position, ppk.name, ppk.rank, ppk.id_line)  # on a list: "Mengetahui,"
    rows = []
    for line in services.spj_lines(event, paid_only=True):
        # The sessions the fee is paid for (opening and closing words count 0 JP).
        for session in [s for s in line.sessions if s.jp] or [None]:
            heading = "–"
            if session is not None:
                start, end = event.local(session.starts_at), event.local(session.ends_at)
                heading = (
                    f"{session.title} · {format_date(start.date(), 'EEEE, d MMMM yyyy')} "
                    f"{start:%H:%M}–{end:%H:%M} {event.tz_label}"
                )
            role = (
                "moderator"
                if session is not None and session.moderator_id == line.attendee.id
                else "narasumber"
            )
            rows.append(
                (
                    session.starts_at if session is not None else None,
                    Row(
                        name=line.attendee.full_name,
                        nip=_id_lines(line)[0].replace("NIP ", ""),
                        position=f"{_role_text_one(role)}: {_position(line)}",
                        institution=heading,
                        gender=line.attendee.gender,
                    ),
                )
            )
    rows.sort(key=lambda pair: (pair[0] is None, pair[0] or 0, pair[1].institution))
    sheet = Sheet(
        title=_("ATTENDANCE LIST OF SPEAKERS AND MODERATORS"),
        event_title=event.title,
        session_title=_("All sessions"),
        when=_event_lines(event)[1],
        place="",
        headers=["No", _("Name"), "NIP", _("Role, position"), "L/P", _("Time"), _("Signature")],
        rows=[row for _when, row in rows],
        signing=Signing(_place_and_date(event), treasurer, ppk),
        empty_text=_("No speaker or moderator on the agenda yet."),
        kop=kop_for(event),
        author=event.issuing_body,
    )
    return render_daftar_hadir(sheet)


def _role_text_one(role: str) -> str:
    return {"narasumber": _("Speaker"), "moderator": _("Moderator")}.get(role, role)


def pay_sheet_xlsx(event: Event) -> bytes:
    """The same figures as the PDF: a row per person, a totals row of SUM formulas over the rows,
    texts formula-escaped, printed A4 landscape on one page wide."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Alignment, Font

    from workshop.core.text import escape_formula

    sheet_data = pay_sheet(event)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "SPJ"

    def text(row: int, column: int, value: str, bold: bool = False):
        cell = sheet.cell(row=row, column=column, value=escape_formula(value or ""))
        cell.data_type = TYPE_STRING
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)
        return cell

    text(1, 1, sheet_data.title, bold=True)
    text(2, 1, " · ".join(sheet_data.subtitle))
    headers = (
        [sheet_data.headers[0], _("Name"), "NIP", "NPWP"]
        + sheet_data.headers[2:9]
        + [
            _("Bank"),
            _("Account number"),
            _("Account holder"),
        ]
    )
    for column, header in enumerate(headers, start=1):
        text(4, column, header, bold=True)
    lines = services.spj_lines(event, paid_only=True)
    first = 5
    for offset, line in enumerate(lines):
        r = first + offset
        sheet.cell(row=r, column=1, value=offset + 1)
        text(r, 2, line.attendee.full_name)
        text(r, 3, _id_lines(line)[0])
        text(r, 4, services.format_npwp(line.npwp) if line.npwp else "")
        text(r, 5, _position(line))
        text(r, 6, line.golongan or "")
        for column, value in ((7, line.jp), (8, line.rate), (9, line.gross), (10, line.tax), (11, line.net)):
            cell = sheet.cell(row=r, column=column, value=value)
            if column > 7:
                cell.number_format = "#,##0"
        text(r, 12, line.bank_name)
        text(r, 13, line.account_number)
        text(r, 14, line.account_holder)
    total_row = first + len(lines)
    text(total_row, 2, sheet_data.total_label, bold=True)
    last = total_row - 1
    for column in (7, 9, 10, 11):
        letter = "GHIJK"[column - 7]
        cell = sheet.cell(
            row=total_row, column=column, value=f"=SUM({letter}{first}:{letter}{last})" if lines else 0
        )
        cell.font = Font(bold=True)
        cell.number_format = "#,##0"
    for note_offset, note in enumerate(sheet_data.notes, start=2):
        text(total_row + note_offset, 2, note)
    for letter, width in zip("ABCDEFGHIJKLMN", (5, 32, 24, 22, 36, 6, 6, 12, 13, 12, 13, 14, 18, 26)):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "4:4"
    sheet.freeze_panes = "C5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
