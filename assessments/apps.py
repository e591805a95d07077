from django.apps import AppConfig
from django.urls import reverse


class AssessmentsConfig(AppConfig):
    # Each hook imports the module it calls when it is called: Django imports this config before any model, and
    # those modules import the app's models.
    name = "assessments"
    verbose_name = "Equality impact assessments"

    def ready(self):
        from assessments import signals  # noqa: F401

    def step_notices(self, record, change):
        from assessments.notices import step_notices

        return step_notices(record, change)

    def load_demo(self, council, people):
        from assessments.demo import load_demo

        return load_demo(council, people)

    def dashboard_panels(self, request):
        from assessments.dashboard import dashboard_panels

        return dashboard_panels(request)

    def dashboard_links(self, memberships):
        from assessments.permissions import EDITOR_ROLES
        from councils.models import ScreeningUse

        writes_in = [m.council for m in memberships if m.role in EDITOR_ROLES]
        links = [("Equality impact assessments", reverse("assessments:list"))]
        if writes_in:
            links.append(("Start a new equality impact assessment", reverse("assessments:start")))
        # Beside it, for a council whose EIAs start, or may start, with a screening.
        if any(council.screening_use != ScreeningUse.NOT_USED for council in writes_in):
            links.append(("Start a screening", reverse("assessments:screening-start")))
        return links

    def annual_report_parts(self, council, period):
        from assessments.annual_report import parts

        return parts(council, period)

    def annual_report_records(self, council, period, asked):
        from assessments.annual_records import records

        return records(council, period, asked)

    def annual_report_appendices(self, council, period):
        from assessments.annual_records import appendices

        return appendices(council, period)

    def council_settings_links(self, council):
        return [
            (
                "Rows of the impact grid",
                reverse("assessments:settings-grid-rows", args=[council.slug]),
                "The rows a new EIA's impact grid starts with, their guidance and order.",
            ),
            (
                "Equality duties",
                reverse("assessments:settings-duties", args=[council.slug]),
                "The nation the council is in, whose equality duties decide what an EIA's impact grid must consider.",
            ),
            (
                "EIA fields and questions",
                reverse("assessments:settings-questions", args=[council.slug]),
                "The standard fields EIAs ask for, and questions of the council's own.",
            ),
            (
                "Bring in EIAs from Word",
                reverse("assessments:legacy-import", args=[council.slug]),
                "The council's EIAs made before EqA, uploaded as Word files: kept as they are, on its register, and "
                "each ready to review in EqA.",
            ),
        ]

    def council_settings_history_sources(self):
        from assessments.grid_rows_history import grid_rows_history
        from assessments.questions_history import questions_history
        from councils.settings_history import Source

        return [
            Source(("Rows of the impact grid",), grid_rows_history),
            Source(("Standard fields and questions that EIAs and screenings ask",), questions_history),
        ]

    def people_work(self):
        """What passes to whoever takes over from a person who leaves (councils/leavers.py)."""
        from django.db.models import Q

        from assessments.models import Assessment, Screening
        from assessments.models.choices import DECIDED, SIGNED_OFF, Status
        from councils.leavers import Work

        return [
            Work(
                Assessment, "created_by", ("open EIA they started", "open EIAs they started"), ~Q(status__in=SIGNED_OFF)
            ),
            Work(
                Assessment,
                "lead_officer_user",
                ("open EIA they lead", "open EIAs they lead"),
                ~Q(status__in=SIGNED_OFF),
            ),
            # Signed off and in force: its review reminders go to its lead officer's account.
            Work(
                Assessment,
                "lead_officer_user",
                (
                    "signed-off EIA they lead, whose review reminders go to them",
                    "signed-off EIAs they lead, whose review reminders go to them",
                ),
                Q(status__in=SIGNED_OFF) & ~Q(status=Status.SUPERSEDED),
            ),
            Work(
                Screening,
                "created_by",
                ("open screening they started", "open screenings they started"),
                ~Q(status__in=DECIDED),
            ),
        ]
