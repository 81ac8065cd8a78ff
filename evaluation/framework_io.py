"""The framework as a workbook: export (four sheets) and import (all or nothing, matched by code, every problem
reported by sheet, row and column). The import adds and updates; it never deletes (remove rows in the admin)."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from dimensions.models import Dimension

from .choices import PrefillRule
from .models import Component, DimensionMapping, Item, NationalDimension
from .permissions import can_manage

SHEETS = {
    "national_dimensions": ["code", "name", "name_en", "order"],
    "components": ["code", "name", "name_en", "weight", "order", "description"],
    "items": [
        "code",
        "component",
        "question",
        "national_dimension",
        "level_1",
        "level_2",
        "level_3",
        "level_4",
        "level_5",
        "prefillable",
        "rule",
        "order",
    ],
    "mapping": ["dimension", "national_dimension"],
}


def export_framework() -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    rows = {
        "national_dimensions": [[n.code, n.name, n.name_en, n.order] for n in NationalDimension.objects.all()],
        "components": [
            [c.code, c.name, c.name_en, float(c.weight), c.order, c.description] for c in Component.objects.all()
        ],
        "items": [
            [
                i.code,
                i.component.code,
                i.question,
                i.national_dimension.code if i.national_dimension else "",
                *i.levels,
                "yes" if i.prefillable else "no",
                i.rule,
                i.order,
            ]
            for i in Item.objects.select_related("component", "national_dimension")
        ],
        "mapping": [
            [m.dimension.code, m.national_dimension.code]
            for m in DimensionMapping.objects.select_related("dimension", "national_dimension")
        ],
    }
    for name, header in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for row in rows[name]:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _read(file) -> dict[str, list[tuple[int, dict]]]:
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError({"file": _("This is not an Excel workbook (.xlsx).")}) from exc
    data = {}
    for name, header in SHEETS.items():
        if name not in wb.sheetnames:
            raise ValidationError({"file": _("The sheet %(sheet)s is missing.") % {"sheet": name}})
        rows = list(wb[name].iter_rows(values_only=True))
        found = [str(c).strip() if c is not None else "" for c in (rows[0] if rows else [])]
        if found[: len(header)] != header:
            raise ValidationError(
                {
                    "file": _("The sheet %(sheet)s must start with the columns: %(cols)s.")
                    % {"sheet": name, "cols": ", ".join(header)}
                }
            )
        data[name] = [
            (n, {h: ("" if v is None else v) for h, v in zip(header, row, strict=False)})
            for n, row in enumerate(rows[1:], start=2)
            if any(v not in (None, "") for v in row)
        ]
    return data


def import_framework(*, user, file) -> dict:
    """Apply the workbook; returns how many rows were created and updated. Raises ValidationError listing every
    problem (``problems``: "sheet row N, column: message") and writes nothing when there is one."""
    if not can_manage(user):
        raise PermissionDenied
    data = _read(file)
    problems: list[str] = []

    def problem(sheet, row, column, message):
        problems.append(f"{sheet} {_('row')} {row}, {column}: {message}")

    nd_codes = set(NationalDimension.objects.values_list("code", flat=True))
    nd_codes |= {str(r["code"]).strip() for _n, r in data["national_dimensions"]}
    comp_codes = set(Component.objects.values_list("code", flat=True))
    comp_codes |= {str(r["code"]).strip() for _n, r in data["components"]}
    dim_codes = set(Dimension.objects.values_list("code", flat=True))
    for n, r in data["national_dimensions"] + data["components"]:
        if not str(r["code"]).strip() or not str(r["name"]).strip():
            problem("national_dimensions/components", n, "code/name", _("Code and name are required."))
    for n, r in data["components"]:
        try:
            weight = Decimal(str(r["weight"]))
            if not 0 <= weight <= 100:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            problem("components", n, "weight", _("A weight lies between 0 and 100."))
    for n, r in data["items"]:
        if str(r["component"]).strip() not in comp_codes:
            problem("items", n, "component", _("Unknown component %(code)s.") % {"code": r["component"]})
        if r["national_dimension"] and str(r["national_dimension"]).strip() not in nd_codes:
            problem(
                "items",
                n,
                "national_dimension",
                _("Unknown national dimension %(code)s.") % {"code": r["national_dimension"]},
            )
        if any(not str(r[f"level_{k}"]).strip() for k in range(1, 6)) or not str(r["question"]).strip():
            problem("items", n, "question/level_1–5", _("The question and all five levels are required."))
        if r["rule"] and r["rule"] not in PrefillRule.values:
            problem("items", n, "rule", _("Unknown rule %(rule)s.") % {"rule": r["rule"]})
    for n, r in data["mapping"]:
        if str(r["dimension"]).strip() not in dim_codes:
            problem("mapping", n, "dimension", _("Unknown dimension %(code)s.") % {"code": r["dimension"]})
        if str(r["national_dimension"]).strip() not in nd_codes:
            problem(
                "mapping",
                n,
                "national_dimension",
                _("Unknown national dimension %(code)s.") % {"code": r["national_dimension"]},
            )
    if problems:
        raise ValidationError({"file": problems})
    return _apply(data)


@transaction.atomic
def _apply(data) -> dict:
    counts = {"created": 0, "updated": 0}

    def upsert(model, code, values):
        obj, created = model.objects.update_or_create(code=code, defaults=values)
        counts["created" if created else "updated"] += 1
        return obj

    for _n, r in data["national_dimensions"]:
        upsert(
            NationalDimension,
            str(r["code"]).strip(),
            {"name": r["name"], "name_en": r["name_en"] or "", "order": int(r["order"] or 0)},
        )
    for _n, r in data["components"]:
        upsert(
            Component,
            str(r["code"]).strip(),
            {
                "name": r["name"],
                "name_en": r["name_en"] or "",
                "weight": Decimal(str(r["weight"])),
                "order": int(r["order"] or 0),
                "description": r["description"] or "",
            },
        )
    comps = {c.code: c for c in Component.objects.all()}
    nds = {n.code: n for n in NationalDimension.objects.all()}
    for _n, r in data["items"]:
        rule = r["rule"] or ""
        upsert(
            Item,
            str(r["code"]).strip(),
            {
                "component": comps[str(r["component"]).strip()],
                "question": r["question"],
                "national_dimension": nds.get(str(r["national_dimension"]).strip()),
                **{f"level_{k}": str(r[f"level_{k}"]) for k in range(1, 6)},
                "prefillable": bool(rule) and str(r["prefillable"]).strip().lower() in ("yes", "ya", "true", "1"),
                "rule": rule,
                "order": int(r["order"] or 0),
            },
        )
    dims = {d.code: d for d in Dimension.objects.all()}
    for _n, r in data["mapping"]:
        _obj, created = DimensionMapping.objects.get_or_create(
            dimension=dims[str(r["dimension"]).strip()], national_dimension=nds[str(r["national_dimension"]).strip()]
        )
        counts["created"] += created
    return counts
