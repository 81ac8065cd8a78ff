"""The wording of reminder messages, built with the recipient's language active (the caller overrides it).

A message is a title, an introduction and sections of lines with links; the in-app notification keeps the plain
text and an HTML fragment, and the e-mail wraps them (templates/email/).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.periods import quarter_label

from .choices import ReminderRule


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


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _initiative_url(initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


def _report_due(user, items, today) -> ReminderMessage:
    due = [i for i in items if i.stage == "due"]
    overdue = [i for i in items if i.stage == "overdue"]
    sections = []
    if overdue:
        sections.append(Section(_("Overdue"), [
            Line(_("%(code)s %(title)s: the %(period)s report was due on %(deadline)s (%(days)s days ago).") % {
                "code": i.data["initiative"].code, "title": i.data["initiative"].title,
                "period": quarter_label(i.data["year"], i.data["quarter"]), "deadline": _day(i.data["deadline"]),
                "days": i.data["days"]}, _initiative_url(i.data["initiative"]))
            for i in overdue]))
    if due:
        sections.append(Section(_("Due soon"), [
            Line(_("%(code)s %(title)s: the %(period)s report is due on %(deadline)s.") % {
                "code": i.data["initiative"].code, "title": i.data["initiative"].title,
                "period": quarter_label(i.data["year"], i.data["quarter"]), "deadline": _day(i.data["deadline"])},
                _initiative_url(i.data["initiative"]))
            for i in due]))
    count = len(items)
    title = (ngettext("Quarterly report overdue for %(count)s initiative",
                      "Quarterly reports overdue for %(count)s initiatives", count)
             if overdue else
             ngettext("Quarterly report due for %(count)s initiative",
                      "Quarterly reports due for %(count)s initiatives", count)) % {"count": count}
    intro = _("Please submit the quarterly progress report for these initiatives your agency leads.")
    return ReminderMessage(title, intro, sections, reverse("initiatives:mine"))


def _milestones(user, items, today) -> ReminderMessage:
    due = [i for i in items if i.stage == "due"]
    overdue = [i for i in items if i.stage == "overdue"]
    sections = []
    if overdue:
        sections.append(Section(_("Overdue milestones"), [
            Line(_("%(code)s: %(milestone)s, due %(due)s (%(days)s days ago).") % {
                "code": i.data["initiative"].code, "milestone": i.data["milestone"].title, "due": _day(i.data["due"]),
                "days": i.data["days"]}, _initiative_url(i.data["initiative"]))
            for i in overdue]))
    if due:
        sections.append(Section(_("Milestones due soon"), [
            Line(ngettext("%(code)s: %(milestone)s, due %(due)s (in %(days)s day).",
                          "%(code)s: %(milestone)s, due %(due)s (in %(days)s days).", i.data["days"]) % {
                "code": i.data["initiative"].code, "milestone": i.data["milestone"].title, "due": _day(i.data["due"]),
                "days": i.data["days"]}, _initiative_url(i.data["initiative"]))
            for i in due]))
    count = len(items)
    title = ngettext("%(count)s milestone needs attention", "%(count)s milestones need attention", count) % {
        "count": count}
    intro = _("Milestones of initiatives your agency leads are due or overdue. Record the completion date when done.")
    return ReminderMessage(title, intro, sections, reverse("initiatives:mine"))


def _returned(user, items, today) -> ReminderMessage:
    lines = []
    for i in items:
        report = i.data["report"]
        lines.append(Line(
            _("%(code)s %(title)s: the %(period)s report was returned on %(date)s and is not yet resubmitted.") % {
                "code": i.data["initiative"].code, "title": i.data["initiative"].title,
                "period": quarter_label(report.year, report.quarter), "date": _day(i.data["returned_on"])},
            reverse("initiatives:report-edit", args=[report.pk]),
            _("Reviewer's note: %(note)s") % {"note": report.review_note} if report.review_note else "",
        ))
    count = len(items)
    title = ngettext("%(count)s returned report waits for resubmission",
                     "%(count)s returned reports wait for resubmission", count) % {"count": count}
    intro = _("These reports were returned for changes. Please correct and resubmit them.")
    return ReminderMessage(title, intro, [Section(_("Returned reports"), lines)], reverse("initiatives:mine"))


def _digest(user, items, today) -> ReminderMessage:
    data = items[0].data
    detail = _initiative_url
    sections = [
        Section(_("Reports awaiting review: %(count)s") % {"count": data["awaiting_count"]}, [
            Line(f"{r.initiative.code} {quarter_label(r.year, r.quarter)} · {r.initiative.lead_opd}",
                 reverse("initiatives:report-review", args=[r.pk])) for r in data["awaiting"]],
            max(data["awaiting_count"] - len(data["awaiting"]), 0)),
        Section(_("Stale initiatives (no approved report for the last quarter): %(count)s")
                % {"count": data["stale_count"]},
                [Line(f"{i.code} {i.title} · {i.lead_opd}", detail(i)) for i in data["stale"]],
                max(data["stale_count"] - len(data["stale"]), 0)),
        Section(_("Overdue milestones: %(count)s") % {"count": data["overdue_count"]}, [
            Line(_("%(code)s: %(milestone)s, due %(due)s") % {
                "code": m.initiative.code, "milestone": m.title, "due": _day(m.due_date)}, detail(m.initiative))
            for m in data["overdue"]], max(data["overdue_count"] - len(data["overdue"]), 0)),
        Section(_("Agencies behind on reporting for %(period)s (due %(deadline)s): %(count)s") % {
            "period": quarter_label(*data["behind_quarter"]), "deadline": _day(data["deadline"]),
            "count": len(data["behind"])}, [
            Line(ngettext("%(opd)s: %(count)s report missing", "%(opd)s: %(count)s reports missing", n)
                 % {"opd": opd, "count": n}) for opd, n in data["behind"]]),
    ]
    title = _("Weekly digest, %(date)s") % {"date": _day(today)}
    intro = _("What needs the programme office's attention this week.")
    return ReminderMessage(title, intro, sections, reverse("initiatives:review-queue"))


BUILDERS = {
    ReminderRule.REPORT_DUE: _report_due,
    ReminderRule.MILESTONE_DUE: _milestones,
    ReminderRule.REPORT_RETURNED: _returned,
    ReminderRule.ADMIN_DIGEST: _digest,
}


def build_reminder(rule: str, user, items, today: dt.date) -> ReminderMessage:
    return BUILDERS[rule](user, items, today)
