"""The people and records the permission matrix is tested with: our council with one person of each role, another
council, and for each URL the record in the state tests/security/permission_matrix.py's SETUP names. Shared by
tests/security/test_permission_matrix.py (the answers) and tests/browser/test_every_page.py (axe on every page)."""

from datetime import date

from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from actionplans.importer.mapping import shape_key
from actionplans.models import (
    ActionPlan,
    CqcResult,
    FrameworkKind,
    FrameworkVersion,
    ImportColumnMapping,
    ImportStatusValue,
    PendingImport,
    PlanStatus,
    QualityStatement,
    Theme,
)
from assessments.models import (
    Assessment,
    DecisionOutcome,
    DecisionRecord,
    ImpactRow,
    IssuedPdf,
    LegacyAssessment,
    PendingLegacyFile,
    PendingLegacyImport,
    Question,
    Screening,
    ScreeningIssuedPdf,
    ScreeningStatus,
    Status,
)
from councils.leavers import person_leave
from councils.models import AccountChange, GroupRole, Invitation, Membership, Role, ScreeningUse
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    CouncilFactory,
    MembershipFactory,
    ServiceFactory,
    UserFactory,
    status_word,
)
from tests.lifecycle_helpers import person_with_role, ready_assessment, ready_screening
from tests.security import permission_matrix as pm

URLS = {name: (params, route) for name, params, route in pm.walk()}


def matrix_world():
    """Our council with one person of each role, a service, questions of its own, and a person of another council
    holding every role there."""
    # Both councils let an officer start with a screening, so that its pages can be asked for.
    # Its public register is switched on; the other council's is not.
    council = CouncilFactory(
        name="Cheshire West and Chester Council",
        slug="cwac",
        screening_use=ScreeningUse.OPTIONAL,
        register_public=True,
    )
    service = ServiceFactory(council=council, name="Adult Social Care")
    people = {role: person_with_role(council, role, f"our-{role}") for role in pm.ROLES}
    # Staff, as a council admin could be made in the Django admin: staff status opens nothing.
    people["council_admin"].is_staff = True
    people["council_admin"].save(update_fields=["is_staff"])
    other_council = CouncilFactory(name="Another Borough Council", slug="another", screening_use=ScreeningUse.OPTIONAL)
    ServiceFactory(council=other_council, name="Their Adult Social Care")
    outsider = UserFactory(username="their-everything", is_staff=True)
    for role in pm.ROLES:
        MembershipFactory(council=other_council, role=role, user=outsider)
    superuser = UserFactory(username="site-superuser", is_staff=True, is_superuser=True)
    # A framework of the council's own, of one theme with one item, for the frameworks' settings pages.
    framework = FrameworkVersion.objects.create(
        council=council,
        name="Adult social care improvement areas",
        kind=FrameworkKind.COUNCIL_OWN,
        theme_label="Area",
        item_label="Recommendation",
    )
    theme = Theme.objects.create(framework=framework, number=1, name="Prevention", description="Staying well at home.")
    QualityStatement.objects.create(theme=theme, position=1, name="Carers' assessments within 28 days")
    # A question of the council's own of each kind in each place, optional so that none holds a record back.
    for place in Question.Place:
        for position, kind in enumerate(Question.Kind, start=1):
            Question.objects.create(
                council=council,
                place=place,
                kind=kind,
                text=f"{kind.label}: has the Welsh language been considered in {place.label.lower()}?",
                hint="Say how, or why not.",
                position=position,
            )
    return {"council": council, "service": service, "people": {**people, pm.OTHER: outsider, pm.SUPERUSER: superuser}}


def build(state, world):
    """The record a URL is requested with, in the state SETUP names; the values of its URL parameters."""
    council, service, people = world["council"], world["service"], world["people"]
    if state is None:
        return {}
    if state in (pm.PERSON, pm.LOCKED_OUT):
        if state == pm.LOCKED_OUT:
            AccessAttempt.objects.create(
                username=people["approver"].username,
                ip_address="10.0.0.1",
                user_agent="",
                http_accept="",
                path_info="/sign-in/",
                get_data="",
                post_data="",
                failures_since_start=settings.AXES_FAILURE_LIMIT,
            )
        return {"person_pk": people["approver"].pk}
    if state == pm.TEMPORARY_PASSWORD:
        for persona, someone in people.items():
            if persona != pm.SUPERUSER:
                AccountChange.objects.create(
                    council=council,
                    user=someone,
                    by=people["council_admin"],
                    kind=AccountChange.Kind.TEMPORARY_PASSWORD,
                )
        return {}
    if state == pm.INVITATION:
        # One for every URL that names it, as a world may build it for several.
        invitation, _ = Invitation.objects.get_or_create(
            council=council,
            email="new-starter@example.gov.uk",
            defaults={
                "first_name": "New",
                "last_name": "Starter",
                "roles": [Role.AUTHOR],
                "invited_by": people["council_admin"],
                "sent_at": timezone.now(),
            },
        )
        return {"invitation_pk": invitation.pk}
    if state == pm.LEFT:
        leaver = person_with_role(council, Role.AUTHOR, "our-leaver")
        person_leave(council=council, someone=leaver, successor=people["author"], by=people["council_admin"])
        return {"person_pk": leaver.pk}
    if state == pm.GROUP_ROLE:
        # One for every URL that names it, as a world may build it for several.
        mapping, _ = GroupRole.objects.get_or_create(council=council, group="EIA-Authors", role="author")
        return {"mapping_pk": mapping.pk}
    if state == pm.ROLE:
        approver = Membership.objects.get(council=council, user=people["approver"])
        return {"object_id": approver.pk, "membership_pk": approver.pk}
    if state.startswith("EIA"):
        eia = ready_assessment(council, service, people["author"])
        # A row the author added, filled in as the others are, for the page that removes one.
        added = ImpactRow.objects.create(
            assessment=eia,
            position=eia.rows.count() + 1,
            label="Armed forces community",
            neutral="No change.",
            added_by_author=True,
        )
        values = {"pk": eia.pk, "object_id": eia.pk, "action_pk": eia.actions.get().pk, "row_pk": added.pk}
        if state == pm.EIA_DRAFT:
            # In a budget round, for the round's cumulative impact page and its PDF.
            Assessment.objects.filter(pk=eia.pk).update(budget_round="2026/27 savings proposals")
        if state != pm.EIA_DRAFT:
            status = {
                pm.EIA_SUBMITTED: Status.SUBMITTED,
                pm.EIA_SIGNED_OFF: Status.APPROVED,
                pm.EIA_MODERATED: Status.MODERATED,
                pm.EIA_PUBLISHED: Status.PUBLISHED,
            }[state]
            signed_off = (
                {}
                if status == Status.SUBMITTED
                else {"approved_by": people["approver"], "approved_at": timezone.now(), "review_due": date(2099, 1, 1)}
            )
            Assessment.objects.filter(pk=eia.pk).update(status=status, **signed_off)
        if state in (pm.EIA_SIGNED_OFF, pm.EIA_MODERATED, pm.EIA_PUBLISHED):
            issued = IssuedPdf(
                assessment=eia, kind=IssuedPdf.Kind.SIGN_OFF, issued_by=people["approver"], fingerprint="0" * 64
            )
            issued.store(b"%PDF-1.7 a stand-in: these tests are about who may fetch it", "matrix.pdf")
            issued.save()
            values["issued_pk"] = issued.pk
            decision = DecisionRecord.objects.create(
                assessment=eia,
                signed_off_pdf=issued,
                meeting="Cabinet",
                meeting_date=date(2026, 3, 3),
                outcome=DecisionOutcome.AGREED,
                recorded_by=people["author"],
            )
            values["decision_pk"] = decision.pk
        return values
    if state.startswith("screening"):
        return _screening(state, council, service, people)
    if state.startswith("plan"):
        plan = ActionPlanFactory(council=council, created_by=people["manager"], title="Peer review action plan")
        action = ActionFactory(plan=plan)
        pending = PendingImport.objects.create(
            plan=plan,
            created_by=people["manager"],
            filename="plan.csv",
            table={
                "header_row": 1,
                "headers": ["Quality statement", "Rec No", "Recommendation"],
                "rows": [[2, ["Assessing needs", "1", "Complaints"]]],
                "above": [],
            },
            choices=["quality_statement", "ref", "area_of_focus"],
            chosen=PendingImport.Chosen.BY_PERSON,
            rows=[],
        )
        status = {
            pm.PLAN_DRAFT: PlanStatus.DRAFT,
            pm.PLAN_SUBMITTED: PlanStatus.SUBMITTED,
            pm.PLAN_SIGNED_OFF: PlanStatus.APPROVED,
        }[state]
        if status == PlanStatus.APPROVED:
            ActionPlan.objects.filter(pk=plan.pk).update(
                status=status, approved_by=people["approver"], approved_at=timezone.now()
            )
        elif status != PlanStatus.DRAFT:
            ActionPlan.objects.filter(pk=plan.pk).update(status=status)
        values = {"pk": plan.pk, "action_pk": action.pk, "import_pk": pending.pk}
        if state == pm.PLAN_SIGNED_OFF:
            values["update_pk"] = action.record_update(
                by=people["manager"], word=status_word(plan.council, "Started"), note="Started."
            ).pk
        return values
    if state == pm.COLUMN_MAPPING:
        return {"pk": column_mapping(council, people["manager"]).pk}
    if state == pm.STATUS_VALUE:
        value, _ = ImportStatusValue.objects.get_or_create(
            council=council,
            key="slipped",
            defaults={
                "value": "Slipped",
                "word": status_word(council, "Started"),
                "last_edited_by": people["manager"],
                "revision": 1,
            },
        )
        return {"pk": value.pk}
    if state == pm.LEGACY:
        legacy = legacy_record(council, service, people["council_admin"])
        return {"pk": legacy.pk, "legacy_pk": legacy.pk}
    if state == pm.LEGACY_UPLOAD:
        pending = PendingLegacyImport.objects.create(council=council, created_by=people["council_admin"])
        PendingLegacyFile.objects.create(pending=pending, position=1, filename="old.pdf", refused="A PDF.")
        return {"import_pk": pending.pk}
    assert state == pm.CQC_RESULT, state
    cqc = CqcResult.objects.create(
        council=council,
        framework=FrameworkVersion.objects.get(is_current=True),
        assessed_on=date(2024, 5, 1),
        created_by=people["manager"],
    )
    return {"pk": cqc.pk}


def legacy_record(council, service, by):
    """An EIA brought in from Word, its file kept (a stand-in: these tests are about who may fetch it)."""
    legacy = LegacyAssessment(
        council=council,
        service=service,
        title="Day opportunities review, 2019",
        review_due=date(2099, 1, 1),
        rows=[],
        original_filename="day-opportunities.docx",
        imported_by=by,
    )
    legacy.store(b"PK\x03\x04 a stand-in Word file", "day-opportunities.docx")
    legacy.save()
    return legacy


def column_mapping(council, by, headings=("Rec No", "Quality standard", "Recommendation", "Evidence")):
    """A council's remembered choice of what the columns of its plan files headed so are (made once: every page
    of the matrix asks for the record of its state afresh)."""
    mapping, _ = ImportColumnMapping.objects.get_or_create(
        council=council,
        shape=shape_key(list(headings)),
        defaults={
            "headers": list(headings),
            "choices": ["ref", "quality_statement", "area_of_focus", "extra"],
            "last_edited_by": by,
            "revision": 1,
        },
    )
    return mapping


def _screening(state, council, service, people):
    screening = ready_screening(council, service, people["author"])
    if state == pm.SCREENING_SCREENED_IN:
        screening.answers.filter(position=1).update(answer="yes", reason="Older people lose a service.")
    values = {"pk": screening.pk, "object_id": screening.pk}
    if state == pm.SCREENING_SUBMITTED:
        Screening.objects.filter(pk=screening.pk).update(status=ScreeningStatus.SUBMITTED)
    if state == pm.SCREENING_SCREENED_OUT:
        Screening.objects.filter(pk=screening.pk).update(
            status=ScreeningStatus.APPROVED,
            approved_by=people["approver"],
            approved_at=timezone.now(),
            review_due=date(2099, 1, 1),
        )
        issued = ScreeningIssuedPdf(screening=screening, issued_by=people["approver"], fingerprint="0" * 64)
        issued.store(b"%PDF-1.7 a stand-in: these tests are about who may fetch it", "matrix.pdf")
        issued.save()
        values["issued_pk"] = issued.pk
    return values


def _framework_values(council):
    framework = council.frameworks.order_by("pk").first()
    theme = framework.themes.order_by("number").first()
    return {"framework_pk": framework.pk, "theme_pk": theme.pk, "item_pk": theme.statements.order_by("pk").first().pk}


def url_for(name, world, built=None):
    """The URL of a page, with the record build() made for its state (made now unless given)."""
    params, _ = URLS[name]
    # Every council settings page is about our council; its services page about our service, its grid rows page
    # about the first row of the council's grid, its status words page about its first word.
    council = world["council"]
    values = {
        "slug": council.slug,
        "service_pk": world["service"].pk,
        "row_pk": council.characteristics.order_by("position", "id").first().pk,
        "question_pk": council.questions.order_by("pk").first().pk,
        "word_pk": council.status_words.order_by("position", "id").first().pk,
        # A forgotten password's link that never worked.
        "uidb64": "MQ",
        "token": "not-a-token",
        # The frameworks' pages: the council's own framework, its first theme and that theme's first item.
        **_framework_values(council),
        **(build(pm.SETUP[name], world) if built is None else built),
    }
    unknown = set(params) - set(values)
    assert not unknown, f"{name} takes {unknown}: say in build() which object it names"
    return reverse(name, kwargs={param: values[param] for param in params})
