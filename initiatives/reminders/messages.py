"""The wording of the reminders about initiatives, built with the recipient's language active.

A message can list hundreds of initiatives, so the per-line work is kept small: links are reversed once per message
and filled in per line (``_link``), quarter labels are remembered per message, dates per language (``day_label``).
The wording does not depend on who reads it, only on the items and the language (``shared_wording`` in
``__init__``): a run builds it once per language for everyone who gets the same items.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.periods import quarter_label
from notifications.messages import Line, ReminderMessage, Section, day_label

_MARKER = 987654321


def _link(name: str) -> Callable[[int], str]:
    """``reverse(name, args=[pk])`` for many pks at the cost of one reverse: the path with a marker, split once."""
    head, tail = reverse(name, args=[_MARKER]).split(str(_MARKER), 1)
    return lambda pk: f"{head}{pk}{tail}"


def _quarters() -> Callable[[int, int], str]:
    labels: dict[tuple[int, int], str] = {}

    def label(year: int, quarter: int) -> str:
        if (year, quarter) not in labels:
            labels[year, quarter] = quarter_label(year, quarter)
        return labels[year, quarter]

    return label


def _initiative_url(initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.pk])


def report_due(user, items, today) -> ReminderMessage:
    detail, period = _link("initiatives:detail"), _quarters()
    due = [i for i in items if i.stage == "due"]
    overdue = [i for i in items if i.stage == "overdue"]
    sections = []
    if overdue:
        sections.append(
            Section(
                _("Overdue"),
                [
                    Line(
                        _("%(code)s %(title)s: the %(period)s report was due on %(deadline)s (%(days)s days ago).")
                        % {
                            "code": i.data["initiative"].code,
                            "title": i.data["initiative"].title,
                            "period": period(i.data["year"], i.data["quarter"]),
                            "deadline": day_label(i.data["deadline"]),
                            "days": i.data["days"],
                        },
                        detail(i.data["initiative"].pk),
                    )
                    for i in overdue
                ],
            )
        )
    if due:
        sections.append(
            Section(
                _("Due soon"),
                [
                    Line(
                        _("%(code)s %(title)s: the %(period)s report is due on %(deadline)s.")
                        % {
                            "code": i.data["initiative"].code,
                            "title": i.data["initiative"].title,
                            "period": period(i.data["year"], i.data["quarter"]),
                            "deadline": day_label(i.data["deadline"]),
                        },
                        detail(i.data["initiative"].pk),
                    )
                    for i in due
                ],
            )
        )
    count = len(items)
    title = (
        ngettext(
            "Quarterly report overdue for %(count)s initiative",
            "Quarterly reports overdue for %(count)s initiatives",
            count,
        )
        if overdue
        else ngettext(
            "Quarterly report due for %(count)s initiative", "Quarterly reports due for %(count)s initiatives", count
        )
    ) % {"count": count}
    intro = _("Please submit the quarterly progress report for these initiatives your agency leads.")
    return ReminderMessage(title, intro, sections, reverse("initiatives:mine"))


def milestones(user, items, today) -> ReminderMessage:
    detail = _link("initiatives:detail")
    due = [i for i in items if i.stage == "due"]
    overdue = [i for i in items if i.stage == "overdue"]
    sections = []
    if overdue:
        sections.append(
            Section(
                _("Overdue milestones"),
                [
                    Line(
                        _("%(code)s: %(milestone)s, due %(due)s (%(days)s days ago).")
                        % {
                            "code": i.data["initiative"].code,
                            "milestone": i.data["milestone"].title,
                            "due": day_label(i.data["due"]),
                            "days": i.data["days"],
                        },
                        detail(i.data["initiative"].pk),
                    )
                    for i in overdue
                ],
            )
        )
    if due:
        sections.append(
            Section(
                _("Milestones due soon"),
                [
                    Line(
                        ngettext(
                            "%(code)s: %(milestone)s, due %(due)s (in %(days)s day).",
                            "%(code)s: %(milestone)s, due %(due)s (in %(days)s days).",
                            i.data["days"],
                        )
                        % {
                            "code": i.data["initiative"].code,
                            "milestone": i.data["milestone"].title,
                            "due": day_label(i.data["due"]),
                            "days": i.data["days"],
                        },
                        detail(i.data["initiative"].pk),
                    )
                    for i in due
                ],
            )
        )
    count = len(items)
    title = ngettext("%(count)s milestone needs attention", "%(count)s milestones need attention", count) % {
        "count": count
    }
    intro = _("Milestones of initiatives your agency leads are due or overdue. Record the completion date when done.")
    return ReminderMessage(title, intro, sections, reverse("initiatives:mine"))


def returned(user, items, today) -> ReminderMessage:
    edit, period = _link("initiatives:report-edit"), _quarters()
    lines = []
    for i in items:
        report = i.data["report"]
        lines.append(
            Line(
                _("%(code)s %(title)s: the %(period)s report was returned on %(date)s and is not yet resubmitted.")
                % {
                    "code": i.data["initiative"].code,
                    "title": i.data["initiative"].title,
                    "period": period(report.year, report.quarter),
                    "date": day_label(i.data["returned_on"]),
                },
                edit(report.pk),
                _("Reviewer's note: %(note)s") % {"note": report.review_note} if report.review_note else "",
            )
        )
    count = len(items)
    title = ngettext(
        "%(count)s returned report waits for resubmission", "%(count)s returned reports wait for resubmission", count
    ) % {"count": count}
    intro = _("These reports were returned for changes. Please correct and resubmit them.")
    return ReminderMessage(title, intro, [Section(_("Returned reports"), lines)], reverse("initiatives:mine"))


def digest(user, items, today) -> ReminderMessage:
    data = items[0].data
    detail = _initiative_url
    sections = [
        Section(
            _("Reports awaiting review: %(count)s") % {"count": data["awaiting_count"]},
            [
                Line(
                    f"{r.initiative.code} {quarter_label(r.year, r.quarter)} · {r.initiative.lead_opd}",
                    reverse("initiatives:report-review", args=[r.pk]),
                )
                for r in data["awaiting"]
            ],
            max(data["awaiting_count"] - len(data["awaiting"]), 0),
        ),
        Section(
            _("Stale initiatives (no approved report for the last quarter): %(count)s")
            % {"count": data["stale_count"]},
            [Line(f"{i.code} {i.title} · {i.lead_opd}", detail(i)) for i in data["stale"]],
            max(data["stale_count"] - len(data["stale"]), 0),
        ),
        Section(
            _("Overdue milestones: %(count)s") % {"count": data["overdue_count"]},
            [
                Line(
                    _("%(code)s: %(milestone)s, due %(due)s")
                    % {"code": m.initiative.code, "milestone": m.title, "due": day_label(m.due_date)},
                    detail(m.initiative),
                )
                for m in data["overdue"]
            ],
            max(data["overdue_count"] - len(data["overdue"]), 0),
        ),
        Section(
            _("Agencies behind on reporting for %(period)s (due %(deadline)s): %(count)s")
            % {
                "period": quarter_label(*data["behind_quarter"]),
                "deadline": day_label(data["deadline"]),
                "count": len(data["behind"]),
            },
            [
                Line(
                    ngettext("%(opd)s: %(count)s report missing", "%(opd)s: %(count)s reports missing", n)
                    % {"opd": opd, "count": n}
                )
                for opd, n in data["behind"]
            ],
        ),
    ]
    title = _("Weekly digest, %(date)s") % {"date": day_label(today)}
    intro = _("What needs the programme office's attention this week.")
    return ReminderMessage(title, intro, sections, reverse("initiatives:review-queue"))
