from django import forms
from django.contrib import admin

from actionplans.models import (
    Action,
    ActionPlan,
    CqcResult,
    FrameworkVersion,
    Milestone,
    QualityStatement,
    StatementScore,
    StatusUpdate,
    Theme,
)


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "council", "effective_from", "is_current"]
    list_filter = ["kind"]
    inlines = [ThemeInline]


@admin.register(QualityStatement)
class QualityStatementAdmin(admin.ModelAdmin):
    list_display = ["name", "theme", "position", "retired"]
    list_filter = ["theme__framework", "retired"]
    list_select_related = ["theme"]


class SignedOffIsReadOnly:
    """A signed-off plan, its actions and milestones show read only: a change is a new plan."""

    @staticmethod
    def _editable(obj):
        plan = getattr(obj, "plan", None) or getattr(getattr(obj, "action", None), "plan", None) or obj
        return plan is None or not plan.is_signed_off

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ActionPlan)
class ActionPlanAdmin(SignedOffIsReadOnly, admin.ModelAdmin):
    list_display = ["title", "council", "source", "source_date", "status"]
    list_filter = ["council", "status", "source"]
    list_select_related = ["council"]
    # Moved only by the lifecycle's steps (submit, sign off), never set by hand here.
    readonly_fields = ["status", "approved_by", "approved_at", "created_by", "last_edited_by", "revision"]

    def has_add_permission(self, request):
        # A plan is started in EqA, which records who started it.
        return False


class MilestoneInline(SignedOffIsReadOnly, admin.TabularInline):
    model = Milestone
    extra = 0
    # A milestone is done by a status update, which says who recorded it and when.
    readonly_fields = ["done", "done_on"]

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)


class ActionForm(forms.ModelForm):
    def clean_plan(self):
        plan = self.cleaned_data["plan"]
        if plan is not None and plan.is_signed_off:
            raise forms.ValidationError(
                "This plan is signed off, so actions cannot be added to it or moved into it.", code="signed_off"
            )
        return plan


@admin.register(Action)
class ActionAdmin(SignedOffIsReadOnly, admin.ModelAdmin):
    form = ActionForm
    list_display = ["ref", "plan", "quality_statement", "status_word", "status"]
    list_filter = ["plan__council", "status"]
    list_select_related = ["plan", "quality_statement", "status_word"]
    search_fields = ["ref", "area_of_focus"]
    filter_horizontal = ["linked_actions", "linked_assessments"]
    inlines = [MilestoneInline]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    """Updates are a record: readable here, never changed or deleted."""

    list_display = ["action", "word", "status", "by", "at"]
    list_select_related = ["action", "by", "word"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatementScoreInline(admin.TabularInline):
    model = StatementScore
    extra = 0


@admin.register(CqcResult)
class CqcResultAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "assessed_council", "assessed_on", "published_on"]
    list_filter = ["council"]
    readonly_fields = ["revision"]
    inlines = [StatementScoreInline]
