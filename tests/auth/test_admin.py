from sqlalchemy import select

from tests.conftest import PASSWORD
from workshop.auth.models import User
from workshop.extensions import db


def test_admin_creates_an_account_that_can_sign_in(app, world, as_role):
    admin = as_role("admin")
    response = admin.post_form(
        "/admin/users/new",
        {
            "name": "Rina Petugas",
            "email": "rina@serang.go.id",
            "new_password": "a long enough secret",
            "confirm": "a long enough secret",
        },
    )
    assert response.status_code == 302
    assert "rina@serang.go.id" in admin.get("/admin/users").get_data(as_text=True)
    assert (
        app.test_client()
        .post_form("/login", {"email": "rina@serang.go.id", "password": "a long enough secret"})
        .status_code
        == 302
    )


def test_admin_form_refuses_bad_input_and_keeps_it(app, world, as_role):
    admin = as_role("admin")
    page = admin.post_form(
        "/admin/users/new",
        {
            "name": "Rina",
            "email": "not-an-email",
            "new_password": "a long enough secret",
            "confirm": "different one here",
        },
    ).get_data(as_text=True)
    assert "Alamat email ini tidak valid." in page
    assert 'value="Rina"' in page
    with app.app_context():
        assert db.session.execute(select(User).where(User.name == "Rina")).first() is None


def test_admin_deactivates_an_account(app, world, as_role):
    admin, staff = as_role("admin"), as_role("staff")
    staff_id = world.users["staff"][0]
    response = admin.post_form(f"/admin/users/{staff_id}", {"name": "Budi Staff", "is_active": ""})
    assert response.status_code == 302
    assert staff.get("/manage/").status_code == 302
    with app.app_context():
        assert db.session.get(User, staff_id).is_active is False


def test_create_user_command_generates_and_prints_a_password(app, world, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "fasil@serang.go.id",
            "--name",
            "Fasil",
            "--event",
            world.event_slug,
            "--role",
            "facilitator",
        ]
    )
    assert result.exit_code == 0, result.output
    password = result.output.strip().splitlines()[-1].split("Password: ")[1]
    client = app.test_client()
    assert (
        client.post_form("/login", {"email": "fasil@serang.go.id", "password": password}).status_code == 302
    )
    assert client.get(f"/manage/events/{world.event_slug}/").status_code == 200


def test_create_user_command_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(
        args=["create-user", "--email", "a@b.id", "--name", "A", "--admin", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "a@b.id")).scalar_one()
        assert user.is_admin and user.check_password(PASSWORD)


def test_create_user_command_refuses_a_taken_email(app, world, runner):
    result = runner.invoke(args=["create-user", "--email", "staff@serang.go.id", "--name", "X"])
    assert result.exit_code != 0
