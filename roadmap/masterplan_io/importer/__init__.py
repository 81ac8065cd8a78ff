"""Validating and applying a masterplan file: ``import_masterplan(path)`` → ``ImportReport``.

- ``run``: ``MasterplanImport``, one run over one file: load what is stored, check every sheet's rows, cross-check,
  then apply every sheet in one transaction (all or nothing), reporting progress.
- ``sheets``: one module per sheet with its ``check`` and ``apply`` steps, and ``sheets.SHEETS``, the ordered list
  the run follows (adding a sheet: see ``sheets/__init__.py``).
- ``rows``: the check step's tools (``Row``, ``INVALID``, shared cell checks); ``writer``: the apply step's
  (batched writes with history, upsert, diff, progress); ``report``: ``Problem`` and ``ImportReport``.

The import paths used outside this package (``import_masterplan``, ``ImportReport``, ``Problem``, ``KINDS``,
``MasterplanImport``) are kept here.
"""

from masterplans.selectors import active_masterplan

from .report import ImportReport, Problem
from .run import MasterplanImport
from .sheets import KINDS

__all__ = ["KINDS", "ImportReport", "MasterplanImport", "Problem", "import_masterplan"]


def import_masterplan(path, *, masterplan=None, dry_run=False, user=None, progress=None) -> ImportReport:
    """Import ``path`` into ``masterplan`` (default: the active one). All or nothing; see ``run``'s docstring."""
    if masterplan is None:
        masterplan = active_masterplan()
    return MasterplanImport(path, masterplan, dry_run=dry_run, user=user, progress=progress).run()
