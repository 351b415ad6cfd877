"""Compressed responses (Flask-Compress). Static files are read into memory first so they are
compressed as a whole and their file handle is closed; Flask-Compress's streaming path would
leave it open. Our static files are small; in production a proxy may serve them instead."""

from flask import Flask, request


def init_app(app: Flask, compress) -> None:
    app.config.setdefault("COMPRESS_STREAMS", False)
    compress.init_app(app)

    # after_request hooks run in reverse order of registration: this one runs before compression.
    @app.after_request
    def buffer_static_files(response):
        if request.endpoint == "static" and response.status_code == 200 and response.is_streamed:
            response.direct_passthrough = False
            response.make_sequence()
        return response
