"""The auth module's rows of the authorisation matrix (see tests/test_authorization_matrix.py)."""

from tests.matrix import LOGIN

ROUTES = {
    "auth.login": ("GET", "/login", {"anonymous": 200, "ticket": 200, "*": 302}),
    "auth.logout": ("POST", "/logout", {"*": 302}),
    "auth.change_password": ("GET", "/account/password", {"anonymous": LOGIN, "ticket": LOGIN, "*": 200}),
    "auth.admin_users": (
        "GET",
        "/admin/users",
        {"anonymous": LOGIN, "ticket": LOGIN, "admin": 200, "*": 403},
    ),
    "auth.admin_user_new": (
        "GET",
        "/admin/users/new",
        {"anonymous": LOGIN, "ticket": LOGIN, "admin": 200, "*": 403},
    ),
    "auth.admin_user_edit": (
        "GET",
        "/admin/users/{staff_id}",
        {"anonymous": LOGIN, "ticket": LOGIN, "admin": 200, "*": 403},
    ),
}
