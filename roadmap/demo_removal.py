"""Removing the demo loaded by ``load_demo`` (``manage.py remove_demo``), before a regency goes live.

The demo knows its own rows: the masterplan marked ``is_demo``, the codes in ``roadmap/demo/`` (agencies,
dimensions, indicators, initiatives) and the accounts named ``demo-…``. ``demo_blockers()`` lists every piece of real
data that depends on them (a report, evidence or comment by a real user, an initiative added by hand, an import, an
edit by a real user, a real account in a demo agency …); ``remove_demo()`` refuses while there is one, and otherwise
deletes the demo and its history rows in one transaction.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dimensions.models import ConditionFinding, Dimension, Indicator, Measurement, SubDimension
from initiatives.models import BudgetLine, Comment, Evidence, Initiative, Milestone, ProgressReport
from masterplans.models import Masterplan, MasterplanYear
from opd.models import Membership, Opd

from .demo import DEMO_DIR, DEMO_USER_PREFIX, _read_json
from .models import ImportJob


class DemoInUse(Exception):
    """Real data depends on the demo; ``reasons`` says what, one line each."""

    def __init__(self, reasons):
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@dataclass(frozen=True)
class DemoKeys:
    opds: frozenset
    dimensions: frozenset
    indicators: frozenset
    initiatives: frozenset


def demo_keys() -> DemoKeys:
    """The codes the demo files define."""
    with open(DEMO_DIR / "opds.csv", encoding="utf-8", newline="") as fh:
        opds = frozenset(row["code"] for row in csv.DictReader(fh))
    dims = _read_json("dimensions.json")
    return DemoKeys(
        opds=opds,
        dimensions=frozenset(d["code"] for d in dims),
        indicators=frozenset(i["code"] for d in dims for i in d.get("indicators", [])),
        initiatives=frozenset(i["code"] for i in _read_json("initiatives.json")),
    )


def _demo_users():
    return get_user_model().objects.filter(username__startswith=DEMO_USER_PREFIX)


def _real_user(field):
    """Q: ``field`` names a user who is not a demo account (an empty field is no user)."""
    return Q(**{f"{field}__isnull": False}) & ~Q(**{f"{field}__username__startswith": DEMO_USER_PREFIX})


def _codes(values, limit=5):
    values = sorted(set(values))
    text = ", ".join(values[:limit])
    return text + (" …" if len(values) > limit else "")


def demo_blockers(keys: DemoKeys | None = None) -> list[str]:
    """Why the demo cannot be removed: one line per kind of real data that depends on it (empty: it can be)."""
    keys = keys or demo_keys()
    plans = Masterplan.objects.filter(is_demo=True)
    demo_initiatives = Initiative.objects.filter(masterplan__in=plans)
    reasons = []

    def add(qs, message, field="code"):
        values = list(qs.values_list(field, flat=True)[:50])
        if values:
            reasons.append(message % {"n": len(values), "items": _codes(map(str, values))})

    add(ImportJob.objects.all(), _("%(n)s masterplan import(s) were run in the portal: %(items)s."), "original_name")
    add(
        demo_initiatives.exclude(code__in=keys.initiatives),
        _("%(n)s initiative(s) were added by hand to the demo masterplan: %(items)s."),
    )
    add(
        Initiative.objects.exclude(masterplan__in=plans)
        .filter(
            Q(dimension__code__in=keys.dimensions)
            | Q(lead_opd__code__in=keys.opds)
            | Q(supporting_opds__code__in=keys.opds)
        )
        .distinct(),
        _("%(n)s initiative(s) of another masterplan use a demo dimension or agency: %(items)s."),
    )
    add(
        ProgressReport.objects.filter(initiative__in=demo_initiatives)
        .filter(_real_user("created_by") | _real_user("submitted_by") | _real_user("reviewed_by"))
        .distinct(),
        _("%(n)s progress report(s) on demo initiatives were written or reviewed by a real user: %(items)s."),
        "initiative__code",
    )
    add(
        Evidence.objects.filter(initiative__in=demo_initiatives),
        _("%(n)s piece(s) of evidence were uploaded to demo initiatives: %(items)s."),
        "initiative__code",
    )
    add(
        Comment.objects.filter(initiative__in=demo_initiatives).filter(_real_user("author")),
        _("%(n)s comment(s) by a real user on demo initiatives: %(items)s."),
        "initiative__code",
    )
    history_edits = [
        *Initiative.history.filter(masterplan_id__in=plans.values("pk"))
        .filter(_real_user("history_user"))
        .values_list("code", flat=True)[:50],
        *Milestone.history.filter(initiative__masterplan__in=plans)
        .filter(_real_user("history_user"))
        .values_list("title", flat=True)[:50],
    ]
    if history_edits:
        reasons.append(
            _("%(n)s change(s) to demo initiatives or milestones were saved by a real user: %(items)s.")
            % {"n": len(history_edits), "items": _codes(history_edits)}
        )
    add(
        Indicator.objects.filter(dimension__code__in=keys.dimensions).exclude(code__in=keys.indicators),
        _("%(n)s indicator(s) were added to demo dimensions: %(items)s."),
    )
    add(
        Measurement.objects.filter(indicator__code__in=keys.indicators).filter(_real_user("recorded_by")),
        _("%(n)s indicator value(s) were recorded by a real user: %(items)s."),
        "indicator__code",
    )
    add(
        Membership.objects.filter(opd__code__in=keys.opds).exclude(user__username__startswith=DEMO_USER_PREFIX),
        _("%(n)s real account(s) belong to a demo agency: %(items)s."),
        "user__username",
    )
    return reasons


def _delete_with_history(qs, counts, label):
    """Delete the rows and every history row about them (a removed demo leaves no trace in the audit trail)."""
    model = qs.model
    ids = list(qs.values_list("pk", flat=True))
    if not ids:
        return
    qs.filter(pk__in=ids).delete()
    history = getattr(model, "history", None)
    if history is not None:
        history.filter(id__in=ids).delete()
    counts[label] += len(ids)


@transaction.atomic
def remove_demo() -> Counter:
    """Delete the demo (everything ``load_demo`` created); raises DemoInUse, deleting nothing, when real data
    depends on it. Returns what was deleted, per kind."""
    keys = demo_keys()
    reasons = demo_blockers(keys)
    if reasons:
        raise DemoInUse(reasons)
    counts = Counter()
    plans = Masterplan.objects.filter(is_demo=True)
    initiatives = Initiative.objects.filter(masterplan__in=plans)
    # Children first, each with its history, then the initiatives themselves.
    _delete_with_history(ProgressReport.objects.filter(initiative__in=initiatives), counts, "reports")
    _delete_with_history(Milestone.objects.filter(initiative__in=initiatives), counts, "milestones")
    _delete_with_history(BudgetLine.objects.filter(initiative__in=initiatives), counts, "budget lines")
    _delete_with_history(Comment.objects.filter(initiative__in=initiatives), counts, "comments")
    _delete_with_history(initiatives, counts, "initiatives")
    _delete_with_history(MasterplanYear.objects.filter(masterplan__in=plans), counts, "roadmap years")
    _delete_with_history(plans, counts, "masterplans")
    _delete_with_history(Indicator.objects.filter(code__in=keys.indicators), counts, "indicators")
    demo_dims = Dimension.objects.filter(code__in=keys.dimensions)
    _delete_with_history(ConditionFinding.objects.filter(dimension__in=demo_dims), counts, "findings")
    _delete_with_history(SubDimension.objects.filter(dimension__in=demo_dims), counts, "sub-dimensions")
    _delete_with_history(demo_dims, counts, "dimensions")
    _delete_with_history(_demo_users(), counts, "demo accounts")
    _delete_with_history(Opd.objects.filter(code__in=keys.opds), counts, "agencies")
    return counts
