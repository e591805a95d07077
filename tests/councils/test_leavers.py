"""A person who leaves: their work passes in one step to the person a council admin names, who then gets the review
reminders; the leaver can no longer sign in and their sessions end; History says so in plain words. A person with
roles in another council keeps their account for it. A mistake is put right by restoring the account."""

import html
from datetime import date, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, Screening, ScreeningStatus, Status
from assessments.reminders import send_review_reminders
from councils.models import AccountChange, Membership, Role
from councils.settings_history import council_settings_history
from tests.factories import ActionPlanFactory, AssessmentFactory, MembershipFactory, UserFactory
from tests.lifecycle_helpers import ready_screening

TODAY = date(2025, 3, 3)
PASSWORD = "winter-crocus-harbour-47"


def member(council, role, username, first_name, last_name):
    user = UserFactory(
        username=username, email=f"{username}@example.gov.uk", first_name=first_name, last_name=last_name
    )
    user.set_password(PASSWORD)
    user.save()
    MembershipFactory(council=council, user=user, role=role)
    return user


@pytest.fixture
def sam(council):
    return member(council, Role.AUTHOR, "sam-jones", "Sam", "Jones")


@pytest.fixture
def priya(council):
    return member(council, Role.AUTHOR, "priya-shah", "Priya", "Shah")


@pytest.fixture
def sams_work(council, service, sam, approver):
    """Sam started two drafts and leads one of them and a signed-off EIA whose review is 30 days away; he started a
    screening; and a signed-off EIA he started stays his, as it was signed off."""
    drafts = [
        AssessmentFactory(council=council, service=service, created_by=sam, lead_officer_user=sam, title="Day care"),
        AssessmentFactory(council=council, service=service, created_by=sam, title="Meals at home"),
    ]
    signed_off = AssessmentFactory(
        council=council,
        service=service,
        created_by=approver,
        status=Status.APPROVED,
        lead_officer="Sam Jones",
        lead_officer_user=sam,
        review_due=TODAY + timedelta(days=30),
        title="Care at home services",
    )
    kept = AssessmentFactory(
        council=council, service=service, created_by=sam, status=Status.APPROVED, title="Libraries"
    )
    screening = ready_screening(council, service, sam)
    return {"drafts": drafts, "signed_off": signed_off, "kept": kept, "screening": screening}


def leave_url(council, someone):
    return reverse("councils:person-deactivate", args=[council.slug, someone.pk])


def signs_in(username):
    answer = Client().post(reverse("sign-in"), {"username": username, "password": PASSWORD})
    return answer.status_code == 302 and answer["Location"] == reverse("home")


def test_the_page_lists_what_moves(client, council, council_admin, sam, sams_work):
    client.force_login(council_admin)
    page = client.get(leave_url(council, sam)).content.decode()
    assert "Deactivate Sam Jones" in page
    assert "2 open EIAs they started" in page and "1 open EIA they lead" in page
    assert "1 signed-off EIA they lead, whose review reminders go to them" in page
    assert "1 open screening they started" in page


def test_leaving_passes_everything_on_in_one_step(client, council, council_admin, sam, priya, sams_work):
    client.force_login(council_admin)
    answer = client.post(leave_url(council, sam), {"successor": priya.pk})
    assert answer["Location"] == reverse("councils:people", args=[council.slug])
    drafts = Assessment.objects.filter(pk__in=[a.pk for a in sams_work["drafts"]])
    assert {a.created_by_id for a in drafts} == {priya.pk}
    assert Assessment.objects.get(pk=sams_work["drafts"][0].pk).lead_officer_user == priya
    assert Assessment.objects.get(pk=sams_work["signed_off"].pk).lead_officer_user == priya
    assert Screening.objects.get(pk=sams_work["screening"].pk).created_by == priya
    # Who wrote a signed-off EIA is part of what was signed off.
    assert Assessment.objects.get(pk=sams_work["kept"].pk).created_by == sam


def test_whoever_took_over_gets_the_reminders_of_a_screened_out_decision_the_leaver_wrote(
    client, council, council_admin, service, sam, priya, approver, mailoutbox
):
    """Who wrote a signed-off screening stays as it was signed off; its review reminders follow the work."""
    screening = ready_screening(council, service, sam, title="Transport review")
    Screening.objects.filter(pk=screening.pk).update(
        status=ScreeningStatus.APPROVED, approved_by=approver, review_due=TODAY + timedelta(days=30)
    )
    client.force_login(council_admin)
    client.post(leave_url(council, sam), {"successor": priya.pk})
    send_review_reminders(TODAY)
    [reminder] = [m for m in mailoutbox if "Transport review" in m.subject]
    assert "priya-shah@example.gov.uk" in reminder.to and "sam-jones@example.gov.uk" not in reminder.to
    assert Screening.objects.get(pk=screening.pk).created_by == sam


def test_the_new_owner_gets_the_review_reminder_and_the_leaver_does_not(
    client, council, council_admin, sam, priya, sams_work, mailoutbox
):
    client.force_login(council_admin)
    client.post(leave_url(council, sam), {"successor": priya.pk})
    send_review_reminders(TODAY)
    [reminder] = [m for m in mailoutbox if "Care at home services" in m.subject]
    assert "priya-shah@example.gov.uk" in reminder.to
    assert "sam-jones@example.gov.uk" not in reminder.to


def test_the_leaver_can_no_longer_sign_in_and_their_session_ends(client, council, council_admin, sam, priya):
    theirs = Client()
    theirs.force_login(sam)
    assert theirs.get(reverse("home")).status_code == 200
    client.force_login(council_admin)
    client.post(leave_url(council, sam), {"successor": priya.pk})
    sam.refresh_from_db()
    assert not sam.is_active
    assert not signs_in("sam-jones")
    assert theirs.get(reverse("home")).status_code == 302
    assert str(sam.pk) not in [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert not Membership.objects.filter(user=sam).exists()


def test_history_says_who_left_and_who_took_over(client, council, council_admin, sam, priya, sams_work):
    client.force_login(council_admin)
    client.post(leave_url(council, sam), {"successor": priya.pk})
    said = [sentence for entry in council_settings_history(council) for sentence in entry.changes]
    assert (
        "Sam Jones (sam-jones) left the council. Passed to Priya Shah: 2 open EIAs they started, 1 open EIA they "
        "lead, 1 signed-off EIA they lead, whose review reminders go to them and 1 open screening they started. "
        "Their account was closed."
    ) in said


def test_the_records_own_history_shows_the_new_lead_officer(client, council, council_admin, sam, priya, sams_work):
    client.force_login(council_admin)
    client.post(leave_url(council, sam), {"successor": priya.pk})
    signed_off = sams_work["signed_off"]
    page = client.get(reverse("assessments:history", args=[signed_off.pk])).content.decode()
    assert "Priya Shah" in page and "Lead officer" in page


def test_a_person_with_roles_in_another_council_keeps_their_account(
    client, council, other_council, council_admin, sam, priya
):
    MembershipFactory(council=other_council, user=sam, role=Role.AUTHOR)
    client.force_login(council_admin)
    client.post(leave_url(council, sam), {"successor": priya.pk})
    sam.refresh_from_db()
    assert sam.is_active and signs_in("sam-jones")
    assert list(Membership.objects.filter(user=sam).values_list("council", flat=True)) == [other_council.pk]


def test_only_a_person_of_the_council_takes_over(client, council, council_admin, sam, outsider, sams_work):
    client.force_login(council_admin)
    page = client.post(leave_url(council, sam), {"successor": outsider.pk}).content.decode()
    assert "Choose a person who has a role in the council" in page
    assert Assessment.objects.filter(created_by=sam).count() == 3


def test_a_council_admin_cannot_deactivate_themselves(client, council, council_admin, priya):
    client.force_login(council_admin)
    client.post(leave_url(council, council_admin), {"successor": priya.pk})
    council_admin.refresh_from_db()
    assert council_admin.is_active


def test_a_council_admin_of_another_council_gets_404(client, council, other_council, sam, priya):
    theirs = MembershipFactory(council=other_council, role=Role.COUNCIL_ADMIN).user
    client.force_login(theirs)
    assert client.get(leave_url(council, sam)).status_code == 404
    assert client.post(leave_url(council, sam), {"successor": priya.pk}).status_code == 404
    # Nor through their own council's page.
    assert client.post(leave_url(other_council, sam), {"successor": priya.pk}).status_code == 404
    sam.refresh_from_db()
    assert sam.is_active


def test_restoring_opens_the_account_with_its_roles_and_the_work_stays(
    client, council, council_admin, sam, priya, sams_work
):
    client.force_login(council_admin)
    client.post(leave_url(council, sam), {"successor": priya.pk})
    answer = client.post(reverse("councils:person-restore", args=[council.slug, sam.pk]))
    assert answer.status_code == 302
    sam.refresh_from_db()
    assert sam.is_active and signs_in("sam-jones")
    assert list(Membership.objects.filter(user=sam, council=council).values_list("role", flat=True)) == [Role.AUTHOR]
    assert Assessment.objects.get(pk=sams_work["drafts"][0].pk).created_by == priya
    said = [sentence for entry in council_settings_history(council) for sentence in entry.changes]
    assert "Restored the account of Sam Jones (sam-jones), who had left, with the roles they held" in said
    assert AccountChange.objects.filter(kind=AccountChange.Kind.RESTORED).count() == 1


def test_restoring_answers_404_for_somebody_who_did_not_leave(client, council, council_admin, sam):
    client.force_login(council_admin)
    assert client.post(reverse("councils:person-restore", args=[council.slug, sam.pk])).status_code == 404


def test_a_restored_approver_signs_off_only_the_services_they_did_before(
    client, council, council_admin, priya, service
):
    bob = member(council, Role.APPROVER, "bob-limited", "Bob", "Limited")
    Membership.objects.get(user=bob).services.set([service])
    client.force_login(council_admin)
    client.post(leave_url(council, bob), {"successor": priya.pk})
    client.post(reverse("councils:person-restore", args=[council.slug, bob.pk]))
    assert list(Membership.objects.get(user=bob).services.all()) == [service]


def test_each_records_own_history_says_whose_draft_it_is_now(client, council, council_admin, sam, priya, sams_work):
    plan = ActionPlanFactory(council=council, created_by=sam)
    client.force_login(council_admin)
    client.post(leave_url(council, sam), {"successor": priya.pk})
    pages = [
        reverse("assessments:history", args=[sams_work["drafts"][1].pk]),
        reverse("assessments:screening-history", args=[sams_work["screening"].pk]),
        reverse("actionplans:history", args=[plan.pk]),
    ]
    for url in pages:
        page = html.unescape(client.get(url).content.decode())
        assert "Whose draft it is changed from ‘Sam Jones’ to ‘Priya Shah’" in page, url


def test_adding_a_role_to_a_closed_account_says_to_restore_it(client, council, council_admin, sam, priya):
    client.force_login(council_admin)
    client.post(leave_url(council, sam), {"successor": priya.pk})
    page = client.post(
        reverse("councils:person-add", args=[council.slug]), {"username": "sam-jones", "role": Role.AUTHOR}
    ).content.decode()
    assert "account is closed, as they left" in html.unescape(page)
    assert not Membership.objects.filter(user=sam).exists()
