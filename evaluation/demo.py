"""The evaluation's part of ``manage.py load_demo`` (registered in apps.py through roadmap.demo_steps): the
default framework and mapping, an evaluation of the last full year with answers and evidence links, two documents
and a few risks. Idempotent: what exists is left as it is."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from dimensions.models import Measurement
from initiatives.choices import InitiativeStatus
from initiatives.models import Evidence, Initiative, ProgressReport
from masterplans.selectors import active_masterplan
from opd.choices import Role
from opd.models import Membership, Opd

from . import services
from .choices import DocumentKind, RiskStatus
from .models import Answer, Document, EvaluationPeriod, Risk

DEMO_ADMIN = "demo-evaluator"

DOCUMENTS = [
    (
        "Peraturan Bupati tentang Masterplan Smart City",
        DocumentKind.REGULATION,
        "Perbup No. 27 Tahun 2025",
        "perbup-masterplan-smart-city.txt",
    ),
    (
        "SK Bupati tentang Dewan Smart City, Tim Pelaksana, dan Tim Teknis",
        DocumentKind.DECREE,
        "SK Bupati No. 100.3.3.2/118 Tahun 2025",
        "sk-tim-smart-city.txt",
    ),
]

# (item code, level, justification) for the items people answer; rule items are pre-filled by the rules.
ANSWERS = [
    ("BAS-02", 3, "Sebagian rekomendasi evaluasi sebelumnya telah ditindaklanjuti melalui penyusunan Perbup."),
    (
        "OUT-02",
        4,
        "Dewan Smart City, Tim Pelaksana, dan Tim Teknis telah ditetapkan dengan SK Bupati dan rapat "
        "koordinasi dilaksanakan setiap triwulan.",
    ),
    ("OUT-04", 3, "Jaringan intra pemerintah menjangkau seluruh OPD; pusat data masih menumpang di Dinkominfo."),
    ("OCM-04", 4, "Seluruh OPD pelaksana melaporkan kemajuan inisiatif setiap triwulan melalui portal ini."),
    ("IMP-01", 3, "Layanan pengaduan dan perizinan daring telah dimanfaatkan warga, survei kepuasan belum rutin."),
    ("IMP-02", 2, "Promosi pariwisata digital baru berjalan di sebagian objek wisata."),
    ("IMP-03", 3, "Lokapasar UMKM dan QRIS pasar mulai meningkatkan transaksi nontunai."),
    ("IMP-04", 3, "Telemedicine puskesmas dan CCTV kawasan perkotaan telah beroperasi."),
    ("IMP-05", 3, "Literasi digital dilaksanakan di kecamatan bersama komunitas."),
    ("IMP-06", 2, "Pengelolaan sampah berbasis aplikasi masih tahap uji coba."),
    ("QW-02", 4, "Call center 112 dan SP4N-LAPOR! terpadu langsung dirasakan warga dan direplikasi kecamatan."),
]

RISKS = [
    (
        "Keterlambatan pengadaan perangkat",
        2,
        3,
        "Menyusun jadwal pengadaan lebih awal dan konsultasi dengan UKPBJ.",
        RiskStatus.MITIGATING,
    ),
    (
        "Keterbatasan SDM teknis di OPD",
        3,
        2,
        "Pelatihan operator dan pendampingan oleh Tim Teknis Dinkominfo.",
        RiskStatus.OPEN,
    ),
    ("Jaringan internet di desa belum stabil", 2, 2, "Koordinasi dengan penyedia jaringan dan BAKTI.", RiskStatus.OPEN),
    (
        "Rendahnya partisipasi pengguna",
        1,
        2,
        "Sosialisasi melalui kecamatan dan media sosial daerah.",
        RiskStatus.CLOSED,
    ),
]


def _evaluator(counts):
    User = get_user_model()
    user = User.objects.filter(username=DEMO_ADMIN).first()
    if user is None:
        user = User(username=DEMO_ADMIN, first_name="Evaluator Dinkominfo")
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, role=Role.ADMIN)
        counts["demo accounts created"] += 1
    return user


def _documents(user, year, counts):
    docs = []
    for title, kind, reference, filename in DOCUMENTS:
        doc = Document.objects.filter(title=title).first()
        if doc is None:
            body = f"{title}\n{reference}\n(Dokumen contoh untuk demo portal.)\n".encode()
            upload = ContentFile(body, name=filename)
            upload.content_type = "text/plain"
            doc = services.upload_document(
                user=user, file=upload, title=title, kind=kind, year=year, reference=reference
            )
            counts["evaluation documents created"] += 1
        docs.append(doc)
    return docs


# Items a lead agency answers itself (its staff may edit them), by agency code; skipped when the code is unknown.
ASSIGNED = {"IMP-03": "DINKOPUKM", "IMP-04": "DINKES", "IMP-05": "DINKOMINFO"}


def _answer(user, period, docs):
    agencies = {o.code: o for o in Opd.objects.filter(code__in=ASSIGNED.values())}
    plan = active_masterplan()
    initiatives = list(Initiative.objects.filter(masterplan=plan).select_related("dimension").order_by("code"))
    done = [i for i in initiatives if i.status == InitiativeStatus.COMPLETED]
    by_item = {a.item.code: a for a in Answer.objects.filter(period=period).select_related("item")}
    for code, level, why in ANSWERS:
        answer = by_item.get(code)
        if answer is None:
            continue
        links = {}
        if code.startswith("IMP") or code == "QW-02":
            links["initiatives"] = (done or initiatives)[:3]
            reports = ProgressReport.objects.filter(initiative__in=links["initiatives"], year=period.year)[:2]
            links["reports"] = list(reports)
            links["evidence_files"] = list(Evidence.objects.filter(initiative__in=links["initiatives"])[:3])
            links["measurements"] = list(Measurement.objects.filter(year=period.year).order_by("pk")[:2])
        if code in ("OUT-02", "BAS-02"):
            links["documents"] = docs
        services.save_answer(
            user=user,
            answer=answer,
            version=answer.version,
            level=level,
            justification=why,
            links=links,
            assigned_opd=agencies.get(ASSIGNED.get(code)),
        )
    for code in ("OUT-01",):
        answer = by_item.get(code)
        if answer is not None:
            answer.documents.set(docs)


def _risks(user, counts):
    plan = active_masterplan()
    initiatives = list(
        Initiative.objects.filter(masterplan=plan, status=InitiativeStatus.IN_PROGRESS)
        .select_related("lead_opd")
        .order_by("code")[: len(RISKS)]
    )
    for initiative, (title, likelihood, impact, mitigation, status) in zip(initiatives, RISKS, strict=False):
        if Risk.objects.filter(initiative=initiative, title=title).exists():
            continue
        services.create_risk(
            user=user,
            initiative=initiative,
            title=title,
            likelihood=likelihood,
            impact=impact,
            mitigation=mitigation,
            status=status,
        )
        counts["risks created"] += 1


def load_evaluation_demo(*, counts, today: dt.date) -> None:
    made = services.install_default_framework()
    for kind, n in made.items():
        if n:
            counts[f"evaluation {kind} created"] += n
    if active_masterplan() is None:
        return
    user = _evaluator(counts)
    year = today.year - 1
    docs = _documents(user, year, counts)
    if not EvaluationPeriod.objects.filter(year=year).exists():
        period = services.create_period(user=user, year=year)
        services.apply_rules(user=user, period=period, today=today)
        _answer(user, period, docs)
        counts["evaluation periods created"] += 1
    _risks(user, counts)
