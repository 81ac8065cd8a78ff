"""CSV output for every list endpoint (``?format=csv``): one row per object, nested values flattened."""

import csv
import io
import json

from rest_framework.renderers import BaseRenderer

from core.text import strip_control_characters


def _flatten(value, prefix="", out=None):
    out = {} if out is None else out
    if isinstance(value, dict):
        for key, item in value.items():  # {"targets": {"2025": 1}} → column "targets.2025"
            _flatten(item, f"{prefix}{key}.", out)
        return out
    key = prefix[:-1] if prefix.endswith(".") else prefix
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            out[key] = ";".join("" if v is None else str(v) for v in value)
        else:
            out[key] = json.dumps(value, ensure_ascii=False, default=str)
    else:
        out[key] = "" if value is None else value
    return out


def _safe(value):
    """Neutralise spreadsheet formulas (CSV injection) in text cells; control characters stored earlier are dropped."""
    value = strip_control_characters(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(value):
        return "'" + value
    return value


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if isinstance(data, dict) and "results" in data and isinstance(data["results"], list):
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        flat = [_flatten(row) if isinstance(row, dict) else {"value": row} for row in rows]
        header = []
        for row in flat:
            for key in row:
                if key not in header:
                    header.append(key)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for row in flat:
            writer.writerow({k: _safe(v) for k, v in row.items()})
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
