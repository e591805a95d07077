"""The forms of a plan, its actions and their status updates."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import dateformat, timezone

import councils.forms
from actionplans.forms.words import WordRadios, word_choice
from actionplans.milestones import read_milestones
from actionplans.models import (
    Action,
    ActionPlan,
    FrameworkVersion,
    Milestone,
    Priority,
    QualityStatement,
    Source,
    StatusWord,
    Theme,
)
from actionplans.models.actions import EVIDENCE_LENGTH, target_date_bounds
from actionplans.models.plan import MAX_ACTIONS_PER_PLAN
from actionplans.refs import as_written
from councils.fields import GOVUKDateField
from councils.forms import (
    LARGEST_ID,
    PLAN_TEXT_LIMIT,
    GDSFormMixin,
    QueryForm,
    RemembersWhatWasSeen,
    refuse_beyond_record_limit,
    saved_and_new_length,
)
from councils.once import CreatesOnce
from councils.templatetags.text import mid_sentence, with_article


class PlanForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.ModelForm):
    limit_names = {"title": "a title", "description": "a description"}
    source_date = GOVUKDateField(
        what="the date of the review or assessment",
        required=False,
        label="When was the review or assessment? (optional)",
        help_text="For example, 21 11 2022",
    )

    class Meta:
        model = ActionPlan
        fields = ["council", "title", "source", "source_date", "framework", "description"]
        labels = {
            "council": "Council",
            "title": "What is the plan called?",
            "source": "What is it a response to?",
            "framework": "Which framework are its actions set against?",
            "description": "Anything to say about it (optional)",
        }
        help_texts = {
            "title": "For example, ‘National Assurance Framework – Adult Social Care – Peer Review Action Plan’."
        }
        error_messages = {
            "council": {"required": "Choose the council the plan is for"},
            "title": {"required": "Enter a title for the plan"},
            "source": {"required": "Choose what the plan is a response to"},
        }
        help_texts = {
            "framework": "Its themes, and items such as CQC's quality statements, are what each action is for. A "
            "council admin can add frameworks of the council's own in the council's settings."
        }
        widgets = {"source": forms.RadioSelect, "framework": forms.RadioSelect}

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].empty_label = None
        self.fields["source"].choices = Source.choices
        several = not self.instance.pk and councils.count() > 1
        if not several:
            # A plan stays with its council; a person of one council has nothing to choose.
            self.fields["council"].widget = forms.HiddenInput()
            self.fields["council"].initial = self.instance.council_id if self.instance.pk else councils.first().pk
        offered = FrameworkVersion.objects.offered_to(councils)
        if self.instance.pk:
            # The one the plan has, even when a newer version has come since.
            offered = offered | FrameworkVersion.objects.filter(pk=self.instance.framework_id)
        field = self.fields["framework"]
        field.queryset = offered.select_related("council").order_by("council_id", "-is_current", "name").distinct()
        # Read once, for the choices and the one chosen at first: the field would read them again each time.
        frameworks = list(field.queryset)
        field.choices = [
            (f.pk, f"{f.name} ({f.council.name}'s own)" if several and f.council else f.name) for f in frameworks
        ]
        # One left unchosen is the plan's own, or for a new plan the default, CQC's current local authority
        # framework: the page shows it chosen.
        self.default_framework = next((f for f in frameworks if f.is_current), None)
        field.required = False
        if not self.instance.pk:
            field.initial = self.default_framework and self.default_framework.pk

    def clean_framework(self):
        chosen = self.cleaned_data["framework"]
        return chosen or (self.instance.framework if self.instance.pk else self.default_framework)

    def clean(self):
        cleaned = super().clean()
        framework, council = cleaned.get("framework"), cleaned.get("council")
        if framework and council and framework.council_id not in (None, council.pk):
            self.add_error(
                "framework",
                forms.ValidationError(
                    f"‘{framework.name}’ is another council's framework. Choose one of {council.name}'s, or one EqA "
                    f"provides",
                    code="other_council",
                ),
            )
        if framework and self.instance.pk and framework.pk != self.instance.framework_id:
            set_against = self.instance.actions.filter(Q(theme__isnull=False) | Q(quality_statement__isnull=False))
            if set_against.exists():
                self.add_error(
                    "framework",
                    forms.ValidationError(
                        "The plan's actions are set against the themes of its framework, so it cannot change. Start a "
                        "new plan for another framework",
                        code="in_use",
                    ),
                )
        refuse_beyond_plan_limit(self.instance, [saved_and_new_length(self, ActionPlan.text_boxes)])
        return cleaned

    def clean_source_date(self):
        on = self.cleaned_data["source_date"]
        if on and on > timezone.localdate():
            raise forms.ValidationError(
                "The date of the review or assessment must be today or in the past", code="future", params={"part": 0}
            )
        return on

    def get_layout(self):
        return Layout(
            Field("council"),
            Field.text("title"),
            Field.radios("source", legend_size=Size.SMALL),
            Field("source_date"),
            Field.radios("framework", legend_size=Size.SMALL),
            Field.textarea("description", rows=4),
        )


class ActionForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.ModelForm):
    """An action, asking only what the plan's framework has: its item (a quality statement) where the framework has
    items, else its theme where it has themes; its priority where the framework's actions carry one."""

    limit_names = {
        "ref": "a reference",
        "area_of_focus": "an area of focus",
        "actions_taken": "the actions",
        "success_measures": "how you will know it has worked",
        "lead_officers": "the lead officers",
        "milestones_text": "milestones",
    }
    target_date = GOVUKDateField(
        what="the target date",
        required=False,
        label="Target date (optional)",
        help_text="When the action should be done, for example 31 3 2025.",
    )
    milestones_text = forms.CharField(
        label="Milestones (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="One a line, as you would write them in the plan: for example ‘Framework April 2023’. A month "
        "and year become the due date; ‘Completed’ marks one done.",
    )

    class Meta:
        model = Action
        fields = [
            "ref",
            "quality_statement",
            "theme",
            "priority",
            "target_date",
            "area_of_focus",
            "actions_taken",
            "success_measures",
            "lead_officers",
            "lead_officer_user",
            "linked_actions",
            "linked_assessments",
        ]
        labels = {
            "ref": "Action reference",
            "priority": "Priority",
            "area_of_focus": "Area of focus",
            "actions_taken": "Actions we are taking",
            "success_measures": "How we will know it has worked",
            "lead_officers": "Responsible lead officer(s)",
            "lead_officer_user": "Lead officer's EqA account (optional)",
            "linked_actions": "Linked actions (optional)",
            "linked_assessments": "Linked equality impact assessments (optional)",
        }
        help_texts = {
            "ref": "For example 2.3, R12 or T1.10. Each action of a plan has its own.",
            "lead_officer_user": "EqA emails this person each month when the action's update is due, and when its "
            "target date has passed.",
        }
        error_messages = {
            "ref": {"required": "Enter the action's reference, for example 2.3, R12 or T1.10"},
            "area_of_focus": {"required": "Enter the area of focus"},
        }
        # Lead officers run over several lines in councils' plans: a one-line input would drop the line breaks.
        widgets = {
            "priority": forms.RadioSelect,
            "lead_officers": forms.Textarea,
            "linked_actions": forms.CheckboxSelectMultiple,
            "linked_assessments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        framework = plan.framework
        if framework.has_items:
            self._offer_parts(
                "quality_statement",
                QualityStatement.objects.filter(theme__framework=framework).select_related("theme"),
                framework.item_label,
                lambda s: f"{framework.theme_short_label(s.theme) or s.theme.name}: {s.name}",
            )
        else:
            del self.fields["quality_statement"]
        if framework.has_themes and not framework.has_items:
            self._offer_parts(
                "theme", Theme.objects.filter(framework=framework), framework.theme_label, framework.theme_heading
            )
        else:
            del self.fields["theme"]
        if framework.uses_priorities:
            self.fields["priority"].choices = [*Priority.choices, ("", "None given")]
            self.fields["priority"].help_text = "As the report puts it: an action the service must take, or should."
        else:
            del self.fields["priority"]
        self.fields["target_date"].between = target_date_bounds(timezone.localdate())
        self.fields["linked_actions"].queryset = plan.actions.exclude(pk=self.instance.pk).order_by("ref_key")
        self.fields["linked_actions"].label_from_instance = lambda a: a.ref
        self.fields["linked_assessments"].queryset = assessments
        self.fields["lead_officer_user"].queryset = (
            get_user_model()
            .objects.filter(memberships__council=plan.council_id)
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["lead_officer_user"].label_from_instance = lambda user: user.get_full_name() or user.username
        self.fields["lead_officer_user"].empty_label = "No account"
        if self.instance.pk:
            # Also when bound: the milestones as saved are what a save is compared with.
            self.initial["milestones_text"] = "\n".join(
                m.source_text or m.description for m in self.instance.milestones.all()
            )
        self.lay_out()

    def _offer_parts(self, name, parts, label, label_of):
        """Offer the framework's themes or items: those not retired, and the one the action has."""
        field = self.fields[name]
        kept = getattr(self.instance, f"{name}_id", None)
        field.queryset = parts.filter(Q(retired=False) | Q(pk=kept))
        field.label = label
        field.label_from_instance = lambda part: f"{label_of(part)}{' (retired)' if part.retired else ''}"
        field.empty_label = f"Choose {with_article(mid_sentence(label))}"
        field.required = True
        field.error_messages["required"] = f"Choose the {mid_sentence(label)} the action is for"

    def saved_values(self, record):
        # Only what this plan's framework asks.
        return {name: value for name, value in super().saved_values(record).items() if name in self.fields}

    def clean_ref(self):
        ref = " ".join(self.cleaned_data["ref"].split())
        if not any(ch.isalnum() for ch in ref):
            raise forms.ValidationError(
                "Enter a reference with a letter or number in it, for example 2.3, R12 or T1.10", code="format"
            )
        ref = as_written(ref)
        if self.plan.actions.filter(ref__iexact=ref).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"The plan already has an action {ref}. Choose another reference", code="taken")
        return ref

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and self.plan.actions.count() >= MAX_ACTIONS_PER_PLAN:
            raise forms.ValidationError(
                f"This plan has {MAX_ACTIONS_PER_PLAN} actions, the most a plan can have. Start a new plan for "
                f"the rest, or remove an action you no longer need",
                code="too_many",
            )
        saved_milestones = sum(len(m.description) for m in self.instance.milestones.all()) if self.instance.pk else 0
        new_milestones = sum(len(m.description) for m in self.milestones()) if "milestones_text" in cleaned else 0
        refuse_beyond_plan_limit(
            self.plan, [saved_and_new_length(self, Action.text_boxes), (saved_milestones, new_milestones)]
        )
        return cleaned

    def clean_milestones_text(self):
        text = self.cleaned_data["milestones_text"]
        limit = Milestone._meta.get_field("description").max_length
        if any(len(line.strip()) > limit for line in text.splitlines()):
            raise forms.ValidationError(
                f"Each milestone must be {limit} characters or fewer. Split a longer one over two lines",
                code="too_long",
            )
        return text

    def milestones(self):
        return read_milestones(self.cleaned_data.get("milestones_text", ""))

    def get_layout(self):
        asked = [Field.select(name) for name in ("quality_statement", "theme") if name in self.fields]
        if "priority" in self.fields:
            asked.append(Field.radios("priority", legend_size=Size.SMALL, inline=True))
        return Layout(
            Field.text("ref", field_width=10),
            *asked,
            Field.textarea("area_of_focus", rows=3),
            Field.textarea("actions_taken", rows=5),
            Field.textarea("success_measures", rows=4),
            Field.textarea("lead_officers", rows=2),
            Field.select("lead_officer_user"),
            Field("target_date"),
            Field.textarea("milestones_text", rows=4),
            Field.checkboxes("linked_actions", small=True, legend_size=Size.SMALL),
            Field.checkboxes("linked_assessments", small=True, legend_size=Size.SMALL),
        )


VERIFYING_HINT = "{}: checked by somebody other than its lead officers and whoever recorded it complete"


class UpdateForm(GDSFormMixin, CreatesOnce, forms.Form):
    """An update of an action: its status in one of the council's words offered, in the council's order, what has
    happened, the milestones done and the day. A word that means complete and verified asks what evidence the
    person saw, and is refused when they may not verify the action (Action.verification_refusal)."""

    limit_names = {"note": "what has happened", "evidence": "the evidence you saw"}
    verifying = ()

    word = forms.ChoiceField(
        label="What is its status now?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the action's status now",
            "invalid_choice": "Choose one of the statuses listed: the council no longer uses the one you chose",
        },
    )
    evidence = forms.CharField(
        label="What evidence did you see that it is complete?",
        widget=forms.Textarea,
        required=False,
        max_length=EVIDENCE_LENGTH,
        help_text="For example the report, the minutes or the figures you checked. Committee papers print it with "
        "your name.",
    )
    note = forms.CharField(
        label="What has happened since the last update?",
        widget=forms.Textarea,
        help_text="This is kept with the update as you write it: it cannot be changed later.",
        error_messages={"required": "Say what has happened since the last update"},
    )
    milestones_done = forms.ModelMultipleChoiceField(
        label="Milestones done since (optional)", required=False, queryset=None, widget=forms.CheckboxSelectMultiple
    )
    on = GOVUKDateField(
        what="the date of this update",
        required=False,
        label="Date of this update (optional)",
        help_text="Leave it blank for today. To record an update from before the plan was in EqA, "
        "give its date, for example 31 3 2023. Milestones you tick were done that day.",
    )

    def __init__(self, *args, action, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.action, self.by = action, by
        self.words = {word.pk: word for word in StatusWord.objects.filter(council_id=action.plan.council_id).offered()}
        self.fields["word"].choices = [
            word_choice(word, VERIFYING_HINT.format(word.meaning_label) if word.is_verified else None)
            for word in self.words.values()
        ]
        if action.status_word_id in self.words:
            self.initial.setdefault("word", str(action.status_word_id))
        self.verifying = [word for word in self.words.values() if word.is_verified]
        if not self.verifying:
            del self.fields["evidence"]
        self.fields["milestones_done"].queryset = action.milestones.filter(done=False)
        if not self.fields["milestones_done"].queryset.exists():
            del self.fields["milestones_done"]
        self.lay_out()

    def clean_word(self):
        return self.words[int(self.cleaned_data["word"])]

    def clean_on(self):
        """A back-dated update: never in the future, never before the plan began, never before the action's last
        update (its status moves on from that one, and a progress report reads them in order)."""
        on = self.cleaned_data["on"]
        if on is None:
            return None
        if on > timezone.localdate():
            raise forms.ValidationError(
                "The date of this update must be today or in the past", code="future", params={"part": 0}
            )
        plan = self.action.plan
        if plan.source_date and on < plan.source_date:
            raise forms.ValidationError(
                f"The date of this update must be on or after {_day(plan.source_date)}, the date of the review or "
                f"assessment the plan responds to",
                code="before_plan",
                params={"part": 0},
            )
        started = timezone.localdate(plan.created_at)
        if not plan.source_date and on < started:
            raise forms.ValidationError(
                f"The date of this update must be on or after {_day(started)}, when the plan was started in EqA. "
                f"For an earlier update, first add the date of the review or assessment to the plan's details",
                code="before_plan",
                params={"part": 0},
            )
        last = self.action.updates.order_by("-at", "-id").first()
        if last is not None and on < timezone.localdate(last.at):
            raise forms.ValidationError(
                f"The date of this update must be on or after {_day(timezone.localdate(last.at))}, the date of "
                f"the action's last update. Record earlier updates first, oldest first",
                code="before_last",
                params={"part": 0},
            )
        return on

    def clean(self):
        cleaned = super().clean()
        word = cleaned.get("word")
        if word is None or not word.is_verified:
            # Only a verifier's update keeps evidence; what was typed stays in the form all the same.
            cleaned["evidence"] = ""
        elif refused := self.action.verification_refusal(word=word, by=self.by, evidence=cleaned.get("evidence", "")):
            if not (refused[0] == "evidence" and self.has_error("evidence")):
                self.add_error(*refused)
        # The PDF prints each action's latest update (this note takes the place of the one before) and the evidence
        # its verifier saw.
        latest = self.action.updates.standing().order_by("-at", "-id").first()
        changes = [(len(latest.note) if latest else 0, len(cleaned.get("note", "")))]
        if cleaned.get("evidence"):
            changes.append((len(latest.evidence) if latest else 0, len(cleaned["evidence"])))
        refuse_beyond_plan_limit(self.action.plan, changes)
        return cleaned

    def get_layout(self):
        evidence = Field.textarea("evidence", rows=3, label_size=Size.SMALL)
        if len(self.verifying) == 1:
            # GOV.UK's conditional reveal under the one word that needs it.
            fields = [WordRadios("word", reveals=str(self.verifying[0].pk), revealed=evidence)]
        else:
            fields = [WordRadios("word"), *([evidence] if self.verifying else [])]
        fields.append(Field.textarea("note", rows=5))
        if "milestones_done" in self.fields:
            fields.append(Field.checkboxes("milestones_done", small=True, legend_size=Size.SMALL))
        fields.append(Field("on"))
        return Layout(*fields)


class WithdrawUpdateForm(GDSFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing it?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="For example, ‘Recorded against the wrong action’. This is kept with the update.",
        error_messages={
            "required": "Say why you are withdrawing the update",
            "max_length": "Enter a reason of 2,000 characters or fewer",
        },
    )

    def get_layout(self):
        return Layout(Field.textarea("reason", rows=3, label_size=Size.SMALL))


def _day(day):
    return dateformat.format(day, "j F Y")


class ReturnForm(councils.forms.ReturnForm):
    seen_by = "The plan's managers see this"
    so_that = "so the plan's managers know"


def refuse_beyond_plan_limit(plan, changes):
    refuse_beyond_record_limit(plan, changes, limit=PLAN_TEXT_LIMIT, what="plan")


class ActionFilters(QueryForm):
    theme = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID)
    statement = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID)
    status = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID)
    lead = forms.CharField(required=False, max_length=Action._meta.get_field("lead_officers").max_length)
    overdue = forms.BooleanField(required=False)
    stale = forms.BooleanField(required=False)

    def clean_lead(self):
        # A browser sends the line breaks of a chosen option as CRLF; the names, as imported, break with LF.
        return self.cleaned_data["lead"].replace("\r\n", "\n")


class ProgressReportForm(GDSFormMixin, forms.Form):
    on = GOVUKDateField(
        what="the date of the report",
        label="Progress as of which date?",
        help_text="For example, 31 3 2024. The report shows each action’s status and latest "
        "update as they were at the end of that day.",
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and on > timezone.localdate():
            raise forms.ValidationError(
                "The date of the report must be today or in the past", code="future", params={"part": 0}
            )
        return on

    def get_layout(self):
        return Layout(Field("on"))


ACCEPT = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(GDSFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload the plan's spreadsheet",
        help_text="A CSV file or an Excel workbook (.xlsx), up to 2 MB and 2,000 rows.",
        error_messages={
            "required": "Choose the plan's spreadsheet file",
            "empty": "The file is empty. Choose the plan's spreadsheet file",
            "invalid": "Choose the plan's spreadsheet file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
