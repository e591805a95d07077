"""generate_scale_data makes councils at the size asked for, through the models, with their rules kept; a second
run makes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max

from actionplans.models import Action, ActionPlan, StatusUpdate
from assessments.models import Assessment, ImpactRow
from councils.models import Council, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():
    out = io.StringIO()
    call_command("generate_scale_data", councils=2, services=10, eias=40, plans=2, actions=6, updates=3, stdout=out)
    return out.getvalue()


def test_it_makes_the_councils_services_and_records_asked_for(made):
    assert list(Council.objects.values_list("slug", flat=True).order_by("slug")) == ["scale-01", "scale-02"]
    for council in Council.objects.all():
        assert council.services.count() == 10
        assert Assessment.objects.filter(council=council).count() == 40
        assert ActionPlan.objects.filter(council=council).count() == 2
    assert Action.objects.count() == 2 * 2 * 6
    assert StatusUpdate.objects.count() == 2 * 2 * 6 * 3


def test_it_gives_every_council_a_person_of_each_role(made):
    for council in Council.objects.all():
        assert set(Membership.objects.filter(council=council).values_list("role", flat=True)) == set(Role.values)


def test_every_eia_has_13_to_15_rows_and_one_newest_version(made):
    rows = Assessment.objects.annotate(rows_count=Count("rows")).values_list("rows_count", flat=True)
    assert set(rows) <= {13, 14, 15}
    assert ImpactRow.objects.exclude(negative_level="").filter(negative="").count() == 0
    newest = Assessment.objects.filter(is_latest=True)
    assert newest.count() == Assessment.objects.exclude(next_version__isnull=False).count()


def test_each_actions_status_is_that_of_its_newest_update(made):
    for action in Action.objects.annotate(newest=Max("updates__at")):
        assert action.last_update_at == action.newest
        assert action.status == action.updates.get(at=action.newest).status


def test_a_second_run_makes_nothing(made):
    out = io.StringIO()
    call_command("generate_scale_data", councils=2, services=10, eias=40, plans=2, actions=6, updates=3, stdout=out)
    assert "Nothing to make." in out.getvalue()
    assert Assessment.objects.count() == 80
