"""The rules of discussion groups, one job per module; this module gathers them so callers keep
writing ``services.create_row(...)``:

- errors.py: what the rules raise;
- clusters.py: the clusters, the KLA indicators, rupiah;
- making.py: an event's groups made, renamed, removed;
- assignment.py: who is in which group (by hand and by suggestion);
- facilitators.py: facilitators and who may work on a group;
- review.py: submitted, returned, locked, unlocked;
- validation.py: what a notes field or an RTL cell may hold;
- versions.py: optimistic concurrency (versions and revisions);
- rtl.py and notes.py: the RTL rows and the discussion notes;
- attendance.py: attendance in a group's sessions, the overview of all groups.

New code may import the module it needs directly.
"""

from workshop.groups.assignment import (
    Placement,
    Suggestion,
    apply_assignment,
    attendee_cluster,
    members_of,
    move_attendees,
    participants,
    sizes_by_group,
    suggest_assignment,
    unassigned_count,
)
from workshop.groups.attendance import (
    Attendance,
    GroupSummary,
    attendance,
    group_sessions,
    overview,
)
from workshop.groups.clusters import (
    CLUSTER_CODES,
    KELEMBAGAAN,
    cluster_label,
    clusters,
    format_rupiah,
    indicators_for,
    kla_indicators,
)
from workshop.groups.errors import (
    Conflict,
    GroupError,
    InvalidInput,
    Locked,
    StaleVersion,
)
from workshop.groups.facilitators import (
    assign_facilitator,
    facilitator_candidates,
    groups_of_facilitator,
    may_work_on,
    remove_facilitator,
    unassign_from_event,
)
from workshop.groups.making import (
    MAX_GROUP_NAME,
    add_group,
    create_default_groups,
    get_group,
    groups_of,
    remove_group,
    rename_group,
)
from workshop.groups.notes import (
    notes_json,
    notes_of,
    save_notes,
)
from workshop.groups.review import (
    lock_output,
    return_output,
    status_label,
    submit_output,
    unlock_output,
)
from workshop.groups.rtl import (
    create_row,
    delete_row,
    get_row,
    row_json,
    rtl_rows,
    update_row,
)
from workshop.groups.validation import (
    CONTROL,
    FUNDING_SOURCES,
    MAX_BUDGET,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    NOTES_FIELDS,
    RTL_FIELDS,
    RTL_TEXT_FIELDS,
    clean_notes,
    clean_rtl,
    parse_budget,
    valid_client_id,
)
from workshop.groups.versions import (
    MAX_ATTEMPTS,
    check_base_version,
    new_client_id,
    revise,
    revisions,
    save_versioned,
)

__all__ = [
    "GroupError",
    "InvalidInput",
    "Locked",
    "Conflict",
    "StaleVersion",
    "KELEMBAGAAN",
    "CLUSTER_CODES",
    "clusters",
    "kla_indicators",
    "indicators_for",
    "cluster_label",
    "format_rupiah",
    "MAX_GROUP_NAME",
    "groups_of",
    "get_group",
    "create_default_groups",
    "add_group",
    "rename_group",
    "remove_group",
    "participants",
    "move_attendees",
    "attendee_cluster",
    "Placement",
    "Suggestion",
    "suggest_assignment",
    "apply_assignment",
    "members_of",
    "unassigned_count",
    "sizes_by_group",
    "facilitator_candidates",
    "assign_facilitator",
    "remove_facilitator",
    "unassign_from_event",
    "groups_of_facilitator",
    "may_work_on",
    "submit_output",
    "return_output",
    "lock_output",
    "unlock_output",
    "status_label",
    "MAX_SHORT_TEXT",
    "MAX_LONG_TEXT",
    "MAX_BUDGET",
    "FUNDING_SOURCES",
    "RTL_TEXT_FIELDS",
    "RTL_FIELDS",
    "NOTES_FIELDS",
    "CONTROL",
    "parse_budget",
    "clean_rtl",
    "clean_notes",
    "valid_client_id",
    "MAX_ATTEMPTS",
    "revise",
    "check_base_version",
    "save_versioned",
    "revisions",
    "new_client_id",
    "rtl_rows",
    "get_row",
    "create_row",
    "update_row",
    "delete_row",
    "row_json",
    "notes_of",
    "notes_json",
    "save_notes",
    "group_sessions",
    "Attendance",
    "attendance",
    "GroupSummary",
    "overview",
]
