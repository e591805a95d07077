from django import forms
from django.contrib import admin

from assessments.characteristics import ALL_DUTIES
from assessments.models import Assessment, AssessmentAction, Characteristic, ImpactRow, Screening, ScreeningAnswer


class CharacteristicForm(forms.ModelForm):
    covers = forms.MultipleChoiceField(
        choices=[(duty.value, f"{duty.label} ({duty.source})") for duty in ALL_DUTIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Statutory characteristics covered",
        help_text="Which of the items the equality duties of the council's nation name this row covers.",
    )

    class Meta:
        model = Characteristic
        fields = ["council", "position", "label", "guidance", "covers", "is_active"]


@admin.register(Characteristic)
class CharacteristicAdmin(admin.ModelAdmin):
    form = CharacteristicForm
    list_display = ["label", "council", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["council", "is_active"]
    list_select_related = ["council"]
    ordering = ["council", "position"]


class FrozenWhenSignedOff:
    """The admin shows a signed-off EIA or a decided screening, and the rows in it, read only: a change is a new
    version. `frozen_when` names the record's property that says it is frozen."""

    frozen_when = "is_signed_off"

    def _editable(self, obj):
        # Inlines are asked about the record they sit in; the record's own admin about the record.
        return obj is None or not getattr(obj, self.frozen_when)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class FrozenInline(FrozenWhenSignedOff):
    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)


class ImpactRowInline(FrozenInline, admin.StackedInline):
    model = ImpactRow
    fields = ["label", "neutral", "positive", "negative", "negative_level"]
    readonly_fields = ["label"]
    extra = 0
    can_delete = False


class AssessmentActionInline(FrozenInline, admin.StackedInline):
    model = AssessmentAction
    exclude = ["mitigates"]
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(FrozenWhenSignedOff, admin.ModelAdmin):
    list_display = ["title", "council", "service", "status", "version", "review_due", "updated_at"]
    list_filter = ["council", "status"]
    search_fields = ["title"]
    list_select_related = ["council", "service"]
    # Moved only by the lifecycle's steps (submit, sign off, moderate, publish, start a review), which check who
    # may take them, issue the PDF and record the change: never set by hand here.
    readonly_fields = [
        "status",
        "version",
        "previous_version",
        "is_latest",
        "approved_by",
        "approved_at",
        "review_due",
        "moderation_body",
        "moderation_date",
        "moderation_outcome",
        "moderation_comments",
        "moderated_by",
        "moderated_at",
        "published_at",
        "created_by",
        "last_edited_by",
        "revision",
    ]
    inlines = [ImpactRowInline, AssessmentActionInline]

    def has_add_permission(self, request):
        # An EIA is started in EqA, which gives it the council's grid rows and records who started it.
        return False


class ScreeningAnswerInline(FrozenInline, admin.TabularInline):
    model = ScreeningAnswer
    fields = ["label", "answer", "reason"]
    readonly_fields = ["label"]
    extra = 0
    can_delete = False
    frozen_when = "is_decided"


@admin.register(Screening)
class ScreeningAdmin(FrozenWhenSignedOff, admin.ModelAdmin):
    frozen_when = "is_decided"
    list_display = ["title", "reference", "council", "service", "status", "version", "review_due", "updated_at"]
    list_filter = ["council", "status"]
    search_fields = ["title", "reference"]
    list_select_related = ["council", "service"]
    # Moved only by the lifecycle's steps (submit, decide, reopen), which check who may take them, issue the PDF
    # and record the change; the reference is the council's, given once. Never set by hand here.
    readonly_fields = [
        "reference",
        "status",
        "version",
        "previous_version",
        "is_latest",
        "decision_reason",
        "approved_by",
        "approved_at",
        "review_due",
        "created_by",
        "last_edited_by",
        "revision",
    ]
    inlines = [ScreeningAnswerInline]

    def has_add_permission(self, request):
        # A screening is started in EqA, which gives it the council's rows to answer and records who started it.
        return False
