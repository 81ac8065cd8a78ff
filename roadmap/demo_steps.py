"""A registry of extra demo steps: apps above roadmap (e.g. evaluation) add their demo data to ``load_demo``
without roadmap importing them. Register in ``AppConfig.ready()``; steps run in registration order, inside
load_demo's transaction, as ``step(counts=counts, today=today)``, and must be idempotent."""

from __future__ import annotations

from collections.abc import Callable

_STEPS: dict[str, Callable] = {}


def register_demo_step(name: str, step: Callable) -> None:
    _STEPS[name] = step  # by name, so a second ready() (tests, autoreload) does not add it twice


def demo_steps() -> list[tuple[str, Callable]]:
    return list(_STEPS.items())
