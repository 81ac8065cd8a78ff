"""Browsing initiatives: the filtered list and its Excel/CSV exports."""
from django.http import Http404
from django.shortcuts import render

from core.views import portal_user_required
from initiatives.selectors import initiatives_for_user


@portal_user_required
def initiative_list(request):
    initiatives = initiatives_for_user(request.user).order_by("dimension__order", "code")
    return render(request, "initiatives/initiative_list.html", {"initiatives": initiatives})


@portal_user_required
def export_xlsx(request):  # replaced by the dashboards work (issue 4)
    raise Http404


@portal_user_required
def export_csv(request):  # replaced by the dashboards work (issue 4)
    raise Http404
