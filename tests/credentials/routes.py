"""The credentials module's rows of the authorisation matrix (see tests/matrix.py): all public by
design (a verifier has no account), like /v/<code>."""

ROUTES = {
    # The holder of a certificate code gets its credential (the code is printed under the QR).
    "credentials.credential": ("GET", "/v/{certificate_code}/credential", {"*": 200}),
    "credentials.jwks": ("GET", "/.well-known/jwks.json", {"*": 200}),
    "credentials.status_list": ("GET", "/credentials/status/{status_list}", {"*": 200}),
}


def extra_url_values(app, world) -> dict:
    """The certificates' placeholders issued a certificate, hence a credential in a list."""
    from sqlalchemy import select

    from workshop.credentials.models import StatusList
    from workshop.extensions import db

    with app.app_context():
        return {"status_list": db.session.execute(select(StatusList.id).limit(1)).scalar_one()}
