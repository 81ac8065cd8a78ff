"""CKAN's dictization shapes (CKAN 2.9–2.11) of the catalogue: packages, resources, organisations, groups, tags; its
error type and the parameter parsing every action shares. Pure functions over a records.Catalogue."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from .records import FORMATS, Catalogue, Dataset, Group, Organisation, stable_id

MIMETYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DEFAULT_ROWS = 10
MAX_ROWS = 1000


class ActionError(Exception):
    """A CKAN error: ``kind`` is the error.__type, ``status`` the HTTP status."""

    def __init__(self, kind: str, message: str, status: int, fields: dict | None = None):
        super().__init__(message)
        self.kind, self.message, self.status, self.fields = kind, message, status, fields or {}

    def as_dict(self) -> dict:
        return {**self.fields, "__type": self.kind, "message": self.message}


def not_found(what: str) -> ActionError:
    return ActionError("Not Found Error", f"Not found: {what}", 404)


def validation(field: str, message: str) -> ActionError:
    return ActionError("Validation Error", f"{field}: {message}", 409, {field: [message]})


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def ckan_time(moment: dt.datetime | None) -> str | None:
    """CKAN writes naive UTC ISO timestamps."""
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat()


def download_url(dataset: Dataset, fmt: str) -> str:
    return absolute(reverse("opendata:download", kwargs={"name": dataset.name, "fmt": fmt}))


def landing_url(dataset: Dataset) -> str:
    return absolute(reverse("opendata:index")) + f"#{dataset.name}"


def organisation_dict(org: Organisation, catalogue: Catalogue, *, package_count: int | None = None) -> dict:
    return {
        "id": org.id,
        "name": org.name,
        "title": org.title,
        "display_name": org.title,
        "description": org.description,
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(catalogue.modified),
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
        "type": "organization",
        "package_count": package_count or 0,
        "num_followers": 0,
    }


def group_dict(group: Group, catalogue: Catalogue, *, package_count: int | None = None) -> dict:
    return {
        "id": group.id,
        "name": group.name,
        "title": group.title,
        "display_name": group.title,
        "description": group.description,
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(catalogue.modified),
        "is_organization": False,
        "approval_status": "approved",
        "state": "active",
        "type": "group",
        "package_count": package_count or 0,
        "num_followers": 0,
    }


def tag_dict(name: str) -> dict:
    return {"id": stable_id("tag", name), "name": name, "display_name": name, "state": "active", "vocabulary_id": None}


def resource_dicts(dataset: Dataset) -> list[dict]:
    return [
        {
            "id": stable_id("resource", dataset.id, fmt),
            "package_id": dataset.id,
            "position": position,
            "name": f"{dataset.title} ({fmt.upper()})",
            "description": dataset.notes,
            "url": download_url(dataset, fmt),
            "format": fmt.upper(),
            "mimetype": MIMETYPES[fmt],
            "last_modified": ckan_time(dataset.modified),
            "created": ckan_time(dataset.created),
            "metadata_modified": ckan_time(dataset.modified),
            "state": "active",
            "url_type": None,
            "resource_type": None,
            "size": None,
            "hash": "",
            "datastore_active": False,
        }
        for position, fmt in enumerate(FORMATS)
    ]


def package_dict(dataset: Dataset, catalogue: Catalogue) -> dict:
    org = dataset.organisation
    resources = resource_dicts(dataset)
    extras = [{"key": k, "value": "" if v is None else str(v)} for k, v in dataset.extras.items()]
    if dataset.temporal:
        extras += [
            {"key": "temporal_start", "value": str(dataset.temporal[0])},
            {"key": "temporal_end", "value": str(dataset.temporal[1])},
        ]
    return {
        "id": dataset.id,
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.notes,
        "type": "dataset",
        "state": "active",
        "private": False,
        "isopen": bool(dataset.licence.get("url")),
        "url": landing_url(dataset),
        "version": None,
        "author": catalogue.publisher,
        "author_email": None,
        "maintainer": catalogue.programme_office,
        "maintainer_email": None,
        "license_id": dataset.licence["ckan_id"],
        "license_title": dataset.licence["title"],
        "license_url": dataset.licence["url"],
        "metadata_created": ckan_time(dataset.created),
        "metadata_modified": ckan_time(dataset.modified),
        "creator_user_id": None,
        "owner_org": org.id if org else None,
        "organization": organisation_dict(org, catalogue) if org else None,
        "groups": [
            {
                "id": g.id,
                "name": g.name,
                "title": g.title,
                "display_name": g.title,
                "description": g.description,
                "image_display_url": "",
            }
            for g in dataset.groups
        ],
        "tags": [tag_dict(t) for t in dataset.tags],
        "num_tags": len(dataset.tags),
        "extras": extras,
        "resources": resources,
        "num_resources": len(resources),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


# --- parameters ---------------------------------------------------------------------------------------------------


def param_int(params: dict, name: str, default: int, maximum: int | None = None) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise validation(name, "Invalid integer") from None
    if value < 0:
        raise validation(name, "Must be a natural number")
    return min(value, maximum) if maximum is not None else value


def param_bool(params: dict, name: str) -> bool:
    raw = params.get(name)
    if isinstance(raw, bool):
        return raw
    return str(raw or "").strip().lower() in ("1", "true", "yes", "on")


def param_required(params: dict, name: str) -> str:
    raw = params.get(name)
    if raw in (None, "") or not isinstance(raw, (str, int)):
        raise validation(name, "Missing value")
    return str(raw)
