"""Spreadsheet exports: a plan (CSV and XLSX, in the import's columns, importing back unchanged) and the EIA
register; and cells a spreadsheet program could run as formulas, which go out as text."""

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from actionplans import importer
from actionplans.history import plan_history
from actionplans.models import Action, Milestone, StatusUpdate
from assessments.models import Assessment, ImpactRow
from assessments.views import exports as register
from councils.models import Role
from councils.spreadsheets import csv_response, safe_cell, unsafe_cell, xlsx_response
from councils.templatetags.people import person
from eqa_site import urls as site_urls
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    MembershipFactory,
    MilestoneFactory,
    ServiceFactory,
    UserFactory,
    statement,
    status_word,
)
from tests.page_forms import form_data

SEED = Path(__file__).resolve().parents[2] / "actionplans" / "demo" / "seed_001_action_plan.csv"
FORMULAS = ['=HYPERLINK("http://evil.example","Click")', "+1+2", "-2+3", "@SUM(A1:A2)", "\tTabbed", "\rReturn"]

# Until assessments/urls.py routes the register, these tests reach it through this module's URLconf.
urlpatterns = [
    path("test-eia-register.xlsx", register.register_xlsx, name="test-register-xlsx"),
    path("test-eia-register.csv", register.register_csv, name="test-register-csv"),
    *site_urls.urlpatterns,
]


def csv_table(response):
    content = response.getvalue()
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.getvalue())).active


def import_seed(plan, by):
    table = importer.read_table(SimpleUploadedFile("seed.csv", SEED.read_bytes()))
    preview = importer.check(plan, table)
    assert preview.errors == []
    importer.apply(plan, preview.rows, by=by, filename="seed.csv")


class TestSafeCell:
    @pytest.mark.parametrize("text", FORMULAS)
    def test_formula_starts_get_a_quote(self, text):
        assert safe_cell(text) == "'" + text
        assert unsafe_cell(safe_cell(text)) == text

    @pytest.mark.parametrize(
        "value", ["Framework April 2023", "'quoted", "a=b", "", 3, -3, 2.5, None, date(2023, 4, 1)]
    )
    def test_other_values_are_left_alone(self, value):
        assert safe_cell(value) == value

    def test_csv_cells_are_text(self, db):
        response = csv_response("x.csv", ["Heading"], [[text] for text in FORMULAS])
        assert [row[0] for row in csv_table(response)[1:]] == ["'" + text for text in FORMULAS]

    def test_xlsx_cells_are_text_never_formulas(self, db):
        response = xlsx_response("x.xlsx", "Sheet", ["=Heading"], [[text] for text in [*FORMULAS, "#N/A"]])
        workbook = openpyxl.load_workbook(io.BytesIO(response.getvalue()), data_only=False)
        cells = [row[0] for row in workbook.active.iter_rows()]
        assert all(cell.data_type == "s" for cell in cells)
        # Each as written, a carriage return too: openpyxl writes and reads with lxml, which keeps it.
        assert [cell.value for cell in cells] == ["'=Heading", *["'" + text for text in FORMULAS], "#N/A"]

    def test_a_download_is_private_with_an_ascii_name(self, db):
        response = xlsx_response("Peer review – plan (Sefton) 2023.xlsx", "Plan: [draft]", ["A"], [])
        assert response["Content-Disposition"] == 'attachment; filename="peer-review-plan-sefton-2023.xlsx"'
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert xlsx_sheet(response).title == "Plan   draft"

    def test_the_xlsx_header_is_bold_and_text_wraps(self, db):
        sheet = xlsx_sheet(xlsx_response("x.xlsx", "S", ["Ref", "Area"], [["T1.1", "a\nb"]]))
        assert sheet["A1"].font.b and sheet["B2"].alignment.wrap_text
        assert sheet.freeze_panes == "A2"
        assert 10 <= sheet.column_dimensions["B"].width <= 60

    def test_dates_and_numbers_keep_their_type(self, db):
        when = datetime(2024, 7, 14, 9, 30, tzinfo=UTC)
        response = xlsx_response("x.xlsx", "S", ["A", "B", "C"], [[date(2017, 7, 14), 3, when]])
        sheet = xlsx_sheet(response)
        assert (sheet["A2"].value.date(), sheet["B2"].value, sheet["C2"].value) == (
            date(2017, 7, 14),
            3,
            datetime(2024, 7, 14, 10, 30),
        )
        rows = csv_table(csv_response("x.csv", ["A", "B", "C"], [[date(2017, 7, 14), 3, when]]))
        assert rows[1] == ["2017-07-14", "3", "2024-07-14 10:30"]


class TestPlanExport:
    @pytest.fixture
    def actions(self, plan, manager):
        t1_10 = ActionFactory(
            plan=plan,
            ref="T1.10",
            area_of_focus="Carers strategy (Linked to T1.2)",
            quality_statement=statement("Supporting people to live healthier lives"),
        )
        t1_2 = ActionFactory(
            plan=plan,
            ref="T1.2",
            area_of_focus="=cmd|' /C calc'!A0",
            actions_taken="-We are working with Health colleagues",
            success_measures="+ Fewer complaints\n@everyone hears",
            lead_officers="Service Managers",
        )
        t1_10.linked_actions.add(t1_2)
        MilestoneFactory(
            action=t1_2,
            description="Framework April 2023",
            source_text="Framework April 2023",
            due_date=date(2023, 4, 1),
            position=0,
        )
        MilestoneFactory(
            action=t1_2,
            description="Evaluation of impact May-Sep 2023",
            source_text="Evaluation of impact May-Sep 2023",
            due_date=date(2023, 9, 1),
            position=1,
        )
        MilestoneFactory(
            action=t1_10, description="Cabinet", due_date=date(2023, 5, 18), due_precision="day", position=0
        )
        MilestoneFactory(action=t1_10, description="Consultation", position=1)
        done = MilestoneFactory(
            action=t1_10,
            description="First Draft January 2023",
            source_text="First Draft January 2023",
            due_date=date(2023, 1, 1),
            position=2,
        )
        t1_2.record_update(by=manager, word=status_word(plan.council, "On track"), note="Going well")
        t1_10.record_update(by=manager, word=status_word(plan.council, "Complete"), note="Done", milestones_done=[done])
        return t1_2, t1_10

    def test_csv(self, client, viewer, plan, actions):
        client.force_login(viewer)
        response = client.get(reverse("actionplans:export-csv", args=[plan.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith(
            'attachment; filename="national-assurance-framework-adult-social-care-peer-review-action-plan-'
        )
        assert response["Cache-Control"] == "private, no-store"
        rows = csv_table(response)
        today = timezone.localdate().isoformat()  # the day of each action's last update
        assert rows[0] == importer.HEADER
        assert rows[1:] == [
            [
                "Assessing needs",
                "T1.2",
                "'=cmd|' /C calc'!A0",
                "'-We are working with Health colleagues",
                "'+ Fewer complaints\n@everyone hears",
                "Service Managers",
                "On track",
                today,
                "Framework April 2023\nEvaluation of impact May-Sep 2023",
                "Working with people",
                "",
                "",
            ],
            [
                "Supporting people to live healthier lives",
                "T1.10",
                "Carers strategy (Linked to T1.2)",
                "",
                "",
                "Assistant Director Adult Social Care",
                "Complete",
                today,
                "Cabinet (due 18 May 2023)\nConsultation\nFirst Draft January 2023 (done)",
                "Working with people",
                "",
                "",
            ],
        ]

    def test_xlsx(self, client, viewer, plan, actions):
        client.force_login(viewer)
        response = client.get(reverse("actionplans:export-xlsx", args=[plan.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('.xlsx"')
        sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue()), data_only=False).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert values[0] == importer.HEADER
        assert [row[1] for row in values[1:]] == ["T1.2", "T1.10"]
        for cell in ("C2", "D2", "E2"):
            assert sheet[cell].data_type == "s" and sheet[cell].value.startswith("'")
        assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)

    @pytest.mark.parametrize("with_seed", [False, True], ids=["made-in-eqa", "and-seftons-plan"])
    @pytest.mark.parametrize("kind", ["csv", "xlsx"])
    def test_importing_an_export_changes_nothing(self, client, manager, plan, actions, kind, with_seed):
        if with_seed:
            import_seed(plan, manager)  # over the actions above: Sefton's plan has its own T1.2 and T1.10
        client.force_login(manager)
        response = client.get(reverse(f"actionplans:export-{kind}", args=[plan.pk]))
        before = (
            list(Action.objects.order_by("pk").values_list("pk", "status", "updated_at", "area_of_focus")),
            list(
                Milestone.objects.order_by("pk").values_list(
                    "pk", "description", "due_date", "due_precision", "done", "position"
                )
            ),
            StatusUpdate.objects.count(),
            Action.history.count(),
            Milestone.history.count(),
        )
        table = importer.read_table(SimpleUploadedFile(f"export.{kind}", response.getvalue()))
        preview = importer.check(plan, table)
        assert preview.errors == []
        assert (len(preview.added), len(preview.changed), len(preview.unchanged)) == (0, 0, plan.actions.count())
        importer.apply(plan, preview.rows, by=manager, filename=f"export.{kind}")
        after = (
            list(Action.objects.order_by("pk").values_list("pk", "status", "updated_at", "area_of_focus")),
            list(
                Milestone.objects.order_by("pk").values_list(
                    "pk", "description", "due_date", "due_precision", "done", "position"
                )
            ),
            StatusUpdate.objects.count(),
            Action.history.count(),
            Milestone.history.count(),
        )
        assert after == before

    def test_an_export_imports_into_an_empty_plan_as_it_was(self, client, manager, plan, actions, council):
        from tests.factories import ActionPlanFactory

        client.force_login(manager)
        content = client.get(reverse("actionplans:export-xlsx", args=[plan.pk])).getvalue()
        copy = ActionPlanFactory(council=council, created_by=manager)
        preview = importer.check(copy, importer.read_table(SimpleUploadedFile("plan.xlsx", content)))
        importer.apply(copy, preview.rows, by=manager)
        t1_2, t1_10 = copy.actions.in_ref_order()
        assert (t1_2.area_of_focus, t1_2.actions_taken, t1_2.status_word.word) == (
            "=cmd|' /C calc'!A0",
            "-We are working with Health colleagues",
            "On track",
        )
        assert [(m.description, m.due_date, m.due_precision, m.done) for m in t1_10.milestones.all()] == [
            ("Cabinet", date(2023, 5, 18), "day", False),
            ("Consultation", None, "month", False),
            ("First Draft January 2023", date(2023, 1, 1), "month", True),
        ]
        assert [a.ref for a in t1_10.linked_actions.all()] == ["T1.2"]

    def test_any_role_of_the_council_may_export(self, client, plan, council, actions):
        for role in Role.values:
            client.force_login(MembershipFactory(council=council, role=role).user)
            assert client.get(reverse("actionplans:export-csv", args=[plan.pk])).status_code == 200

    def test_another_council_gets_404(self, client, outsider, plan, actions):
        client.force_login(outsider)
        assert client.get(reverse("actionplans:export-csv", args=[plan.pk])).status_code == 404
        assert client.get(reverse("actionplans:export-xlsx", args=[plan.pk])).status_code == 404

    def test_the_queries_do_not_grow_with_the_plan(self, client, viewer, plan, actions):
        client.force_login(viewer)
        url = reverse("actionplans:export-xlsx", args=[plan.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for number in range(20, 30):
            action = ActionFactory(plan=plan, ref=f"T2.{number}")
            MilestoneFactory(action=action)
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few)


@pytest.fixture
def register_url(settings):
    def build(kind):
        try:
            return reverse(f"assessments:register-{kind}")
        except NoReverseMatch:
            settings.ROOT_URLCONF = __name__
            return reverse(f"test-register-{kind}")

    return build


class TestRegister:
    @pytest.fixture
    def eias(self, council, service, author, approver, other_council):
        draft = AssessmentFactory(
            council=council,
            service=service,
            created_by=author,
            title="Care at home",
            lead_officer="Head of Commissioning",
        )
        ImpactRow.objects.filter(assessment=draft, position=1).update(negative="Fewer visits", negative_level="medium")
        ImpactRow.objects.filter(assessment=draft, position=2).update(negative="Travel", negative_level="low")
        signed = AssessmentFactory(
            council=council,
            service=service,
            created_by=author,
            title="=Day services",
            old_reference="=EIA 7/2014",
            status="approved",
            approved_by=approver,
            approved_at=datetime(2014, 7, 14, 12, tzinfo=UTC),
            review_due=date(2017, 7, 14),
        )
        old = AssessmentFactory(
            council=council, service=service, created_by=author, title="Care at home v0", is_latest=False
        )
        theirs = AssessmentFactory(
            council=other_council, service=ServiceFactory(council=other_council), created_by=author, title="Their EIA"
        )
        return draft, signed, old, theirs

    def test_csv(self, client, viewer, eias, register_url):
        client.force_login(viewer)
        response = client.get(register_url("csv"))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="eia-register-')
        rows = csv_table(response)
        assert rows[0] == register.HEADER
        draft, signed = eias[:2]
        changed = [
            timezone.localtime(Assessment.objects.get(pk=eia.pk).updated_at).strftime("%Y-%m-%d %H:%M")
            for eia in (signed, draft)
        ]
        assert rows[1:] == [
            [
                signed.reference,
                "EIA",
                "'=EIA 7/2014",
                "'=Day services",
                "Adult Social Care > Strategic Commissioning",
                "Signed off",
                "1",
                "",
                "No negative impact",
                "",
                "2017-07-14",
                person(signed.approved_by),
                "2014-07-14",
                changed[0],
                "",
            ],
            [
                draft.reference,
                "EIA",
                "",
                "Care at home",
                "Adult Social Care > Strategic Commissioning",
                "Draft",
                "1",
                "Head of Commissioning",
                "Medium",
                "",
                "",
                "",
                "",
                changed[1],
                "",
            ],
        ]

    def test_xlsx(self, client, viewer, eias, register_url):
        client.force_login(viewer)
        response = client.get(register_url("xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue()), data_only=False).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert values[0] == register.HEADER
        draft, signed = eias[:2]
        assert [row[0] for row in values[1:]] == [signed.reference, draft.reference]
        assert [row[3] for row in values[1:]] == ["'=Day services", "Care at home"]
        assert sheet["D2"].data_type == "s"
        assert sheet.cell(row=2, column=register.HEADER.index("Review due") + 1).value.date() == date(2017, 7, 14)

    def test_it_is_scoped_to_the_persons_councils(self, client, outsider, eias, register_url):
        client.force_login(outsider)
        rows = csv_table(client.get(register_url("csv")))
        assert [row[3] for row in rows[1:]] == ["Their EIA"]

    def test_a_person_of_two_councils_sees_a_council_column(self, client, viewer, other_council, eias, register_url):
        MembershipFactory(user=viewer, council=other_council, role=Role.VIEWER)
        client.force_login(viewer)
        rows = csv_table(client.get(register_url("csv")))
        assert rows[0] == ["Reference", "Council", *register.HEADER[1:]]
        assert [(row[1], row[4]) for row in rows[1:]] == [
            ("Another Borough Council", "Their EIA"),
            ("Cheshire West and Chester Council", "'=Day services"),
            ("Cheshire West and Chester Council", "Care at home"),
        ]

    def test_a_fixed_number_of_queries(self, client, viewer, council, service, author, register_url):
        url = register_url("xlsx")
        AssessmentFactory(council=council, service=service, created_by=author)
        client.force_login(viewer)
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for _ in range(6):
            AssessmentFactory(council=council, service=service, created_by=author, approved_by=UserFactory())
        with CaptureQueriesContext(connection) as many:
            assert client.get(url).status_code == 200
        assert len(many) == len(few)


class TestRoundTrip:
    """A plan exported and imported back, through the pages, as an officer would: nothing to import."""

    @pytest.fixture
    def demo_like(self, client, manager, plan):
        import_seed(plan, manager)
        # An officer saves an action as it is, as the demo's officers do: the form numbers its milestones.
        client.force_login(manager)
        action = plan.actions.get(ref="T1.10")
        edit = reverse("actionplans:action-edit", args=[plan.pk, action.pk])
        assert client.post(edit, form_data(client.get(edit))).status_code == 302
        return plan

    def state(self, plan):
        plan.refresh_from_db()
        return (
            plan.revision,
            len(plan_history(plan)),
            StatusUpdate.objects.count(),
            list(
                Milestone.objects.order_by("pk").values_list(
                    "pk", "position", "description", "due_date", "due_precision", "done"
                )
            ),
            list(Action.objects.order_by("pk").values_list("pk", "updated_at")),
        )

    @pytest.mark.parametrize("kind", ["csv", "xlsx"])
    def test_importing_an_export_previews_no_changes_and_changes_nothing(self, client, demo_like, kind):
        plan = demo_like
        before = self.state(plan)
        exported = client.get(reverse(f"actionplans:export-{kind}", args=[plan.pk])).getvalue()
        uploaded = client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": SimpleUploadedFile(f"plan.{kind}", exported)}
        )
        assert uploaded.status_code == 302
        preview = client.get(uploaded["Location"])
        assert "The file matches the plan: there is nothing to import." in preview.content.decode()
        assert preview.context["preview"].changed == []
        confirmed = client.post(uploaded["Location"], {"fingerprint": preview.context["fingerprint"]})
        assert confirmed.status_code == 302
        assert self.state(plan) == before
