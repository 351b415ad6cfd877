"""What the documents module does when others tell it something happened
(workshop/core/signals.py): the activity report's photos (of people at the event) go with the
event's personal data. Receivers flush, never commit; files go once the purge is committed."""

from __future__ import annotations

from sqlalchemy import delete

from workshop.core import signals, storage
from workshop.core.personal_data import erases
from workshop.documents.models import ReportPhoto
from workshop.documents.services import photo_file, photos_of
from workshop.extensions import db


@signals.event_purged.connect
@erases(ReportPhoto)
def purge_report_photos(event, *, dry_run: bool = False, **_) -> dict:
    files = 0
    for photo in photos_of(event):
        path = photo_file(photo)
        if path is not None:
            files += 1
            if not dry_run:
                storage.delete_after_commit(db.session(), path)
    if not dry_run:
        db.session.execute(delete(ReportPhoto).where(ReportPhoto.event_id == event.id))
    return {"generated_files": files}
