"""OpenAPI extras: the error responses every operation can give (the token scheme is opd.api.authentication's)."""

ERROR_RESPONSES = {
    "400": 'Invalid input or an unknown filter value: field errors, e.g. {"status": ["…"]}.',
    "401": "No credentials, an unknown key or a revoked token.",
    "403": "The caller's role (or a read-scope token) does not allow this.",
    "404": "Not found.",
    "429": "Throttled; retry after the number of seconds in Retry-After.",
}
WRITE_ERROR_RESPONSES = {
    "409": "The object changed meanwhile (version in the body) or the workflow does not allow this step.",
    "412": "If-Match does not name the current version; the body carries the current version.",
}
PRECONDITION_REQUIRED = (
    "428",
    "The change names no version: send the ETag you loaded as If-Match (or `version` "
    "in the body; `?version=` on DELETE).",
)
# Writes that change something existing, so they must name the version they were based on.
VERSIONED_WRITES = {
    ("patch", "/api/v1/initiatives/{id}/"),
    ("delete", "/api/v1/initiatives/{id}/"),
    ("patch", "/api/v1/milestones/{id}/"),
    ("delete", "/api/v1/milestones/{id}/"),
    ("post", "/api/v1/initiatives/{id}/reports/"),
}

ETAG_PATHS = ("/api/v1/initiatives/{id}/", "/api/v1/reports/{id}/", "/api/v1/milestones/{id}/")


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: document the shared error shapes on every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "description": "`detail` for general errors; otherwise one key per field with a list of messages.",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": True,
    }
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            extra = dict(ERROR_RESPONSES)
            if method in ("post", "put", "patch", "delete"):
                extra.update(WRITE_ERROR_RESPONSES)
            if (method, path) in VERSIONED_WRITES:
                extra[PRECONDITION_REQUIRED[0]] = PRECONDITION_REQUIRED[1]
            if method == "get" and path in ETAG_PATHS and "200" in operation["responses"]:
                operation["responses"]["200"]["headers"] = {
                    "ETag": {
                        "description": 'W/"<id>-<version>": send it back as If-Match when you write.',
                        "schema": {"type": "string"},
                    }
                }
            for response in operation["responses"].values():
                csv = response.get("content", {}).get("text/csv")
                if csv is not None:  # ?format=csv: every matching row, flattened, not the JSON shape
                    csv["schema"] = {"type": "string", "description": "CSV (UTF-8), one row per object."}
            if "/schema/" in path:
                extra = {"429": ERROR_RESPONSES["429"]}
            for code, description in extra.items():
                operation["responses"].setdefault(code, {"description": description, "content": error_ref})
    return result
