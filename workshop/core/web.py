"""View plumbing shared by the modules' views: the row a URL names (or 404), a rule carried out
from a posted form (validate → call the service → commit → flash → redirect), a form's errors
shown or flashed, a file sent from bytes, the rate limiter's test for an unknown code, and the
refusals of a JSON API (``ApiError``: 401 signed out, 404 no such row).

Views stay thin and keep their access decorator at the route; these helpers only hold the steps
every view would otherwise write again. The services they call flush and never commit: the
commit is here, once, when the rule held."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TypeVar

from flask import abort, flash, jsonify, redirect, send_file
from flask_login import current_user
from flask_wtf import FlaskForm

from workshop.extensions import db

T = TypeVar("T")


def or_404(row: T | None) -> T:
    """The row a URL names, looked up by the caller (``or_404(services.get_x(event, x_id))``):
    404 when there is none."""
    if row is None:
        abort(404)
    return row


def not_found(response) -> bool:
    """For ``limiter.limit(deduct_when=...)``: only look-ups of unknown codes count."""
    return response.status_code == 404


def _message(said, result) -> object:
    """What a helper says on success: ``said`` itself, or when it is a function, what it makes of
    the rule's result (a message that names what the rule made or changed)."""
    return said(result) if callable(said) else said


def flash_errors(form: FlaskForm) -> None:
    """Each of the form's errors as an error message (forms posted from another page)."""
    for errors in form.errors.values():
        for message in errors:
            flash(str(message), "error")


def add_error(form: FlaskForm, field: str | None, *messages: str) -> None:
    """Shows ``messages`` next to the form's field named ``field``, or above the form when it has
    no such field."""
    if field in form._fields:
        form[field].errors = [*form[field].errors, *messages]
    else:
        form.form_errors.extend(messages)


def carry_out(
    action: Callable[[], object],
    said,
    *,
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    explain: Callable[[Exception], str] = str,
    rollback: bool = False,
) -> bool:
    """Runs one rule (``action()``): when it holds, commits and flashes ``said`` as a success;
    when it raises one of ``refused``, flashes ``explain(error)`` instead (after rolling back
    what it did, with ``rollback``). Returns whether it held."""
    try:
        result = action()
    except refused as error:
        if rollback:
            db.session.rollback()
        flash(explain(error), "error")
        return False
    db.session.commit()
    flash(_message(said, result), "success")
    return True


def posted(
    form: FlaskForm,
    action: Callable[[], object],
    said,
    *,
    invalid: object | Callable[[FlaskForm], None] | None = None,
    **refusal,
) -> bool:
    """A form posted from another page: when it validates, ``carry_out(action, said, **refusal)``;
    otherwise flashes ``invalid`` (a message, or ``flash_errors`` for the form's own errors;
    None: nothing). Returns whether the rule held."""
    if form.validate_on_submit():
        return carry_out(action, said, **refusal)
    if callable(invalid):
        invalid(form)
    elif invalid is not None:
        flash(invalid, "error")
    return False


def save_form(
    form: FlaskForm,
    action: Callable[[], object],
    said,
    to: str | Callable[[object], str],
    *,
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    rollback: bool = False,
    show: Callable[[FlaskForm, Exception], object] | None = None,
):
    """A form page's POST: when the form validates and ``action()`` holds, commits, flashes
    ``said`` and returns the redirect to ``to`` (a URL, or a function of what the rule returned).
    When the rule raises one of ``refused`` (rolled back with ``rollback``), ``show(form, error)``
    puts it on the form, by default next to the field the error names (``error.field``) or above
    the form; what ``show`` returns, if anything, is the response instead of the form. None when
    the page is to be shown (again): a GET, an invalid form or a refusal."""
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except refused as error:
        if rollback:
            db.session.rollback()
        if show is None:
            add_error(form, getattr(error, "field", None), str(error))
            return None
        return show(form, error)
    db.session.commit()
    flash(_message(said, result), "success")
    return redirect(to(result) if callable(to) else to)


def send_bytes(data: bytes, name: str, mimetype: str, *, attachment: bool = False):
    """A file made in memory, under its download name (shown in the browser unless
    ``attachment``)."""
    return send_file(io.BytesIO(data), mimetype=mimetype, download_name=name, as_attachment=attachment)


# ---- JSON APIs -------------------------------------------------------------------------------


class ApiError(Exception):
    """A JSON API's refusal: answered ``{"error": message, **extra}`` with its status by
    ``api_error`` (``bp.register_error_handler(ApiError, api_error)``)."""

    def __init__(self, status: int, message: str, **extra):
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def api_error(error: ApiError):
    return jsonify({"error": error.message, **error.extra}), error.status


def api_signed_in() -> None:
    """A JSON API call of a signed-in account: ApiError 401 otherwise."""
    if not (current_user and current_user.is_authenticated):
        raise ApiError(401, "authentication required")


def api_found(row: T | None) -> T:
    """The row an API URL names: ApiError 404 when there is none."""
    if row is None:
        raise ApiError(404, "not found")
    return row
