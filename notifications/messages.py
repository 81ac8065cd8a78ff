"""The shape of reminder messages (each rule's wording is registered with its rule: notifications.registry), built
with the recipient's language active (the caller overrides it).

A message is a title, an introduction and sections of lines with links; the in-app notification keeps the plain
text and an HTML fragment, and the e-mail wraps them (templates/email/).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import registry


@dataclass
class Line:
    text: str
    url: str = ""
    note: str = ""


@dataclass
class Section:
    heading: str
    lines: list[Line] = field(default_factory=list)
    more: int = 0

    @property
    def lines_html(self) -> str:
        """The section's lines as ``<li>`` elements, one per line of HTML (escaped here rather than in a template
        loop: a message can list hundreds of lines, and a mail line must stay under 998 characters)."""
        out = []
        for line in self.lines:
            text = escape(line.text)
            if line.url:
                text = f'<a href="{escape(absolute(line.url))}">{text}</a>'
            if line.note:
                text += f"<br><em>{escape(line.note)}</em>"
            out.append(f"<li>{text}</li>")
        return mark_safe("\n".join(out))  # noqa: S308 - every part is escaped above


@dataclass
class ReminderMessage:
    title: str
    intro: str
    sections: list[Section]
    url: str  # in-app link (relative)

    @property
    def text(self) -> str:
        parts = [self.intro, ""]
        for section in self.sections:
            parts.append(section.heading)
            for line in section.lines:
                parts.append(f"- {line.text}" + (f" ({absolute(line.url)})" if line.url else ""))
                if line.note:
                    parts.append(f"  {line.note}")
            if section.more:
                parts.append("- " + _("… and %(count)s more") % {"count": section.more})
            parts.append("")
        return "\n".join(parts).strip()


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path and path.startswith("/") else path


_DAY_LABELS: dict[tuple[str, dt.date], str] = {}


def day_label(value: dt.date) -> str:
    """``value`` as "10 Oktober 2026" in the active language (remembered per language and day: a reminder run writes
    the same few deadlines on thousands of lines)."""
    key = (get_language(), value)
    label = _DAY_LABELS.get(key)
    if label is None:
        if len(_DAY_LABELS) > 10_000:
            _DAY_LABELS.clear()
        label = _DAY_LABELS[key] = date_format(value, "j F Y")
    return label


def build_reminder(rule: str, user, items, today: dt.date) -> ReminderMessage:
    return registry.rule(rule).build(user, items, today)
