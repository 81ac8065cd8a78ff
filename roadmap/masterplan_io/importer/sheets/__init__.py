"""The import's sheets, one module each, and the one ordered list (``SHEETS``) the run follows.

Every sheet module names the template sheet it reads and provides:

- ``NAME``: the sheet's name in ``template.SHEETS`` (``"opds"``);
- ``KINDS``: ``{kind: label}`` of what it counts in the report, in the summary's order (``indicators`` counts
  ``indicators`` and ``indicator_targets``);
- ``load(ctx)``: reads what is stored into ``ctx.stored[...]`` (one query per map, run before any row is checked);
- ``check(row, ctx)``: parses and validates one row (``rows.Row``; every problem by column through
  ``row.problem``) and returns ``(key, key_column, record)``, with ``record`` None when the row has a problem;
  references to earlier sheets go through their ``ref(ctx, row, ...)`` (stored, or in this file);
- ``apply(records, ctx)``: compares the sheet's valid records (key → record) with what is stored and writes
  through ``ctx.writer`` (``writer.Writer``: batches, history, counts; nothing is written in a dry run);
- optionally ``cross_check(ctx)``: checks across sheets after every sheet was read (budget_lines reconciles the
  initiatives' ``budget_<year>`` cells), and ``applies(records)``: whether to apply although the sheet itself is
  absent (default: ``NAME in records``).

Adding a sheet: define its columns in ``template.py`` (a ``Sheet`` in ``template.SHEETS``, which also gives the
reader and the downloadable template), write ``sheets/<name>.py`` as above, and add it to ``SHEETS`` below at the
same place: every sheet refers only to sheets before it, and they are loaded, checked and applied in this order.
"""

from django.core.exceptions import ImproperlyConfigured

from ...template import SHEETS as TEMPLATE_SHEETS
from . import (
    budget_lines,
    dimensions,
    findings,
    indicators,
    initiatives,
    masterplan,
    milestones,
    opds,
    sub_dimensions,
    years,
)

SHEETS = (
    masterplan,
    years,
    opds,
    dimensions,
    sub_dimensions,
    findings,
    indicators,
    initiatives,
    budget_lines,
    milestones,
)
BY_NAME = {sheet.NAME: sheet for sheet in SHEETS}
# What the report counts, in the summary's order: kind → label.
KINDS = {kind: label for sheet in SHEETS for kind, label in sheet.KINDS.items()}

if [s.NAME for s in SHEETS] != [s.name for s in TEMPLATE_SHEETS]:
    raise ImproperlyConfigured("importer.sheets.SHEETS must list the sheets of template.SHEETS, in the same order.")
