"""The ``masterplan`` sheet: the masterplan record itself (one row), matched by its start year.

Into an empty database the row creates the masterplan (active when no other is); into an existing one it must name
that masterplan's period, and changes its title and narrative (version + 1, a history record)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from masterplans.choices import MasterplanStatus
from masterplans.models import PERIOD_YEARS, Masterplan

from ... import cells
from ..rows import INVALID, ok, optional_text
from ..writer import CHANGE_REASON

NAME = "masterplan"
KINDS = {"masterplans": gettext_lazy("Masterplan")}
NARRATIVE = ("title", "vision", "mission", "description")


def load(ctx):
    ctx.stored["masterplan"] = {ctx.plan.start_year: ctx.plan} if ctx.plan.pk else {}


def check(row, ctx):
    if ctx.records.get(NAME) or ctx.failed.get(NAME):
        row.problem("title", _("The masterplan sheet holds one row: the masterplan."))
        return None, "title", None
    record = {}
    record["title"] = row.get("title", cells.text, max_length=255, required=True)
    start = row.get("start_year", cells.integer, 2000, 2100, required=True)
    end = row.get("end_year", cells.integer, 2000, 2100, required=True)
    if ok(start, end) and start is not None and end is not None and end != start + PERIOD_YEARS - 1:
        row.problem("end_year", _("A masterplan covers five years: the end year is the start year + 4."))
        end = INVALID
    if ok(start) and start is not None and ctx.plan.pk and start != ctx.plan.start_year:
        row.problem(
            "start_year",
            _("The portal's masterplan starts in %(year)s; this file describes another masterplan.")
            % {"year": ctx.plan.start_year},
        )
        start = INVALID
    for column in NARRATIVE[1:]:
        optional_text(row, record, column, multiline=True)
    if not ok(start, end, *record.values()):
        return start, "start_year", None
    if not ctx.plan.pk:  # the masterplan the file creates: later sheets check their years against it
        ctx.plan.start_year, ctx.plan.end_year, ctx.plan.title = start, end, record["title"]
    return start, "start_year", record


def apply(records, ctx):
    plan = ctx.plan
    for _start, record in records.items():
        values = {k: v for k, v in record.items() if k in NARRATIVE}
        if plan.pk is None:
            for name, value in values.items():
                setattr(plan, name, value)
            if not Masterplan.objects.filter(status=MasterplanStatus.ACTIVE).exists():
                plan.status = MasterplanStatus.ACTIVE
            ctx.report.count("masterplans", "created")
        else:
            changed = ctx.writer.diff("masterplans", plan, values)
            if not changed:
                continue
            plan.bump_version()
        if not ctx.writer.dry_run:
            plan._history_user = ctx.user
            plan._change_reason = CHANGE_REASON
            plan.updated_at = timezone.now()
            plan.save()
