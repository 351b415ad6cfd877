"""Letters of the event (tata naskah dinas): the surat undangan to each invited institution's head
and the request for each external speaker, gap-free numbered, registered, as PDF and DOCX."""

from flask import Blueprint

bp = Blueprint("letters", __name__)

from workshop.letters import views  # noqa: E402,F401
