import pytest

from tests.conftest import PASSWORD
from workshop.extensions import db


def test_login_with_the_right_password_opens_my_events(app, world, client):
    response = client.post_form("/login", {"email": "Organiser@Serang.go.id ", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/manage/"
    page = client.get("/manage/").get_data(as_text=True)
    assert "Bintek Peningkatan Kapasitas Gugus Tugas KLA" in page


def test_login_follows_next_but_never_to_another_site(app, world, client):
    response = client.post_form(
        "/login?next=https://evil.example/x", {"email": "organiser@serang.go.id", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"
    client.post_form("/logout")
    response = client.post_form(
        "/login?next=/manage/events/kla-serang/", {"email": "organiser@serang.go.id", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/manage/events/kla-serang/"


@pytest.mark.parametrize(
    "email, password",
    [
        ("organiser@serang.go.id", "wrong password!"),
        ("nobody@serang.go.id", PASSWORD),
    ],
)
def test_wrong_login_says_so_next_to_the_form_in_indonesian(app, world, client, email, password):
    response = client.post_form("/login", {"email": email, "password": password})
    assert response.status_code == 200
    assert "Email atau kata sandi tidak benar." in response.get_data(as_text=True)
    assert client.get("/manage/").status_code == 302


def test_empty_login_fields_get_messages(app, client):
    page = client.post_form("/login", {"email": "", "password": ""}).get_data(as_text=True)
    assert page.count('class="field-error"') == 2


def test_failed_logins_are_throttled_per_account_not_per_ip(app, world, client):
    for _ in range(app.config["LOGIN_ACCOUNT_MAX_FAILURES"]):
        client.post_form("/login", {"email": "organiser@serang.go.id", "password": "wrong password!"})
    # Even the right password is refused now, with a clear message.
    page = client.post_form("/login", {"email": "organiser@serang.go.id", "password": PASSWORD}).get_data(
        as_text=True
    )
    assert "Terlalu banyak" in page
    assert client.get("/manage/").status_code == 302
    # Another person at the same venue (same IP) still signs in.
    other = app.test_client()
    response = other.post_form("/login", {"email": "staff@serang.go.id", "password": PASSWORD})
    assert response.status_code == 302


def test_deactivated_account_cannot_sign_in_and_its_session_ends(app, world, as_role):
    from workshop.auth.models import User

    client = as_role("staff")
    assert client.get("/manage/").status_code == 200
    with app.app_context():
        user = db.session.get(User, world.users["staff"][0])
        user.is_active = False
        user.session_version += 1
        db.session.commit()
    assert client.get("/manage/").status_code == 302
    fresh = app.test_client()
    page = fresh.post_form("/login", {"email": "staff@serang.go.id", "password": PASSWORD}).get_data(
        as_text=True
    )
    assert "Email atau kata sandi tidak benar." in page


def test_login_starts_a_fresh_session(app, world, client):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post_form("/login", {"email": "organiser@serang.go.id", "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_logout_needs_csrf_and_ends_the_session(app, world, as_role):
    client = as_role("organiser")
    assert client.post("/logout").status_code == 400
    assert client.get("/manage/").status_code == 200
    client.post_form("/logout")
    assert client.get("/manage/").status_code == 302


def _copy_of_cookies(app, client):
    """Another browser holding a copy of this one's cookies (session and remember-me)."""
    thief = app.test_client()
    for name in ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def test_a_cookie_copied_before_logout_opens_nothing_after_it(app, world, client):
    client.post_form("/login", {"email": "organiser@serang.go.id", "password": PASSWORD})
    thief = _copy_of_cookies(app, client)
    assert thief.get("/manage/").status_code == 200  # the copy works while the session lives
    client.post_form("/logout")
    assert thief.get("/manage/").status_code == 302
    assert thief.get("/manage/events/kla-serang/").status_code == 302
    # Signing in again works, and the old copy stays dead.
    client.post_form("/login", {"email": "organiser@serang.go.id", "password": PASSWORD})
    assert client.get("/manage/").status_code == 200
    assert thief.get("/manage/").status_code == 302


def test_a_cookie_copied_before_a_password_change_opens_nothing_after_it(app, world, client):
    client.post_form("/login", {"email": "staff@serang.go.id", "password": PASSWORD})
    thief = _copy_of_cookies(app, client)
    client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "kopi tubruk di alun-alun",
            "confirm": "kopi tubruk di alun-alun",
        },
    )
    assert client.get("/manage/").status_code == 200
    assert thief.get("/manage/").status_code == 302


def test_removal_from_the_team_ends_the_removed_persons_sessions(app, world, as_role, client):
    from sqlalchemy import select

    from workshop.events.models import Membership

    client.post_form("/login", {"email": "staff@serang.go.id", "password": PASSWORD})
    assert client.get("/manage/").status_code == 200
    with app.app_context():
        membership = db.session.execute(
            select(Membership).where(Membership.user_id == world.users["staff"][0])
        ).scalar_one()
        membership_id = membership.id
    organiser = as_role("organiser")
    response = organiser.post_form(f"/manage/events/{world.event_slug}/team/{membership_id}/remove")
    assert response.status_code == 302
    assert client.get("/manage/").status_code == 302
    assert organiser.get("/manage/").status_code == 200


def test_change_password(app, world, as_role):
    client = as_role("staff")
    page = client.post_form(
        "/account/password",
        {
            "current_password": "not it at all",
            "new_password": "a new long secret",
            "confirm": "a new long secret",
        },
    ).get_data(as_text=True)
    assert "Kata sandi saat ini tidak benar." in page
    page = client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "short",
            "confirm": "short",
        },
    ).get_data(as_text=True)
    assert "12" in page and 'class="field-error"' in page
    response = client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a new long secret",
            "confirm": "a new long secret",
        },
    )
    assert response.status_code == 302
    assert client.get("/manage/").status_code == 200  # this session goes on
    fresh = app.test_client()
    assert fresh.post_form("/login", {"email": "staff@serang.go.id", "password": PASSWORD}).status_code == 200
    assert (
        fresh.post_form(
            "/login", {"email": "staff@serang.go.id", "password": "a new long secret"}
        ).status_code
        == 302
    )


def test_other_sessions_end_when_the_password_changes(app, world, as_role):
    laptop, phone = as_role("staff"), as_role("staff")
    laptop.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a new long secret",
            "confirm": "a new long secret",
        },
    )
    assert phone.get("/manage/").status_code == 302


def test_login_failure_counters_use_the_key_prefix_and_no_email_in_clear(app, world, client, monkeypatch):
    """Deployments sharing one Redis never share counters, and its keys hold no e-mail address."""
    from workshop.extensions import limiter

    monkeypatch.setitem(app.config, "RATELIMIT_KEY_PREFIX", "bintek-test-prefix")  # the app is shared
    client.post_form("/login", {"email": "organiser@serang.go.id", "password": "not the password"})
    keys = [str(key) for key in limiter.storage.storage]
    failures = [key for key in keys if "login-failures" in key]
    assert failures and all("bintek-test-prefix" in key for key in failures), keys
    assert not any("serang.go.id" in key for key in keys), keys
