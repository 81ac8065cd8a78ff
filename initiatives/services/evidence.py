"""Evidence files and comments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import TransitionError

from .. import permissions
from ..choices import ReportState
from ..evidence import validate_evidence_file
from ..models import Comment, Evidence, Initiative, ProgressReport
from .common import _reject_control_characters, _save


def add_evidence(
    user, initiative: Initiative, uploaded_file, *, report: ProgressReport | None = None, description: str = ""
) -> Evidence:
    if not permissions.can_contribute(user, initiative):
        raise PermissionDenied(_("You may not add evidence to this initiative."))
    if report is not None and report.initiative_id != initiative.pk:
        raise PermissionDenied(_("The report belongs to another initiative."))
    if report is not None and not permissions.can_see_report(user, report):
        raise PermissionDenied(_("You may not add evidence to this report."))
    if report is not None and not report.is_editable:
        raise TransitionError(
            _(
                "The report is %(state)s: evidence can only be added to a draft or returned report, or to the "
                "initiative itself."
            )
            % {"state": ReportState(report.state).label}
        )
    checked = validate_evidence_file(uploaded_file)
    with transaction.atomic():
        evidence = Evidence(
            initiative=initiative,
            report=report,
            original_name=checked.safe_name,
            content_type=checked.content_type,
            size=checked.size,
            description=description[:255],
            uploaded_by=user,
        )
        evidence.file.save(checked.safe_name, uploaded_file, save=False)
        try:
            _save(evidence, user, exclude=["file"])
        except Exception:
            evidence.file.delete(save=False)  # nothing stray is left on disk
            raise
    return evidence


def delete_evidence(user, evidence: Evidence) -> None:
    """Remove an evidence file: its uploader or an admin, while its report is a draft or returned (evidence attached
    to the initiative itself: at any time). The history keeps the record; the file leaves storage after commit."""
    with transaction.atomic():
        current = (
            Evidence.objects.select_for_update(of=("self",)).select_related("report", "initiative").get(pk=evidence.pk)
        )
        if not permissions.can_delete_evidence(user, current):
            raise PermissionDenied(_("Only the uploader or an administrator may delete this file."))
        if current.report is not None and not current.report.is_editable:
            raise TransitionError(
                _("The file belongs to a report that is %(state)s; it can no longer be deleted.")
                % {"state": ReportState(current.report.state).label}
            )
        storage, name = current.file.storage, current.file.name
        current._history_user = user
        current.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


def add_comment(user, initiative: Initiative, text: str) -> Comment:
    if not permissions.can_contribute(user, initiative):
        raise PermissionDenied(_("You may not comment on this initiative."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The comment is empty.")})
    comment = Comment(initiative=initiative, author=user, text=text[:5000])
    _reject_control_characters(comment)
    comment.full_clean()
    comment.save()
    return comment
