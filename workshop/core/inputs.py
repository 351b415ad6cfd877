"""Hostile input is refused before any view sees it.

- NUL characters in the path, query or form: no form, code or name legitimately holds one, and
  PostgreSQL refuses to store or even compare text with NUL. Uploaded file contents are not checked
  (binary files hold NULs).
- JSON bodies (anything under /api/, whatever its Content-Type, since the API reads bodies with
  ``get_json(force=True)``; and any body sent as JSON): refused with 413 above ``JSON_MAX_BYTES``,
  and with 400 when nested deeper than ``JSON_MAX_DEPTH`` (measured on the raw bytes, iteratively,
  before anything parses or walks it), when not JSON at all, or when it holds NaN/Infinity, a number
  beyond a signed 64-bit integer, or text with a character ``workshop.core.text`` forbids. A view
  that judges each item of a batch on its own (``per_item_text``) still gets bodies with
  non-characters: only NUL and lone surrogates, which no query can carry, refuse the whole body.
- Form fields: every WTForms field refuses forbidden characters, and integers beyond 64 bits, with
  a message by the field (``_refuse_hostile_values``, first in every bound field of every FlaskForm).
"""

from __future__ import annotations

import math
import re

from flask import Flask, abort, current_app, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import StopValidation

from workshop.core import text

NUL = "\x00"
JSON_MAX_BYTES = 1024 * 1024
JSON_MAX_DEPTH = 32
# Larger numbers are no count, id or amount of ours; PostgreSQL's bigint ends here too.
MAX_INT = 2**63 - 1
_JSON_SPECIAL = re.compile(rb'[\[\]{}"\\]')
_NUL_OR_SURROGATE = re.compile("[\x00\ud800-\udfff]")


def per_item_text(view):
    """Mark a JSON view that judges the text of each batch item itself (an unknown code is that
    item's ``invalid``), so one odd item does not refuse the whole batch."""
    view.per_item_text = True
    return view


def json_depth(raw: bytes) -> int:
    """How deeply ``raw`` nests arrays and objects, brackets inside strings not counted; one pass
    over the special characters only, without recursion."""
    depth = deepest = 0
    in_string = False
    skip_to = -1
    for match in _JSON_SPECIAL.finditer(raw):
        position = match.start()
        if position < skip_to:
            continue  # the character after a backslash
        char = match.group(0)
        if in_string:
            if char == b"\\":
                skip_to = position + 2
            elif char == b'"':
                in_string = False
            continue
        if char == b'"':
            in_string = True
        elif char in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif char in (b"]", b"}"):
            depth -= 1
    return deepest


def json_problem(value, strict_text: bool = True) -> bool:
    """Whether a parsed body holds something no API accepts (see the module text); walked with
    an explicit stack, so depth costs no recursion."""
    pattern = text.FORBIDDEN if strict_text else _NUL_OR_SURROGATE
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if pattern.search(item):
                return True
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not -MAX_INT - 1 <= item <= MAX_INT:
                return True
        elif isinstance(item, float):
            if not math.isfinite(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _check_json_body() -> None:
    limit = current_app.config.get("JSON_MAX_BYTES", JSON_MAX_BYTES)
    if request.content_length is not None and request.content_length > limit:
        abort(413)
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        abort(413)
    if json_depth(raw) > current_app.config.get("JSON_MAX_DEPTH", JSON_MAX_DEPTH):
        abort(400)
    try:
        body = request.get_json(force=True, silent=True)
    except RecursionError:  # pragma: no cover - the depth check above comes first
        abort(400)
    view = current_app.view_functions.get(request.endpoint)
    if body is not None and json_problem(body, strict_text=not getattr(view, "per_item_text", False)):
        abort(400)


def refuse_hostile_input() -> None:
    if NUL in request.path:
        abort(404)
    # request.form only for form bodies: building it for a JSON scan cost more than the check.
    form = request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
    for source in (request.args, request.form) if form else (request.args,):
        for key, values in source.lists():
            if (isinstance(key, str) and NUL in key) or any(isinstance(v, str) and NUL in v for v in values):
                abort(400)
    if request.content_length != 0 and (request.is_json or request.path.startswith("/api/")):
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            _check_json_body()


TOO_LARGE = _l("This number is far too large.")


def _refuse_hostile_values(form, field) -> None:
    """First in every field's chain: forbidden characters, and integers no column holds (a
    400-digit capacity made WTForms' NumberRange overflow into a 500)."""
    values = field.data if isinstance(field.data, list | tuple) else [field.data]
    if any(isinstance(value, str) and text.FORBIDDEN.search(value) for value in values):
        raise StopValidation(str(text.MESSAGE))
    if any(
        isinstance(value, int) and not isinstance(value, bool) and not -MAX_INT - 1 <= value <= MAX_INT
        for value in values
    ):
        raise StopValidation(str(TOO_LARGE))


_bind_field = FlaskForm.Meta.bind_field


def _bind_checked_field(self, form, unbound_field, options):
    """Every field of every form refuses forbidden characters first (before its own checks)."""
    field = _bind_field(self, form, unbound_field, options)
    field.validators = [_refuse_hostile_values, *field.validators]
    return field


def init_app(app: Flask) -> None:
    if FlaskForm.Meta.bind_field is not _bind_checked_field:
        FlaskForm.Meta.bind_field = _bind_checked_field
    app.before_request(refuse_hostile_input)
