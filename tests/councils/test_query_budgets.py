"""Every page makes a fixed number of queries however much data there is: each URL whose GET answers 200 is asked
with the permission matrix's records and a few more of each kind, and again after the council has many more EIAs,
rows, actions, plans, updates, milestones and CQC results; the two counts must be the same, and within the page's
budget.

The URLs come from the permission matrix (tests/security/permission_matrix.py), so a page added later is held to a
budget too: give it one in tests/query_budgets.py.
"""

from datetime import date, timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplans.models import (
    Action,
    ActionPlan,
    CqcResult,
    FrameworkKind,
    FrameworkVersion,
    ImportColumnMapping,
    ImportStatusValue,
    PlanStatus,
    QualityStatement,
    StatementScore,
    StatusUpdate,
    StatusWord,
    Theme,
)
from actionplans.statuses import Colour, Meaning
from assessments.models import (
    STANDARD_FIELDS,
    Answer,
    Assessment,
    AssessmentAction,
    Characteristic,
    FieldState,
    ImpactRow,
    LegacyAssessment,
    PendingLegacyFile,
    PendingLegacyImport,
    Question,
    Screening,
    ScreeningStatus,
    StandardField,
    Status,
)
from assessments.models.questions import snapshot
from councils.accounts import own_password_chosen
from councils.models import AccountChange, AddressRequests, GroupRole, KeptPdf, Role, Service
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MembershipFactory,
    MilestoneFactory,
    ServiceFactory,
    UserFactory,
)
from tests.lifecycle_helpers import ready_assessment
from tests.query_budgets import BUDGETS
from tests.security import permission_matrix as pm
from tests.security.matrix_records import build, column_mapping, legacy_record, matrix_world, url_for

# Whose view of each page is counted: the first of these the matrix lets in.
LOOKERS = [*pm.ROLES, pm.OTHER, pm.SIGNED_OUT]
# The Django admin's pages are Django's own, and a superuser's alone: they are not held to budgets here.
PAGES = [name for name in pm.MATRIX if pm.OK in pm.MATRIX[name]["GET"].values() and name not in pm.ADMIN_URLS]


@pytest.fixture(autouse=True)
def _quick_pdfs(quick_pdfs):
    """These tests are about who gets a PDF and what it queries, not what it looks like."""


# A draft plan can be deleted only while none of its actions has an update: its page is counted without them.
WITHOUT_UPDATES = {"actionplans:delete"}


def _grow_from_word(council, service, admin, times):
    """More EIAs brought in from Word, each with rows, one with its review started; more files in each upload
    waiting, some read and some refused."""
    rows = [{"label": "Age", "code": "age", "negative": True, "level": "high"}]
    for _ in range(times):
        legacy = legacy_record(council, service, admin)
        LegacyAssessment.objects.filter(pk=legacy.pk).update(rows=rows)
    LegacyAssessment.objects.filter(pk=legacy.pk).update(review=ready_assessment(council, service, admin))
    found = {"title": "Grown", "review_due": "2030-01-01", "rows": [{"label": "Age", "code": "age", "positive": True}]}
    for pending in PendingLegacyImport.objects.filter(council=council):
        for number in range(times):
            PendingLegacyFile.objects.create(
                pending=pending,
                position=pending.files.count() + 1,
                filename=f"grown-{number}.docx",
                data=b"PK",
                found=found if number % 2 else None,
                refused="" if number % 2 else "A PDF.",
            )


def grow(world, times, updates=True):
    """More of everything the council's pages show: EIAs with their rows and actions, and more actions on each
    draft; the council's own questions, answered on each draft; plans whose actions have milestones and months of
    updates, and more actions on each draft plan; CQC results, the council's own and other councils'. Signed-off
    records cannot change, but their plans' actions go on being updated."""
    council, service, people = world["council"], world["service"], world["people"]
    for _ in range(times):
        ready_assessment(council, service, people["author"])
    for eia in Assessment.objects.filter(council=council, status=Status.DRAFT):
        for number in range(times):
            AssessmentAction.objects.create(
                assessment=eia,
                action_required=f"Grown action {number}",
                priority="medium",
                position=eia.actions.count() + 1,
            )
        ImpactRow.objects.filter(assessment=eia).update(positive="Grown: more people reached.")
    ActionPlanFactory.create_batch(times, council=council, created_by=people["manager"])
    for plan in ActionPlan.objects.filter(council=council, status=PlanStatus.DRAFT):
        for _ in range(times):
            action = ActionFactory(plan=plan, ref=f"T9.{plan.actions.count() + 1}")
            MilestoneFactory(action=action, description="First milestone", due_date=date(2025, 1, 1))
            MilestoneFactory(action=action, description="Second milestone", due_date=date(2025, 6, 1), position=1)
    # More status words, some retired, and actions moved between them.
    for _ in range(times):
        position = StatusWord.objects.filter(council=council).count() + 1
        StatusWord.objects.create(
            council=council,
            position=position,
            word=f"Grown word {position}",
            meaning=list(Meaning)[position % len(Meaning)],
            colour=list(Colour)[position % len(Colour)],
            retired=position % 3 == 0,
        )
    words = list(StatusWord.objects.filter(council=council, retired=False).order_by("pk"))
    for action in Action.objects.filter(plan__council=council) if updates else []:
        for month in range(times):
            word, previous = words[month % len(words)], words[(month + 1) % len(words)]
            StatusUpdate.objects.create(
                action=action,
                status=word.meaning,
                word=word,
                previous_status=previous.meaning,
                previous_word=previous,
                note=f"Month {month}",
                by=people["manager"],
                at=timezone.now() - timedelta(days=30 * month),
            )
    # The council's settings: more people with more roles, more services, and more changes in their history.
    for _ in range(times):
        team = ServiceFactory(council=council, parent=service, name=f"Grown team {Service.objects.count()}")
        someone = UserFactory()
        MembershipFactory(council=council, user=someone, role=Role.VIEWER)
        MembershipFactory(council=council, user=someone, role=Role.APPROVER).services.set([service, team])
        # Locked out, unlocked, and given a temporary password they then replaced with their own.
        AccessAttempt.objects.create(
            username=someone.username,
            ip_address="10.0.0.1",
            user_agent="",
            http_accept="",
            path_info="/sign-in/",
            get_data="",
            post_data="",
            failures_since_start=5,
        )
        for kind in AccountChange.Kind:
            AccountChange.objects.create(council=council, user=someone, kind=kind, by=people["council_admin"])
        own_password_chosen(someone)
        # A group of the identity provider giving a role, and one of its people's roles from it; their History.
        grown_group = GroupRole.objects.create(council=council, group=f"Grown group {someone.pk}", role=Role.APPROVER)
        grown_group.services.set([service, team])
        MembershipFactory(council=council, user=someone, role=Role.MANAGER, from_group=grown_group.group)
        council.review_months_high = council.review_months_high % 100 + 1
        council.save()
        row = Characteristic.objects.create(council=council, label="Grown row", position=100, covers=["age"])
        row.guidance = "Grown guidance."
        row.save()
    _grow_questions(council, times)
    _grow_frameworks(council, times)
    _grow_from_word(council, service, people["council_admin"], times)
    for _ in range(times):
        grown = f"Grown {ImportColumnMapping.objects.count()}"
        column_mapping(council, people["manager"], headings=(grown, "Quality standard", "Recommendation", "Evidence"))
        value = ImportStatusValue(
            council=council,
            key=f"grown {ImportStatusValue.objects.count()}",
            value="Grown",
            word=StatusWord.objects.filter(council=council).first(),
            last_edited_by=people["manager"],
        )
        value._history_user = people["manager"]
        value.save()
        value.word = StatusWord.objects.filter(council=council).last()
        value.save()
    framework = FrameworkVersion.objects.get(is_current=True)
    statements = QualityStatement.objects.filter(theme__framework=framework, retired=False)
    for number in range(times):
        CqcResult.objects.create(
            council=council,
            framework=framework,
            created_by=people["manager"],
            assessed_on=date(2023, 1, 1) + timedelta(days=number),
        )
        # Another council's result, scored, kept to compare with.
        other = CqcResult.objects.create(
            council=council,
            framework=framework,
            created_by=people["manager"],
            assessed_council=f"Grown County Council {CqcResult.objects.count()}",
            assessed_on=date(2024, 1, 1) + timedelta(days=number),
        )
        StatementScore.objects.bulk_create(
            StatementScore(result=other, quality_statement=statement, score=2) for statement in statements
        )


def _grow_frameworks(council, times):
    """More frameworks of the council's own, and more themes and items in each, some retired; and their changes in
    the History."""
    for number in range(times):
        FrameworkVersion.objects.create(
            council=council,
            name=f"Grown framework {number} {council.frameworks.count()}",
            kind=FrameworkKind.COUNCIL_OWN,
        )
    for framework in council.frameworks.all():
        for _ in range(times):
            theme = Theme.objects.create(
                framework=framework, number=framework.themes.count() + 1, name=f"Grown theme {Theme.objects.count()}"
            )
            theme.retired = True
            theme.save()
            for position in range(1, 3):
                QualityStatement.objects.create(theme=theme, position=position, name=f"Grown item {position}")


# Each answer of a kind, as a draft EIA would hold it.
ANSWERS = {
    Question.Kind.SHORT: {"text": "Yes, in both languages."},
    Question.Kind.LONG: {"text": "We spoke to the Welsh language officer.\nThey advised on the leaflets."},
    Question.Kind.YES_NO: {"yes_no": True, "reason": "The service reaches carers."},
    Question.Kind.DATE: {"date": date(2025, 3, 27)},
}


def _grow_questions(council, times):
    """Questions of the council's own, five times as many as the other records, of every kind in every place, some
    required and some retired, answered on every draft EIA and screening; and every standard field asked."""
    places, kinds = list(Question.Place), list(Question.Kind)
    for number in range(5 * times):
        position = Question.objects.filter(council=council).count() + 1
        Question.objects.create(
            council=council,
            place=places[number % len(places)],
            kind=kinds[number % len(kinds)],
            text=f"Grown question {position}?",
            hint="A hint for the question.",
            required=number % 2 == 0,
            is_active=number % 7 != 6,
            position=position,
        )
    for number, name in enumerate(STANDARD_FIELDS):
        state = FieldState.REQUIRED if number % 2 else FieldState.OPTIONAL
        StandardField.objects.update_or_create(council=council, name=name, defaults={"state": state})
    questions = Question.objects.filter(council=council)
    for eia in Assessment.objects.filter(council=council, status=Status.DRAFT):
        for question in questions.exclude(answers__assessment=eia):
            Answer.objects.create(assessment=eia, question=question, **snapshot(question), **ANSWERS[question.kind])
    for screening in Screening.objects.filter(council=council, status=ScreeningStatus.DRAFT):
        for question in questions.filter(place=Question.Place.SCREENING).exclude(answers__screening=screening):
            Answer.objects.create(
                screening=screening, question=question, **snapshot(question), **ANSWERS[question.kind]
            )


# An address's first request of a minute also clears its counts of the minutes before (councils/throttling.py): once a
# minute whatever the page, so a page asked for just after the turn of a minute is not charged for it.
OLD_COUNTS_CLEARED = f'DELETE FROM "{AddressRequests._meta.db_table}"'


def queries(client, url):
    """The statements the page sends; a page kept in the cache (the public register's), or a PDF kept (councils/pdf.py),
    is counted as it is made, not as it is kept, and a streamed download as it is sent."""
    cache.clear()
    KeptPdf.objects.all().delete()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            response.getvalue()
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return [query["sql"] for query in captured if not query["sql"].startswith(OLD_COUNTS_CLEARED)]


def test_every_page_has_a_budget():
    assert sorted(set(PAGES) - set(BUDGETS)) == []
    assert sorted(set(BUDGETS) - set(PAGES)) == []


# The pages whose record is in the same state share one world, grown once: the council, its people and that
# record, then more of everything. A page whose record must have no updates has a world of its own.
GROUPS = {}
for _name in PAGES:
    GROUPS.setdefault((pm.SETUP[_name], _name not in WITHOUT_UPDATES), []).append(_name)


@pytest.fixture(scope="module")
def counted(request, django_db_setup, django_db_blocker):
    """The queries each page of one group makes with a little data; the data then grown much more. Each page is
    asked for by its own client as the first person the matrix lets in, once to settle the session's clock. The
    world is rolled back when the group's tests are done; each test's own writes (its session) in its own
    savepoint."""
    state, updates = request.param
    names = GROUPS[request.param]
    with django_db_blocker.unblock(), transaction.atomic():
        world = matrix_world()
        values = build(state, world)
        urls = {name: url_for(name, world, values) for name in names}
        grow(world, times=1, updates=updates)
        clients, small = {}, {}
        for name in names:
            looker = next(persona for persona in LOOKERS if pm.MATRIX[name]["GET"][persona] == pm.OK)
            clients[name] = Client()
            if looker != pm.SIGNED_OUT:
                clients[name].force_login(world["people"][looker])
            clients[name].get(urls[name])
            small[name] = len(queries(clients[name], urls[name]))
        grow(world, times=3, updates=updates)
        yield urls, clients, small
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    "counted,name",
    [(group, name) for group, names in GROUPS.items() for name in names],
    ids=[name for names in GROUPS.values() for name in names],
    indirect=["counted"],
    scope="module",
)
def test_the_page_makes_the_same_queries_with_much_more_data(counted, name, db):
    urls, clients, small = counted
    made = queries(clients[name], urls[name])
    large = len(made)
    listed = "\n".join(made)
    assert large <= BUDGETS[name], f"{urls[name]} made {large} queries, over its budget of {BUDGETS[name]}:\n{listed}"
    assert large == small[name], f"{urls[name]} made {small[name]} queries with a little data and {large} with more"
