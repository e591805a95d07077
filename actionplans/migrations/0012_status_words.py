"""Each council's own words for an action's status, each meaning one of EqA's meanings.

Every council gets today's five statuses as its words, and every action, update and action's history record moves
from the five fixed statuses to the meaning and the council's word: to be started is not started; started and on
track both mean in progress, on track, each keeping its own word; off track and complete are as they were."""

import django.db.models.deletion
import django.db.models.functions.text
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

MEANINGS = [
    ("not_started", "Not started"),
    ("on_track", "In progress, on track"),
    ("at_risk", "In progress, at risk"),
    ("off_track", "Off track"),
    ("complete", "Complete"),
    ("verified", "Complete and verified"),
    ("closed", "Closed without being done"),
]
COLOURS = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("blue", "Blue"),
    ("purple", "Purple"),
    ("grey", "Grey"),
    ("black", "Black"),
]
# The statuses before this migration, each with its word (the council's default) and what it means; as they were
# here, whatever the defaults later become.
OLD_STATUSES = {
    "to_be_started": ("To be started", "not_started", "grey"),
    "started": ("Started", "on_track", "purple"),
    "on_track": ("On track", "on_track", "green"),
    "off_track": ("Off track", "off_track", "red"),
    "complete": ("Complete", "complete", "blue"),
}


def _words(apps, council):
    """The council's default words by the old status they stand for, made (with their History) if need be."""
    StatusWord = apps.get_model("actionplans", "StatusWord")
    HistoricalStatusWord = apps.get_model("actionplans", "HistoricalStatusWord")
    words = {}
    for position, (old, (word, meaning, colour)) in enumerate(OLD_STATUSES.items(), start=1):
        found = StatusWord.objects.filter(council=council, word__iexact=word).first()
        if found is None:
            found = StatusWord.objects.create(
                council=council, position=position, word=word, meaning=meaning, colour=colour
            )
            HistoricalStatusWord.objects.create(
                id=found.pk,
                council_id=council.pk,
                position=position,
                word=word,
                meaning=meaning,
                colour=colour,
                retired=False,
                history_date=timezone.now(),
                history_type="+",
            )
        words[old] = found
    return words


def to_words(apps, schema_editor):
    Council = apps.get_model("councils", "Council")
    Action = apps.get_model("actionplans", "Action")
    HistoricalAction = apps.get_model("actionplans", "HistoricalAction")
    StatusUpdate = apps.get_model("actionplans", "StatusUpdate")
    ActionPlan = apps.get_model("actionplans", "ActionPlan")
    for council in Council.objects.all():
        plans = ActionPlan.objects.filter(council=council).values("pk")
        # Only rows without a word yet: "on_track" is an old status and a meaning, so a row is told by its word.
        for old, word in _words(apps, council).items():
            Action.objects.filter(plan__in=plans, status=old, status_word__isnull=True).update(
                status=word.meaning, status_word=word
            )
            StatusUpdate.objects.filter(action__plan__in=plans, status=old, word__isnull=True).update(
                status=word.meaning, word=word
            )
            StatusUpdate.objects.filter(
                action__plan__in=plans, previous_status=old, previous_word__isnull=True
            ).update(previous_status=word.meaning, previous_word=word)
            HistoricalAction.objects.filter(plan_id__in=plans, status=old, status_word__isnull=True).update(
                status=word.meaning, status_word=word
            )
    # The history of actions of plans since deleted: their meaning, with no council left to have a word.
    for old, (_, meaning, _) in OLD_STATUSES.items():
        HistoricalAction.objects.filter(status=old).update(status=meaning)


def to_statuses(apps, schema_editor):
    """Back to the five fixed statuses: each word's meaning, in the nearest of them."""
    StatusWord = apps.get_model("actionplans", "StatusWord")
    Action = apps.get_model("actionplans", "Action")
    HistoricalAction = apps.get_model("actionplans", "HistoricalAction")
    StatusUpdate = apps.get_model("actionplans", "StatusUpdate")
    nearest = {
        "not_started": "to_be_started",
        "on_track": "on_track",
        "at_risk": "on_track",
        "off_track": "off_track",
        "complete": "complete",
        "verified": "complete",
        "closed": "complete",
    }
    for word in StatusWord.objects.all():
        old = "started" if word.word.casefold() == "started" else nearest[word.meaning]
        Action.objects.filter(status_word=word).update(status=old)
        StatusUpdate.objects.filter(word=word).update(status=old)
        StatusUpdate.objects.filter(previous_word=word).update(previous_status=old)
        HistoricalAction.objects.filter(status_word=word).update(status=old)
    for meaning, old in nearest.items():
        HistoricalAction.objects.filter(status_word__isnull=True, status=meaning).update(status=old)


def checks_now(apps, schema_editor):
    """PostgreSQL checks a foreign key at the end of the transaction; a table with checks still to make cannot be
    altered, so the ones the data above queued are made now."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _status():
    return models.CharField(choices=MEANINGS, max_length=20)


def _word(null=True):
    return models.ForeignKey(
        null=null, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="actionplans.statusword"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0011_import_mapping"),
        ("councils", "0008_screening_settings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StatusWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("word", models.CharField(max_length=40)),
                ("meaning", models.CharField(choices=MEANINGS, max_length=20)),
                ("colour", models.CharField(choices=COLOURS, max_length=10)),
                ("retired", models.BooleanField(default=False)),
                ("revision", models.PositiveIntegerField(default=0)),
                (
                    "council",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_words",
                        to="councils.council",
                    ),
                ),
            ],
            options={"ordering": ["council", "position", "id"]},
        ),
        migrations.AddConstraint(
            model_name="statusword",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("word"),
                models.F("council"),
                name="status_word_once_per_council",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalStatusWord",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("word", models.CharField(max_length=40)),
                ("meaning", models.CharField(choices=MEANINGS, max_length=20)),
                ("colour", models.CharField(choices=COLOURS, max_length=10)),
                ("retired", models.BooleanField(default=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "council",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="councils.council",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical status word",
                "verbose_name_plural": "historical status words",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        # The words beside the statuses, empty until the data below fills them.
        migrations.AddField(model_name="action", name="status_word", field=_word()),
        migrations.AddField(
            model_name="historicalaction",
            name="status_word",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="actionplans.statusword",
            ),
        ),
        migrations.AddField(model_name="statusupdate", name="word", field=_word()),
        migrations.AddField(model_name="statusupdate", name="previous_word", field=_word()),
        migrations.AddField(
            model_name="statusupdate",
            name="evidence",
            field=models.TextField(blank=True, verbose_name="evidence seen"),
        ),
        migrations.RunPython(checks_now, checks_now),
        migrations.RunPython(to_words, to_statuses),
        migrations.RunPython(checks_now, checks_now),
        migrations.AlterField(
            model_name="action",
            name="status_word",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="actionplans.statusword"
            ),
        ),
        migrations.AlterField(model_name="statusupdate", name="word", field=_word(null=False)),
        migrations.AlterField(model_name="statusupdate", name="previous_word", field=_word(null=False)),
        migrations.AlterField(
            model_name="action",
            name="status",
            field=models.CharField(choices=MEANINGS, default="not_started", editable=False, max_length=20),
        ),
        migrations.AlterField(
            model_name="historicalaction",
            name="status",
            field=models.CharField(choices=MEANINGS, default="not_started", editable=False, max_length=20),
        ),
        migrations.AlterField(model_name="statusupdate", name="status", field=_status()),
        migrations.AlterField(model_name="statusupdate", name="previous_status", field=_status()),
    ]
