"""The ``milestones`` sheet: milestones, matched by initiative + title (the first stored one of that title)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy

from initiatives.models import Milestone

from ... import cells
from ..rows import ok
from ..writer import plain
from . import initiatives

NAME = "milestones"
KINDS = {"milestones": gettext_lazy("Milestones")}


def load(ctx):
    ctx.stored["milestones"] = milestones = defaultdict(dict)  # initiative id → title → milestone
    for m in Milestone.objects.filter(initiative__masterplan_id=ctx.plan.pk).order_by("id"):
        milestones[m.initiative_id].setdefault(m.title, m)


def check(row, ctx):
    record = {}
    initiative = initiatives.ref(ctx, row, row.get("initiative", cells.code, required=True))
    title = row.get("title", cells.text, max_length=255, required=True)
    record["due_date"] = row.get("due_date", cells.date, required=True)
    if row.has("completed_date"):
        record["completed_date"] = row.get("completed_date", cells.date)
    if not ok(initiative, title, *record.values()):
        return (initiative, title), "title", None
    record.update(initiative=initiative, title=title)
    return (initiative, title), "title", record


def apply(records, ctx):
    stored, writer = ctx.stored, ctx.writer
    created, updated, fields = [], [], set()
    for (code, title), record in records.items():
        initiative = stored["initiatives"][code]
        values = {k: v for k, v in plain(record).items() if k in ("due_date", "completed_date")}
        milestone = stored["milestones"][initiative.pk].get(title) if initiative.pk else None
        if milestone is None:
            created.append(Milestone(initiative=initiative, title=title, **values))
            ctx.report.count("milestones", "created")
            continue
        changed = writer.diff("milestones", milestone, values)
        if changed:
            milestone.bump_version()  # a portal or API edit loaded at the old version is refused, not overwritten
            fields.update(changed)
            fields.add("version")
            updated.append(milestone)
    writer.write(Milestone, created, updated, fields, history=True)
