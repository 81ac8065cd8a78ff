"""The import template: which sheets exist, their exact columns and an example row each.

A multi-sheet import arrives either as one .xlsx workbook (one worksheet per sheet below, named like the sheet) or
as CSV: a single ``<sheet>.csv`` file, or a ``.zip`` holding several ``<sheet>.csv`` files. A CSV whose file name
is not a sheet name is recognised by its header (the sheet whose required columns it has).

Year columns are named ``target_<year>`` (indicators) and ``budget_<year>`` (initiatives), one per masterplan
year. Lists of codes (``supporting_opds``, ``indicators``) are separated by ``;``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from dimensions.models import SATU_DATA_FIELDS

LIST_SEPARATOR = ";"
TARGET_PREFIX = "target_"
BUDGET_PREFIX = "budget_"
YEAR_COLUMN = re.compile(r"^(target|budget)_(\d{4})$")


@dataclass(frozen=True)
class Sheet:
    name: str
    title: object
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    year_prefix: str | None = None
    example: dict = field(default_factory=dict)

    def columns(self, years=()) -> list[str]:
        cols = list(self.required) + list(self.optional)
        if self.year_prefix:
            cols += [f"{self.year_prefix}{y}" for y in years]
        return cols


MASTERPLAN = Sheet(
    "masterplan",
    _("The masterplan: title, period and narrative (one row)"),
    required=("title", "start_year", "end_year"),
    optional=("vision", "mission", "description"),
    example={
        "title": "Masterplan Smart City Kabupaten Purbalingga",
        "start_year": None,
        "end_year": None,
        "vision": "Purbalingga cerdas, sejahtera dan berdaya saing.",
        "mission": "",
        "description": "",
    },
)
YEARS = Sheet(
    "years",
    _("The theme and focus of each roadmap year"),
    required=("year", "theme"),
    optional=("focus",),
    example={"year": None, "theme": "Penguatan fondasi digital", "focus": ""},
)
OPDS = Sheet(
    "opds",
    _("Agencies (OPD)"),
    required=("code", "abbreviation", "name"),
    optional=("kind", "head_name", "email"),
    example={
        "code": "DINKOMINFO",
        "abbreviation": "Dinkominfo",
        "name": "Dinas Komunikasi dan Informatika",
        "kind": "dinas",
        "head_name": "",
        "email": "dinkominfo@purbalinggakab.go.id",
    },
)
DIMENSIONS = Sheet(
    "dimensions",
    _("Dimensions"),
    required=("code", "name"),
    optional=("name_en", "order", "colour", "description", "goal"),
    example={
        "code": "economy",
        "name": "Ekonomi Cerdas",
        "name_en": "Smart Economy",
        "order": 1,
        "colour": "#A16207",
        "description": "",
        "goal": "",
    },
)
SUB_DIMENSIONS = Sheet(
    "sub_dimensions",
    _("Sub-dimensions"),
    required=("dimension", "code", "name"),
    optional=("name_en", "order", "description"),
    example={
        "dimension": "economy",
        "code": "eco-kewirausahaan",
        "name": "Kewirausahaan dan Inovasi",
        "name_en": "Entrepreneurship and innovation",
        "order": 1,
        "description": "",
    },
)
FINDINGS = Sheet(
    "findings",
    _("Each dimension's existing condition, problems, uniqueness and potential"),
    required=("dimension", "kind", "text", "order"),
    optional=("source",),
    example={
        "dimension": "economy",
        "kind": "problem",
        "text": "Pemasaran UMKM masih terbatas pada pasar lokal.",
        "order": 1,
        "source": "",
    },
)
INDICATORS = Sheet(
    "indicators",
    _("Indicators (KPIs) with yearly targets"),
    required=("code", "name", "dimension"),
    optional=(
        "sub_dimension",
        "opd",
        "unit",
        "direction",
        "baseline",
        "baseline_year",
        "description",
        *SATU_DATA_FIELDS,
    ),  # Satu Data metadata (issue 14), all optional
    year_prefix=TARGET_PREFIX,
    example={
        "code": "ECO-01",
        "name": "Jumlah UMKM yang berjualan daring",
        "dimension": "economy",
        "sub_dimension": "eco-kewirausahaan",
        "opd": "DINKOMINFO",
        "unit": "UMKM",
        "direction": "up",
        "baseline": 1200,
        "baseline_year": 2024,
        "description": "",
        "target": 1500,
    },
)
INITIATIVES = Sheet(
    "initiatives",
    _("Initiatives with the planned budget per year"),
    required=(
        "code",
        "title",
        "description",
        "dimension",
        "opd",
        "supporting_opds",
        "horizon",
        "start_year",
        "end_year",
        "status",
        "progress",
    ),
    optional=("sub_dimension", "program_code", "location", "indicators"),
    year_prefix=BUDGET_PREFIX,
    example={
        "code": "ECO-01",
        "title": "Marketplace UMKM Purbalingga",
        "description": "Lokapasar daring UMKM.",
        "dimension": "economy",
        "opd": "DINKOMINFO",
        "supporting_opds": "",
        "horizon": "medium",
        "start_year": None,
        "end_year": None,
        "status": "planned",
        "progress": 0,
        "sub_dimension": "eco-kewirausahaan",
        "program_code": "2.17.07.2.01",
        "location": "Seluruh kecamatan",
        "indicators": "ECO-01",
        "budget": 450000000,
    },
)
BUDGET_LINES = Sheet(
    "budget_lines",
    _("Budget lines by funding source (optional detail)"),
    required=("initiative", "year", "funding_source", "planned"),
    optional=("realized", "note"),
    example={
        "initiative": "ECO-01",
        "year": None,
        "funding_source": "APBD",
        "planned": 450000000,
        "realized": 0,
        "note": "",
    },
)
MILESTONES = Sheet(
    "milestones",
    _("Milestones"),
    required=("initiative", "title", "due_date"),
    optional=("completed_date",),
    example={"initiative": "ECO-01", "title": "Peluncuran versi beta", "due_date": None, "completed_date": None},
)

# The order in which sheets are read and applied: every sheet refers only to sheets before it.
SHEETS = (
    MASTERPLAN,
    YEARS,
    OPDS,
    DIMENSIONS,
    SUB_DIMENSIONS,
    FINDINGS,
    INDICATORS,
    INITIATIVES,
    BUDGET_LINES,
    MILESTONES,
)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}


def sheet_names() -> str:
    """The template's sheet names, for messages ("masterplan, years, opds, …")."""
    return ", ".join(s.name for s in SHEETS)


def normalise_name(name) -> str:
    """``Sub-Dimensions``, ``sub dimensions`` and ``SUB_DIMENSIONS.csv`` all name the same sheet."""
    text = str(name or "").strip().lower()
    if text.endswith(".csv"):
        text = text[:-4]
    text = text.rsplit("/", 1)[-1]
    return re.sub(r"[\s\-]+", "_", text)


# Indonesian names an admin may give the sheets (or CSV files).
ALIASES = {
    "rencana_induk": "masterplan",
    "tahun": "years",
    "tema_tahunan": "years",
    "temuan": "findings",
    "kondisi": "findings",
    "opd": "opds",
    "dimensi": "dimensions",
    "sub_dimensi": "sub_dimensions",
    "subdimensi": "sub_dimensions",
    "indikator": "indicators",
    "inisiatif": "initiatives",
    "anggaran": "budget_lines",
    "tonggak": "milestones",
    "milestone": "milestones",
}


def sheet_for_name(name) -> Sheet | None:
    key = normalise_name(name)
    return SHEETS_BY_NAME.get(ALIASES.get(key, key))


def sheet_for_header(header) -> Sheet | None:
    """The sheet whose required columns the header has (the most specific one when several fit)."""
    cols = {normalise_name(c) for c in header if c}
    fitting = [s for s in SHEETS if set(s.required) <= cols]
    if not fitting:
        return None
    return max(fitting, key=lambda s: len(s.required))
