"""The ``initiatives`` sheet: the masterplan's initiatives, matched by code, with their supporting agencies, linked
indicators and planned budget per year (``budget_<year>``, reconciled and written by the budget_lines sheet)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.choices import Horizon, InitiativeStatus
from initiatives.models import Initiative
from initiatives.services import record_m2m_snapshots

from ... import cells
from ..rows import INVALID, ok, optional_text, slug
from ..writer import pk, plain
from . import dimensions, opds, sub_dimensions

NAME = "initiatives"
KINDS = {"initiatives": gettext_lazy("Initiatives")}
KEEP_IF_EMPTY = frozenset({"horizon", "status", "progress"})


def load(ctx):
    through_s, through_i = Initiative.supporting_opds.through, Initiative.indicators.through
    ctx.stored["initiatives"] = {i.code: i for i in Initiative.objects.filter(masterplan_id=ctx.plan.pk)}
    ctx.stored["supporting_opds"] = supporting = defaultdict(dict)  # initiative id → opd id → through id
    for row in through_s.objects.filter(initiative__masterplan_id=ctx.plan.pk).values_list(
        "pk", "initiative_id", "opd_id"
    ):
        supporting[row[1]][row[2]] = row[0]
    ctx.stored["linked_indicators"] = linked = defaultdict(dict)  # initiative id → indicator id → through id
    for row in through_i.objects.filter(initiative__masterplan_id=ctx.plan.pk).values_list(
        "pk", "initiative_id", "indicator_id"
    ):
        linked[row[1]][row[2]] = row[0]


def ref(ctx, row, value):
    """An initiative code (column ``initiative``) in a later sheet: stored in this masterplan or in this file."""
    if value is None or value is INVALID:
        return value
    if not ctx.known("initiatives", value):
        row.problem("initiative", _("Unknown initiative code “%(code)s”.") % {"code": value})
        return INVALID
    return value


def years(ctx, code):
    """(start_year, end_year) of an initiative as this file leaves it; (None, None) if unknown."""
    record = ctx.records["initiatives"].get(code)
    if record is not None:
        return record["start_year"], record["end_year"]
    obj = ctx.stored["initiatives"].get(code)
    return (obj.start_year, obj.end_year) if obj else (None, None)


def check(row, ctx):
    record = {}
    code = row.get("code", cells.code, required=True)
    record["title"] = row.get("title", cells.text, max_length=255, required=True)
    record["description"] = row.get("description", cells.text, multiline=True) or ""
    dimension = dimensions.ref(ctx, row, "dimension", row.get("dimension", slug, required=True))
    record["dimension"] = dimension
    if row.has("sub_dimension"):
        record["sub_dimension"] = sub_dimensions.ref(ctx, row, dimension, row.get("sub_dimension", slug))
    lead = opds.ref(ctx, row, "opd", row.get("opd", cells.code, required=True))
    record["lead_opd"] = lead
    supporting = row.get("supporting_opds", cells.code_list) or []
    if supporting is not INVALID:
        unknown = [c for c in supporting if not ctx.known("opds", c)]
        if unknown:
            row.problem("supporting_opds", _("Unknown agency (OPD) code “%(code)s”.") % {"code": "; ".join(unknown)})
            supporting = INVALID
        else:
            supporting = [c for c in supporting if c != lead]
    record["supporting_opds"] = supporting
    record["horizon"] = row.get("horizon", cells.choice, Horizon)
    record["status"] = row.get("status", cells.choice, InitiativeStatus)
    record["progress"] = row.get("progress", cells.progress)
    start = row.get("start_year", cells.year, ctx.plan, required=True)
    end = row.get("end_year", cells.year, ctx.plan, required=True)
    if ok(start, end) and end < start:
        row.problem("end_year", _("The end year may not be before the start year."))
        end = INVALID
    record["start_year"], record["end_year"] = start, end
    optional_text(row, record, "program_code", 60)
    optional_text(row, record, "location", 255)
    if row.has("indicators"):
        linked = row.get("indicators", cells.code_list) or []
        if linked is not INVALID:
            unknown = [c for c in linked if not ctx.known("indicators", c)]
            if unknown:
                row.problem("indicators", _("Unknown indicator code “%(code)s”.") % {"code": "; ".join(unknown)})
                linked = INVALID
        record["indicators"] = linked
    budget = {}
    for column, year in ctx.year_columns["initiatives"].items():
        value = row.get(column, cells.money)
        if value is INVALID:
            budget = INVALID
        elif value is not None and budget is not INVALID:
            if ok(start, end) and value and not (start <= year <= end):
                row.problem(
                    column,
                    _("The initiative runs %(start)s–%(end)s; a budget for %(year)s lies outside its years.")
                    % {"start": start, "end": end, "year": year},
                )
                budget = INVALID
                continue
            budget[year] = value
    if not ok(code, budget, *record.values()):
        return code, "code", None
    record["budget"] = budget
    return code, "code", record


def _values(ctx, key, record):
    v = plain(record, KEEP_IF_EMPTY)
    for name in ("supporting_opds", "indicators", "budget"):
        v.pop(name, None)
    v["code"] = key
    v["masterplan_id"] = ctx.plan.pk
    dimension = v.pop("dimension")
    v["dimension_id"] = pk(ctx.stored["dimensions"][dimension])
    if "sub_dimension" in v:
        v["sub_dimension_id"] = sub_dimensions.stored_id(ctx, dimension, v.pop("sub_dimension"))
    v["lead_opd_id"] = pk(ctx.stored["opds"][v.pop("lead_opd")])
    return v


def apply(records, ctx):
    stored, writer = ctx.stored, ctx.writer
    initiatives = stored["initiatives"]
    through_s, through_i = Initiative.supporting_opds.through, Initiative.indicators.through
    # M2M sets are compared first, so an initiative whose only change is its agencies gets a version and a
    # history record too.
    m2m_changed = set()
    add_s, remove_s, add_i, remove_i = [], [], [], []
    for code, record in records.items():
        obj = initiatives.get(code)
        obj_pk = obj.pk if obj else None
        wanted = {pk(stored["opds"][c]) for c in record["supporting_opds"]}
        have = stored["supporting_opds"].get(obj_pk, {}) if obj_pk else {}
        if set(have) != wanted:
            m2m_changed.add(code)
            add_s.append((code, wanted - set(have)))
            remove_s.extend(have[o] for o in set(have) - wanted)
        if "indicators" in record:
            wanted_i = {pk(stored["indicators"][c]) for c in record["indicators"]}
            have_i = stored["linked_indicators"].get(obj_pk, {}) if obj_pk else {}
            if set(have_i) != wanted_i:
                m2m_changed.add(code)
                add_i.append((code, wanted_i - set(have_i)))
                remove_i.extend(have_i[i] for i in set(have_i) - wanted_i)

    created, updated, fields = [], [], set()
    for code, record in records.items():
        v = _values(ctx, code, record)
        obj = initiatives.get(code)
        if obj is None:
            obj = Initiative(**v)
            initiatives[code] = obj
            created.append(obj)
            ctx.report.count("initiatives", "created")
            continue
        changed = [name for name, value in v.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, v[name])
        if changed or code in m2m_changed:
            obj.bump_version()
            fields.update(changed)
            fields.add("version")
            updated.append(obj)
            ctx.report.count("initiatives", "updated")
        else:
            ctx.report.count("initiatives", "unchanged")
    writer.write(Initiative, created, updated, fields, history=True)
    if writer.dry_run:
        return
    writer.delete_pks(through_s, remove_s)
    writer.delete_pks(through_i, remove_i)
    writer.create_rows(
        through_s,
        [through_s(initiative_id=initiatives[code].pk, opd_id=opd_id) for code, ids in add_s for opd_id in ids],
    )
    writer.create_rows(
        through_i,
        [through_i(initiative_id=initiatives[code].pk, indicator_id=ind_id) for code, ids in add_i for ind_id in ids],
    )
    # The bulk history records above carry no supporting agencies or indicators: give them their sets.
    record_m2m_snapshots([obj.pk for obj in created + updated])
