"""The groups module's rows of the authorisation matrix (see tests/matrix.py).

The world's facilitator is assigned to group I ({group}); group II ({other_group}) has none.
Organiser actions answer with a redirect back to the page. The JSON API answers 401 without a
session; the matrix sends no JSON body, so callers who are let in get 400 (or 422 for a DELETE
without its version).
"""

from tests.matrix import LOGIN, ORGANISERS_ONLY

ORGANISER_POST = {
    "anonymous": LOGIN,
    "ticket": LOGIN,
    "other": 403,
    "staff": 403,
    "facilitator": 403,
    "*": 302,
}
GROUP_PAGE = {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "staff": 403, "*": 200}
GROUP_POST = {"anonymous": LOGIN, "ticket": LOGIN, "other": 403, "staff": 403, "*": 302}
API_READ = {"anonymous": 401, "ticket": 401, "other": 403, "staff": 403, "*": 200}
API_WRITE = {"anonymous": 401, "ticket": 401, "other": 403, "staff": 403, "*": 400}

ROUTES = {
    "groups.manage": ("GET", "/manage/events/{event}/groups/", GROUP_PAGE),
    "groups.create_defaults": ("POST", "/manage/events/{event}/groups/defaults", ORGANISER_POST),
    "groups.group_add": ("POST", "/manage/events/{event}/groups/new", ORGANISER_POST),
    "groups.group_rename": ("POST", "/manage/events/{event}/groups/{other_group}/rename", ORGANISER_POST),
    "groups.group_delete": ("POST", "/manage/events/{event}/groups/{group}/delete", ORGANISER_POST),
    "groups.assign": ("GET", "/manage/events/{event}/groups/members", ORGANISERS_ONLY),
    "groups.suggest": ("GET", "/manage/events/{event}/groups/suggestion", ORGANISERS_ONLY),
    "groups.facilitator_add": (
        "POST",
        "/manage/events/{event}/groups/{other_group}/facilitators",
        ORGANISER_POST,
    ),
    "groups.facilitator_remove": (
        "POST",
        "/manage/events/{event}/groups/{group}/facilitators/{group_facilitator}/remove",
        ORGANISER_POST,
    ),
    "groups.review_return": ("POST", "/manage/events/{event}/groups/{group}/return", ORGANISER_POST),
    "groups.review_lock": ("POST", "/manage/events/{event}/groups/{group}/lock", ORGANISER_POST),
    "groups.review_unlock": ("POST", "/manage/events/{event}/groups/{group}/unlock", ORGANISER_POST),
    # The plenary adopts a group's RTL: without the chair's name the form answers again (422).
    "groups.adopt": ("POST", "/manage/events/{event}/groups/{group}/adopt", {**ORGANISER_POST, "*": 422}),
    "groups.withdraw_adoption": (
        "POST",
        "/manage/events/{event}/groups/{group}/adopt/withdraw",
        ORGANISER_POST,
    ),
    "groups.work": ("GET", "/manage/events/{event}/groups/{group}/", GROUP_PAGE),
    "groups.submit": ("POST", "/manage/events/{event}/groups/{group}/submit", GROUP_POST),
    "groups.revisions": ("GET", "/manage/events/{event}/groups/{group}/revisions", GROUP_PAGE),
    "groups.plenary": ("GET", "/manage/events/{event}/groups/{group}/plenary", GROUP_PAGE),
    "groups.rtl_docx": ("GET", "/manage/events/{event}/groups/{group}/rtl.docx", GROUP_PAGE),
    "groups.rtl_pdf": ("GET", "/manage/events/{event}/groups/{group}/rtl.pdf", GROUP_PAGE),
    "groups.api_rtl_list": ("GET", "/api/groups/{group}/rtl", API_READ),
    "groups.api_rtl_create": ("POST", "/api/groups/{group}/rtl", API_WRITE),
    "groups.api_rtl_update": ("PATCH", "/api/rtl/{rtl_row}", API_WRITE),
    "groups.api_rtl_delete": ("DELETE", "/api/rtl/{rtl_row}", {**API_WRITE, "*": 422}),
    "groups.api_notes_get": ("GET", "/api/groups/{group}/notes", API_READ),
    "groups.api_notes_put": ("PUT", "/api/groups/{group}/notes", API_WRITE),
}


def extra_url_values(app, world) -> dict:
    """The five cluster groups, the world's facilitator on group I, one RTL row in group I."""
    from sqlalchemy import select

    from workshop.auth.models import User
    from workshop.events.models import Event
    from workshop.extensions import db
    from workshop.groups import services

    with app.app_context():
        event = db.session.execute(select(Event).where(Event.slug == world.event_slug)).scalar_one()
        groups = services.create_default_groups(event)
        facilitator = db.session.get(User, world.users["facilitator"][0])
        services.assign_facilitator(groups[0], facilitator)
        row, _ = services.create_row(
            groups[0], services.new_client_id(), {"activity": "Sosialisasi akta kelahiran"}
        )
        db.session.commit()
        return {
            "group": groups[0].id,
            "other_group": groups[1].id,
            "rtl_row": row.id,
            "group_facilitator": facilitator.id,
        }
