"""Work on one initiative: its detail page, edits, quarterly reports, review, comments and evidence."""
from django.http import Http404
from django.shortcuts import render

from core.views import portal_user_required
from initiatives.models import Initiative
from initiatives.selectors import health_reasons
from initiatives.selectors import initiative_detail as get_initiative_detail


@portal_user_required
def initiative_detail(request, pk):
    try:
        initiative = get_initiative_detail(request.user, pk)
    except Initiative.DoesNotExist:
        raise Http404 from None
    return render(request, "initiatives/initiative_detail.html",
                  {"initiative": initiative, "health_reasons": health_reasons(initiative)})


def _not_yet(request, *args, **kwargs):  # the report workflow (issue 3) replaces these
    raise Http404


my_initiatives = review_queue = initiative_edit = report_create = comment_add = evidence_add = _not_yet
report_edit = report_review = evidence_download = _not_yet
