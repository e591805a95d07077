from django.apps import AppConfig
from django.urls import reverse


class ActionplansConfig(AppConfig):
    # Each hook imports the module it calls when it is called: Django imports this config before any model, and
    # those modules import the app's models.
    name = "actionplans"
    verbose_name = "Improvement action plans"

    def ready(self):
        from actionplans import signals  # noqa: F401

    def step_notices(self, record, change):
        from actionplans.notices import step_notices

        return step_notices(record, change)

    def periodic_notices(self, today):
        from actionplans.notices import periodic_notices

        return periodic_notices(today)

    def load_demo(self, council, people):
        from actionplans.demo import load_demo

        return load_demo(council, people)

    def dashboard_panels(self, request):
        from actionplans.dashboard import dashboard_panels

        return dashboard_panels(request)

    def dashboard_links(self, memberships):
        from actionplans.permissions import EDITORS

        links = [("Improvement action plans", reverse("actionplans:list"))]
        if any(m.role in EDITORS for m in memberships):
            links.append(("Start a new action plan", reverse("actionplans:start")))
        return links

    def annual_report_parts(self, council, period):
        from actionplans.annual import progress

        return [progress(council, period)]

    def annual_report_records(self, council, period, asked):
        from actionplans.annual import records

        return records(council, period, asked)

    def annual_report_appendices(self, council, period):
        from actionplans.annual import records

        return [records(council, period, {"figure": "plan-actions"})]

    def council_settings_links(self, council):
        return [
            (
                "Status words",
                reverse("actionplans:settings-status-words", args=[council.slug]),
                "The words, colours and order of an action's status in the council's plans, and what each means.",
            ),
            (
                "Spreadsheet columns and statuses",
                reverse("actionplans:import-mappings"),
                "What each column of the council's action plan spreadsheets is, and what the statuses they write "
                "mean, as chosen when they were first imported.",
            ),
            (
                "Frameworks",
                reverse("actionplans:settings-frameworks", args=[council.slug]),
                "The frameworks improvement plans are made against: those EqA provides, and the council's own.",
            ),
        ]

    def council_settings_history_sources(self):
        from actionplans.cqc_history import cqc_settings_history
        from actionplans.frameworks_history import frameworks_history
        from actionplans.import_mappings_history import import_mappings_history
        from actionplans.words_history import status_words_history
        from councils.settings_history import Source

        return [
            Source(("Status words of action plans",), status_words_history),
            Source(("Spreadsheet columns and statuses of action plans",), import_mappings_history),
            Source(("Frameworks of the council's own, their themes and items",), frameworks_history),
            Source(("CQC results, recorded and corrected",), cqc_settings_history),
        ]

    def people_work(self):
        """What passes to whoever takes over from a person who leaves (councils/leavers.py)."""
        from django.db.models import Q

        from actionplans.models import Action, ActionPlan
        from actionplans.models.choices import PlanStatus
        from actionplans.statuses import FINISHED
        from councils.leavers import Work

        return [
            Work(
                ActionPlan,
                "created_by",
                ("open action plan they started", "open action plans they started"),
                ~Q(status=PlanStatus.APPROVED),
            ),
            # Signed off or not: the monthly "update due" and "overdue" emails go to its lead officer's account.
            Work(
                Action,
                "lead_officer_user",
                ("unfinished action they lead", "unfinished actions they lead"),
                ~Q(status__in=FINISHED),
                council="plan__council",
            ),
        ]
