"""The check step's tools: a spreadsheet row with typed access to its cells, and the shared cell checks.

A sheet's ``check(row, ctx)`` reads each cell with ``row.get(column, parser, ...)``; a cell that fails to parse is
reported as a problem (sheet, row, column, message) and comes back as ``INVALID``, so the row can go on collecting
the problems of its other cells. ``ok(*values)`` tells whether none of them is ``INVALID``.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .. import cells
from ..cells import CellError

INVALID = object()
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


def ok(*values) -> bool:
    return all(v is not INVALID for v in values)


class Row:
    """One spreadsheet row: typed access to its cells, collecting every cell's problem."""

    def __init__(self, run, sheet_label, number, header_index, values):
        self.run, self.sheet, self.number, self.index, self.values = run, sheet_label, number, header_index, values

    def has(self, column) -> bool:
        return column in self.index

    def raw(self, column):
        i = self.index.get(column)
        if i is None or i >= len(self.values):
            return None
        value = self.values[i]
        return value

    def problem(self, column, message):
        self.run.problem(self.sheet, self.number, column, message)

    def get(self, column, parser, *args, required=False, **kwargs):
        """The parsed value; None for an empty cell (a problem when ``required``); INVALID after a problem."""
        value = self.raw(column)
        if cells.is_blank(value):
            if required:
                self.problem(column, _("This cell may not be empty."))
                return INVALID
            return None
        try:
            return parser(value, *args, **kwargs)
        except CellError as exc:
            self.problem(column, str(exc))
            return INVALID


def slug(value, max_length=40):
    """A cell parser: a code of letters, digits, - and _ (dimension and sub-dimension codes appear in URLs)."""
    result = cells.code(value, max_length=max_length)
    if not _SLUG.match(result):
        raise CellError(_("This code may hold only letters, digits, - and _."))
    return result


def optional_text(row, record, column, max_length=None, multiline=False):
    """An optional text column: only when the sheet has it, and then an empty cell clears the stored text."""
    if row.has(column):
        value = row.get(column, cells.text, max_length=max_length, multiline=multiline)
        record[column] = "" if value is None else value
