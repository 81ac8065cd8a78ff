"""Django admin for initiatives. Edits here go through the model's validation and are recorded in history
(django-simple-history's admin shows it). The workflow is not offered here: reports and evidence are read-only (they
change through the portal's services: save, submit, approve, return), and an initiative's progress and status, which
move with approved reports, are read-only too (an administrator corrects them, with a reason, on the portal's edit
page)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BudgetLine, Comment, Evidence, Initiative, Milestone, ProgressReport


class ReadOnlyWorkflowAdmin(SimpleHistoryAdmin):
    """Shown, never changed here: every field is read-only and nothing is added or deleted (the services do)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    readonly_fields = ("version",)


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "dimension", "lead_opd", "horizon", "start_year", "end_year", "status", "progress")
    list_filter = ("masterplan", "dimension", "status", "horizon", "lead_opd")
    search_fields = ("code", "title", "description")
    autocomplete_fields = ("lead_opd", "supporting_opds", "indicators")
    readonly_fields = ("status", "progress", "version", "created_at", "updated_at")
    inlines = [BudgetLineInline, MilestoneInline]

    def save_model(self, request, obj, form, change):
        if change:
            obj.bump_version()
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Milestone:  # a milestone changed here gets a new version, like in the portal and API
            for inline_form in formset.forms:
                if inline_form.instance.pk and inline_form.has_changed():
                    inline_form.instance.bump_version()
        super().save_formset(request, form, formset, change)


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyWorkflowAdmin):
    list_display = ("initiative", "year", "quarter", "state", "progress", "status", "submitted_at", "reviewed_at")
    list_filter = ("state", "year", "quarter", "initiative__dimension")
    search_fields = ("initiative__code", "initiative__title", "narrative")
    raw_id_fields = ("initiative",)
    readonly_fields = (
        "state",
        "version",
        "created_by",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_note",
    )


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ("title", "initiative", "due_date", "completed_date")
    list_filter = ("due_date",)
    search_fields = ("title", "initiative__code")
    raw_id_fields = ("initiative",)
    readonly_fields = ("version",)

    def save_model(self, request, obj, form, change):
        if change:
            obj.bump_version()
        super().save_model(request, obj, form, change)


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ("initiative", "year", "funding_source", "planned", "realized")
    list_filter = ("year", "funding_source")
    search_fields = ("initiative__code", "initiative__title")
    raw_id_fields = ("initiative",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyWorkflowAdmin):
    list_display = ("original_name", "initiative", "report", "content_type", "size", "uploaded_by", "created_at")
    search_fields = ("original_name", "initiative__code")
    raw_id_fields = ("initiative", "report")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("initiative", "author", "created_at")
    search_fields = ("text", "initiative__code")
    raw_id_fields = ("initiative",)
