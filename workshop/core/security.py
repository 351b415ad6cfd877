"""Security headers on every response. The Content-Security-Policy allows no inline script
and no inline style: all JavaScript and CSS come from our own static files."""

from flask import Flask, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self' blob:",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Set on every response unless a view set its own: (name, lower-case name, value).
HEADERS = tuple(
    (name, name.lower(), value)
    for name, value in (
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        # Ticket codes live in URLs: never hand them to another site.
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "camera=(self), microphone=(), geolocation=()"),
    )
)
HSTS = ("Strict-Transport-Security", "strict-transport-security", "max-age=31536000")
NO_STORE = ("Cache-Control", "cache-control", "no-store")
PRIVATE_PREFIXES = ("/manage", "/admin", "/login", "/account", "/invite")


def add_security_headers(headers, path: str, https: bool) -> None:
    """The headers every response carries, unless the view set its own (werkzeug ``Headers``).
    One pass over the response's few headers, then appends: per-header setdefault scanned them
    twice for each of the seven (a scan's every response, issue 17)."""
    present = {name.lower() for name in headers.keys()}
    wanted = HEADERS
    if https:
        wanted += (HSTS,)
    if path.startswith(PRIVATE_PREFIXES):
        wanted += (NO_STORE,)
    for name, lower, value in wanted:
        if lower not in present:
            headers.add(name, value)


def init_app(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response):
        add_security_headers(response.headers, request.path, bool(app.config.get("SESSION_COOKIE_SECURE")))
        return response
