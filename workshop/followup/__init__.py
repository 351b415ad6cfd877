"""RTL follow-up (monitoring tindak lanjut): after the event, the agencies responsible for the
adopted RTL rows report what they did at checkpoints, through a link per agency (no account).

Routes (views, agency), receivers (handlers) and documents (exports) are imported by create_app."""

from flask import Blueprint

bp = Blueprint("followup", __name__)
