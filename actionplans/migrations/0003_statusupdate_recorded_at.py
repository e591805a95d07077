import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def recorded_when_dated(apps, schema_editor):
    # Until updates could be back-dated, each was entered at the moment it is dated.
    apps.get_model("actionplans", "StatusUpdate").objects.update(recorded_at=F("at"))


class Migration(migrations.Migration):

    dependencies = [
        ("actionplans", "0002_load_cqc_framework"),
    ]

    operations = [
        migrations.AddField(
            model_name="statusupdate",
            name="recorded_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.RunPython(recorded_when_dated, migrations.RunPython.noop),
    ]
