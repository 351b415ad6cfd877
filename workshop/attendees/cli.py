"""flask participants ... (filled in by the import work)."""
from flask import Flask


def init_app(app: Flask) -> None:
    pass
