"""The migration to the council's own status words: every council gets today's five words, and every action, update
and action's history record moves from the five fixed statuses to a meaning and the council's word."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("actionplans", "0011_import_mapping")
AFTER = ("actionplans", "0012_status_words")


def migrated_to(target):
    """The models as they are with actionplans migrated to `target` and every other app at its newest."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    graph = MigrationExecutor(connection).loader
    others = [node for node in graph.graph.leaf_nodes() if node[0] != target[0]]
    return graph.project_state([target, *others]).apps


@pytest.fixture(scope="module")
def migrated(django_db_setup, django_db_blocker):
    """The models after one round trip, with the council whose plan made it: actionplans migrated back to the step
    before the status words, a plan made as the tables held it, then migrated to the status words. A round trip takes
    seconds and the tests only read what it left, so they share one. After them every app is migrated to its newest
    and the tables emptied, as transactional_db would."""
    with django_db_blocker.unblock():
        try:
            council = old_plan(migrated_to(BEFORE))
            yield migrated_to(AFTER), council
        finally:
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
            call_command("flush", interactive=False, verbosity=0, reset_sequences=False)


def old_plan(apps):
    """A council and a plan, with an action in each of the five old statuses, as the tables held them."""
    council = apps.get_model("councils", "Council").objects.create(name="Old Borough Council", slug="old")
    manager = apps.get_model("auth", "User").objects.create(username="old-manager", password=make_password(None))
    plan = apps.get_model("actionplans", "ActionPlan").objects.create(
        council=council,
        framework=apps.get_model("actionplans", "FrameworkVersion").objects.get(is_current=True),
        title="Old plan",
        source="lga_peer_review",
        created_by=manager,
    )
    statement = apps.get_model("actionplans", "QualityStatement").objects.filter(theme__framework=plan.framework)[0]
    Action = apps.get_model("actionplans", "Action")
    HistoricalAction = apps.get_model("actionplans", "HistoricalAction")
    StatusUpdate = apps.get_model("actionplans", "StatusUpdate")
    for number, status in enumerate(["to_be_started", "started", "on_track", "off_track", "complete"], start=1):
        action = Action.objects.create(
            plan=plan,
            ref=f"T1.{number}",
            ref_key=f"T0001.{number:04}",
            quality_statement=statement,
            area_of_focus=f"Focus {number}",
            status=status,
        )
        HistoricalAction.objects.create(
            id=action.pk,
            plan_id=plan.pk,
            ref=action.ref,
            quality_statement_id=statement.pk,
            area_of_focus=action.area_of_focus,
            status=status,
            history_date=timezone.now(),
            history_type="~",
        )
        if status != "to_be_started":
            StatusUpdate.objects.create(
                action=action, status=status, previous_status="started", note="Moved", by=manager
            )
    return council


def test_each_old_status_becomes_a_meaning_and_the_councils_word(migrated, db):
    apps, council = migrated
    Action = apps.get_model("actionplans", "Action")
    assert list(
        Action.objects.filter(plan__council_id=council.pk)
        .order_by("ref_key")
        .values_list("ref", "status", "status_word__word", "status_word__council_id")
    ) == [
        ("T1.1", "not_started", "To be started", council.pk),
        ("T1.2", "on_track", "Started", council.pk),
        ("T1.3", "on_track", "On track", council.pk),
        ("T1.4", "off_track", "Off track", council.pk),
        ("T1.5", "complete", "Complete", council.pk),
    ]
    updates = apps.get_model("actionplans", "StatusUpdate").objects.order_by("action__ref_key")
    assert list(updates.values_list("status", "word__word", "previous_status", "previous_word__word")) == [
        ("on_track", "Started", "on_track", "Started"),
        ("on_track", "On track", "on_track", "Started"),
        ("off_track", "Off track", "on_track", "Started"),
        ("complete", "Complete", "on_track", "Started"),
    ]
    history = apps.get_model("actionplans", "HistoricalAction").objects.order_by("ref")
    assert list(history.values_list("status", "status_word__word")) == [
        ("not_started", "To be started"),
        ("on_track", "Started"),
        ("on_track", "On track"),
        ("off_track", "Off track"),
        ("complete", "Complete"),
    ]


def test_every_council_gets_the_five_words_with_their_history(migrated, db):
    apps, council = migrated
    words = apps.get_model("actionplans", "StatusWord").objects.filter(council_id=council.pk).order_by("position")
    assert list(words.values_list("word", "meaning", "colour", "retired")) == [
        ("To be started", "not_started", "grey", False),
        ("Started", "on_track", "purple", False),
        ("On track", "on_track", "green", False),
        ("Off track", "off_track", "red", False),
        ("Complete", "complete", "blue", False),
    ]
    history = apps.get_model("actionplans", "HistoricalStatusWord").objects.filter(council_id=council.pk)
    assert sorted(history.values_list("word", "history_type")) == sorted((word.word, "+") for word in words)
