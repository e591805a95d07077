from django.db import migrations, models

IMPORTED = "Imported from "
IMPORTED_NOTE = "Status as given in the plan's spreadsheet when it was imported."


def move_file_names(apps, schema_editor):
    """Imports used to write "Imported from <file name>" as the update's words, which committee papers print as
    the action's latest update. The file name moves to its own field, which only History shows."""
    StatusUpdate = apps.get_model("actionplans", "StatusUpdate")
    # As the importer wrote them: the file's name, on one line (any other words are an officer's).
    written = StatusUpdate.objects.filter(note__iregex=r"^Imported from ([^\n]+\.(csv|xlsx)|a plan file)$")
    for update in written.only("pk", "note"):
        StatusUpdate.objects.filter(pk=update.pk).update(imported_from=update.note.removeprefix(IMPORTED)[:255],
                                                         note=IMPORTED_NOTE)


def restore_file_names(apps, schema_editor):
    StatusUpdate = apps.get_model("actionplans", "StatusUpdate")
    for update in StatusUpdate.objects.exclude(imported_from="").only("pk", "imported_from"):
        StatusUpdate.objects.filter(pk=update.pk).update(note=IMPORTED + update.imported_from)


class Migration(migrations.Migration):

    dependencies = [
        ("actionplans", "0003_statusupdate_recorded_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="statusupdate",
            name="imported_from",
            field=models.CharField(blank=True, editable=False, max_length=255, verbose_name="file imported from"),
        ),
        migrations.RunPython(move_file_names, restore_file_names),
    ]
