"""The reminder run and the rules' settings.

A run finds what each registered rule has due, drops what the delivery log says was sent, and writes the rest in
batches of REMINDER_BATCH messages, each batch in one transaction: the messages in one INSERT, their items in the
delivery log in a few INSERTs (``ON CONFLICT DO NOTHING``: the unique constraint (rule, key, recipient) still decides
who sends an item, so re-runs, retries and concurrent runs send each reminder once), the e-mail jobs in one INSERT.
A message's wording is built once per language for everyone who gets the same items (``RuleSpec.shared_wording``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import psycopg
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.bulk import bulk_insert
from opd.permissions import is_admin

from .. import registry, selectors
from ..choices import EmailStatus, ReminderRule
from ..messages import build_reminder
from ..models import Notification, ReminderLog, ReminderSetting
from .notify import language_of, notification_row, other_languages
from .outbox import EMAIL_JOB, enqueue_jobs, flush_outbox

logger = logging.getLogger(__name__)

REMINDER_BATCH = 250  # messages per transaction
LOG_BATCH = 20_000  # delivery-log rows per INSERT


def update_rule_setting(user, rule: str, *, enabled: bool, lead_days: int, repeat_days: int) -> ReminderSetting:
    if not is_admin(user):
        raise PermissionDenied(_("Only administrators may change reminder rules."))
    if rule not in ReminderRule.values:
        raise ValidationError({"rule": _("Unknown reminder rule.")})
    setting = ReminderSetting.objects.filter(rule=rule).first() or ReminderSetting.default_for(rule)
    setting.enabled, setting.lead_days, setting.repeat_days = bool(enabled), lead_days, repeat_days
    setting.full_clean()
    setting.save()
    return setting


@dataclass
class PlannedReminder:
    rule: str
    recipient: object
    items: list
    notification: Notification | None = None


@dataclass
class ReminderRun:
    today: dt.date
    dry_run: bool
    reminders: list[PlannedReminder] = field(default_factory=list)
    already_sent: int = 0

    @property
    def sent(self) -> list[PlannedReminder]:
        return [r for r in self.reminders if r.notification is not None]


class _Wording:
    """Each message's title, text and HTML in every language it is kept in, built once per (rule, items, language)
    when the rule's wording names no reader, else once per recipient too."""

    def __init__(self, today: dt.date):
        self.today = today
        self._built: dict[tuple, dict] = {}

    def get(self, rule: str, user, items, language: str) -> dict:
        shared = registry.rule(rule).shared_wording
        key = (rule, language, tuple(item.key for item in items), None if shared else user.pk)
        if key not in self._built:
            with translation.override(language):
                message = build_reminder(rule, user, items, self.today)
                self._built[key] = {
                    "title": str(message.title)[:255],
                    "body": str(message.text),
                    "url": message.url,
                    "body_html": render_to_string("notifications/reminder_body.html", {"message": message}),
                }
        return self._built[key]

    def notification(self, planned: PlannedReminder, items) -> Notification:
        user = planned.recipient
        main = self.get(planned.rule, user, items, language_of(user))
        translations = {
            language: {k: v for k, v in self.get(planned.rule, user, items, language).items() if k != "url"}
            for language in other_languages(user)
        }  # kept for readers who switch language
        return notification_row(
            user,
            kind=planned.rule,
            rule=planned.rule,
            title=main["title"],
            body=main["body"],
            body_html=main["body_html"],
            url=main["url"],
            translations=translations,
        )


def _claim_in_log(rows: list[tuple]) -> set[tuple[str, str, int]]:
    """Write (rule, key, recipient id, label, day, notification id) rows to the delivery log; return (rule, key,
    recipient id) of the rows this call wrote. The unique constraint is the guard: a row another run wrote first is
    skipped (ON CONFLICT DO NOTHING, which waits for that run's transaction) and its item is not ours to send. Rows
    go in the order of the unique key, so two runs meet in the same order (no deadlock)."""
    table = connection.ops.quote_name(ReminderLog._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(c)
        for c in ("rule", "key", "recipient_id", "label", "for_date", "notification_id", "created_at")
    )
    unique = ", ".join(connection.ops.quote_name(c) for c in ("rule", "key", "recipient_id"))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = sorted(rows, key=lambda row: row[:3])
    won = set()
    if connection.vendor == "postgresql":
        # six arrays in binary (no quoting of 76,000 keys), not 7 × n parameters, on a server-binding cursor of the
        # same connection and transaction
        connection.ensure_connection()
        select = (
            "SELECT r, k, u, l, d, n, %b FROM unnest(%b::varchar[], %b::varchar[], %b::integer[], "
            "%b::varchar[], %b::date[], %b::bigint[]) AS t(r, k, u, l, d, n)"
        )
        with psycopg.Cursor(connection.connection) as cursor:
            for start in range(0, len(rows), LOG_BATCH):
                columns_of = [list(column) for column in zip(*rows[start : start + LOG_BATCH], strict=True)]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) {select} "  # noqa: S608 - names from the model
                    f"ON CONFLICT ({unique}) DO NOTHING RETURNING {unique}",
                    [now, *columns_of],
                )
                won.update((rule, key, recipient) for rule, key, recipient in cursor.fetchall())
        return won
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608 - names from the model
                f"ON CONFLICT ({unique}) DO NOTHING RETURNING {unique}",
                [v for row in chunk for v in (*row, now)],
            )
            won.update((rule, key, recipient) for rule, key, recipient in cursor.fetchall())
    return won


def _deliver_batch(batch: list[PlannedReminder], today: dt.date, wording: _Wording, *, dispatch: bool) -> None:
    """Write one message per planned reminder with the items this run wins in the log, in one transaction."""
    ready = []
    for planned in batch:
        planned.notification = None
        try:
            ready.append((planned, wording.notification(planned, planned.items)))
        except Exception:  # one recipient's problem must not stop the others
            logger.exception("Reminder %s for user %s could not be written", planned.rule, planned.recipient.pk)
    if not ready:
        return
    day = connection.ops.adapt_datefield_value(today)
    with transaction.atomic():
        bulk_insert(Notification, [row for _planned, row in ready])  # sets each row's pk
        won = _claim_in_log(
            [
                (planned.rule, item.key, planned.recipient.pk, item.label[:255], day, notification.pk)
                for planned, notification in ready
                for item in planned.items
            ]
        )
        lost = []
        for planned, notification in ready:
            items = [item for item in planned.items if (planned.rule, item.key, planned.recipient.pk) in won]
            if not items:  # another run sent all of it first
                lost.append(notification.pk)
                continue
            if len(items) < len(planned.items):  # another run sent some of it first: this message tells the rest
                fresh = wording.notification(planned, items)
                for name in ("title", "body", "body_html", "url", "translations"):
                    setattr(notification, name, getattr(fresh, name))
                notification.save(update_fields=["title", "body", "body_html", "url", "translations"])
                planned.items = items
            planned.notification = notification
        if lost:
            Notification.objects.filter(pk__in=lost).delete()
        pending = [
            {"notification_id": p.notification.pk}
            for p, _row in ready
            if p.notification is not None and p.notification.email_status == EmailStatus.PENDING
        ]
        if pending:
            enqueue_jobs(EMAIL_JOB, pending, dispatch=dispatch)


def run_reminders(today: dt.date | None = None, *, dry_run: bool = False, inline: bool = False) -> ReminderRun:
    """Evaluate every enabled rule as of ``today`` and send one message per recipient and rule with what is due.

    The Celery task and ``manage.py send_reminders`` both call this. ``inline`` sends the e-mails here instead of
    through the worker (for cron installations without one); ``dry_run`` only reports what would be sent.
    """
    today = today or timezone.localdate()
    run = ReminderRun(today=today, dry_run=dry_run)
    due = selectors.due_reminders(today)
    sent_before = selectors.already_sent({(rule, user.pk): items for rule, user, items in due})
    planned = []
    for rule, user, items in due:
        fresh = [item for item in items if (rule, item.key, user.pk) not in sent_before]
        run.already_sent += len(items) - len(fresh)
        if fresh:
            planned.append(PlannedReminder(rule=rule, recipient=user, items=fresh))
    if dry_run:
        run.reminders = planned
        return run
    wording = _Wording(today)
    for start in range(0, len(planned), REMINDER_BATCH):
        batch = planned[start : start + REMINDER_BATCH]
        try:
            _deliver_batch(batch, today, wording, dispatch=not inline)
        except Exception:  # a write failed: write this batch one message at a time, so one problem stops no other
            logger.exception("A batch of reminders could not be written; writing them one by one")
            for one in batch:
                try:
                    _deliver_batch([one], today, wording, dispatch=not inline)
                except Exception:
                    one.notification = None
                    logger.exception("Reminder %s for user %s could not be written", one.rule, one.recipient.pk)
        run.reminders.extend(p for p in batch if p.notification is not None)
    if inline:
        while True:  # every message of this run, a batch per mail connection (flush_outbox takes 500 at a time)
            counts = flush_outbox(inline=True)
            if sum(counts.values()) < 500:
                break
    return run
