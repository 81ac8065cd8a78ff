"""Geometry for the server-rendered SVG charts (no JavaScript, no CDN).

Functions here only turn numbers into coordinates; templates draw them, and every chart is followed by a table with
the same numbers for screen readers and print.
"""
from __future__ import annotations

from decimal import Decimal

from dimensions.choices import AchievementBand

PLANNED_COLOUR = "#94a3b8"
REALIZED_COLOUR = "#0b4f8a"
TARGET_COLOUR = "#64748b"
BASELINE_COLOUR = "#a16207"


def paired_bars(rows, label_key: str, a_key: str = "budget_planned", b_key: str = "budget_realized",
                width: int = 640) -> dict:
    """Horizontal paired bars (e.g. budget planned vs realised) per row, scaled to the largest value."""
    label_w, right_pad, bar_h, gap, top = 150, 16, 12, 14, 8
    plot_w = width - label_w - right_pad
    largest = max([max(r.get(a_key) or 0, r.get(b_key) or 0) for r in rows] + [1])
    bars = []
    for i, row in enumerate(rows):
        y = top + i * (2 * bar_h + gap)
        a, b = row.get(a_key) or 0, row.get(b_key) or 0
        label = str(row.get(label_key) or "")
        bars.append({
            "label": label if len(label) <= 22 else label[:21] + "…",
            "full_label": label,
            "y": y,
            "text_y": y + bar_h + 4,
            "a": a, "b": b,
            "a_w": round(plot_w * a / largest, 2),
            "b_w": round(plot_w * b / largest, 2),
            "b_y": y + bar_h,
            "share": round(b * 100 / a, 1) if a else None,
        })
    height = top + len(rows) * (2 * bar_h + gap) + 4
    return {"width": width, "height": max(height, 40), "label_w": label_w, "bar_h": bar_h, "bars": bars,
            "a_colour": PLANNED_COLOUR, "b_colour": REALIZED_COLOUR}


def _f(value) -> float | None:
    return None if value is None else float(Decimal(str(value)))


def kpi_chart(series: list[dict], baseline=None, width: int = 520, height: int = 200) -> dict | None:
    """A KPI's targets (dashed line) and realisations (points coloured by achievement band) per year, with the
    baseline as a dotted level line. None when there is nothing to draw."""
    if not series:
        return None
    left, right, top, bottom = 84, 14, 12, 26
    values = [_f(r["target"]) for r in series] + [_f(r["realised"]) for r in series if r["realised"] is not None]
    if baseline is not None:
        values.append(_f(baseline))
    lo, hi = min(values), max(values)
    if lo >= 0 and lo < hi * 0.4:
        lo = 0.0  # close enough to zero: show the whole scale
    if hi == lo:
        hi = lo + 1
    pad = (hi - lo) * 0.1
    hi += pad
    lo = lo - pad if lo != 0 else lo
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(series) - 1, 1)

    def x(i):
        return round(left + (i * step if len(series) > 1 else plot_w / 2), 2)

    def y(v):
        return round(top + plot_h - (v - lo) * plot_h / (hi - lo), 2)

    target_points = [(x(i), y(_f(r["target"]))) for i, r in enumerate(series)]
    realised = [
        {"x": x(i), "y": y(_f(r["realised"])), "colour": AchievementBand.colour(r["band"]), "row": r}
        for i, r in enumerate(series) if r["realised"] is not None
    ]
    decimals = 0 if hi - lo >= 20 else 1
    ticks = [{"y": y(lo + (hi - lo) * k / 4), "value": lo + (hi - lo) * k / 4, "decimals": decimals}
             for k in range(5)]
    return {
        "width": width, "height": height, "left": left, "right": width - right, "top": top,
        "bottom": top + plot_h,
        "target_path": " ".join(f"{px},{py}" for px, py in target_points),
        "target_points": [{"x": px, "y": py} for px, py in target_points],
        "realised_path": " ".join(f"{p['x']},{p['y']}" for p in realised),
        "realised": realised,
        "baseline_y": None if baseline is None else y(_f(baseline)),
        "years": [{"x": x(i), "year": r["year"]} for i, r in enumerate(series)],
        "ticks": ticks,
        "target_colour": TARGET_COLOUR, "baseline_colour": BASELINE_COLOUR,
    }
