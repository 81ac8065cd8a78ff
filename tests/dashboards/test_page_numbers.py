"""The dashboard, dimension, agency and leadership pages show the numbers computed by hand from the known data
(tests/dashboards/conftest.py): budget-weighted progress without cancelled initiatives, budgets, health, staleness,
milestones and reporting compliance."""

import pytest
from django.urls import reverse

from dimensions.choices import AchievementBand

pytestmark = pytest.mark.db

# Budget-weighted: A1 20% × Rp 300 jt, A2 80% × Rp 100 jt; A3 is cancelled and left out.
ECO_PROGRESS = (20 * 300 + 80 * 100) / (300 + 100)  # 35.0
# No budget planned in Smart Living: the plain mean of B1 100% and B2 30%.
LIV_PROGRESS = (100 + 30) / 2  # 65.0
# Overall, weighted by budget; B1 and B2 carry no budget so they weigh nothing.
OVERALL_PROGRESS = (20 * 300 + 80 * 100 + 100 * 0 + 30 * 0) / 400  # 35.0


def test_dashboard_numbers_match_a_hand_computation(client, admin_user, known):
    client.force_login(admin_user)
    response = client.get(reverse("roadmap:home"))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["overall"]["progress"] == pytest.approx(OVERALL_PROGRESS)
    assert ctx["overall"]["budget_planned"] == 400_000_000
    assert ctx["overall"]["budget_realized"] == 150_000_000
    dims = {d["code"]: d for d in ctx["by_dimension"]}
    assert dims["eco"]["progress"] == pytest.approx(ECO_PROGRESS)
    assert dims["liv"]["progress"] == pytest.approx(LIV_PROGRESS)
    assert dims["eco"]["count"] == 3 and dims["liv"]["count"] == 2
    assert dims["eco"]["by_status"]["in_progress"] == 2 and dims["eco"]["by_status"]["cancelled"] == 1
    assert dims["liv"]["by_status"]["completed"] == 1
    # A1 is 43.6 points behind its timeline (late), A2 10.7 behind (at risk); the rest on track.
    assert ctx["by_health"] == {"on_track": 3, "at_risk": 1, "late": 1}
    assert dims["eco"]["by_health"] == {"on_track": 1, "at_risk": 1, "late": 1}
    assert (dims["eco"]["budget_planned"], dims["eco"]["budget_realized"]) == (400_000_000, 150_000_000)
    by_year = {y["year"]: y for y in ctx["by_year"]}
    assert (by_year[2025]["budget_planned"], by_year[2025]["budget_realized"]) == (300_000_000, 100_000_000)
    assert (by_year[2026]["budget_planned"], by_year[2026]["budget_realized"]) == (100_000_000, 50_000_000)
    assert by_year[2027]["budget_planned"] == 0
    assert by_year[2025]["planned_to_finish"] == 1 and by_year[2025]["completed"] == 1  # B1
    # Attention: one report awaits review; A1 and A2 have no approved Q3 2026 report (B2 has).
    assert ctx["awaiting_review"] == 1
    assert ctx["stale_count"] == 2
    assert {i.code for i in ctx["stale"]} == {"A1", "A2"}
    assert ctx["overdue_count"] == 1 and [m.title for m in ctx["overdue_milestones"]] == ["Overdue step"]
    assert ctx["due_soon_count"] == 1 and [m.title for m in ctx["due_soon_milestones"]] == ["Soon step"]
    # Q3 2026 (deadline 10 Oct): Dinkes 1 of 1 on time; Dinhub 0 of 2 (A2 none, B2 two days late).
    assert ctx["compliance_quarter"] == (2026, 3)
    assert [(r["opd"].code, r["on_time"], r["expected"], r["share"]) for r in ctx["opds_behind"]] == [
        ("DINHUB", 0, 2, 0.0)
    ]
    html = response.content.decode()
    assert "35,0%" in html and "65,0%" in html  # Indonesian decimal comma
    assert "Rp 400.000.000" in html
    assert reverse("initiatives:review-queue") in html


def test_dimension_page_numbers_and_kpi_bands(client, viewer_user, known):
    client.force_login(viewer_user)
    response = client.get(reverse("roadmap:dimension", args=["eco"]))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["rollup"]["progress"] == pytest.approx(ECO_PROGRESS)
    assert ctx["rollup"]["budget_planned"] == 400_000_000
    assert ctx["count"] == 3
    assert [i.code for i in ctx["initiatives"]] == ["A1", "A2", "A3"]
    kpis = {k["indicator"].code: k for k in ctx["kpis"]}
    up = {r["year"]: r for r in kpis["ECO-K1"]["series"]}
    # 2025: 18 of 20 = 90% → Good; 2026: latest quarter 38 of 40 = 95% → Very good.
    assert (float(up[2025]["achievement"]), up[2025]["band"]) == (90.0, AchievementBand.BAIK)
    assert (float(up[2026]["achievement"]), up[2026]["band"]) == (95.0, AchievementBand.SANGAT_BAIK)
    # Lower is better: target 10 days, realised 20 → 50% → Very poor.
    down = kpis["ECO-K2"]["series"][0]
    assert (float(down["achievement"]), down["band"]) == (50.0, AchievementBand.SANGAT_KURANG)
    assert kpis["ECO-K1"]["chart"] is not None
    html = response.content.decode()
    assert "<svg" in html and AchievementBand.colour(AchievementBand.SANGAT_KURANG) in html
    assert "Rp 400.000.000" in html


def test_opd_page_budget_and_compliance_per_quarter(client, viewer_user, known):
    client.force_login(viewer_user)
    response = client.get(reverse("roadmap:opd", args=["DINHUB"]))
    assert response.status_code == 200
    ctx = response.context
    # Led: A2 (80%, Rp 100 jt), B1 and B2 without budget → weighted by budget: 80%.
    assert ctx["rollup"]["progress"] == pytest.approx(80.0)
    assert (ctx["rollup"]["budget_planned"], ctx["rollup"]["budget_realized"]) == (100_000_000, 50_000_000)
    assert [i.code for i in ctx["led"]] == ["A2", "B1", "B2"]
    assert ctx["supported"] == []
    rows = {(r["year"], r["quarter"]): r for r in ctx["compliance"]}
    assert (rows[(2025, 4)]["on_time"], rows[(2025, 4)]["expected"], rows[(2025, 4)]["share"]) == (1, 1, 100.0)
    assert (rows[(2025, 1)]["on_time"], rows[(2025, 1)]["expected"]) == (0, 1)
    assert (rows[(2026, 3)]["on_time"], rows[(2026, 3)]["expected"], rows[(2026, 3)]["share"]) == (0, 2, 0.0)
    assert rows[(2026, 4)]["due"] is False  # deadline 10 Jan 2027 still ahead
    # Quarters past their deadline: 2025 Q1–Q4 expect 1 each, 2026 Q1–Q3 expect 2 each; one on time.
    assert ctx["compliance_overall"] == pytest.approx(round(1 * 100 / (4 * 1 + 3 * 2), 1))
    dinkes = client.get(reverse("roadmap:opd", args=["DINKES"])).context
    assert [i.code for i in dinkes["supported"]] == ["A2"]
    assert {(r["year"], r["quarter"]): r["share"] for r in dinkes["compliance"]}[(2026, 3)] == 100.0


def test_leadership_report_lists_completions_late_and_stale(client, admin_user, known):
    client.force_login(admin_user)
    response = client.get(reverse("roadmap:leadership-report", args=[2025, 4]))
    assert response.status_code == 200
    ctx = response.context
    assert [r.initiative.code for r in ctx["completions"]] == ["B1"]
    assert [i.code for i in ctx["late"]] == ["A1"]
    # Why A1 is late is spelt out: 20% against 63.6% expected on 28 Nov 2026 (2025–2027).
    assert any("20%" in reason and "64%" in reason for reason in ctx["late"][0].health_why)
    assert ctx["late"][0].health_why[0] in response.content.decode()
    # Active in 2025, not closed, no approved Q4 2025 report: A1 only (A3 cancelled, B1 completed).
    assert [i.code for i in ctx["stale"]] == ["A1"]
    assert ctx["year_row"]["budget_planned"] == 300_000_000
    q3 = client.get(reverse("roadmap:leadership-report", args=[2026, 3])).context
    assert [i.code for i in q3["stale"]] == ["A1", "A2"]
    assert client.get(reverse("roadmap:leadership-report", args=[2027, 1])).status_code == 404  # future
    assert client.get(reverse("roadmap:leadership-report", args=[2026, 5])).status_code == 404
    latest = client.get(reverse("roadmap:leadership-report-latest"))
    assert latest.url == reverse("roadmap:leadership-report", args=[2026, 3])
    picked = client.get(reverse("roadmap:leadership-report-latest"), {"period": "2025-4"})
    assert picked.url == reverse("roadmap:leadership-report", args=[2025, 4])


def test_roadmap_bars_span_years_and_filters_apply(client, viewer_user, known):
    client.force_login(viewer_user)
    ctx = client.get(reverse("roadmap:roadmap")).context
    rows = {r["initiative"].code: r for g in ctx["groups"] for r in g["rows"]}
    assert set(rows) == {"A1", "A2", "A3", "B1", "B2"}
    assert (rows["A1"]["left"], rows["A1"]["width"]) == (0.0, 60.0)  # 2025–2027 of 2025–2029
    assert (rows["B2"]["left"], rows["B2"]["width"]) == (20.0, 60.0)
    assert [m["milestone"].title for m in rows["A1"]["milestones"]] == ["Done step", "Overdue step"]
    assert rows["A1"]["milestones"][1]["overdue"] is True
    assert [g["dimension"].code for g in ctx["groups"]] == ["eco", "liv"]
    filtered = client.get(reverse("roadmap:roadmap"), {"dimension": "liv", "status": "in_progress"}).context
    assert [r["initiative"].code for g in filtered["groups"] for r in g["rows"]] == ["B2"]
    assert {y["year"]: y["active"] for y in filtered["years"]}[2027] == 1
    invalid = client.get(reverse("roadmap:roadmap"), {"status": "nonsense"})
    assert invalid.status_code == 200 and invalid.context["filter"].errors


def test_pages_need_login_and_a_portal_role(client, known):
    urls = [
        reverse("roadmap:home"),
        reverse("roadmap:dimension", args=["eco"]),
        reverse("roadmap:opd", args=["DINKES"]),
        reverse("roadmap:roadmap"),
        reverse("roadmap:leadership-report", args=[2026, 3]),
        reverse("initiatives:list"),
        reverse("initiatives:export-csv"),
        reverse("initiatives:export-xlsx"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_unknown_dimension_or_agency_is_404(client, viewer_user, known):
    client.force_login(viewer_user)
    assert client.get(reverse("roadmap:dimension", args=["nope"])).status_code == 404
    assert client.get(reverse("roadmap:opd", args=["NOPE"])).status_code == 404


def test_pages_render_in_english(client, viewer_user, known):
    client.force_login(viewer_user)
    client.cookies["portal_language"] = "en"
    html = client.get(reverse("roadmap:home")).content.decode()
    assert 'lang="en"' in html and "Smart Economy" in html
    html = client.get(reverse("roadmap:dimension", args=["eco"])).content.decode()
    assert "Smart Economy" in html and "Key performance indicators" in html


def test_pages_work_on_a_fresh_installation_without_a_masterplan(client, admin_user, settings):
    settings.PUBLIC_PORTAL = True
    client.force_login(admin_user)
    home = client.get(reverse("roadmap:home"))
    assert home.status_code == 200 and home.context["masterplan"] is None
    for url in (
        reverse("roadmap:roadmap"),
        reverse("initiatives:list"),
        reverse("roadmap:public"),
        reverse("initiatives:export-csv"),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("roadmap:leadership-report", args=[2026, 1])).status_code == 404
