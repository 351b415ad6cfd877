"""Evaluations: the pre-test and post-test (question bank, scores, normalised gain) and the
evaluation forms of each speaker session and of the organisation, answered on the participant's
phone from the ticket page (issue 19)."""

from flask import Blueprint

bp = Blueprint("evaluations", __name__)

from workshop.evaluations import views  # noqa: E402,F401
