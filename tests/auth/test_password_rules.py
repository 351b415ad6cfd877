"""Password rules: at least twelve characters, not a common password nor one built from a common or
event word (Bintek2026!!), not the email address; the
reason shown by the field in the user's language. Session fixation: a sign-in never keeps the
session it arrived with."""

import pytest

from tests.conftest import PASSWORD
from workshop.auth.services import password_problem
from workshop.extensions import db


@pytest.mark.parametrize(
    "password, reason",
    [
        ("short1", "at least 12"),
        ("Bintek2026!", "at least 12"),
        ("Serang2026!", "at least 12"),
        ("123456789012", "guess"),
        ("Password1234", "guess"),
        ("P@ssw0rd2026", "guess"),
        ("Bintek2026!!", "guess"),
        ("Serang2026!!", "guess"),
        ("#1Bimtek2026", "guess"),
        ("kla serang 2026", "guess"),
        ("Jakarta@2026", "guess"),
        ("qwertyuiop12", "guess"),
        ("Bismillah123", "guess"),
        ("aaaaaaaaaaaa", "guess"),
        ("abababab1212", "guess"),
        ("staff@serang.go.id", "email"),
        ("STAFF@serang.go.id2024", "email"),
        ("x" * 201, "at most"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(app, password, reason):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert reason in (password_problem(password, "staff@serang.go.id") or "")


@pytest.mark.parametrize(
    "password",
    ["correct horse battery", "Serang-KLA 2026 aman", "tiga kata acak sekali", "xkcd-7G9q-LmZ2"],
)
def test_reasonable_passwords_pass(app, password):
    with app.test_request_context():
        assert password_problem(password, "staff@serang.go.id") is None


def test_a_generated_password_always_passes(app):
    from workshop.core.tokens import generate_password

    with app.test_request_context():
        assert [p for p in (generate_password() for _ in range(500)) if password_problem(p)] == []


def test_words_of_any_event_make_a_weak_password(app, world):
    """The events' own words (title, city, organiser, code) are the first guesses."""
    from tests.conftest import make_event, make_user

    with app.test_request_context():
        assert password_problem("Cikande2026!!", "rina@serang.go.id") is None
        event = make_event(make_user("rina@serang.go.id"), slug="bintek-cikande")
        event.city = "Cikande"
        db.session.commit()
        assert "kata umum" in password_problem("Cikande2026!!", "rina@serang.go.id")


@pytest.mark.parametrize(
    "lang, common, derived, email",
    [
        (
            "id",
            "Kata sandi ini terlalu mudah ditebak.",
            "Kata sandi ini berupa kata umum atau nama dari kegiatan",
            "Jangan gunakan alamat email",
        ),
        (
            "en",
            "This password is too easy to guess.",
            "This password is a common word or a name from the event",
            "Do not use your email address",
        ),
    ],
)
def test_change_password_explains_the_rule_in_both_languages(
    app, world, as_role, lang, common, derived, email
):
    client = as_role("staff")
    client.set_cookie("lang", lang)
    page = client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "password1234",
            "confirm": "password1234",
        },
    ).get_data(as_text=True)
    assert common in page and 'class="field-error"' in page
    page = client.post_form(
        "/account/password",
        {"current_password": PASSWORD, "new_password": "Bintek2026!!", "confirm": "Bintek2026!!"},
    ).get_data(as_text=True)
    assert derived in page and 'class="field-error"' in page
    page = client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "staff@serang.go.id",
            "confirm": "staff@serang.go.id",
        },
    ).get_data(as_text=True)
    assert email in page


def test_admin_cannot_give_an_account_its_own_email_as_password(app, world, as_role):
    admin = as_role("admin")
    staff_id = world.users["staff"][0]
    page = admin.post_form(
        f"/admin/users/{staff_id}",
        {
            "name": "Budi Staff",
            "is_active": "y",
            "new_password": "staff@serang.go.id",
        },
    ).get_data(as_text=True)
    assert "Jangan gunakan alamat email" in page
    assert (
        app.test_client()
        .post_form("/login", {"email": "staff@serang.go.id", "password": PASSWORD})
        .status_code
        == 302
    )


def test_cli_refuses_a_common_password(app, runner):
    result = runner.invoke(
        args=["create-user", "--email", "rina@serang.go.id", "--name", "Rina", "--password-stdin"],
        input="Bintek2026!!\n",
    )
    assert result.exit_code != 0 and "mudah ditebak" in result.output


def test_the_cookie_from_before_sign_in_is_worth_nothing_after_it(app, world, client):
    """Session fixation: whoever planted or saw the pre-login cookie gains no access."""
    client.get("/login")
    before = client.get_cookie("session").value
    assert (
        client.post_form("/login", {"email": "organiser@serang.go.id", "password": PASSWORD}).status_code
        == 302
    )
    after = client.get_cookie("session").value
    assert after != before
    assert client.get("/manage/").status_code == 200
    attacker = app.test_client()
    attacker.set_cookie("session", before)
    assert attacker.get("/manage/").status_code == 302


def test_a_password_of_spaces_is_refused_not_a_crash():
    from workshop.auth.services import password_problem

    assert password_problem(" " * 12) is not None
