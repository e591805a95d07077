"""The upload, preview and confirm pages of an import, and who may use them."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Action, ActionPlan, PendingImport
from councils.models import Role
from tests.actionplans.importing import (
    SEED,
    SEED_NAME,
    T1_4_ORIGINAL_STATUS,
    checked,
    csv_bytes,
    import_seed,
    seed_rows,
    upload,
    with_cell,
)
from tests.factories import ActionFactory, MembershipFactory, UserFactory, statement


class TestPages:
    def post_file(self, client, plan, content=None, name=SEED_NAME):
        return client.post(
            reverse("actionplans:import", args=[plan.pk]), {"file": upload(content or SEED.read_bytes(), name)}
        )

    def test_the_upload_page(self, client, manager, plan):
        client.force_login(manager)
        response = client.get(reverse("actionplans:import", args=[plan.pk]))
        assert response.status_code == 200
        assert response.context["crumbs"][-1] == ("Import actions", None)
        html = response.content.decode()
        assert 'type="file"' in html and 'enctype="multipart/form-data"' in html

    def test_upload_check_confirm(self, client, manager, plan):
        client.force_login(manager)
        response = self.post_file(client, plan)
        pending = PendingImport.objects.get()
        assert response["Location"] == reverse("actionplans:import-preview", args=[plan.pk, pending.pk])
        assert (pending.filename, len(pending.rows), Action.objects.count()) == (SEED_NAME, 29, 0)

        page = client.get(response["Location"])
        assert page.status_code == 200
        preview = page.context["preview"]
        assert (len(preview.added), len(preview.changed), len(preview.unchanged)) == (29, 0, 0)
        assert "Confirm and import" in page.content.decode()

        done = client.post(response["Location"], {"fingerprint": page.context["fingerprint"]})
        assert done["Location"] == plan.get_absolute_url()
        assert [str(m) for m in get_messages(done.wsgi_request)] == ["29 actions added, 0 changed"]
        assert Action.objects.count() == 29
        assert not PendingImport.objects.exists()
        # A used upload cannot be applied again; sent again, or come Back to, it says so on the plan's page.
        again = client.post(response["Location"], {"fingerprint": page.context["fingerprint"]})
        assert again["Location"] == plan.get_absolute_url()
        assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
            "That upload is not waiting any more: it was imported, or another file was uploaded after it. Nothing "
            "more was imported."
        )
        assert client.get(response["Location"])["Location"] == plan.get_absolute_url()
        assert Action.objects.count() == 29

    def test_a_changed_plan_makes_the_preview_stale(self, client, manager, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        fingerprint = client.get(location).context["fingerprint"]
        ActionFactory(plan=plan, ref="T1.1", quality_statement=statement("Safeguarding"))
        response = client.post(location, {"fingerprint": fingerprint})
        assert response.status_code == 200
        assert response.context["errors"][0][0].startswith("The plan has changed since you looked at this page")
        assert Action.objects.count() == 1 and PendingImport.objects.count() == 1

    def test_an_old_upload_is_not_applied(self, client, manager, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        fingerprint = client.get(location).context["fingerprint"]
        PendingImport.objects.update(created_at=timezone.now() - timedelta(days=2))
        response = client.post(location, {"fingerprint": fingerprint})
        assert response["Location"] == reverse("actionplans:import", args=[plan.pk])
        assert (Action.objects.count(), PendingImport.objects.count()) == (0, 0)

    def test_a_file_with_problems_lists_them_all_and_saves_nothing(self, client, manager, plan):
        # A status the council has not said the meaning of is asked about once the file is put right.
        rows = with_cell(seed_rows(), "T1.4", "Status", T1_4_ORIGINAL_STATUS)
        rows = with_cell(rows, "T2.1", "Area of focus", "")
        rows = with_cell(rows, "T3.3", "Quality statement", "Safe guarding adults")
        client.force_login(manager)
        response = self.post_file(client, plan, csv_bytes(rows))
        assert [message for message, _ in response.context["errors"]] == [
            "Row 11, Area of focus: enter the area of focus: what the review found that this action is about.",
            "Row 20, Quality statement: ‘Safe guarding adults’ is not a quality statement of the plan's CQC "
            "framework. Write the statement's name as CQC writes it, for example ‘Supporting people to live "
            "healthier lives’.",
        ]
        assert "The file has 2 problems" in response.content.decode()
        assert (Action.objects.count(), PendingImport.objects.count()) == (0, 0)

    def test_a_refused_file_type_is_said_on_the_page(self, client, manager, plan):
        client.force_login(manager)
        response = self.post_file(client, plan, b"%PDF-1.4\n...", "plan.csv")
        assert response.context["errors"] == [
            (
                "The file is a PDF, not a spreadsheet. Upload the plan as a CSV file or an Excel workbook (.xlsx).",
                "id_file",
            )
        ]

    def test_no_file_chosen(self, client, manager, plan):
        client.force_login(manager)
        response = client.post(reverse("actionplans:import", args=[plan.pk]), {})
        assert response.context["errors"] == [("Choose the plan's spreadsheet file", "id_file")]

    def test_an_author_may_import(self, client, author, plan):
        client.force_login(author)
        assert self.post_file(client, plan).status_code == 302

    def test_a_viewer_cannot_import(self, client, viewer, plan):
        client.force_login(viewer)
        assert client.get(reverse("actionplans:import", args=[plan.pk])).status_code == 403
        assert self.post_file(client, plan).status_code == 403
        assert not PendingImport.objects.exists()

    def test_a_viewer_cannot_confirm_an_upload(self, client, viewer, manager, plan):
        pending = PendingImport.objects.create(
            plan=plan, created_by=viewer, filename="x.csv", rows=checked(plan, seed_rows()).rows
        )
        client.force_login(viewer)
        assert client.post(reverse("actionplans:import-preview", args=[plan.pk, pending.pk])).status_code == 403
        assert Action.objects.count() == 0

    def test_another_council_gets_404(self, client, outsider, manager, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        client.force_login(outsider)
        assert client.get(reverse("actionplans:import", args=[plan.pk])).status_code == 404
        assert self.post_file(client, plan).status_code == 404
        assert client.get(location).status_code == 404
        assert client.post(location).status_code == 404
        assert Action.objects.count() == 0

    def test_another_persons_upload_is_404(self, client, manager, council, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        colleague = MembershipFactory(council=council, role=Role.MANAGER, user=UserFactory(username="colleague")).user
        client.force_login(colleague)
        assert client.get(location).status_code == 404
        assert client.post(location).status_code == 404

    def test_an_upload_of_another_plan_is_404(self, client, manager, council, plan):
        from tests.factories import ActionPlanFactory

        other_plan = ActionPlanFactory(council=council, created_by=manager)
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        pending = PendingImport.objects.get()
        assert client.get(reverse("actionplans:import-preview", args=[other_plan.pk, pending.pk])).status_code == 404
        assert client.get(location).status_code == 200

    def test_a_signed_off_plan_says_so(self, client, manager, plan):
        ActionPlan.objects.filter(pk=plan.pk).update(status="approved")
        client.force_login(manager)
        response = self.post_file(client, plan)
        assert response["Location"] == plan.get_absolute_url()
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "This plan is signed off, so nothing can be imported into it. Its actions' progress is recorded with "
            "status updates."
        ]
        assert not PendingImport.objects.exists()

    def test_a_plan_signed_off_after_the_upload_is_not_changed(self, client, manager, plan):
        client.force_login(manager)
        location = self.post_file(client, plan)["Location"]
        fingerprint = client.get(location).context["fingerprint"]
        ActionPlan.objects.filter(pk=plan.pk).update(status="submitted")
        response = client.post(location, {"fingerprint": fingerprint})
        assert response["Location"] == plan.get_absolute_url()
        assert Action.objects.count() == 0

    def test_the_preview_of_a_file_that_changes_nothing_offers_no_import(self, client, manager, plan):
        import_seed(plan, manager)
        client.force_login(manager)
        page = client.get(self.post_file(client, plan)["Location"])
        assert "there is nothing to import" in page.content.decode()
        assert "Confirm and import" not in page.content.decode()

    def test_the_preview_shows_changes(self, client, manager, plan):
        import_seed(plan, manager)
        client.force_login(manager)
        rows = with_cell(seed_rows(), "T2.2", "Status", "Started")
        page = client.get(self.post_file(client, plan, csv_bytes(rows))["Location"])
        html = page.content.decode()
        assert "Actions to change" in html and "To be started" in html and "Started" in html
        assert [p.ref for p in page.context["preview"].changed] == ["T2.2"]
