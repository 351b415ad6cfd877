"""Entry point: ``gunicorn wsgi:app`` and ``flask --app wsgi ...``."""

from workshop import create_app

app = create_app()
