import pytest

from tests.conftest import PASSWORD, make_user
from workshop.auth import services


def test_create_user_stores_a_hash_and_a_lower_case_email(ctx):
    user = services.create_user(" Siti@Serang.GO.id ", " Siti ", PASSWORD)
    assert user.email == "siti@serang.go.id"
    assert user.name == "Siti"
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)


def test_the_same_email_twice_is_refused(ctx):
    make_user("siti@serang.go.id")
    with pytest.raises(services.AccountError) as error:
        services.create_user("SITI@serang.go.id", "Siti", PASSWORD)
    assert error.value.field == "email"


def test_authenticate_refuses_inactive_accounts(ctx):
    user = make_user("siti@serang.go.id")
    user.is_active = False
    with pytest.raises(services.InvalidCredentials):
        services.authenticate("siti@serang.go.id", PASSWORD)


def test_throttle_counts_only_failures_and_clears_on_success(app, ctx):
    make_user("siti@serang.go.id")
    limit = app.config["LOGIN_ACCOUNT_MAX_FAILURES"]
    for _ in range(limit - 1):
        with pytest.raises(services.InvalidCredentials):
            services.authenticate("siti@serang.go.id", "nope nope nope")
    services.authenticate("siti@serang.go.id", PASSWORD)  # success resets the count
    for _ in range(limit):
        with pytest.raises(services.InvalidCredentials):
            services.authenticate("siti@serang.go.id", "nope nope nope")
    with pytest.raises(services.LoginThrottled) as throttled:
        services.authenticate("siti@serang.go.id", PASSWORD)
    assert 0 < throttled.value.retry_after_seconds <= app.config["LOGIN_ACCOUNT_WINDOW_SECONDS"]


def test_an_admin_cannot_demote_or_deactivate_themself(ctx):
    admin = make_user("admin@bintek.id", is_admin=True)
    with pytest.raises(services.AccountError):
        services.update_user(admin, acting=admin, name="Admin", is_admin=False, is_active=True)
    with pytest.raises(services.AccountError):
        services.update_user(admin, acting=admin, name="Admin", is_admin=True, is_active=False)
