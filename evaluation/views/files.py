"""The files for the assessors: the evaluation workbook, the evidence pack, and the PDFs (evaluation report,
masterplan document, quarterly leadership report)."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from core.periods import last_completed_quarter
from opd.decorators import portal_user_required
from roadmap.selectors import leadership_report

from .. import selectors
from ..exports import evaluation_workbook, evidence_pack
from ..masterplan_document import masterplan_document
from ..pdf import render_pdf
from .risks import XLSX


def _card(request, year):
    card = selectors.scorecard(request.user, year)
    if card is None:
        raise Http404
    return card


@portal_user_required
def export_xlsx(request, year):
    card = _card(request, year)
    response = HttpResponse(evaluation_workbook(card, selectors.risks_for_user(request.user)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="evaluasi-smart-city-{year}.xlsx"'
    return response


@portal_user_required
def evidence_zip(request, year):
    card = _card(request, year)
    response = HttpResponse(evidence_pack(card), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="bukti-dukung-{year}.zip"'
    return response


def _bar(value, top=5):
    return 0 if value is None else round(float(value) * 100 / top, 1)


@portal_user_required
def report_pdf(request, year):
    card = _card(request, year)
    chart = [
        {"name": c["name"], "score": c["score"], "width": _bar(c["score"]), "y": 8 + n * 26}
        for n, c in enumerate(card["components"])
    ]
    return render_pdf(
        request,
        "evaluation/pdf/report.html",
        {
            **card,
            "chart": chart,
            "chart_height": 16 + 26 * len(chart),
            "risks": selectors.risks_for_user(request.user),
            "evidence": selectors.evidence_index(card),
            "generated": timezone.now(),
        },
        f"evaluasi-smart-city-{year}.pdf",
    )


@portal_user_required
def masterplan_pdf(request):
    data = masterplan_document(request.user)
    if data is None:
        raise Http404
    return render_pdf(
        request, "evaluation/pdf/masterplan.html", {**data, "generated": timezone.now()}, "dokumen-masterplan.pdf"
    )


@portal_user_required
def leadership_pdf(request):
    today = timezone.localdate()
    year, quarter = last_completed_quarter(today)
    try:
        if request.GET.get("period"):
            year, quarter = (int(part) for part in request.GET["period"].split("-", 1))
    except ValueError:
        raise Http404 from None
    if quarter not in (1, 2, 3, 4):
        raise Http404
    data = leadership_report(request.user, year, quarter, today=today)
    if data["masterplan"] is None or not data["masterplan"].contains_year(year):
        raise Http404
    return render_pdf(
        request,
        "evaluation/pdf/leadership.html",
        {**data, "generated": timezone.now()},
        f"laporan-pimpinan-{year}-T{quarter}.pdf",
    )
