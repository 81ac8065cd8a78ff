"""Geometry for the server-rendered SVG charts (no JavaScript, no CDN).

Functions here only turn numbers into coordinates; templates draw them, and every chart is followed by a table with
the same numbers for screen readers and print.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from dimensions.choices import AchievementBand

# Text in the SVGs is drawn at FONT user units; the charts' view boxes are narrow enough (≤ 400 units) that a phone
# column (≈ 320 px) shows it at ≥ 12 px, and CSS caps how far a desktop column enlarges it.
FONT = 14

PLANNED_COLOUR = "#94a3b8"
REALIZED_COLOUR = "#0b4f8a"
TARGET_COLOUR = "#64748b"
BASELINE_COLOUR = "#a16207"


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round tick values covering lo..hi: steps of 1, 2, 2.5 or 5 × 10ⁿ (0, 20, 40… never 70,9 / 75,3)."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(lo / step) * step
    ticks, value = [], start
    while value < hi + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def short_money(value: float) -> str:
    """An axis label for rupiah: ``8,5 M`` (miliar) / ``850 jt`` (juta) in Indonesian, ``8.5 bn`` / ``850 m``."""
    if value == 0:
        return "0"
    for size, unit in ((1e12, _("%(n)s tn")), (1e9, _("%(n)s bn")), (1e6, _("%(n)s m")), (1e3, _("%(n)s k"))):
        if abs(value) >= size:
            scaled = round(value / size, 1)
            return unit % {"n": formats.number_format(scaled, decimal_pos=0 if scaled.is_integer() else 1)}
    return f"{value:.0f}"


def paired_bars(
    rows, label_key: str, a_key: str = "budget_planned", b_key: str = "budget_realized", width: int = 340
) -> dict:
    """Horizontal paired bars (e.g. budget planned vs realised) per row, each row's name on its own line above its
    bars, from zero, on a value axis with round ticks (the table beside the chart has the exact numbers). The view
    box is narrow so that its 14-unit text is still ≥ 12 px in a phone's column."""
    left, right_pad, bar_h, label_h, gap, top, axis_h = 4, 22, 10, 16, 8, 2, 22
    plot_w = width - left - right_pad
    largest = max([max(r.get(a_key) or 0, r.get(b_key) or 0) for r in rows] + [1])
    ticks = nice_ticks(0, float(largest))
    scale_max = ticks[-1]
    row_h = label_h + 2 * bar_h + gap
    bars = []
    for i, row in enumerate(rows):
        y = top + i * row_h
        a, b = row.get(a_key) or 0, row.get(b_key) or 0
        label = str(row.get(label_key) or "")
        bars.append(
            {
                "label": label if len(label) <= 40 else label[:39] + "…",
                "full_label": label,
                "text_y": y + label_h - 4,
                "y": y + label_h,
                "b_y": y + label_h + bar_h,
                "a": a,
                "b": b,
                "a_w": round(plot_w * float(a) / scale_max, 2),
                "b_w": round(plot_w * float(b) / scale_max, 2),
                "share": round(b * 100 / a, 1) if a else None,
            }
        )
    plot_bottom = top + len(rows) * row_h
    axis = [{"x": round(left + plot_w * t / scale_max, 2), "label": short_money(t)} for t in ticks]
    return {
        "width": width,
        "height": plot_bottom + axis_h,
        "label_w": left,
        "bar_h": bar_h,
        "bars": bars,
        "top": top,
        "plot_bottom": plot_bottom,
        "axis_y": plot_bottom + 16,
        "axis": axis,
        "a_colour": PLANNED_COLOUR,
        "b_colour": REALIZED_COLOUR,
    }


def _f(value) -> float | None:
    return None if value is None else float(Decimal(str(value)))


def kpi_chart(series: list[dict], baseline=None, width: int = 340, height: int = 200) -> dict | None:
    """A KPI's targets (dashed line) and realisations (points coloured by achievement band) per year, with the
    baseline as a dotted level line. None when there is nothing to draw."""
    if not series:
        return None
    left, right, top, bottom = 56, 24, 12, 28
    values = [_f(r["target"]) for r in series] + [_f(r["realised"]) for r in series if r["realised"] is not None]
    if baseline is not None:
        values.append(_f(baseline))
    lo, hi = min(values), max(values)
    if lo >= 0 and lo < hi * 0.4:
        lo = 0.0  # close enough to zero: show the whole scale
    tick_values = nice_ticks(lo, hi)
    lo, hi = tick_values[0], tick_values[-1]
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(series) - 1, 1)

    def x(i):
        return round(left + (i * step if len(series) > 1 else plot_w / 2), 2)

    def y(v):
        return round(top + plot_h - (v - lo) * plot_h / (hi - lo), 2)

    target_points = [(x(i), y(_f(r["target"]))) for i, r in enumerate(series)]
    realised = [
        {"x": x(i), "y": y(_f(r["realised"])), "colour": AchievementBand.colour(r["band"]), "row": r}
        for i, r in enumerate(series)
        if r["realised"] is not None
    ]
    decimals = (
        0
        if all(float(v).is_integer() for v in tick_values)
        else (1 if all(float(v * 10).is_integer() for v in tick_values) else 2)
    )
    ticks = [{"y": y(v), "value": v, "decimals": decimals} for v in tick_values]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "bottom": top + plot_h,
        "target_path": " ".join(f"{px},{py}" for px, py in target_points),
        "target_points": [{"x": px, "y": py} for px, py in target_points],
        "realised_path": " ".join(f"{p['x']},{p['y']}" for p in realised),
        "realised": realised,
        "baseline_y": None if baseline is None else y(_f(baseline)),
        "years": [{"x": x(i), "year": r["year"]} for i, r in enumerate(series)],
        "ticks": ticks,
        "target_colour": TARGET_COLOUR,
        "baseline_colour": BASELINE_COLOUR,
    }
