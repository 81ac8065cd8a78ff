"""The difference between two snapshots as a workbook: pagu per year, initiatives, targets."""

from __future__ import annotations

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def _text(value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value[:1] in ("=", "+", "-", "@"):
            value = "'" + value
    return value


def write_difference(diff: dict, before_label: str, after_label: str, target) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "pagu"
    sheet.append([_("Year"), before_label, after_label, _("Change")])
    for row in diff["pagu"]:
        sheet.append([row["year"], row["before"], row["after"], row["change"]])
    sheet = book.create_sheet("initiatives")
    sheet.append([_("Change"), _("Code"), _("Title"), _("Before"), _("After")])
    for row in diff["added"]:
        sheet.append([_("added"), row["code"], _text(row["title"]), None, sum(row["budget"].values())])
    for row in diff["dropped"]:
        sheet.append([_("dropped"), row["code"], _text(row["title"]), sum(row["budget"].values()), None])
    for row in diff["moved"]:
        sheet.append([_("moved"), row["code"], _text(row["title"]), row["before"], row["after"]])
    for row in diff["budget_changed"]:
        sheet.append([_("budget changed"), row["code"], _text(row["title"]), row["before"], row["after"]])
    sheet = book.create_sheet("targets")
    sheet.append([_("Indicator"), _("Name"), _("Year"), before_label, after_label])
    for row in diff["targets"]:
        sheet.append([row["code"], _text(row["name"]), row["year"], row["before"], row["after"]])
    book.save(target)
