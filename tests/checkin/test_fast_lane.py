"""The fast lane below Flask (workshop/checkin/fastlane.py): an ordinary device scan is answered
there with what the API view would answer; everything else reaches the view, counted once."""

from __future__ import annotations

import json
import logging
from unittest import mock

from flask import Flask
from sqlalchemy import func, select

from tests.checkin.conftest import device_post, item
from workshop.checkin.models import CheckIn
from workshop.extensions import db


def _through_flask(app):
    return mock.patch.object(
        Flask, "full_dispatch_request", autospec=True, side_effect=Flask.full_dispatch_request
    )


def test_an_ordinary_scan_is_answered_below_flask_as_flask_answers_it(app, client, world, live):
    with _through_flask(app) as dispatched:
        lane = device_post(client, live.token, item(world.ticket, live.session))
    assert dispatched.call_count == 0  # the fast lane answered
    app.config["CHECKIN_FAST_LANE"] = False
    try:
        with _through_flask(app) as dispatched:
            view = device_post(client, live.token, item(live.child, live.session))
        assert dispatched.call_count == 1
    finally:
        app.config.pop("CHECKIN_FAST_LANE")
    assert (lane.status_code, view.status_code) == (200, 200)
    assert lane.get_json()["status"] == view.get_json()["status"] == "ok"
    assert lane.get_json().keys() == view.get_json().keys()
    assert lane.get_json()["participant"]["name"] == "Muh. Ma'ruf, S.Pd.I."
    # The same headers, but Vary: the view looked at the session cookie (for the rate-limit key)
    # and says so; the lane reads no cookie.
    assert lane.headers["Vary"] == "Accept-Encoding" and view.headers["Vary"].startswith("Accept-Encoding")
    same = {k: v for k, v in lane.headers.items() if k not in ("Content-Length", "Vary")}
    assert same == {k: v for k, v in view.headers.items() if k not in ("Content-Length", "Vary")}
    assert "Content-Security-Policy" in same and same["Content-Type"] == "application/json"
    assert lane.data.endswith(b"\n") and json.loads(lane.data) == lane.get_json()
    with app.app_context():
        assert db.session.execute(select(func.count(CheckIn.id))).scalar_one() == 2


def test_what_the_lane_declines_reaches_the_view(app, client, world, live):
    first = item(world.ticket, live.session)
    assert device_post(client, live.token, first).get_json()["status"] == "ok"
    with _through_flask(app) as dispatched:
        replay = device_post(client, live.token, first)  # the same scan id: the rule decides
        hostile = device_post(client, live.token, item("T\x00123", live.session))
        batch = device_post(client, live.token, {"scans": [item(live.child, live.session)]})
        query = client.post(
            "/api/checkins?x=1",
            data=json.dumps(item(live.child, live.session)),
            headers={"Authorization": f"Bearer {live.token}", "Content-Type": "application/json"},
        )
    assert dispatched.call_count == 4
    assert replay.get_json()["status"] == "duplicate_scan"
    assert hostile.status_code == 400
    assert batch.get_json()["results"][0]["status"] == "ok"
    assert query.get_json()["status"] == "already_checked_in"


def test_a_scan_in_the_lane_writes_its_request_log_line(app, client, world, live, caplog):
    app.config["REQUEST_LOG"] = True
    try:
        with caplog.at_level(logging.INFO, logger="bintek.requests"):
            logger = logging.getLogger("bintek.requests")
            logger.addHandler(caplog.handler)
            try:
                assert device_post(client, live.token, item(world.ticket, live.session)).status_code == 200
            finally:
                logger.removeHandler(caplog.handler)
    finally:
        app.config.pop("REQUEST_LOG")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "bintek.requests"]
    assert [(line["method"], line["path"], line["status"], line["user"]) for line in lines] == [
        ("POST", "/api/checkins", 200, None)
    ]


def test_the_lane_follows_the_configuration_of_its_answers(app, client, world, live):
    # Its headers are made once per configuration: HSTS appears with HTTPS and goes with it.
    was = app.config["SESSION_COOKIE_SECURE"]
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        with _through_flask(app) as dispatched:
            secure = device_post(client, live.token, item(world.ticket, live.session))
        assert dispatched.call_count == 0
        assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    finally:
        app.config["SESSION_COOKIE_SECURE"] = was
    # Indented JSON when Flask would indent it (debugging), through the same lane.
    app.json.compact = False
    try:
        with _through_flask(app) as dispatched:
            plain = device_post(client, live.token, item(live.child, live.session))
        assert dispatched.call_count == 0
    finally:
        app.json.compact = None
    assert "Strict-Transport-Security" not in plain.headers
    assert plain.data.startswith(b"{\n  ") and plain.get_json()["status"] == "ok"
    assert int(plain.headers["Content-Length"]) == len(plain.data)
    assert plain.headers["Content-Security-Policy"] == secure.headers["Content-Security-Policy"]
