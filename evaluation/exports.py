"""Files for the assessors, from the selectors' numbers: the evaluation workbook (a sheet per component, the
national dimensions, the risk register, the evidence index), the risk register workbook, and the evidence pack
(a ZIP of every linked file by component and dimension, with an index sheet)."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .choices import AnswerSource, RiskLevel, RiskStatus, Scale
from .selectors import evidence_index

BOLD = Font(bold=True)


def _sheet(wb, title: str, header: list[str], rows, widths=None):
    ws = wb.create_sheet(title=title[:31])
    ws.append(header)
    for cell in ws[1]:
        cell.font = BOLD
    for row in rows:
        ws.append(row)
    for index, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    return ws


def _num(value):
    return None if value is None else float(value)


def risk_rows(risks) -> list[list]:
    return [
        [
            r.initiative.code,
            r.initiative.title,
            r.initiative.dimension.display_name,
            r.title,
            r.description,
            r.likelihood,
            str(Scale(r.likelihood).label),
            r.impact,
            str(Scale(r.impact).label),
            r.score,
            str(RiskLevel(r.level).label),
            r.mitigation,
            r.owner_opd.abbreviation,
            str(RiskStatus(r.status).label),
        ]
        for r in risks
    ]


def risk_header() -> list[str]:
    return [
        _("Initiative code"),
        _("Initiative"),
        _("Dimension"),
        _("Risk"),
        _("Description"),
        _("Likelihood"),
        _("Likelihood (label)"),
        _("Impact"),
        _("Impact (label)"),
        _("Score"),
        _("Risk level"),
        _("Mitigation"),
        _("Owner agency"),
        _("Status"),
    ]


def evaluation_workbook(card: dict, risks) -> bytes:
    wb = Workbook()
    summary = wb.active
    summary.title = _("Summary")[:31]
    summary.append([_("Smart City evaluation %(year)s") % {"year": card["year"]}])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([_("Status"), str(card["period"].get_status_display())])
    summary.append([_("Index (0–5)"), _num(card["index"])])
    if card["previous"]:
        summary.append([_("Index %(year)s") % {"year": card["previous"]["year"]}, _num(card["previous"]["index"])])
    summary.append([])
    summary.append(
        [_("Component"), _("Weight (%)"), _("Score (0–5)"), _("Contribution"), _("Items answered"), _("Previous score")]
    )
    for cell in summary[summary.max_row]:
        cell.font = BOLD
    for c in card["components"]:
        summary.append(
            [
                c["name"],
                _num(c["weight"]),
                _num(c["score"]),
                _num(c["contribution"]),
                f"{c['answered']}/{c['items']}",
                _num(c["previous_score"]),
            ]
        )
    summary.column_dimensions["A"].width = 32
    sources = dict(AnswerSource.choices)
    for c in card["components"]:
        rows = [
            [
                r["code"],
                r["question"],
                r["national_dimension"],
                r["level"],
                r["level_text"],
                r["justification"],
                str(sources.get(r["source"], "")),
                r["rule_level"],
                r["rule_note"],
                r["override_reason"],
                r["assigned_opd"].abbreviation if r["assigned_opd"] else "",
                r["previous_level"],
                "\n".join(e.label for e in r["evidence"]),
            ]
            for r in c["rows"]
        ]
        _sheet(
            wb,
            c["name"],
            [
                _("Code"),
                _("Question"),
                _("National dimension"),
                _("Maturity level"),
                _("Level description"),
                _("Justification"),
                _("Source"),
                _("Level by rule"),
                _("Rule explanation"),
                _("Reason for overriding the rule"),
                _("Assigned agency"),
                _("Previous level"),
                _("Evidence"),
            ],
            rows,
            widths=[10, 60, 20, 10, 40, 50, 18, 10, 50, 30, 14, 10, 50],
        )
    _sheet(
        wb,
        _("National dimensions"),
        [_("National dimension"), _("Score (0–5)"), _("Items answered"), _("Dimensions of the masterplan")],
        [
            [n["name"], _num(n["score"]), n["answered"], ", ".join(n["dimension_names"]) or _("unmapped")]
            for n in card["national"]
        ],
        widths=[36, 12, 12, 50],
    )
    _sheet(
        wb,
        _("Risk register"),
        risk_header(),
        risk_rows(risks),
        widths=[12, 40, 20, 40, 40, 8, 12, 8, 12, 8, 12, 50, 14, 14],
    )
    _sheet(
        wb,
        _("Evidence index"),
        [
            _("Component"),
            _("Item"),
            _("Dimension"),
            _("Kind"),
            _("Evidence"),
            _("Link"),
            _("File in the evidence pack"),
        ],
        [
            [e["component"], e["item"], e["dimension"], e["kind"], e["label"], e["url"], e["path"]]
            for e in evidence_index(card)
        ],
        widths=[16, 10, 14, 18, 60, 40, 50],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def risks_workbook(risks) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        _("Risk register"),
        risk_header(),
        risk_rows(risks),
        widths=[12, 40, 20, 40, 40, 8, 12, 8, 12, 8, 12, 50, 14, 14],
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def evidence_pack(card: dict) -> bytes:
    """Every linked file under <component>/<dimension>/<item>-<file name>, and index.xlsx listing all evidence
    (files and links) with where each file lies. A file missing from storage is listed as missing."""
    rows = evidence_index(card)
    out = io.BytesIO()
    written = set()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as pack:
        for row in rows:
            if not row["path"] or row["path"] in written:
                continue
            try:
                with row["file"].open("rb") as fh:
                    pack.writestr(row["path"], fh.read())
                written.add(row["path"])
            except (FileNotFoundError, ValueError, OSError):
                row["path"] = _("(file missing: %(path)s)") % {"path": row["path"]}
        wb = Workbook()
        wb.remove(wb.active)
        _sheet(
            wb,
            _("Evidence index"),
            [
                _("Component"),
                _("Item"),
                _("Dimension"),
                _("Kind"),
                _("Evidence"),
                _("Link"),
                _("File in the evidence pack"),
            ],
            [[e["component"], e["item"], e["dimension"], e["kind"], e["label"], e["url"], e["path"]] for e in rows],
            widths=[16, 10, 14, 18, 60, 40, 50],
        )
        index = io.BytesIO()
        wb.save(index)
        pack.writestr("index.xlsx", index.getvalue())
    return out.getvalue()
