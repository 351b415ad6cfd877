"""The life of personal data after an event (UU 27/2022): the purge of events past their retention
period, organisers carrying out deletion requests one by one, and backups of the database."""

from flask import Blueprint

bp = Blueprint("lifecycle", __name__)

from workshop.lifecycle import views  # noqa: E402,F401
