"""Review of submitted reports by administrators: the queue, approve, return with a note.

Views parse input, call a selector or service and render; permissions and workflow rules live in
initiatives/permissions.py and initiatives/services.py. Service errors become messages or form errors, never a 500:
PermissionDenied → 403, a stale version → the form again with a conflict panel, an illegal transition → a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exceptions import ConflictError, TransitionError
from core.periods import quarter_label
from opd.decorators import portal_user_required

from .. import permissions, selectors, services
from ..choices import ReportState
from ..filtersets import ReportFilterSet
from ..forms import (
    ReviewForm,
)
from ..models import ProgressReport
from .common import add_service_errors, get_report


@portal_user_required
def review_queue(request):
    if not permissions.can_review(request.user):
        raise PermissionDenied
    data = request.GET.copy()
    if "state" not in data:
        data.setlist("state", [ReportState.SUBMITTED])
    filterset = ReportFilterSet(data, queryset=selectors.reports_for_user(request.user).order_by("submitted_at", "pk"))
    qs = filterset.qs if filterset.is_valid() else ProgressReport.objects.none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for report in page.object_list:
        report.decidable = permissions.can_decide(request.user, report)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "initiatives/review_queue.html",
        {
            "filterset": filterset,
            "page": page,
            "reports": page.object_list,
            "query": query.urlencode(),
        },
    )


@portal_user_required
@require_http_methods(["GET", "POST"])
def report_review(request, pk):
    if not permissions.can_review(request.user):
        raise PermissionDenied
    report = get_report(request, pk)
    form = None
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                if action == ReviewForm.APPROVE:
                    services.approve_report(
                        request.user,
                        report,
                        expected_version=form.cleaned_data["version"],
                        note=form.cleaned_data["note"],
                    )
                else:
                    services.return_report(
                        request.user,
                        report,
                        note=form.cleaned_data["note"],
                        expected_version=form.cleaned_data["version"],
                    )
            except ConflictError as exc:
                who = exc.changed_by.get_full_name() or exc.changed_by.username if exc.changed_by else _("someone")
                messages.error(
                    request,
                    _(
                        "The report changed while you were reviewing it (saved by %(who)s). "
                        "Check the new version before deciding."
                    )
                    % {"who": who},
                )
                return redirect("initiatives:report-review", pk=report.pk)
            except TransitionError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("initiatives:report-review", pk=report.pk)
            except PermissionDenied as exc:  # four eyes: the service says why
                messages.error(request, str(exc))
                return redirect("initiatives:report-review", pk=report.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                label = quarter_label(report.year, report.quarter)
                if action == ReviewForm.APPROVE:
                    messages.success(
                        request,
                        _("The %(period)s report on %(code)s was approved.")
                        % {"period": label, "code": report.initiative.code},
                    )
                else:
                    messages.success(
                        request,
                        _("The %(period)s report on %(code)s was returned.")
                        % {"period": label, "code": report.initiative.code},
                    )
                next_url = request.POST.get("next", "")
                if next_url.startswith("/initiatives/reviews/"):
                    return HttpResponseRedirect(next_url)
                return redirect("initiatives:review-queue")
    return render(
        request,
        "initiatives/report_review.html",
        {
            "report": report,
            "initiative": report.initiative,
            "form": form,
            "evidence": list(report.evidence.all()),
            "can_decide": report.state == ReportState.SUBMITTED and permissions.can_decide(request.user, report),
            "four_eyes": report.state == ReportState.SUBMITTED and permissions.four_eyes_refusal(request.user, report),
            # what approval will overwrite: the year's realised budget on the initiative's budget lines
            "budget_now": sum(
                line.realized for line in report.initiative.budget_lines.all() if line.year == report.year
            ),
        },
        status=400 if form is not None else 200,
    )
