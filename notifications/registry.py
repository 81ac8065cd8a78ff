"""The reminder rules the notifications app runs, registered by the apps that know what is due.

notifications owns the machinery (settings per rule, the delivery log that keeps a reminder from going twice, the
outbox, the bell and e-mail); it knows nothing of what is reminded about. An app above it registers each rule in its
``AppConfig.ready()`` with two functions:

* ``find(today, setting) -> {recipient: [ReminderItem, ...]}``: what is due on ``today`` (reads only);
* ``build(recipient, items, today) -> messages.ReminderMessage``: the wording, with the recipient's language active.

A rule whose wording depends only on the items and the language, not on who reads it, registers with
``shared_wording=True``: a run then builds its message once per language for everyone who gets the same items (the
staff of one agency), not once per recipient.

The rule's code must be one of ``choices.ReminderRule`` (its settings row and label live there).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from .choices import ReminderRule


@dataclass
class ReminderItem:
    """One thing to remind about. ``key`` names the object, its period or due date and which reminder of it this is;
    the log's unique constraint on (rule, key, recipient) is what keeps it from going twice."""

    rule: str
    key: str
    label: str
    stage: str  # e.g. due | overdue | returned | digest
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSpec:
    code: str
    find: Callable[[dt.date, object], dict]
    build: Callable[[object, list, dt.date], object]
    shared_wording: bool = False


_RULES: dict[str, RuleSpec] = {}


def register_rule(code: str, *, find, build, shared_wording: bool = False) -> None:
    """Register (or replace, e.g. on a second ``ready()``) the rule ``code``."""
    if code not in ReminderRule.values:
        raise ValueError(f"Unknown reminder rule {code!r}: add it to notifications.choices.ReminderRule first.")
    _RULES[code] = RuleSpec(code=code, find=find, build=build, shared_wording=shared_wording)


def registered_rules() -> list[RuleSpec]:
    """The registered rules in the order of ReminderRule (a rule nobody registered does not run)."""
    return [_RULES[code] for code in ReminderRule.values if code in _RULES]


def rule(code: str) -> RuleSpec:
    return _RULES[code]


def repeat_index(days_late: int, repeat_days: int) -> int:
    """0 on the first day late, then one more every ``repeat_days`` (always 0 when repeating is off)."""
    return (days_late - 1) // repeat_days if repeat_days else 0
