"""The licences the feed can name (SPDX identifiers), with CKAN's licence id, a title and the canonical URL."""

from __future__ import annotations

# SPDX id: (CKAN licence id, title, URL)
LICENCES = {
    "CC-BY-4.0": (
        "cc-by",
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC-BY-SA-4.0": (
        "cc-by-sa",
        "Creative Commons Attribution Share-Alike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC0-1.0": ("cc-zero", "Creative Commons CCZero 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": (
        "odc-odbl",
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    "PDDL-1.0": (
        "odc-pddl",
        "Open Data Commons Public Domain Dedication and License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
}


def licence(spdx: str) -> dict:
    """{"spdx", "ckan_id", "title", "url"} for an SPDX id; an unknown id is passed through with no URL."""
    ckan_id, title, url = LICENCES.get(spdx, (spdx, spdx, ""))
    return {"spdx": spdx, "ckan_id": ckan_id, "title": title, "url": url}
