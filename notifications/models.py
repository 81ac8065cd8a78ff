"""In-app notifications (the bell) and their e-mail copies, reminder rules and the log that keeps reminders from
being sent twice, and the outbox that keeps jobs while the broker (Redis) is unreachable."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import RULE_DEFAULTS, EmailStatus, JobState, ReminderRule


class Notification(models.Model):
    """A message to one user, written in that user's language when it was created; also e-mailed when the user has
    an address. Reminders are notifications with a ``rule``."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    rule = models.CharField(_("reminder rule"), max_length=20, choices=ReminderRule.choices, blank=True, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    body_html = models.TextField(_("message (HTML)"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    # The same message in the portal's other languages ({"en": {"title": …, "body": …, "body_html": …}}), rendered
    # when it was created, so a reader who switches language reads it in theirs (issue 15).
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=12, choices=EmailStatus.choices, default=EmailStatus.NONE, db_index=True
    )
    email_to = models.EmailField(_("e-mail address"), blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_error = models.TextField(_("last e-mail error"), blank=True)
    email_sent_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title

    def in_language(self, language: str) -> dict:
        """Title, body and HTML body in ``language`` when the message was rendered in it, else as stored."""
        stored = {"title": self.title, "body": self.body, "body_html": self.body_html}
        if not language or language == self.language:
            return stored
        return {**stored, **(self.translations or {}).get(language, {})}

    @property
    def email_status_colour(self):
        return EmailStatus.colour(self.email_status)


class ReminderSetting(models.Model):
    """Whether a reminder rule runs and how many days ahead (or after) it reminds; editable by administrators."""

    rule = models.CharField(_("rule"), max_length=20, choices=ReminderRule.choices, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    lead_days = models.PositiveSmallIntegerField(
        _("lead days"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "Report and milestone reminders: days before the deadline. Returned reports: days after the "
            "report was returned. Not used by the weekly digest."
        ),
    )
    repeat_days = models.PositiveSmallIntegerField(
        _("repeat every (days)"),
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_("While overdue, remind again every this many days; 0 reminds once. Not used by the digest."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["rule"]

    def __str__(self):
        return str(ReminderRule(self.rule).label) if self.rule in ReminderRule.values else self.rule

    @classmethod
    def default_for(cls, rule: str) -> "ReminderSetting":
        lead, repeat = RULE_DEFAULTS[rule]
        return cls(rule=rule, enabled=True, lead_days=lead, repeat_days=repeat)


class ReminderLog(models.Model):
    """One reminder about one thing (an initiative's quarter, a milestone, a returned report, a week's digest) sent to
    one person. The unique key makes re-runs, retries, two beats and concurrent workers send nothing twice."""

    rule = models.CharField(_("rule"), max_length=20, choices=ReminderRule.choices)
    key = models.CharField(
        _("reminder key"),
        max_length=120,
        help_text=_("The object and its period or due date, and which reminder of it."),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_logs", verbose_name=_("recipient")
    )
    label = models.CharField(_("about"), max_length=255, blank=True)
    for_date = models.DateField(_("evaluated for"))
    notification = models.ForeignKey(
        Notification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminder_logs",
        verbose_name=_("message"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "key", "recipient"],
                name="reminder_once_per_recipient",
                violation_error_message=_("This reminder was already sent to this person."),
            ),
        ]

    def __str__(self):
        return f"{self.rule} {self.key} → {self.recipient_id}"


class OutboxJob(models.Model):
    """Work to do outside the request (e.g. e-mail a notification), written in the same transaction as the change
    that caused it. It is handed to the broker after commit; when the broker is unreachable it stays ``pending``
    and the outbox flush (beat, the worker's start or ``manage.py flush_outbox``) hands it over later."""

    kind = models.CharField(_("kind"), max_length=60)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    dispatch_attempts = models.PositiveSmallIntegerField(_("attempts to queue"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    available_at = models.DateTimeField(
        _("not before"),
        default=timezone.now,
        db_index=True,
        help_text=_("A failed job run without the broker waits until then."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox job")
        verbose_name_plural = _("outbox jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=JobState.values),
                name="outbox_state_valid",
                violation_error_message=_("Unknown job state."),
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.state})"
