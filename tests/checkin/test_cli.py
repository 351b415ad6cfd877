"""flask checkin device-token / revoke-token: the printed token works until it is revoked."""

from __future__ import annotations

from tests.checkin.conftest import device_post, item


def test_device_token_prints_a_token_that_works_until_revoked(app, client, runner, world, live):
    result = runner.invoke(args=["checkin", "device-token", "kla-serang", "--name", "Pintu Aula 2"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert " " not in token and len(token) >= 20
    assert device_post(client, token, item(world.ticket, live.session)).get_json()["status"] == "ok"

    taken = runner.invoke(args=["checkin", "device-token", "kla-serang", "--name", "Pintu Aula 2"])
    assert taken.exit_code != 0

    revoked = runner.invoke(args=["checkin", "revoke-token", "kla-serang", "--name", "Pintu Aula 2"])
    assert revoked.exit_code == 0, revoked.output
    assert device_post(client, token, item(world.ticket, live.session)).status_code == 401
    assert (
        runner.invoke(args=["checkin", "revoke-token", "kla-serang", "--name", "Pintu Aula 2"]).exit_code != 0
    )


def test_unknown_event(runner, app):
    result = runner.invoke(args=["checkin", "device-token", "nope", "--name", "X"])
    assert result.exit_code != 0 and "nope" in result.output
