"""Council settings, reference numbers: a council admin sets the pattern of the reference each new screening and
EIA gets."""

from django.urls import reverse
from django.utils import timezone

from councils.models import Council
from tests.factories import AssessmentFactory, MembershipFactory

YEAR = timezone.localdate().year


def url(council):
    return reverse("councils:references", args=[council.slug])


def test_the_settings_page_links_to_it_and_says_what_it_is(client, council, council_admin):
    client.force_login(council_admin)
    page = client.get(council.get_absolute_url()).content.decode()
    assert f'href="{url(council)}"' in page
    assert "The pattern of the reference number each new screening and EIA gets" in page


def test_it_shows_the_pattern_how_to_write_one_and_the_next_reference(client, council, council_admin):
    AssessmentFactory(council=council)
    client.force_login(council_admin)
    page = client.get(url(council)).content.decode()
    assert 'value="EIA-{year}-{n:03}"' in page
    assert "Use {n} for the number" in page
    assert f"The next one will be EIA-{YEAR}-002." in page
    # Screenings take references too; the full EIA a screening starts keeps the screening's.
    assert "Every new screening and EIA gets the next reference number" in page
    assert "a full EIA started from a screening carries on the screening&#x27;s reference" in page
    assert "it never restarts, not even in a new year" in page
    assert "Changing the pattern never renumbers existing records" in page


def test_it_saves_a_new_pattern_and_keeps_existing_references(client, council, council_admin, service):
    eia = AssessmentFactory(council=council, service=service)
    client.force_login(council_admin)
    response = client.post(url(council), {"reference_pattern": "ASC/{n}"})
    assert response["Location"] == council.get_absolute_url()
    council.refresh_from_db()
    assert council.reference_pattern == "ASC/{n}"
    assert AssessmentFactory(council=council, service=service).reference == "ASC/2"
    eia.refresh_from_db()
    assert eia.reference == f"EIA-{YEAR}-001"


def test_it_refuses_a_bad_pattern_saying_what_to_do_and_keeps_what_was_typed(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(url(council), {"reference_pattern": "EIA-{year}"})
    assert response.context["errors"] == [
        ("Add {n} to the pattern, where the number goes, for example EIA-{year}-{n:03}", "id_reference_pattern")
    ]
    assert 'value="EIA-{year}"' in response.content.decode()
    assert Council.objects.get(pk=council.pk).reference_pattern == "EIA-{year}-{n:03}"


def test_it_refuses_a_pattern_beyond_its_limit(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(url(council), {"reference_pattern": "E" * 41 + "{n}"})
    assert response.context["errors"] == [("Enter a pattern of 40 characters or fewer", "id_reference_pattern")]


def test_the_councils_history_says_who_changed_the_pattern(client, council, council_admin):
    client.force_login(council_admin)
    client.post(url(council), {"reference_pattern": "ASC/{n}"})
    page = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert "Pattern for reference numbers" in page
    assert "EIA-{year}-{n:03}" in page and "ASC/{n}" in page


def test_starting_eias_makes_no_history_line(client, council, council_admin, service):
    AssessmentFactory(council=council, service=service)
    client.force_login(council_admin)
    page = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert "Pattern for reference numbers" not in page


def test_it_refuses_anyone_but_a_council_admin(client, council):
    approver = MembershipFactory(council=council, role="approver").user
    client.force_login(approver)
    assert client.post(url(council), {"reference_pattern": "ASC/{n}"}).status_code == 403
    assert Council.objects.get(pk=council.pk).reference_pattern == "EIA-{year}-{n:03}"


def test_it_answers_404_for_another_council(client, council_admin, other_council):
    client.force_login(council_admin)
    assert client.post(url(other_council), {"reference_pattern": "ASC/{n}"}).status_code == 404
    assert Council.objects.get(pk=other_council.pk).reference_pattern == "EIA-{year}-{n:03}"


def test_it_answers_405_to_another_method(client, council, council_admin):
    client.force_login(council_admin)
    assert client.delete(url(council)).status_code == 405


def test_saving_another_setting_from_a_copy_read_earlier_gives_no_number_twice(council, service):
    read_before = Council.objects.get(pk=council.pk)
    first = AssessmentFactory(council=council, service=service)
    read_before.review_months_high = 6
    read_before.save()
    assert AssessmentFactory(council=council, service=service).reference != first.reference
