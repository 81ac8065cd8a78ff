"""Validating and applying a masterplan file (the import paths used outside this package stay valid)."""
from .run import BATCH_SIZE, KINDS, ImportReport, MasterplanImport, Problem, import_masterplan

__all__ = ["BATCH_SIZE", "KINDS", "ImportReport", "MasterplanImport", "Problem", "import_masterplan"]
