"""Offline from the first load (issue 15): the scanner and the facilitator's group page, opened
once with a network, come back on a reload without one (not the browser's "no internet" page),
with what was queued on the device; two tabs that reconnect at once send each queued scan once."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.test_rtl import setup_event, stored_rows
from tests.browser.test_rtl import sign_in as rtl_sign_in
from tests.browser.test_scanner import SLUG, rows, seed_desk, sign_in, wait_ready

KEPT_JS = "() => caches.match(location.href.split('#')[0]).then((hit) => !!hit)"


def wait_kept_offline(page) -> None:
    """The service worker installed, took control without a reload, and kept this page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    page.wait_for_function(KEPT_JS)


def test_the_scanner_opened_once_reloads_offline_with_its_queue(live_server, phone):
    desk = seed_desk(live_server.app, people=3)
    page, base = phone, live_server.url
    sign_in(page, base)
    page.goto(f"{base}/scan/{SLUG}")  # the first and only load with a network
    wait_ready(page)
    wait_kept_offline(page)

    page.context.set_offline(True)
    for ticket in desk.tickets[:2]:
        page.fill("#scan-code", ticket)
        page.locator("#scan-typed button").click()
        expect(page.locator("#scan-result")).to_have_attribute("data-status", "queued")
    page.reload()
    wait_ready(page)
    expect(page.locator(".scan-head h1")).to_have_text("Bintek KLA Kota Serang")
    expect(page.locator("#scan-pending")).to_have_attribute("data-pending", "2")
    expect(page.locator("#scan-session option")).to_have_count(1)  # the roster kept on the phone
    assert rows(live_server.app) == []

    page.context.set_offline(False)
    expect(page.locator("#scan-pending")).to_have_attribute("data-pending", "0", timeout=15_000)
    assert len(rows(live_server.app)) == 2
    assert [e for e in phone.console_errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_the_facilitators_page_opened_once_reloads_offline_with_its_edits(live_server, phone):
    base = live_server.url
    path, group_id = setup_event(live_server.app)
    page = phone
    rtl_sign_in(page, base, "dewi@serang.go.id")
    page.goto(base + path)
    state = page.locator("#save-state")
    expect(state).to_have_attribute("data-state", "saved")
    page.locator("#rtl-add").click()
    page.locator(".rtl-row [data-field=activity]").fill("Sosialisasi akta kelahiran")
    expect(state).to_have_attribute("data-state", "saved")
    wait_kept_offline(page)

    page.context.set_offline(True)
    page.locator("#rtl-add").click()
    page.locator(".rtl-row").nth(1).locator("[data-field=activity]").fill("Pelayanan akta keliling")
    expect(state).to_have_attribute("data-state", "offline")
    page.reload()
    expect(page.locator("h1")).to_contain_text("Klaster I")
    expect(state).to_have_attribute("data-state", "offline")
    # The row saved before (as last read from the server) and the one waiting to be sent.
    expect(page.locator(".rtl-row")).to_have_count(2)
    expect(page.locator(".rtl-row").nth(0).locator("[data-field=activity]")).to_have_value(
        "Sosialisasi akta kelahiran"
    )
    expect(page.locator(".rtl-row").nth(1).locator("[data-field=activity]")).to_have_value(
        "Pelayanan akta keliling"
    )
    assert len(stored_rows(live_server.app, group_id)) == 1

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(state).to_have_attribute("data-state", "saved", timeout=20_000)
    assert [a for a, _ in stored_rows(live_server.app, group_id)] == [
        "Sosialisasi akta kelahiran",
        "Pelayanan akta keliling",
    ]


NO_LOCKS_JS = "Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });"


@pytest.mark.parametrize("locks", ["web-locks", "fallback"])
def test_two_tabs_reconnecting_send_each_queued_scan_once(live_server, phone, locks):
    desk = seed_desk(live_server.app, people=4)
    context, base = phone.context, live_server.url
    if locks == "fallback":
        context.add_init_script(NO_LOCKS_JS)
    sign_in(phone, base)
    tabs = [phone, context.new_page()]
    for tab in tabs:
        tab.goto(f"{base}/scan/{SLUG}")
        wait_ready(tab)
    assert tabs[1].evaluate("!!navigator.locks") is (locks == "web-locks")
    sent: list[str] = []

    def record(request):
        if request.method == "POST" and request.url.endswith("/api/checkins"):
            body = json.loads(request.post_data or "{}")
            sent.extend(item["scan_id"] for item in body.get("scans", [body]))

    context.on("requestfinished", record)  # answered requests only
    context.set_offline(True)
    for ticket in desk.tickets:
        phone.fill("#scan-code", ticket)
        phone.locator("#scan-typed button").click()
        expect(phone.locator("#scan-result")).to_have_attribute("data-status", "queued")
    expect(phone.locator("#scan-pending")).to_have_attribute("data-pending", "4")
    # One queue on the device, which both tabs see.
    queued = f"idbKeyval.get('bintek:queue:{SLUG}').then((q) => (q || []).length)"
    assert tabs[1].evaluate(queued) == 4

    context.set_offline(False)  # both tabs hear "online" at the same moment
    for tab in tabs:
        expect(tab.locator("#scan-pending")).to_have_attribute("data-pending", "0", timeout=20_000)
    tabs[1].wait_for_timeout(1000)
    assert len(sent) == 4 and len(set(sent)) == 4, sent
    assert len(rows(live_server.app)) == 4


def test_edits_kept_by_the_earlier_hand_made_store_are_read_and_sent(live_server, phone):
    """Before idb-keyval, rtl.js opened "bintek-rtl" (version 1, store "pending") by hand: an edit
    it left on a tablet is found by the new page and saved."""
    base = live_server.url
    path, group_id = setup_event(live_server.app)
    rtl_sign_in(phone, base, "dewi@serang.go.id")
    phone.evaluate(
        """(groupId) => new Promise((resolve, reject) => {
            const request = indexedDB.open("bintek-rtl", 1);
            request.onupgradeneeded = () => request.result.createObjectStore("pending");
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
                const db = request.result;
                const clientId = "0b6f3c52-7a4e-4d8e-9a55-3f1c2b7d9e10";
                const t = db.transaction("pending", "readwrite");
                t.objectStore("pending").put({kind: "row", client_id: clientId, id: null, version: null,
                    fields: {activity: "Forum Anak kecamatan", position: 1}, deleted: false},
                    `g${groupId}:row:${clientId}`);
                t.oncomplete = () => { db.close(); resolve(true); };
            };
        })""",
        group_id,
    )
    phone.goto(base + path)
    expect(phone.locator("#save-state")).to_have_attribute("data-state", "saved")
    expect(phone.locator(".rtl-row [data-field=activity]")).to_have_value("Forum Anak kecamatan")
    assert [a for a, _ in stored_rows(live_server.app, group_id)] == ["Forum Anak kecamatan"]


def test_two_tabs_of_the_group_page_send_an_offline_edit_once(live_server, phone):
    base = live_server.url
    path, group_id = setup_event(live_server.app)
    context = phone.context
    rtl_sign_in(phone, base, "dewi@serang.go.id")
    tabs = [phone, context.new_page()]
    for tab in tabs:
        tab.goto(base + path)
        expect(tab.locator("#save-state")).to_have_attribute("data-state", "saved")
    wait_kept_offline(phone)
    writes: list[str] = []
    context.on(
        "requestfinished",  # answered requests only (not those refused while offline)
        lambda request: (
            writes.append(f"{request.method} {request.url}")
            if request.method in ("POST", "PATCH", "PUT", "DELETE") and "/api/" in request.url
            else None
        ),
    )
    context.set_offline(True)
    phone.locator("#rtl-add").click()
    phone.locator(".rtl-row [data-field=activity]").fill("Musrenbang anak tingkat kelurahan")
    expect(phone.locator("#save-state")).to_have_attribute("data-state", "offline")
    tabs[1].reload()  # the second tab now holds the same pending edit, read from the device
    expect(tabs[1].locator(".rtl-row [data-field=activity]")).to_have_value(
        "Musrenbang anak tingkat kelurahan"
    )

    context.set_offline(False)
    for tab in tabs:
        tab.evaluate("window.dispatchEvent(new Event('online'))")
    for tab in tabs:
        expect(tab.locator("#save-state")).to_have_attribute("data-state", "saved", timeout=20_000)
    tabs[1].wait_for_timeout(1000)
    assert [a for a, _ in stored_rows(live_server.app, group_id)] == ["Musrenbang anak tingkat kelurahan"]
    assert writes == [f"POST {base}/api/groups/{group_id}/rtl"], writes
