import io

from flask import abort, request, send_file, url_for

from workshop.agenda import services as agenda_services
from workshop.checkin import services as checkin_services
from workshop.documents import bp, services
from workshop.events.access import event_member_required


@bp.route("/manage/events/<slug>/agenda/<int:session_id>/daftar-hadir.pdf")
@event_member_required("organiser", "staff")
def daftar_hadir(event, session_id: int):
    session = agenda_services.get_session(event, session_id)
    if session is None:
        abort(404)
    kind = request.args.get("list", "peserta")
    if kind not in services.LISTS:
        abort(404)
    # Before the session: blank, for signatures. Once anyone has checked in: with their times.
    checked_in = checkin_services.checked_in_for(session)
    pdf = services.daftar_hadir_pdf(event, session, kind, checked_in, signatory=services.committee_head(event))
    day = event.local(session.starts_at).date().isoformat()
    name = f"daftar-hadir-{kind}-{session.id}-{day}.pdf"
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=name)


@bp.route("/manage/events/<slug>/agenda/<int:session_id>/poster.pdf")
@event_member_required("organiser", "staff")
def poster(event, session_id: int):
    """The A4 self check-in poster of a session (its QR opens /c/<session code>)."""
    session = agenda_services.get_session(event, session_id)
    if session is None:
        abort(404)
    url = url_for("checkin.self_checkin", session_code=session.code, _external=True)
    pdf = services.poster_pdf(event, session, url)
    day = event.local(session.starts_at).date().isoformat()
    return send_file(io.BytesIO(pdf), mimetype="application/pdf", download_name=f"poster-absensi-{session.id}-{day}.pdf")
