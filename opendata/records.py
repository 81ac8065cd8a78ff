"""The records of the open data catalogue (organisations, groups, datasets, the catalogue) and the small helpers
their builders share."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.text import slugify

from masterplans.selectors import active_masterplan

KIND_INDICATOR = "indicator"
KIND_INITIATIVES = "initiatives"
KIND_ROADMAP = "roadmap"
FORMATS = ("csv", "json", "xlsx")
COMMON_TAG = "smart-city"


def open_data_enabled(get_plan=active_masterplan) -> bool:
    """OPEN_DATA: "true"/"false", or "auto" (the default): on only while the active masterplan is the demo.
    ``get_plan`` lets a caller that already has the active masterplan (the context processor) pass it on."""
    value = str(settings.OPEN_DATA).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    plan = get_plan()
    return bool(plan and plan.is_demo)


def stable_id(*parts) -> str:
    """A UUID that stays the same for the same object on the same site (CKAN ids are UUIDs)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join([settings.SITE_URL.rstrip("/"), "opendata", *map(str, parts)])))


def number(value):
    """Decimals as int when whole, else float (JSON and spreadsheets keep them as numbers)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value.normalize())
    return value


@dataclass
class Organisation:
    id: str
    name: str
    title: str
    description: str
    code: str
    abbreviation: str


@dataclass
class Group:
    id: str
    name: str
    title: str
    description: str
    colour: str


@dataclass
class Dataset:
    id: str
    name: str
    kind: str
    title: str
    notes: str
    organisation: Organisation | None
    groups: list[Group]
    tags: list[str]
    extras: dict
    created: dt.datetime
    modified: dt.datetime
    temporal: tuple[int, int] | None
    columns: list[str]
    rows: list[list]
    licence: dict = field(default_factory=dict)


@dataclass
class Catalogue:
    title: str
    description: str
    publisher: str
    programme_office: str
    modified: dt.datetime
    licence: dict
    datasets: list[Dataset]
    organisations: list[Organisation]
    groups: list[Group]

    def dataset(self, key: str) -> Dataset | None:
        return next((d for d in self.datasets if key in (d.name, d.id)), None)

    @property
    def tags(self) -> list[str]:
        return sorted({t for d in self.datasets for t in d.tags})


def _unique_name(base: str, taken: set) -> str:
    name = (slugify(base) or "dataset")[:90]
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _latest(*moments):
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None
