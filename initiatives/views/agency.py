"""My agency: the initiatives an agency leads or supports and what is due this quarter.

Views parse input, call a selector or service and render; permissions and workflow rules live in
initiatives/permissions.py and initiatives/services.py. Service errors become messages or form errors, never a 500:
PermissionDenied → 403, a stale version → the form again with a conflict panel, an illegal transition → a message.
"""

from __future__ import annotations

from django.shortcuts import render

from core.periods import quarter_label, report_deadline, reporting_quarter
from opd.choices import Role
from opd.decorators import portal_user_required
from opd.models import Opd
from opd.selectors import opd_id_of, role_of

from .. import permissions, selectors
from ..choices import ReportState
from .common import DUE_LABELS, decorate


@portal_user_required
def my_initiatives(request):
    """The initiatives an agency leads and supports, with what is due in the reporting quarter. Staff see their own
    agency; admins and viewers choose one."""
    year, quarter = reporting_quarter()
    role = role_of(request.user)
    opds = None
    if role == Role.OPD_STAFF:
        opd_id = opd_id_of(request.user)
        opd = Opd.objects.filter(pk=opd_id).first() if opd_id else None
    else:
        opds = list(Opd.objects.filter(active=True).order_by("abbreviation"))
        code = request.GET.get("opd")
        opd = next((o for o in opds if o.code == code), None)
    opd_id = opd.pk if opd else None
    led = list(selectors.agency_initiatives(request.user, opd_id, year, quarter))
    supported = list(selectors.agency_initiatives(request.user, opd_id, year, quarter, supporting=True))
    for initiative in led + supported:
        decorate(initiative, year)
        initiative.can_report = permissions.can_report(request.user, initiative)
    # Returned reports (of any quarter) stand first: they are the agency's most urgent work.
    returned = (
        list(
            selectors.reports_for_user(request.user)
            .filter(state=ReportState.RETURNED, initiative__lead_opd_id=opd_id)
            .order_by("-year", "-quarter")
        )
        if opd_id
        else []
    )
    led.sort(key=lambda i: (i.due != ReportState.RETURNED, i.due != selectors.DUE_NONE))
    counts = []
    for key, label in DUE_LABELS.items():
        n = sum(1 for i in led if i.due == key)
        if n:
            counts.append((label, n))
    return render(
        request,
        "initiatives/my_initiatives.html",
        {
            "opd": opd,
            "opds": opds,
            "led": led,
            "supported": supported,
            "year": year,
            "quarter": quarter,
            "period_label": quarter_label(year, quarter),
            "deadline": report_deadline(year, quarter),
            "counts": counts,
            "returned": returned,
            "can_fix": role == Role.OPD_STAFF,
        },
    )
