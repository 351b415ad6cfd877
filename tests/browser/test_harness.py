"""The harness itself: the phone fixture really catches what the CSP blocks."""

from __future__ import annotations

CSP_PROBE = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<style>body { color: red; }</style></head>
<body><p>probe</p><script>document.title = "inline ran";</script></body></html>"""


def test_phone_reports_csp_violations(live_server, phone):
    # A route added before the first request: a page with an inline style and an inline script.
    live_server.app.add_url_rule("/_csp_probe", "csp_probe", lambda: CSP_PROBE)
    phone.goto(f"{live_server.url}/_csp_probe")
    phone.wait_for_load_state("load")
    assert phone.title() != "inline ran", "the CSP let an inline script run"
    joined = "\n".join(phone.console_errors)
    assert "Content Security Policy" in joined, phone.console_errors
    assert "inline style" in joined and "inline script" in joined, phone.console_errors
