"""Issue 14: certificates as an organiser files them. The signing protocol (issuing official on the
right under place and date, the second signatory left under "Mengetahui"), nobody signing their own
certificate, the wording per role with a speaker's own sessions and JP, PPPK identity lines, the
institution's full name, PDF properties, number series per role; all read back from the PDF."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.certificates.conftest import AFTER, add_session, attend, configure
from tests.conftest import make_attendee
from tests.demo_snapshot import seed_demo
from tests.pdf_read import pdf_find, pdf_page_width, pdf_pages, pdf_text
from workshop.attendees.models import Attendee
from workshop.certificates import services
from workshop.certificates.models import Certificate
from workshop.extensions import db

BASE = "https://bintek.example.go.id/"
ISSUER = "Dr. Ir. H. Bambang Suprapto, M.Si."


def _flat(body: bytes, page: int = 0) -> str:
    return " ".join(pdf_text(body)[page].split())


def _render(setup, person, lang="id") -> bytes:
    return services.render_certificate(setup["event"], services.certificate_of(person), lang, BASE)


def test_issuing_official_right_under_place_and_date_second_left_under_mengetahui(setup):
    configure(
        setup["event"],
        signatory1_rank="Pembina Utama Muda (IV/c)",
        signatory2_title="Ketua Panitia",
        signatory2_name="Siti Rahmawati, S.E.",
        signatory2_nip="19800101 200501 2 002",
    )
    services.issue_due(setup["event"], now=AFTER)
    body = _render(setup, setup["ani"])
    middle = pdf_page_width(body) / 2
    place = pdf_find(body, "Kota Serang, 20 November 2026")
    issuer = pdf_find(body, ISSUER)
    assert issuer[0] > middle and place[0] > middle
    assert place[1] > issuer[3]  # place and date above the issuing official
    assert pdf_find(body, "Kepala Bappeda Kota Serang")[1] > issuer[3]  # jabatan above the name
    assert pdf_find(body, "Pembina Utama Muda (IV/c)")[3] < issuer[1]  # pangkat under it
    knows, second = pdf_find(body, "Mengetahui,"), pdf_find(body, "Siti Rahmawati, S.E.")
    assert second[0] < issuer[0] and knows[1] > second[3]
    assert abs(knows[1] - place[1]) < 1  # both columns start on one line


def test_speaker_certificate_names_their_sessions_and_their_own_jp(setup):
    speaker = setup["speaker"]
    talk = add_session(
        setup["event"], "Konvensi Hak Anak dan Kebijakan KLA", 3, "15:00", 135, speaker_ids=[speaker.id]
    )
    db.session.flush()
    services.issue_due(setup["event"], now=AFTER)
    certificate = services.certificate_of(speaker)
    assert certificate.data["jp"] == talk.jp == 3  # 135 minutes: 3 JP, not the event's 12
    flat = _flat(_render(setup, speaker))
    assert "sebagai NARASUMBER" in flat and "telah mengikuti" not in flat
    assert "dengan materi “Konvensi Hak Anak dan Kebijakan KLA” (3 JP)" in flat
    assert "sebanyak 3 JP" in flat


def test_moderator_facilitator_and_committee_took_part_as_what_they_did(setup):
    event = setup["event"]
    moderator = make_attendee(
        event,
        full_name="Rina Moderator",
        role="moderator",
        nip="",
        golongan="",
        category="non-ASN",
        phone="0812-0000-0011",
    )
    committee = make_attendee(
        event,
        full_name="Dodi Panitia",
        role="panitia",
        position="Sekretaris Panitia",
        nip="",
        golongan="",
        category="non-ASN",
        phone="0812-0000-0012",
    )
    facilitator = make_attendee(
        event,
        full_name="Fani Fasilitator",
        role="fasilitator",
        nip="",
        golongan="",
        category="non-ASN",
        phone="0812-0000-0013",
    )
    facilitator.group_id = setup["group_a"].id
    setup["plenary"][1].moderator_id = moderator.id
    db.session.flush()
    services.issue_due(event, now=AFTER)
    flat = _flat(_render(setup, moderator))
    assert "telah berpartisipasi sebagai MODERATOR" in flat
    assert "memandu sesi “Materi 1” (2 JP)" in flat and "sebanyak 2 JP" in flat
    flat = _flat(_render(setup, committee))
    assert "telah berpartisipasi sebagai PANITIA" in flat and "bertugas sebagai Sekretaris Panitia" in flat
    flat = _flat(_render(setup, facilitator))
    assert "telah berpartisipasi sebagai FASILITATOR" in flat
    assert "sebagai fasilitator diskusi kelompok Klaster I" in flat


def test_pppk_prints_ni_pppk_and_golongan_and_the_institution_with_its_region(setup):
    event = setup["event"]
    pppk = make_attendee(
        event,
        full_name="Yuni Astuti, S.Kom.",
        category="PPPK",
        nip="198705122023212001",
        golongan="IX",
        institution="Dinsos",
        phone="0812-0000-0021",
    )
    attend(pppk, *setup["plenary"])
    services.issue_due(event, now=AFTER)
    flat = _flat(_render(setup, pppk))
    assert "NI PPPK 198705122023212001" in flat and "Golongan IX" in flat
    assert "NIP 1987" not in flat and "Pangkat/Gol." not in flat
    assert "Dinas Sosial Kota Serang" in flat
    ani = _flat(_render(setup, setup["ani"]))
    assert "Dinas Kesehatan Kota Serang" in ani and "NIP 19860926 201505 2 001" in ani


def test_every_certificate_pdf_has_title_author_and_subject(setup):
    services.issue_due(setup["event"], now=AFTER)
    document = pdf_pages(_render(setup, setup["ani"]))
    meta = document.get_metadata_dict()
    document.close()
    certificate = services.certificate_of(setup["ani"])
    assert meta["Title"] == f"SERTIFIKAT {certificate.number}"
    assert meta["Author"] == "Bappeda Kota Serang"
    assert meta["Subject"] == setup["event"].title


def test_numbers_per_role_run_in_their_own_series(setup):
    event = setup["event"]
    with pytest.raises(services.CertificateError):
        configure(event, number_per_role=True)  # the format has no {role}
    configure(event, number_per_role=True, number_format="{seq:03d}/{role}/{code}/{year}")
    services.issue_due(event, now=AFTER)
    numbers = {c.attendee_id: c.number for c in services.issued(event)}
    assert numbers[setup["speaker"].id] == "001/NS/BINTEK-KLA/2026"
    participants = sorted(n for a, n in numbers.items() if a != setup["speaker"].id)
    assert participants[0] == "001/PST/BINTEK-KLA/2026" and participants[1] == "002/PST/BINTEK-KLA/2026"


# ---- the demo: the Kepala Bappeda and the Ketua Panitia both sign and both receive one ------------


def test_no_demo_certificate_is_signed_by_its_own_holder(ctx):
    event, _ = seed_demo(today=date(2026, 11, 18))
    settings = services.get_settings(event)
    signers = {settings.signatory1_name, settings.signatory2_name}
    certificates = (
        db.session.execute(select(Certificate).where(Certificate.event_id == event.id)).scalars().all()
    )
    holders = {c.data["name"]: c for c in certificates}
    assert signers <= holders.keys()  # the Kepala Bappeda (moderator) and the Ketua Panitia
    notes = services.self_signing_notes(event)
    assert len(notes) == 2 and all("alone" in note for note in notes)
    for certificate in certificates:
        body = services.render_certificate(event, certificate, "id", BASE)
        flat = _flat(body)
        assert flat.count(certificate.data["name"]) == 1  # as the holder only, never as a signer
        others = signers - {certificate.data["name"]}
        assert all(name in flat for name in others)
        if certificate.data["name"] in signers:  # the other signs alone, as the issuing official
            (other,) = others
            assert pdf_find(body, other)[0] > pdf_page_width(body) / 2
            assert "Mengetahui," not in flat
    head = db.session.execute(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.position == "Ketua Panitia")
    ).scalar_one()
    assert services.certificate_of(head).data["name"] == settings.signatory2_name


def test_verification_page_shows_jp_date_of_issue_and_penyelenggara(app, seeded):
    from workshop.events.models import Event

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == seeded["event"])).scalar_one()
        services.issue_due(event, now=AFTER)
        db.session.commit()
        code = services.certificate_of(db.session.get(Attendee, seeded["ani"])).code
    html = app.test_client().get(f"/v/{code}").get_data(as_text=True)
    main = " ".join(html.split("<main")[1].split("</main>")[0].split())
    assert "Penyelenggara" in main and "Bappeda Kota Serang" in main
    assert "12 JP (jam pelajaran)" in main
    assert "Tanggal terbit" in main and "20 November 2026" in main


def test_a_speakers_programme_page_lists_their_sessions_and_their_total(setup):
    speaker = setup["speaker"]
    add_session(setup["event"], "Konvensi Hak Anak", 3, "15:00", 90, speaker_ids=[speaker.id])
    db.session.flush()
    services.issue_due(setup["event"], now=AFTER)
    programme = _flat(_render(setup, speaker), 1)
    assert "Konvensi Hak Anak" in programme and "Materi 1" not in programme
    assert "Jumlah 2" in programme  # 90 minutes: 2 JP, the event has 12


def test_the_organiser_is_told_before_issuing_when_a_signatory_receives_one(app, seeded):
    from tests.conftest import log_in
    from workshop.events.models import Event

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == seeded["event"])).scalar_one()
        configure(event, signatory1_name="Ani Suryani, S.Sos.", signatory1_nip="19860926 201505 2 001")
        db.session.commit()
    client = log_in(app.test_client(), seeded["organiser"])
    client.set_cookie("lang", "en")
    html = client.get(f"/manage/events/{seeded['event']}/certificates/").get_data(as_text=True)
    assert "Ani Suryani, S.Sos. signs the certificates and receives one: add a second signatory" in html
