"""Council settings, frameworks: a council admin adds a framework of the council's own, names its themes and the
items under them, rewords, reorders and retires them; plans are then made against it. History tells of each change."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from actionplans.models import FrameworkKind, FrameworkVersion, QualityStatement, Theme
from actionplans.models.framework import MAX_THEMES
from tests.factories import ActionFactory, ActionPlanFactory

AREAS = ["Prevention", "Carers", "Safeguarding", "Workforce", "Governance"]


def url(name, framework, *parts):
    return reverse(f"actionplans:settings-{name}", args=[framework.council.slug, framework.pk, *parts])


def words(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def themes(framework):
    return list(framework.themes.order_by("number").values_list("number", "name", "retired"))


def history(client, council):
    response = client.get(reverse("councils:settings-history", args=[council.slug]))
    return [change for entry in response.context["page"].object_list for change in entry.changes]


def framework_data(**changes):
    return {
        "name": "Adult social care improvement areas",
        "kind": FrameworkKind.COUNCIL_OWN,
        "theme_label": "Area",
        "item_label": "",
        "numbers_themes": "True",
        "uses_priorities": "False",
        **changes,
    }


@pytest.fixture
def areas(council):
    """A framework of the council's own: five areas, no items."""
    framework = FrameworkVersion.objects.create(
        council=council, name="Improvement areas", kind=FrameworkKind.COUNCIL_OWN, theme_label="Area"
    )
    for number, name in enumerate(AREAS, start=1):
        Theme.objects.create(framework=framework, number=number, name=name)
    return framework


@pytest.fixture
def recommendations(council):
    """A framework of the council's own whose themes have items: recommendations."""
    framework = FrameworkVersion.objects.create(
        council=council,
        name="Scrutiny review of home care",
        kind=FrameworkKind.SCRUTINY_REVIEW,
        theme_label="Chapter",
        item_label="Recommendation",
    )
    chapter = Theme.objects.create(framework=framework, number=1, name="Commissioning")
    for position, name in enumerate(["Pay carers for travel time", "Publish the waiting list"], start=1):
        QualityStatement.objects.create(theme=chapter, position=position, name=name)
    return framework


class TestTheList:
    def test_the_settings_page_links_to_the_frameworks(self, client, council, council_admin):
        client.force_login(council_admin)
        page = client.get(reverse("councils:settings", args=[council.slug])).content.decode()
        assert reverse("actionplans:settings-frameworks", args=[council.slug]) in page

    def test_it_lists_those_eqa_provides_and_the_councils_own(self, client, council, council_admin, areas):
        client.force_login(council_admin)
        response = client.get(reverse("actionplans:settings-frameworks", args=[council.slug]))
        assert [f.name for f in response.context["own"]] == ["Improvement areas"]
        assert "CQC's five key questions for health and care providers" in [
            f.name for f in response.context["provided"]
        ]
        assert "5 areas" in words(response)

    def test_a_framework_eqa_provides_can_be_read_and_not_changed(self, client, council, council_admin):
        provided = FrameworkVersion.objects.get(council=None, kind=FrameworkKind.CQC_KEY_QUESTIONS)
        client.force_login(council_admin)
        page = client.get(reverse("actionplans:settings-framework", args=[council.slug, provided.pk]))
        assert "Safe" in words(page) and not page.context["is_own"]
        edit = reverse("actionplans:settings-framework-edit", args=[council.slug, provided.pk])
        assert client.get(edit).status_code == 404


class TestAddingAFramework:
    def test_a_council_admin_adds_a_framework_of_five_themes_with_no_items(self, client, council, council_admin):
        client.force_login(council_admin)
        response = client.post(reverse("actionplans:settings-framework-add", args=[council.slug]), framework_data())
        framework = FrameworkVersion.objects.get(council=council)
        assert response["Location"] == url("framework", framework)
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            f"The framework ‘{framework.name}’ is added. Add its areas before anybody makes a plan against it."
        ]
        form = client.get(url("theme-add", framework)).context["form"]
        assert (
            form["description"].help_text
            == "What the area covers. The committee PDF prints it under the area's heading."
        )
        for name in AREAS:
            client.post(url("theme-add", framework), {"name": name, "description": "", "revision": "0"})
        assert themes(framework) == [(n, name, False) for n, name in enumerate(AREAS, start=1)]
        assert (framework.has_items, framework.theme_heading(framework.themes.get(number=2))) == (
            False,
            "Area 2: Carers",
        )

    def test_a_plan_is_then_made_against_it_and_its_actions_are_set_against_its_areas(
        self, client, council, manager, areas
    ):
        client.force_login(manager)
        client.post(
            reverse("actionplans:start"),
            {"council": council.pk, "title": "Our improvement plan", "source": "other", "framework": areas.pk},
        )
        plan = council.action_plans.get()
        form = client.get(reverse("actionplans:action-add", args=[plan.pk])).context["form"]
        assert form.fields["theme"].label == "Area"
        assert [label for _, label in form.fields["theme"].choices][1:3] == ["Area 1: Prevention", "Area 2: Carers"]

    def test_the_same_form_sent_twice_adds_one(self, client, council, council_admin):
        client.force_login(council_admin)
        page = client.get(reverse("actionplans:settings-framework-add", args=[council.slug]))
        once = {"once": page.context["form"]["once"].value()}
        for _ in range(2):
            client.post(reverse("actionplans:settings-framework-add", args=[council.slug]), framework_data(**once))
        assert FrameworkVersion.objects.filter(council=council).count() == 1

    def test_the_same_theme_sent_twice_adds_one(self, client, council_admin, areas):
        client.force_login(council_admin)
        once = {"once": client.get(url("theme-add", areas)).context["form"]["once"].value()}
        for _ in range(2):
            client.post(url("theme-add", areas), {"name": "Housing", "revision": "0", **once})
        assert areas.themes.filter(name="Housing").count() == 1

    @pytest.mark.parametrize(
        ("changes", "error"),
        [
            ({"name": "n" * 201}, ("Enter a name of 200 characters or fewer", "id_name")),
            ({"theme_label": "t" * 41}, ("Enter a word for its themes of 40 characters or fewer", "id_theme_label")),
            (
                {"name": "CQC's five key questions for health and care providers"},
                (
                    "EqA provides a framework called ‘CQC's five key questions for health and care providers’. Give "
                    "the council's own another name",
                    "id_name",
                ),
            ),
            (
                {"theme_label": "", "item_label": "Recommendation"},
                ("Enter what the framework calls its themes: items are always under a theme", "id_theme_label"),
            ),
        ],
    )
    def test_what_cannot_be_is_refused_and_what_was_typed_is_kept(self, client, council, council_admin, changes, error):
        client.force_login(council_admin)
        response = client.post(
            reverse("actionplans:settings-framework-add", args=[council.slug]), framework_data(**changes)
        )
        assert response.context["errors"] == [error]
        assert not FrameworkVersion.objects.filter(council=council).exists()

    def test_a_name_the_council_has_already_is_refused(self, client, council, council_admin, areas):
        client.force_login(council_admin)
        response = client.post(
            reverse("actionplans:settings-framework-add", args=[council.slug]), framework_data(name="improvement areas")
        )
        assert response.context["errors"] == [
            ("The council already has a framework called ‘improvement areas’. Give this one another name", "id_name")
        ]

    def test_a_framework_holds_a_bounded_number_of_themes(self, client, council_admin, areas):
        for number in range(len(AREAS) + 1, MAX_THEMES + 1):
            Theme.objects.create(framework=areas, number=number, name=f"Area {number}")
        client.force_login(council_admin)
        response = client.post(url("theme-add", areas), {"name": "One too many", "revision": "0"})
        assert response.context["errors"] == [
            ("There are 30 here, the most there can be. Change one that is no longer used instead", "id_name")
        ]


class TestChangingAFramework:
    def test_it_rewords_a_theme(self, client, council_admin, areas):
        carers = areas.themes.get(name="Carers")
        client.force_login(council_admin)
        client.post(
            url("theme-edit", areas, carers.pk),
            {
                "name": "Unpaid carers",
                "description": "Carers' assessments and breaks.",
                "retired": "False",
                "revision": "0",
            },
        )
        carers.refresh_from_db()
        assert (carers.name, carers.description) == ("Unpaid carers", "Carers' assessments and breaks.")

    def test_a_theme_an_action_has_is_retired_and_not_removed(self, client, council_admin, manager, areas):
        carers = areas.themes.get(name="Carers")
        plan = ActionPlanFactory(council=areas.council, framework=areas, created_by=manager)
        ActionFactory(plan=plan, quality_statement=None, theme=carers)
        client.force_login(council_admin)
        page = client.get(url("theme-remove", areas, carers.pk))
        assert "it is retired rather than removed" in words(page)
        client.post(url("theme-remove", areas, carers.pk))
        assert themes(areas)[1] == (2, "Carers", True)

    def test_a_theme_no_action_has_is_removed_and_those_after_it_move_up(self, client, council_admin, areas):
        client.force_login(council_admin)
        client.post(url("theme-remove", areas, areas.themes.get(name="Carers").pk))
        assert [name for _, name, _ in themes(areas)] == ["Prevention", "Safeguarding", "Workforce", "Governance"]
        assert [number for number, _, _ in themes(areas)] == [1, 2, 3, 4]

    def test_a_retired_theme_is_offered_again_by_changing_it(self, client, council_admin, areas):
        carers = areas.themes.get(name="Carers")
        Theme.objects.filter(pk=carers.pk).update(retired=True)
        client.force_login(council_admin)
        client.post(url("theme-edit", areas, carers.pk), {"name": "Carers", "retired": "False", "revision": "0"})
        assert not Theme.objects.get(pk=carers.pk).retired

    def test_it_moves_a_theme_down_and_renumbers_the_two(self, client, council_admin, areas):
        client.force_login(council_admin)
        response = client.post(url("theme-move", areas, areas.themes.get(name="Prevention").pk), {"direction": "down"})
        assert [name for _, name, _ in themes(areas)][:2] == ["Carers", "Prevention"]
        assert response["Location"].endswith(f"#theme-{areas.themes.get(name='Prevention').pk}")

    def test_it_adds_rewords_and_moves_an_item(self, client, council_admin, recommendations):
        chapter = recommendations.themes.get()
        client.force_login(council_admin)
        client.post(
            url("item-add", recommendations, chapter.pk), {"name": "Train staff in dementia care", "revision": "0"}
        )
        item = chapter.statements.get(name="Train staff in dementia care")
        client.post(
            url("item-edit", recommendations, item.pk),
            {"name": "Train every carer in dementia care", "retired": "False", "revision": "1"},
        )
        client.post(url("item-move", recommendations, item.pk), {"direction": "up"})
        assert list(chapter.statements.order_by("position").values_list("name", flat=True)) == [
            "Pay carers for travel time",
            "Train every carer in dementia care",
            "Publish the waiting list",
        ]

    def test_it_refuses_to_drop_the_items_of_a_framework_that_has_them(self, client, council_admin, recommendations):
        client.force_login(council_admin)
        data = framework_data(name=recommendations.name, theme_label="Chapter", item_label="", revision="0")
        response = client.post(url("framework-edit", recommendations), data)
        assert response.context["errors"] == [
            (
                "Enter what the framework calls its items: its themes have items. Remove them first to have none",
                "id_item_label",
            )
        ]

    def test_a_change_opened_before_somebody_else_saved_is_told_and_keeps_what_was_typed(
        self, client, council_admin, areas
    ):
        carers = areas.themes.get(name="Carers")
        client.force_login(council_admin)
        opened = client.get(url("theme-edit", areas, carers.pk)).context["form"]
        seen = opened["seen"].value()
        # Somebody else renames it meanwhile.
        client.post(
            url("theme-edit", areas, carers.pk),
            {"name": "Family carers", "retired": "False", "revision": "0", "seen": seen},
        )
        response = client.post(
            url("theme-edit", areas, carers.pk),
            {"name": "Young carers", "retired": "False", "revision": "0", "seen": seen},
        )
        assert response.status_code == 200
        assert response.context["differences"] == [("Name of the area", "Young carers", "Family carers")]
        assert Theme.objects.get(pk=carers.pk).name == "Family carers"
        assert "Young carers" in response.content.decode()


class TestWhoMay:
    def test_another_councils_admin_gets_404(self, client, other_council, areas):
        from tests.factories import MembershipFactory, UserFactory

        theirs = MembershipFactory(council=other_council, role="council_admin", user=UserFactory()).user
        client.force_login(theirs)
        for name, parts in [("framework", ()), ("framework-edit", ()), ("theme-edit", (areas.themes.first().pk,))]:
            assert client.get(url(name, areas, *parts)).status_code == 404, name

    def test_a_council_admin_of_another_council_cannot_reach_ours_through_their_own_slug(
        self, client, other_council, areas
    ):
        from tests.factories import MembershipFactory, UserFactory

        theirs = MembershipFactory(council=other_council, role="council_admin", user=UserFactory()).user
        client.force_login(theirs)
        page = reverse("actionplans:settings-framework-edit", args=[other_council.slug, areas.pk])
        assert client.get(page).status_code == 404

    def test_a_manager_is_refused(self, client, manager, areas):
        client.force_login(manager)
        assert client.get(url("framework", areas)).status_code == 403


class TestHistory:
    def test_it_tells_of_a_framework_added_and_its_themes_added_reworded_retired_and_moved(
        self, client, council, council_admin
    ):
        client.force_login(council_admin)
        client.post(reverse("actionplans:settings-framework-add", args=[council.slug]), framework_data())
        framework = FrameworkVersion.objects.get(council=council)
        for name in ["Prevention", "Carers"]:
            client.post(url("theme-add", framework), {"name": name, "revision": "0"})
        carers = framework.themes.get(name="Carers")
        client.post(
            url("theme-edit", framework, carers.pk), {"name": "Unpaid carers", "retired": "True", "revision": "2"}
        )
        client.post(url("theme-move", framework, carers.pk), {"direction": "up"})
        said = history(client, council)
        assert "Added the framework ‘Adult social care improvement areas’" in said
        assert "Added the area ‘Prevention’ to ‘Adult social care improvement areas’" in said
        assert (
            "Name of the area in ‘Adult social care improvement areas’ changed from ‘Carers’ to ‘Unpaid carers’" in said
        )
        assert (
            "Retired the area ‘Unpaid carers’ of ‘Adult social care improvement areas’: new actions cannot have it"
            in said
        )
        assert "Moved the area ‘Unpaid carers’ of ‘Adult social care improvement areas’ from place 2 to place 1" in said
