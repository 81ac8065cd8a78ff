"""The arithmetic of the index, on plain data (the live framework or a final period's snapshot), so a final
period is scored exactly as it was and the rules can read a previous period's index without the selectors.

* An item scores its maturity level (1–5); an unanswered item is left out of its component's mean.
* A component scores the mean of its answered items (0 when none is answered).
* A national dimension scores the mean of the answered items tagged with it.
* The index is Σ(weight × component score) / 100, on the 0–5 scale, rounded to two decimals at the end.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")


def q2(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def _mean(levels: list[int]) -> Decimal | None:
    if not levels:
        return None
    return Decimal(sum(levels)) / Decimal(len(levels))


def compute_scores(framework: dict, weights: dict, levels: dict[str, int | None]) -> dict:
    """``framework`` as built by selectors.live_framework() (or kept in a snapshot), ``weights`` {component code:
    weight}, ``levels`` {item code: level or None}. Returns components, national dimensions and the index."""
    components = []
    by_national: dict[str, list[int]] = {}
    total = Decimal(0)
    for component in framework["components"]:
        answered = [levels[i["code"]] for i in component["items"] if levels.get(i["code"]) is not None]
        for item in component["items"]:
            level = levels.get(item["code"])
            if level is not None and item.get("national_dimension"):
                by_national.setdefault(item["national_dimension"], []).append(level)
        score = _mean(answered)
        weight = Decimal(str(weights.get(component["code"], 0)))
        contribution = weight * (score or Decimal(0)) / Decimal(100)
        total += contribution
        components.append(
            {
                "code": component["code"],
                "name": component["name"],
                "weight": weight,
                "score": q2(score),
                "answered": len(answered),
                "items": len(component["items"]),
                "contribution": q2(contribution),
            }
        )
    national = []
    for nd in framework["national_dimensions"]:
        found = by_national.get(nd["code"], [])
        national.append(
            {
                "code": nd["code"],
                "name": nd["name"],
                "score": q2(_mean(found)),
                "answered": len(found),
                "dimensions": [d for d, codes in framework["mapping"].items() if nd["code"] in codes],
            }
        )
    answered_all = sum(c["answered"] for c in components)
    items_all = sum(c["items"] for c in components)
    return {
        "components": components,
        "national": national,
        "index": q2(total),
        "answered": answered_all,
        "items": items_all,
        "complete": answered_all == items_all,
    }


def movers(current: dict, previous: dict | None) -> list[dict]:
    """What moved the index: each component's change in contribution (weight × score / 100), largest first."""
    if previous is None:
        return []
    before = {c["code"]: c for c in previous["components"]}
    rows = []
    for c in current["components"]:
        prev = before.get(c["code"])
        prev_contribution = prev["contribution"] if prev else Decimal(0)
        prev_score = prev["score"] if prev else None
        delta = c["contribution"] - prev_contribution
        rows.append(
            {
                "code": c["code"],
                "name": c["name"],
                "score": c["score"],
                "previous_score": prev_score,
                "score_change": None if c["score"] is None or prev_score is None else c["score"] - prev_score,
                "contribution_change": delta,
            }
        )
    rows.sort(key=lambda r: abs(r["contribution_change"]), reverse=True)
    return rows
