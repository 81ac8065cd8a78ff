"""Pages over the whole masterplan: the home page (dashboard)."""
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from dimensions.selectors import dimensions
from initiatives.selectors import initiatives_for_user, progress_by
from opd.selectors import role_of

from .selectors import active_masterplan


def home(request):
    if not request.user.is_authenticated or role_of(request.user) is None:
        return redirect_to_login(request.get_full_path())
    plan = active_masterplan()
    qs = initiatives_for_user(request.user)
    by_dimension = progress_by(qs, "dimension_id")
    overall = progress_by(qs, None).get(None)
    rows = []
    for dimension in dimensions():
        rollup = by_dimension.get(dimension.pk)
        rows.append({"dimension": dimension, "rollup": rollup})
    return render(request, "roadmap/home.html", {"plan": plan, "rows": rows, "overall": overall})
