import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Screening, ScreeningStatus, Status
from councils.models import ScreeningUse
from tests.factories import AssessmentFactory, ScreeningFactory, ServiceFactory

URL = reverse("assessments:list")


def titles(response):
    return [assessment.title for assessment in response.context["page"].object_list]


def test_it_lists_the_councils_assessments(client, viewer, assessment):
    client.force_login(viewer)
    assert titles(client.get(URL)) == [assessment.title]


def test_it_searches_by_title(client, viewer, council, service):
    AssessmentFactory(council=council, service=service, title="Care at home services")
    AssessmentFactory(council=council, service=service, title="Day centres review")
    client.force_login(viewer)
    assert titles(client.get(URL, {"q": "care at HOME"})) == ["Care at home services"]


def test_it_filters_by_service_including_the_teams_under_it(client, viewer, council, service):
    AssessmentFactory(council=council, service=service, title="In Strategic Commissioning")
    AssessmentFactory(council=council, service=ServiceFactory(council=council, name="Housing"), title="In Housing")
    client.force_login(viewer)
    assert titles(client.get(URL, {"service": service.pk})) == ["In Strategic Commissioning"]
    assert titles(client.get(URL, {"service": service.parent.pk})) == ["In Strategic Commissioning"]


def test_it_filters_by_status(client, viewer, council, service):
    AssessmentFactory(council=council, service=service, title="A draft")
    AssessmentFactory(council=council, service=service, title="Signed off", status=Status.APPROVED)
    client.force_login(viewer)
    assert titles(client.get(URL, {"status": "approved"})) == ["Signed off"]


def test_it_filters_by_review_due(client, viewer, council, service):
    today = timezone.localdate()
    for title, due in [
        ("Overdue", today - timedelta(days=1)),
        ("Due soon", today + timedelta(days=30)),
        ("Due later", today + timedelta(days=200)),
        ("Not signed off", None),
    ]:
        AssessmentFactory(
            council=council,
            service=service,
            title=title,
            review_due=due,
            status=Status.APPROVED if due else Status.DRAFT,
        )
    client.force_login(viewer)
    assert titles(client.get(URL, {"review": "overdue"})) == ["Overdue"]
    assert titles(client.get(URL, {"review": "90"})) == ["Due soon"]
    assert sorted(titles(client.get(URL, {"review": "365"}))) == ["Due later", "Due soon"]


def test_it_finds_a_signed_off_version_due_for_review_while_its_review_is_a_draft(client, author, council, service):
    from tests.lifecycle_helpers import ready_assessment

    signed = ready_assessment(council, service, author, review_due=timezone.localdate() - timedelta(days=3))
    Assessment.objects.filter(pk=signed.pk).update(status=Status.APPROVED)
    Assessment.objects.get(pk=signed.pk).start_review(by=author)
    client.force_login(author)
    assert [a.pk for a in client.get(URL, {"review": "overdue"}).context["page"].object_list] == [signed.pk]


def test_it_ignores_filter_values_it_does_not_know(client, viewer, assessment):
    client.force_login(viewer)
    response = client.get(URL, {"service": "x", "status": "<b>", "review": "9999", "page": "abc"})
    assert titles(response) == [assessment.title]


@pytest.mark.parametrize(
    "query",
    [
        {"q": "care\x00"},
        {"service": "²"},
        {"service": "9" * 30},
        {"page": "²"},
        {"status": "draft\x00"},
        {"review": "\x00"},
    ],
)
def test_a_query_string_no_page_could_send_is_ignored_not_an_error(client, viewer, assessment, query):
    client.force_login(viewer)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert titles(response) == [assessment.title]
    assert not response.context["is_filtered"]


def test_the_page_links_carry_only_the_filters_it_understood(client, viewer, council, service):
    AssessmentFactory.create_batch(21, council=council, service=service, title="Care at home")
    client.force_login(viewer)
    page = client.get(URL, {"q": "Care", "service": "²"}).content.decode()
    assert "?q=Care&amp;page=2" in page


def test_it_paginates(client, viewer, council, service):
    AssessmentFactory.create_batch(25, council=council, service=service)
    client.force_login(viewer)
    assert len(titles(client.get(URL))) == 20
    assert len(titles(client.get(URL, {"page": 2}))) == 5


def test_it_keeps_the_filters_in_the_page_links(client, viewer, council, service):
    AssessmentFactory.create_batch(25, council=council, service=service, title="Care review")
    client.force_login(viewer)
    assert "?q=Care&amp;page=2" in client.get(URL, {"q": "Care"}).content.decode()


def test_it_offers_start_only_to_authors(client, viewer, author, assessment):
    client.force_login(viewer)
    assert "Start a new assessment" not in client.get(URL).content.decode()
    client.force_login(author)
    assert "Start a new assessment" in client.get(URL).content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_answers_405_to_other_methods(client, viewer, method):
    client.force_login(viewer)
    assert getattr(client, method)(URL).status_code == 405


def test_it_makes_the_same_number_of_queries_for_1_and_30_assessments(
    client, viewer, council, service, django_assert_max_num_queries
):
    AssessmentFactory(council=council, service=service)
    client.force_login(viewer)
    with django_assert_max_num_queries(10) as one:
        client.get(URL)
    AssessmentFactory.create_batch(29, council=council, service=ServiceFactory(council=council))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert response.context["page"].paginator.count == Assessment.objects.count() == 30


def screening_titles(response):
    return [screening.title for screening in response.context["screenings"].object_list]


def test_it_lists_the_councils_screenings_beside_the_assessments_and_no_other_councils(
    client, viewer, council, service, other_council
):
    ScreeningFactory(council=council, service=service, title="Respite beds")
    ScreeningFactory(council=other_council, title="Another council's")
    client.force_login(viewer)
    assert screening_titles(client.get(URL)) == ["Respite beds"]


def test_it_pages_the_screenings_apart_from_the_assessments(client, viewer, council, service):
    AssessmentFactory.create_batch(25, council=council, service=service)
    ScreeningFactory.create_batch(25, council=council, service=service)
    client.force_login(viewer)
    first = client.get(URL)
    assert (len(titles(first)), len(screening_titles(first))) == (20, 20)
    turned = client.get(URL, {"screenings_page": 2})
    assert (len(titles(turned)), len(screening_titles(turned))) == (20, 5)
    both = client.get(URL, {"page": 2, "screenings_page": 2})
    assert (len(titles(both)), len(screening_titles(both))) == (5, 5)
    assert not turned.context["is_filtered"]


def test_each_list_turns_its_own_pages_and_keeps_the_others_place(client, viewer, council, service):
    AssessmentFactory.create_batch(25, council=council, service=service, title="Care review")
    ScreeningFactory.create_batch(25, council=council, service=service, title="Care screening")
    client.force_login(viewer)
    page = client.get(URL, {"q": "Care", "page": 2}).content.decode()
    assert 'href="?page=2&amp;q=Care&amp;screenings_page=2#screenings"' in page
    assert '<nav class="govuk-pagination" aria-label="Pages of screenings">' in page
    page = client.get(URL, {"q": "Care", "screenings_page": 2}).content.decode()
    assert 'href="?q=Care&amp;screenings_page=2&amp;page=2"' in page


def test_the_screenings_follow_the_filters_by_the_same_stage(client, viewer, council, service):
    today = timezone.localdate()
    ScreeningFactory(council=council, service=service, title="A draft")
    ScreeningFactory(council=council, service=service, title="Submitted", status=ScreeningStatus.SUBMITTED)
    ScreeningFactory(
        council=council,
        service=service,
        title="Screened out, overdue",
        status=ScreeningStatus.APPROVED,
        review_due=today - timedelta(days=1),
    )
    ScreeningFactory(council=council, service=service, title="Full EIA needed", status=ScreeningStatus.FULL_EIA_NEEDED)
    ScreeningFactory(council=council, service=ServiceFactory(council=council, name="Housing"), title="In Housing")
    client.force_login(viewer)
    assert screening_titles(client.get(URL, {"status": "submitted"})) == ["Submitted"]
    # A screening's sign-off is the decision to screen out; nothing of a screening is moderated.
    assert screening_titles(client.get(URL, {"status": "approved"})) == ["Screened out, overdue"]
    assert screening_titles(client.get(URL, {"status": "moderated"})) == []
    assert screening_titles(client.get(URL, {"review": "overdue"})) == ["Screened out, overdue"]
    assert "In Housing" not in screening_titles(client.get(URL, {"service": service.pk}))


@pytest.mark.parametrize("value", ["²", "0", "abc"])
def test_a_screenings_page_no_page_could_send_is_the_first(client, viewer, council, service, value):
    ScreeningFactory(council=council, service=service, title="Respite beds")
    client.force_login(viewer)
    response = client.get(URL, {"screenings_page": value})
    assert screening_titles(response) == ["Respite beds"]
    assert not response.context["is_filtered"]


def test_it_makes_the_same_number_of_queries_for_1_and_30_screenings(
    client, viewer, council, service, django_assert_max_num_queries
):
    ScreeningFactory(council=council, service=service)
    AssessmentFactory(council=council, service=service)  # the EIAs some of the screenings start join it
    client.force_login(viewer)
    with django_assert_max_num_queries(10) as one:
        client.get(URL, {"screenings_page": 1})
    other = ServiceFactory(council=council)
    for screening in ScreeningFactory.create_batch(29, council=council, service=other):
        if screening.pk % 2:
            Screening.objects.filter(pk=screening.pk).update(status=ScreeningStatus.FULL_EIA_NEEDED)
            AssessmentFactory(council=council, service=other, reference=screening.reference, screening=screening)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL, {"screenings_page": 2})
    assert response.context["screenings"].paginator.count == 30


def start_buttons(client, person):
    """The buttons of the page that start something, in the page's order: the head's first."""
    client.force_login(person)
    page = client.get(URL).content.decode()
    return re.findall(r'role="button" draggable="false" class="govuk-button[^"]*"[^>]*>(Start [^<]*)</a>', page)


@pytest.mark.parametrize("use", [ScreeningUse.ALWAYS, ScreeningUse.OPTIONAL])
def test_an_author_whose_council_screens_has_a_button_to_start_a_screening_beside_the_eias(
    client, council, author, use
):
    council.screening_use = use
    council.save()
    # Beside the EIA's in the page's head, and again below the screenings.
    assert start_buttons(client, author) == ["Start a new assessment", "Start a screening", "Start a screening"]


def test_nobody_is_offered_a_screening_where_the_council_does_not_screen(client, council, author, viewer):
    assert start_buttons(client, author) == ["Start a new assessment"]
    council.screening_use = ScreeningUse.OPTIONAL
    council.save()
    assert start_buttons(client, viewer) == []


def review_cells(client, person):
    """Each screening's title with its Status and Review due cells, as the list shows them."""
    client.force_login(person)
    page = client.get(URL).content.decode()
    screenings = page[page.index('id="screenings"') :]
    found = {}
    for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', screenings, re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if cells:
            found[cells[2]] = (cells[4], cells[5])
    return found


def test_a_screening_not_decided_yet_says_so_and_nothing_that_reads_like_a_decision(client, viewer, council, service):
    ScreeningFactory(council=council, service=service, title="A draft")
    ScreeningFactory(council=council, service=service, title="Submitted", status=ScreeningStatus.SUBMITTED)
    ScreeningFactory(council=council, service=service, title="Screened in", status=ScreeningStatus.FULL_EIA_NEEDED)
    assert review_cells(client, viewer) == {
        "A draft": ("Draft", "Not decided yet"),
        "Submitted": ("Submitted for a decision", "Not decided yet"),
        "Screened in": ("Full EIA needed", "None: a full EIA is needed"),
    }


def test_a_reopened_screening_says_the_decision_before_it_stays_in_force(client, viewer, council, service):
    due = timezone.localdate() + timedelta(days=400)
    first = ScreeningFactory(
        council=council,
        service=service,
        title="Respite beds",
        status=ScreeningStatus.APPROVED,
        review_due=due,
        is_latest=False,
    )
    ScreeningFactory(
        council=council,
        service=service,
        title="Respite beds",
        reference=first.reference,
        version=2,
        previous_version=first,
    )
    assert review_cells(client, viewer) == {
        "Respite beds": ("Draft, version 2", f"{due:%-d %B %Y}: version 1 stays in force until version 2 is decided")
    }


def test_a_screening_whose_full_eia_has_started_says_so_and_links_to_it_by_its_reference(
    client, viewer, council, service
):
    screening = ScreeningFactory(
        council=council, service=service, title="Close the day centre", status=ScreeningStatus.FULL_EIA_NEEDED
    )
    eia = AssessmentFactory(council=council, service=service, reference=screening.reference, screening=screening)
    assert review_cells(client, viewer) == {
        "Close the day centre": ("Full EIA started", f"None: the full EIA {eia.reference} is reviewed instead")
    }
    link = f'<a class="govuk-link" href="{eia.get_absolute_url()}">{eia.reference}</a>'
    assert link in client.get(URL).content.decode()
