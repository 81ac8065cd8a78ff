"""The read-only CKAN Action API actions a CKAN harvester or ckanapi calls, and package_search; the shapes they answer
in are opendata/ckan_shapes.py. Pure functions over a records.Catalogue."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings

from .ckan_shapes import (
    DEFAULT_ROWS,
    MAX_ROWS,
    ActionError,
    ckan_time,
    group_dict,
    not_found,
    organisation_dict,
    package_dict,
    param_bool,
    param_int,
    param_required,
    tag_dict,
    validation,
)
from .records import FORMATS, Catalogue, Dataset

CKAN_VERSION = "2.10.4"  # the API generation whose response shapes this feed follows


# --- search -------------------------------------------------------------------------------------------------------

FQ_TERM = re.compile(r'([+-]?)(\w+):("[^"]*"|\[[^\]]*\]|\S+)')
SORT_FIELDS = {
    "name": lambda d: d.name,
    "title_string": lambda d: d.title.lower(),
    "title": lambda d: d.title.lower(),
    "metadata_modified": lambda d: d.modified,
    "metadata_created": lambda d: d.created,
    "id": lambda d: d.id,
}


def _value(raw: str) -> str:
    return raw[1:-1] if raw.startswith('"') and raw.endswith('"') else raw


def _in_range(moment: dt.datetime, spec: str) -> bool:
    """Solr's [FROM TO UNTIL] on a date: ``*`` is open, NOW is now."""
    parts = spec.strip("[]").split(" TO ")
    if len(parts) != 2:
        raise validation("fq", f"Invalid range {spec}")
    value = ckan_time(moment)
    low, high = (p.strip() for p in parts)
    low = None if low in ("*", "") else low.rstrip("Z")
    high = None if high in ("*", "", "NOW") else high.rstrip("Z")
    return (low is None or value >= low) and (high is None or value <= high)


def _matches_term(dataset: Dataset, field: str, raw: str) -> bool:
    value = _value(raw)
    if field in ("organization", "owner_org"):
        org = dataset.organisation
        return bool(org) and value in (org.name, org.id)
    if field == "groups":
        return any(value in (g.name, g.id) for g in dataset.groups)
    if field == "tags":
        return value in dataset.tags
    if field in ("name", "id"):
        return value == getattr(dataset, field)
    if field == "res_format":
        return value.lower() in FORMATS
    if field in ("dataset_type", "type"):
        return value == "dataset"
    if field in ("state",):
        return value == "active"
    if field in ("capacity",):
        return value == "public"
    if field in ("metadata_modified", "metadata_created"):
        moment = dataset.modified if field == "metadata_modified" else dataset.created
        return _in_range(moment, value) if value.startswith("[") else ckan_time(moment).startswith(value.rstrip("Z"))
    if field == "license_id":
        return value == dataset.licence["ckan_id"]
    if field == "text":
        return _matches_q(dataset, value)
    if field.startswith("extras_"):
        return str(dataset.extras.get(field[len("extras_") :], "")) == value
    raise validation("fq", f"Unknown field {field}")


def _matches_fq(dataset: Dataset, fq: str) -> bool:
    for sign, field, raw in FQ_TERM.findall(fq or ""):
        hit = _matches_term(dataset, field, raw)
        if (sign == "-" and hit) or (sign != "-" and not hit):
            return False
    return True


def _matches_q(dataset: Dataset, q: str) -> bool:
    q = (q or "").strip()
    if q in ("", "*:*", "*"):
        return True
    if FQ_TERM.fullmatch(q):
        return _matches_fq(dataset, q)
    haystack = " ".join(
        [dataset.name, dataset.title, dataset.notes, *dataset.tags, *(str(v) for v in dataset.extras.values())]
    ).lower()
    return all(word.lower().strip('"') in haystack for word in q.split())


def _sorted(datasets: list[Dataset], sort: str) -> list[Dataset]:
    result = sorted(datasets, key=lambda d: d.name)  # a stable base so pages never overlap
    clauses = [c.strip().split() for c in (sort or "").split(",") if c.strip()]
    for clause in reversed(clauses):
        field = clause[0]
        descending = len(clause) > 1 and clause[1].lower() == "desc"
        if field == "score":
            continue  # no relevance ranking: every match scores the same
        if field not in SORT_FIELDS:
            raise validation("sort", f"Cannot sort by field `{field}`")
        result.sort(key=SORT_FIELDS[field], reverse=descending)
    return result


def package_search(catalogue: Catalogue, params: dict) -> dict:
    rows = param_int(params, "rows", DEFAULT_ROWS, MAX_ROWS)
    start = param_int(params, "start", 0)
    sort = params.get("sort") or "score desc, metadata_modified desc"
    fq = params.get("fq") or ""
    if isinstance(params.get("fq_list"), list):
        fq = " ".join([fq, *map(str, params["fq_list"])])
    found = [d for d in catalogue.datasets if _matches_q(d, params.get("q") or "") and _matches_fq(d, fq)]
    found = _sorted(found, sort)
    return {
        "count": len(found),
        "sort": sort,
        "facets": {},
        "search_facets": {},
        "results": [package_dict(d, catalogue) for d in found[start : start + rows]],
    }


# --- the actions --------------------------------------------------------------------------------------------------


def _dataset(catalogue: Catalogue, params: dict) -> Dataset:
    key = param_required(params, "id")
    dataset = catalogue.dataset(key)
    if dataset is None:
        raise not_found("dataset")
    return dataset


def _counts(catalogue: Catalogue) -> tuple[dict, dict]:
    orgs, groups = {}, {}
    for d in catalogue.datasets:
        if d.organisation:
            orgs[d.organisation.id] = orgs.get(d.organisation.id, 0) + 1
        for g in d.groups:
            groups[g.id] = groups.get(g.id, 0) + 1
    return orgs, groups


def _listing(items: list, params: dict, as_dict, *, kind: str) -> list:
    sort = (params.get("sort") or "title asc").strip().split()
    field = sort[0] if sort else "title"
    if field not in ("title", "name", "package_count"):
        raise validation("sort", f"Cannot sort by field `{field}`")
    dicts = [as_dict(item) for item in items]
    dicts.sort(
        key=lambda x: x[field] if field != "title" else x["title"].lower(),
        reverse=len(sort) > 1 and sort[1].lower() == "desc",
    )
    offset = param_int(params, "offset", 0)
    limit = param_int(params, "limit", len(dicts) or 1, MAX_ROWS)
    dicts = dicts[offset : offset + limit]
    return dicts if param_bool(params, "all_fields") else [x["name"] for x in dicts]


def _show(items: list, params: dict, catalogue: Catalogue, as_dict, member, kind: str) -> dict:
    key = param_required(params, "id")
    item = next((i for i in items if key in (i.name, i.id)), None)
    if item is None:
        raise not_found(kind)
    result = as_dict(item)
    packages = [d for d in catalogue.datasets if member(d, item)]
    result["package_count"] = len(packages)
    result.update({"users": [], "extras": [], "tags": [], "groups": []})
    if param_bool(params, "include_datasets"):
        result["packages"] = [package_dict(d, catalogue) for d in packages]
    return result


def run(action: str, catalogue_factory, params: dict):
    """The result of one action; raises ActionError. ``catalogue_factory`` builds the catalogue only when needed."""
    if action == "site_read":
        return True
    if action == "status_show":
        return {
            "site_title": str(catalogue_factory().title),
            "site_description": "",
            "site_url": settings.SITE_URL,
            "ckan_version": CKAN_VERSION,
            "error_emails_to": None,
            "locale_default": settings.LANGUAGE_CODE,
            "extensions": ["dcat"],
        }
    if action not in ACTIONS:
        raise ActionError("Bad Request", f"Bad request - Action name not known: {action}", 400)
    return ACTIONS[action](catalogue_factory(), params)


def _package_list(c, p):
    names = sorted(d.name for d in c.datasets)
    offset = param_int(p, "offset", 0)
    limit = param_int(p, "limit", len(names) or 1)
    return names[offset : offset + limit]


def _current_with_resources(c, p):
    found = sorted(c.datasets, key=lambda d: (d.modified, d.name), reverse=True)
    offset = param_int(p, "offset", 0)
    limit = param_int(p, "limit", len(found) or 1, MAX_ROWS)
    return [package_dict(d, c) for d in found[offset : offset + limit]]


def _organization_list(c, p):
    counts = _counts(c)[0]
    return _listing(
        c.organisations, p, lambda o: organisation_dict(o, c, package_count=counts.get(o.id, 0)), kind="organization"
    )


def _group_list(c, p):
    counts = _counts(c)[1]
    return _listing(c.groups, p, lambda g: group_dict(g, c, package_count=counts.get(g.id, 0)), kind="group")


def _tag_list(c, p):
    query = str(p.get("query") or "").lower()
    tags = [t for t in c.tags if query in t]
    return [tag_dict(t) for t in tags] if param_bool(p, "all_fields") else tags


ACTIONS = {
    "package_list": _package_list,
    "package_show": lambda c, p: package_dict(_dataset(c, p), c),
    "package_search": package_search,
    "current_package_list_with_resources": _current_with_resources,
    "organization_list": _organization_list,
    "organization_show": lambda c, p: _show(
        c.organisations,
        p,
        c,
        lambda o: organisation_dict(o, c),
        lambda d, o: d.organisation is not None and d.organisation.id == o.id,
        "organization",
    ),
    "group_list": _group_list,
    "group_show": lambda c, p: _show(
        c.groups, p, c, lambda g: group_dict(g, c), lambda d, g: any(x.id == g.id for x in d.groups), "group"
    ),
    "tag_list": _tag_list,
}
