"""Council settings, history: every change a council admin makes is told in plain words, with who and when."""

import html
import re
from datetime import date

from django.urls import reverse

from actionplans.models import CqcResult
from councils.models import Role, ScreeningUse
from tests.factories import MembershipFactory, ServiceFactory


def history(client, council):
    response = client.get(reverse("councils:settings-history", args=[council.slug]))
    return [(entry.who, change) for entry in response.context["page"].object_list for change in entry.changes]


def test_it_tells_of_a_review_period_changed(client, council, council_admin):
    client.force_login(council_admin)
    client.post(
        reverse("councils:review-periods", args=[council.slug]),
        {
            "review_months_high": "6",
            "review_months_medium": "24",
            "review_months_low": "36",
            "review_months_none": "36",
            "eia_moderation_required": "False",
        },
    )
    assert history(client, council)[:2] == [
        ("Test " + council_admin.last_name, "Review after a High negative impact (months) changed from ‘12’ to ‘6’"),
        ("Test " + council_admin.last_name, "EIAs are moderated before they are published changed from ‘Yes’ to ‘No’"),
    ]


def test_it_tells_of_an_account_made_and_a_role_given_and_removed(client, council, council_admin):
    client.force_login(council_admin)
    client.post(
        reverse("councils:person-add", args=[council.slug]),
        {"username": "nadia-new", "first_name": "Nadia", "last_name": "Newcomer", "role": Role.APPROVER},
    )
    membership = council.memberships.get(user__username="nadia-new")
    client.post(reverse("councils:role-remove", args=[council.slug, membership.pk]))
    # One person's changes in the same moment are one entry, oldest first.
    said = [change for _, change in history(client, council)]
    assert said[:2] == [
        "Made an account for Nadia Newcomer (nadia-new) and gave them the role Approver (head of service)",
        "Removed the role Approver (head of service) from Nadia Newcomer",
    ]


def test_it_tells_of_an_approvers_services(client, council, council_admin, approver, service):
    client.force_login(council_admin)
    membership = approver.memberships.get()
    client.post(reverse("councils:approver-services", args=[council.slug, membership.pk]), {"services": [service.pk]})
    assert (
        f"Services {approver.get_full_name()} signs off changed from ‘Every service’ to "
        f"‘Adult Social Care > Strategic Commissioning’"
    ) in [change for _, change in history(client, council)]


def test_it_tells_of_a_service_added_and_moved(client, council, council_admin, service):
    client.force_login(council_admin)
    client.post(reverse("councils:service-add", args=[council.slug]), {"name": "Housing"})
    client.post(
        reverse("councils:service-edit", args=[council.slug, service.pk]),
        {"name": "Commissioning", "parent": council.services.get(name="Housing").pk},
    )
    said = [change for _, change in history(client, council)]
    assert said[:2] == [
        "Added the service ‘Housing’",
        "Service changed from ‘Adult Social Care > Strategic Commissioning’ to ‘Housing > Commissioning’",
    ]


def test_it_keeps_another_councils_changes_out(client, council, council_admin, other_council):
    MembershipFactory(council=other_council, role=Role.AUTHOR)
    client.force_login(council_admin)
    assert not [change for _, change in history(client, council) if "Test Person" in change and "Author" in change]


def test_a_form_sent_back_unchanged_changes_nothing_and_says_nothing(client, council, council_admin, approver, service):
    client.force_login(council_admin)
    row = council.characteristics.get(label="Age")
    membership = approver.memberships.get()
    membership.services.set([service])
    before = history(client, council)
    for url, form in [
        (
            reverse("councils:review-periods", args=[council.slug]),
            {
                "review_months_high": "12",
                "review_months_medium": "24",
                "review_months_low": "36",
                "review_months_none": "36",
                "eia_moderation_required": "True",
            },
        ),
        (
            reverse("councils:service-edit", args=[council.slug, service.pk]),
            {"name": service.name, "parent": service.parent_id},
        ),
        (reverse("councils:approver-services", args=[council.slug, membership.pk]), {"services": [service.pk]}),
        (
            reverse("assessments:settings-grid-row-edit", args=[council.slug, row.pk]),
            {"label": row.label, "guidance": row.guidance, "covers": row.covers, "is_active": "True"},
        ),
    ]:
        assert client.post(url, form).status_code == 302, url
    assert history(client, council) == before


def choose_screening(client, council, use):
    url = reverse("councils:screening", args=[council.slug])
    assert client.post(url, {"screening_use": use, "review_months_screened_out": "36"}).status_code == 302


def test_saves_within_a_second_keep_every_value_they_passed_through(client, council, council_admin):
    client.force_login(council_admin)
    for use in (ScreeningUse.OPTIONAL, ScreeningUse.NOT_USED, ScreeningUse.ALWAYS):
        choose_screening(client, council, use)
    said = [change for _, change in history(client, council)]
    optional, not_used, always = ScreeningUse.OPTIONAL.label, ScreeningUse.NOT_USED.label, ScreeningUse.ALWAYS.label
    assert (
        f"Screening before an EIA changed from ‘{not_used}’ to ‘{optional}’, then to ‘{not_used}’, then to ‘{always}’"
    ) in said


def test_a_change_undone_within_a_second_is_still_told(client, council, council_admin):
    client.force_login(council_admin)
    for use in (ScreeningUse.OPTIONAL, ScreeningUse.NOT_USED):
        choose_screening(client, council, use)
    said = [change for _, change in history(client, council)]
    assert (
        f"Screening before an EIA changed from ‘{ScreeningUse.NOT_USED.label}’ to "
        f"‘{ScreeningUse.OPTIONAL.label}’, then to ‘{ScreeningUse.NOT_USED.label}’"
    ) in said


def test_an_approvers_services_replaced_in_one_save_are_one_change(client, council, council_admin, approver, service):
    other_service = ServiceFactory(council=council, name="Housing")
    client.force_login(council_admin)
    membership = approver.memberships.get()
    url = reverse("councils:approver-services", args=[council.slug, membership.pk])
    client.post(url, {"services": [service.pk]})
    client.post(url, {"services": [other_service.pk]})
    said = [change for _, change in history(client, council) if change.startswith("Services")]
    assert said == [
        f"Services {approver.get_full_name()} signs off changed from ‘Every service’ to ‘{service.path}’, then to "
        f"‘{other_service.path}’"
    ]


def test_its_introduction_names_everything_it_tells_of(client, council, council_admin):
    client.force_login(council_admin)
    response = client.get(reverse("councils:settings-history", args=[council.slug]))
    before_the_entries = response.content.decode().split("eqa-history")[0]
    intro = [what.strip() for what in re.findall(r"<li>([^<]*)</li>", before_the_entries)]
    for what in (
        "People and roles",
        "Services",
        "Review periods and moderation",
        "Reference numbers",
        "Screening",
        "Equality duties: the nation the council is in",
        "Rows of the impact grid",
        "Standard fields and questions that EIAs and screenings ask",
        "Frameworks of the council's own, their themes and items",
        "Drafts deleted before they were submitted",
    ):
        assert html.escape(what) in intro


def test_it_tells_of_a_cqc_result_recorded_and_corrected(client, council, council_admin, plan):
    result = CqcResult.objects.create(
        council=council, framework=plan.framework, assessed_on=date(2024, 5, 1), created_by=council_admin
    )
    result.title = "CQC assessment of adult social care"
    result.save()
    client.force_login(council_admin)
    said = [change for _, change in history(client, council)]
    assert "CQC result ‘CQC assessment of adult social care (May 2024)’: Recorded the result" in said
    assert (
        "CQC result ‘CQC assessment of adult social care (May 2024)’: Title changed from ‘CQC local authority "
        "assessment’ to ‘CQC assessment of adult social care’"
    ) in said
