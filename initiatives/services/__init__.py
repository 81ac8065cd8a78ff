"""Every write with a business meaning on initiatives and reports (a facade over one module per topic).

Views, the API, the admin, commands and Celery tasks call these; each one checks permission and version, runs in a
transaction, records history with the acting user, and notifies the people concerned after commit.
"""

from .common import (
    record_m2m_snapshots,
    status_default_progress,
)
from .evidence import (
    add_comment,
    add_evidence,
    delete_evidence,
)
from .initiatives import (
    create_initiative,
    delete_initiative,
    save_budget_line,
    update_initiative,
)
from .milestones import (
    MILESTONE_FIELDS,
    complete_milestone,
    delete_milestone,
    reopen_milestone,
    save_milestone,
)
from .reports import (
    REPORT_FIELDS,
    approve_report,
    return_report,
    save_report,
    submit_report,
)

__all__ = [
    "MILESTONE_FIELDS",
    "REPORT_FIELDS",
    "add_comment",
    "add_evidence",
    "approve_report",
    "complete_milestone",
    "create_initiative",
    "delete_evidence",
    "delete_initiative",
    "delete_milestone",
    "record_m2m_snapshots",
    "reopen_milestone",
    "return_report",
    "save_budget_line",
    "save_milestone",
    "save_report",
    "status_default_progress",
    "submit_report",
    "update_initiative",
]
