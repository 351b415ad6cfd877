"""The signatures module's rows of the authorisation matrix (see tests/matrix.py). The world's
certificate comes from tests/certificates/routes.py ({certificate}, {certificate_code})."""

from tests.matrix import LOGIN, ORGANISERS_ONLY

ORGANISER_POSTS = {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "staff": 403, "facilitator": 403}

ROUTES = {
    "signatures.index": ("GET", "/manage/events/{event}/signatures/", ORGANISERS_ONLY),
    # An empty form: the page again with the field's message.
    "signatures.upload_pkcs12": (
        "POST",
        "/manage/events/{event}/signatures/pkcs12",
        {**ORGANISER_POSTS, "*": 422},
    ),
    "signatures.bsre": ("POST", "/manage/events/{event}/signatures/bsre", {**ORGANISER_POSTS, "*": 422}),
    "signatures.options": (
        "POST",
        "/manage/events/{event}/signatures/options",
        {**ORGANISER_POSTS, "*": 422},
    ),
    # BSrE not set up in the world's event: back to the page with the reason.
    "signatures.bsre_activation": (
        "POST",
        "/manage/events/{event}/signatures/bsre/activation",
        {**ORGANISER_POSTS, "*": 302},
    ),
    "signatures.stop": ("POST", "/manage/events/{event}/signatures/stop", {**ORGANISER_POSTS, "*": 302}),
    # Not set up in the world's event: back to the page with what to do first.
    "signatures.sign_all": ("POST", "/manage/events/{event}/signatures/sign", {**ORGANISER_POSTS, "*": 302}),
    "signatures.retry": (
        "POST",
        "/manage/events/{event}/signatures/{certificate}/retry",
        {**ORGANISER_POSTS, "*": 302},
    ),
    # Public, like /v/<code>: without a file the form says what is missing.
    "signatures.check": ("POST", "/v/{certificate_code}/check", {"*": 422}),
}
