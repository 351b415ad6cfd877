"""The organiser's documents page on the demo event: every document downloads in one click, and
the KLA evidence bundle is built as a job and downloaded from its page."""

from __future__ import annotations

import zipfile
from datetime import date

from tests.browser.test_event_flow import assert_fits_360


def test_demo_documents_and_the_evidence_bundle(live_server, phone, tmp_path):
    from playwright.sync_api import expect

    from workshop.demo import ORGANISER_EMAIL, seed_demo
    from workshop.demo.groups import seed_group_work
    from workshop.extensions import db

    with live_server.app.app_context():
        event, password = seed_demo(today=date.today())
        seed_group_work(event)
        db.session.commit()
        slug = event.slug
    page, base = phone, live_server.url
    page.goto(f"{base}/login")
    page.fill("input[name=email]", ORGANISER_EMAIL)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/login" not in url)

    page.goto(f"{base}/manage/events/{slug}/documents")
    assert_fits_360(page, "the documents page")
    links = page.eval_on_selector_all(
        "main a[href*='/documents/'], main a[href*='daftar-hadir.pdf']",
        "els => els.map(e => e.getAttribute('href'))",
    )
    files = [
        href for href in links if href.endswith((".pdf", ".xlsx", ".docx")) or "daftar-hadir.pdf" in href
    ]
    assert len(files) >= 6
    kinds = {".pdf": "application/pdf", ".xlsx": "spreadsheetml", ".docx": "wordprocessingml"}
    for href in files[:8]:
        response = page.request.get(base + href)
        assert response.status == 200, href
        suffix = next(s for s in kinds if href.split("?")[0].endswith(s))
        assert kinds[suffix] in response.headers["content-type"], href

    # Under tests the job runs before the answer comes back: give it the time the link gets below
    # (a busy machine, with other test processes beside this one, takes more than the default 10 s).
    page.get_by_role("button", name="Buat berkas bukti (ZIP)").click(timeout=60_000)
    page.wait_for_url("**/jobs/**")
    download_link = page.locator("#job-download")
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        download_link.click()
    target = tmp_path / "bukti.zip"
    info.value.save_as(target)
    names = zipfile.ZipFile(target).namelist()
    assert "00-daftar-isi.pdf" in names and "06-rekap-kehadiran.xlsx" in names
    assert any(n.startswith("03-sertifikat/") for n in names) and any(n.startswith("04-rtl/") for n in names)
    assert phone.console_errors == []
