"""PDFs with WeasyPrint from the portal's own templates, with the vendored DejaVu fonts embedded and nothing fetched
from the network. When WeasyPrint or a system library it needs (Pango) is missing, ``render_pdf`` answers with a
page explaining it (503), never a server error."""

from __future__ import annotations

import logging
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

FONT_FILES = {"normal": "fonts/DejaVuSans.ttf", "bold": "fonts/DejaVuSans-Bold.ttf"}


def font_css() -> str:
    rules = []
    for weight, name in FONT_FILES.items():
        path = finders.find(name)
        if path:
            rules.append(
                f"@font-face {{ font-family: 'Portal Sans'; font-weight: {weight}; "
                f"src: url('{Path(path).as_uri()}'); }}"
            )
    return "\n".join(rules)


def _local_only(url: str, timeout=10, ssl_context=None):
    """Fetch file: URLs only (the fonts); anything else is refused, so a PDF never reaches the internet."""
    from weasyprint.urls import default_url_fetcher

    if not url.startswith("file:"):
        raise ValueError(f"refused to fetch {url}")
    return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)


def html_to_pdf(html: str) -> bytes:
    # Imported here, not at module top: a machine without Pango must still start the portal (and show a message).
    from weasyprint import CSS, HTML

    return HTML(string=html, url_fetcher=_local_only).write_pdf(stylesheets=[CSS(string=font_css())])


def render_pdf(request, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    try:
        pdf = html_to_pdf(html)
    except (ImportError, OSError) as exc:  # WeasyPrint missing, or Pango/HarfBuzz not installed
        log.warning("PDF unavailable: %s", exc)
        return render(request, "evaluation/pdf_unavailable.html", {"error": str(exc)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
