"""Loading an event named in the URL and checking the visitor may act on it, in one place:
404 when it does not exist, the login page when signed out, 403 when not in its team."""

from functools import wraps

from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy import select

from workshop.events.models import Event
from workshop.events.services import role_in
from workshop.extensions import db


def event_member_required(*roles: str):
    """Passes ``event`` to the view. With roles, only members with one of them (and admins) pass;
    without, any member of the event's team."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(slug: str, *args, **kwargs):
            event = db.session.execute(select(Event).where(Event.slug == slug)).scalar_one_or_none()
            if event is None:
                abort(404)
            role = role_in(event, current_user)
            if not current_user.is_admin and (role is None or (roles and role not in roles)):
                abort(403)
            g.event_role = role or ("organiser" if current_user.is_admin else None)
            return view(*args, event=event, **kwargs)

        return wrapped

    return decorator


organiser_required = event_member_required("organiser")
