"""The SPJ (accountability file) of speakers' and moderators' fees: per person the category, the
bank account and NPWP (organisers only), the event's rate table, PPh 21 by rules held as data, and
the documents the finance office wants (daftar penerimaan honorarium, kuitansi, daftar hadir)."""

from flask import Blueprint

bp = Blueprint("honoraria", __name__)

from workshop.honoraria import views  # noqa: E402,F401
