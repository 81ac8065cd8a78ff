#!/usr/bin/env python
"""Container healthcheck for the web service: GET a page (default ``/healthz``; ``python scripts/healthcheck.py
/readyz?only=database,migrations,redis`` for another path, or HEALTHCHECK_URL) with a Host the portal accepts.

Django answers 400 to a Host header outside ALLOWED_HOSTS, so the check uses the first concrete name in
ALLOWED_HOSTS rather than 127.0.0.1 (which a production .env need not list). Exit 0 when the page answers 200.
"""

import os
import sys
import urllib.error
import urllib.request


def pick_host(allowed: str) -> str:
    for name in (h.strip() for h in allowed.split(",")):
        if name and name != "*" and not name.startswith("."):
            return name
    return "localhost"


def main() -> int:
    url = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")
    if len(sys.argv) > 1:
        url = "http://127.0.0.1:8000" + sys.argv[1]
    request = urllib.request.Request(url, headers={"Host": pick_host(os.environ.get("ALLOWED_HOSTS", "localhost"))})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - a fixed local URL
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
