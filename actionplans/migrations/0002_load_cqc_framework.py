"""CQC's local authority assessment framework as it stood when EqA was written: four themes, nine quality
statements and the two retired ones older plans use. Admins can edit it; a later CQC change is a new version."""

from django.db import migrations

from actionplans.framework_data import VERSION


def load(apps, schema_editor):
    from actionplans.framework_data import install

    install(apps)


def unload(apps, schema_editor):
    apps.get_model("actionplans", "QualityStatement").objects.filter(theme__framework__name=VERSION).delete()
    apps.get_model("actionplans", "Theme").objects.filter(framework__name=VERSION).delete()
    apps.get_model("actionplans", "FrameworkVersion").objects.filter(name=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
