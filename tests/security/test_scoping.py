"""Every URL, found by walking the URLconf: signed out it sends you to sign in; another council gets 404.

A URL added later is picked up by the walk, so it cannot be forgotten here.
"""

from datetime import date

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from actionplans.models import CqcResult, FrameworkVersion, PendingImport, QualityStatement, Theme
from assessments.models import DecisionOutcome, DecisionRecord, IssuedPdf, PendingLegacyImport, Question
from councils.leavers import person_leave
from councils.models import GroupRole, Invitation, Role
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AssessmentActionFactory,
    AssessmentFactory,
    CouncilFactory,
    MembershipFactory,
    ServiceFactory,
    UserFactory,
    status_word,
)
from tests.security.matrix_records import legacy_record

# Pages anyone may reach, signed in or not: and a council's public register, whose own tests are in
# tests/assessments/test_public_register.py.
PUBLIC = {
    "sign-in",
    # Single sign-on's pages, which sign a person in: 404 while it is off, as here.
    "sign-on",
    "sign-on-done",
    "sign-on-no-role",
    "healthz",
    "accessibility",
    "password-reset",
    "password-reset-sent",
    "password-reset-confirm",
    "password-reset-done",
    # An emailed invitation's link: anyone who holds it, signed in or not.
    "invitation-accept",
}
PUBLIC_REGISTER = "register:"
LEGACY_URLS = [
    "assessments:legacy",
    "assessments:legacy-file",
    "assessments:legacy-history",
    "assessments:legacy-review",
]


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":  # Django's admin: the permission matrix and test_admin.py.
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.regex.groupindex)


ALL_URLS = sorted(walk(get_resolver().url_patterns))
PRIVATE_URLS = [
    (name, params) for name, params in ALL_URLS if name not in PUBLIC and not name.startswith(PUBLIC_REGISTER)
]
OBJECT_URLS = [(name, params) for name, params in PRIVATE_URLS if params]


@pytest.fixture(scope="class")
def url_for(django_db_setup, django_db_blocker):
    """One object of our council for every kind of URL parameter, by the URL's app (and name where it differs).

    Made once for a class of tests that only request URLs with them, as Django's TestCase.setUpTestData does: in a
    transaction rolled back after the class, each test in a savepoint of its own inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _url_for()
        transaction.set_rollback(True)


def _left(council, successor):
    leaver = MembershipFactory(council=council, role=Role.AUTHOR, user=UserFactory(username="lee-leaver")).user
    admin = MembershipFactory(council=council, role=Role.COUNCIL_ADMIN, user=UserFactory(username="ada-admin")).user
    person_leave(council=council, someone=leaver, successor=successor, by=admin)
    return leaver.pk


def _url_for():
    council = CouncilFactory(name="Cheshire West and Chester Council", slug="cwac")
    service = ServiceFactory(council=council, parent=ServiceFactory(council=council, name="Adult Social Care"))
    author = MembershipFactory(council=council, role=Role.AUTHOR, user=UserFactory(username="alice-author")).user
    manager = MembershipFactory(council=council, role=Role.MANAGER, user=UserFactory(username="mo-manager")).user
    assessment = AssessmentFactory(council=council, service=service, created_by=author)
    plan = ActionPlanFactory(council=council, created_by=manager)
    action = AssessmentActionFactory(assessment=assessment)
    issued = IssuedPdf(assessment=assessment, kind=IssuedPdf.Kind.SIGN_OFF, issued_by=author, fingerprint="0" * 64)
    issued.store(b"%PDF-1.7 a stand-in: these tests are about who may fetch it", "scoping.pdf")
    issued.save()
    plan_action = ActionFactory(plan=plan)
    update = plan_action.record_update(by=manager, word=status_word(plan.council, "Started"), note="Started.")
    pending = PendingImport.objects.create(plan=plan, created_by=manager, filename="plan.csv", rows=[])
    cqc = CqcResult.objects.create(
        council=plan.council, framework=plan.framework, assessed_on=date(2024, 5, 1), created_by=manager
    )
    framework = FrameworkVersion.objects.create(council=council, name="Improvement areas", kind="council_own")
    theme = Theme.objects.create(framework=framework, number=1, name="Carers")
    item = QualityStatement.objects.create(theme=theme, position=1, name="Carers' assessments within 28 days")
    legacy = legacy_record(council, service, author)
    from_word = PendingLegacyImport.objects.create(council=council, created_by=author)
    values = {
        "assessments": {
            "pk": assessment.pk,
            "action_pk": action.pk,
            "issued_pk": issued.pk,
            "decision_pk": DecisionRecord.objects.create(
                assessment=assessment,
                signed_off_pdf=issued,
                meeting="Cabinet",
                meeting_date=date(2026, 3, 3),
                outcome=DecisionOutcome.AGREED,
                recorded_by=author,
            ).pk,
            "slug": assessment.council.slug,
            "row_pk": assessment.council.characteristics.first().pk,
            "question_pk": Question.objects.create(
                council=assessment.council,
                place="details",
                kind="short",
                text="Has the Welsh language been considered?",
            ).pk,
        },
        "actionplans": {
            "pk": plan.pk,
            "action_pk": plan_action.pk,
            "import_pk": pending.pk,
            "update_pk": update.pk,
            "slug": council.slug,
            "word_pk": council.status_words.first().pk,
            # The council settings pages of its frameworks: its own framework, a theme and an item of it.
            "framework_pk": framework.pk,
            "theme_pk": theme.pk,
            "item_pk": item.pk,
        },
        "actionplans:cqc-result": {"pk": cqc.pk},
        **{name: {"pk": legacy.pk} for name in LEGACY_URLS},
        "assessments:legacy-import-preview": {"slug": council.slug, "import_pk": from_word.pk},
        "councils": {
            "slug": assessment.council.slug,
            "membership_pk": author.memberships.get().pk,
            "service_pk": assessment.service.pk,
            "person_pk": author.pk,
            "invitation_pk": Invitation.objects.create(
                council=council,
                email="new-starter@example.gov.uk",
                first_name="New",
                last_name="Starter",
                roles=[Role.AUTHOR],
                sent_at=timezone.now(),
            ).pk,
            "mapping_pk": GroupRole.objects.create(council=council, group="EIA-Authors", role=Role.AUTHOR).pk,
        },
        # Restoring names a person who left the council.
        "councils:person-restore": {"slug": council.slug, "person_pk": _left(council, author)},
    }

    def build(name, params):
        known = values.get(name) or values.get(name.split(":")[0], {})
        unknown = set(params) - set(known)
        assert not unknown, f"{name} takes {unknown}: say in tests/security/test_scoping.py which object it names"
        return reverse(name, kwargs={param: known[param] for param in params})

    return build


def test_it_finds_the_urls_of_both_apps():
    names = {name for name, _ in ALL_URLS}
    assert {"assessments:list", "assessments:detail", "assessments:grid", "assessments:pdf"} <= names
    assert {"actionplans:plan", "actionplans:action-update", "actionplans:import-preview"} <= names


@pytest.mark.django_db
class TestEveryUrl:
    @pytest.mark.parametrize("method", ["get", "post"])
    @pytest.mark.parametrize(("name", "params"), PRIVATE_URLS, ids=[name for name, _ in PRIVATE_URLS])
    def test_it_sends_a_signed_out_person_to_sign_in(self, client, url_for, name, params, method):
        url = url_for(name, params)
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in"))

    @pytest.mark.parametrize("method", ["get", "post"])
    @pytest.mark.parametrize(("name", "params"), OBJECT_URLS, ids=[name for name, _ in OBJECT_URLS])
    def test_it_answers_404_to_another_council(self, client, outsider, url_for, name, params, method):
        client.force_login(outsider)
        response = getattr(client, method)(url_for(name, params))
        assert response.status_code in (404, 405)
        if method == "get":
            assert response.status_code == 404


def test_it_keeps_another_councils_assessments_out_of_the_list(client, outsider, assessment):
    client.force_login(outsider)
    response = client.get(reverse("assessments:list"))
    assert assessment.title not in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_it_does_not_offer_another_councils_services_when_starting(client, outsider, other_council, service):
    ServiceFactory(council=other_council, name="Their own service")
    client.force_login(outsider)
    response = client.post(
        reverse("assessments:start"), {"service": service.pk, "title": "Sneaky", "subject_type": "policy"}
    )
    assert response.status_code == 200
    assert "service" in response.context["form"].errors


def test_it_sends_a_signed_out_person_from_the_admin_to_eqas_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_it_answers_another_councils_object_with_a_plain_not_found_page(client, outsider, assessment):
    client.force_login(outsider)
    response = client.get(reverse("assessments:detail", args=[assessment.pk]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert assessment.title not in response.content.decode()
