"""Who may do what with initiatives and reports: the permission matrix, written once.

| action                               | anonymous | viewer | opd_staff (lead OPD) | opd_staff (supporting) | opd_staff (other) | admin |
|--------------------------------------|-----------|--------|----------------------|------------------------|-------------------|-------|
| view initiatives, history            | no        | yes    | yes                  | yes                    | yes               | yes   |
| view submitted / approved reports    | no        | yes    | yes                  | yes                    | yes               | yes   |
| view draft / returned reports (+ev.) | no        | no     | yes                  | no                     | no                | yes   |
| edit initiative (staff fields)       | no        | no     | yes                  | no                     | no                | yes   |
| correct progress/status (a reason)   | no        | no     | no                   | no                     | no                | yes   |
| edit code/dimension/lead OPD/period  | no        | no     | no                   | no                     | no                | yes   |
| create / delete initiative           | no        | no     | no                   | no                     | no                | yes   |
| write, submit report                 | no        | no     | yes                  | no                     | no                | yes   |
| approve / return report              | no        | no     | no                   | no                     | no                | yes¹  |
| add comment or evidence              | no        | no     | yes                  | yes                    | no                | yes   |
| delete evidence (own; report open)   | no        | no     | uploader             | uploader               | no                | yes   |
| download evidence                    | no        | yes    | yes                  | yes                    | yes               | yes   |
| add/edit/complete/delete milestone   | no        | no     | yes                  | no                     | no                | yes   |

¹ Not a report they submitted themselves while ``REVIEW_FOUR_EYES`` is on (the default).
Progress and status of an initiative move through approved reports; only an administrator corrects them directly,
with a reason the history shows. Evidence goes on the initiative or on a draft or returned report, never on a
submitted or approved one.

Recording indicator values is dimensions/permissions.py; who holds which role is opd/permissions.py.
"""

from __future__ import annotations

from django.conf import settings

from opd.choices import Role
from opd.permissions import has_portal_role
from opd.selectors import opd_id_of, role_of

# Fields OPD staff of the lead agency may change; everything else on an initiative is admin's. Progress and status
# move through approved reports; an administrator may correct them, naming a reason (REPORTED_FIELDS).
STAFF_EDITABLE_FIELDS = ("title", "description", "sub_dimension", "program_code", "location")
REPORTED_FIELDS = ("status", "progress")
ADMIN_EDITABLE_FIELDS = (
    STAFF_EDITABLE_FIELDS
    + REPORTED_FIELDS
    + (
        "code",
        "dimension",
        "lead_opd",
        "horizon",
        "start_year",
        "end_year",
    )
)
# Reports in these states are public to every portal role; drafts and returned reports are the lead agency's.
PUBLIC_REPORT_STATES = ("submitted", "approved")


def can_view(user) -> bool:
    return has_portal_role(user)


def is_opd_staff(user) -> bool:
    return role_of(user) == Role.OPD_STAFF


def is_lead_staff(user, initiative) -> bool:
    return role_of(user) == Role.OPD_STAFF and opd_id_of(user) == initiative.lead_opd_id


def is_supporting_staff(user, initiative) -> bool:
    if role_of(user) != Role.OPD_STAFF:
        return False
    opd_id = opd_id_of(user)
    # Uses the prefetch cache when the caller loaded supporting_opds.
    return any(o.pk == opd_id for o in initiative.supporting_opds.all())


def can_edit_initiative(user, initiative) -> bool:
    return role_of(user) == Role.ADMIN or is_lead_staff(user, initiative)


def editable_fields(user, initiative) -> tuple[str, ...]:
    if role_of(user) == Role.ADMIN:
        return ADMIN_EDITABLE_FIELDS
    if is_lead_staff(user, initiative):
        return STAFF_EDITABLE_FIELDS
    return ()


def can_manage_milestones(user, initiative) -> bool:
    """Add, edit, complete, reopen and delete an initiative's milestones."""
    return can_edit_initiative(user, initiative)


def can_manage_initiatives(user) -> bool:
    """Create and delete initiatives, manage master data."""
    return role_of(user) == Role.ADMIN


def can_report(user, initiative) -> bool:
    return role_of(user) == Role.ADMIN or is_lead_staff(user, initiative)


def can_review(user) -> bool:
    return role_of(user) == Role.ADMIN


def four_eyes_refusal(user, report) -> bool:
    """Whether the four-eyes rule (``REVIEW_FOUR_EYES``) keeps ``user`` from approving or returning ``report``:
    they submitted it themselves."""
    return bool(
        getattr(settings, "REVIEW_FOUR_EYES", True)
        and report.submitted_by_id is not None
        and report.submitted_by_id == getattr(user, "pk", None)
    )


def can_decide(user, report) -> bool:
    """Approve or return this report: an administrator who did not submit it (four eyes)."""
    return can_review(user) and not four_eyes_refusal(user, report)


def can_see_private_reports(user, initiative) -> bool:
    """Drafts and returned reports (and their evidence): the lead agency's staff and administrators."""
    return role_of(user) == Role.ADMIN or is_lead_staff(user, initiative)


def can_see_report(user, report) -> bool:
    if not can_view(user):
        return False
    return report.state in PUBLIC_REPORT_STATES or can_see_private_reports(user, report.initiative)


def can_see_evidence(user, evidence) -> bool:
    return can_view(user) and (evidence.report_id is None or can_see_report(user, evidence.report))


def can_contribute(user, initiative) -> bool:
    """Comments and evidence: admins and staff of the lead or a supporting agency."""
    return can_report(user, initiative) or is_supporting_staff(user, initiative)


def can_delete_evidence(user, evidence) -> bool:
    """The uploader (while still allowed to contribute) or an admin, whatever the report's state."""
    if role_of(user) == Role.ADMIN:
        return True
    return (
        evidence.uploaded_by_id is not None
        and evidence.uploaded_by_id == getattr(user, "pk", None)
        and can_contribute(user, evidence.initiative)
    )


def evidence_deletable(user, evidence) -> bool:
    """Whether the user may delete this file now: ``can_delete_evidence`` while the file is on the initiative itself
    or on a report that is still editable (the service asks the same)."""
    return can_delete_evidence(user, evidence) and (evidence.report is None or evidence.report.is_editable)
