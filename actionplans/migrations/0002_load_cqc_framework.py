"""CQC's local authority assessment framework as it stood when EqA was written: four themes, nine quality
statements and the two retired ones older plans use. Admins can edit it; a later CQC change is a new version."""

from datetime import date

from django.db import migrations

VERSION = "CQC local authority assessment framework (2023)"


def load(apps, schema_editor):
    from actionplans.framework_data import QUALITY_STATEMENTS, THEMES

    FrameworkVersion = apps.get_model("actionplans", "FrameworkVersion")
    Theme = apps.get_model("actionplans", "Theme")
    QualityStatement = apps.get_model("actionplans", "QualityStatement")
    version, _ = FrameworkVersion.objects.get_or_create(
        name=VERSION, defaults={"effective_from": date(2023, 4, 1), "is_current": True})
    themes = {}
    for data in THEMES:
        themes[data["number"]], _ = Theme.objects.get_or_create(
            framework=version, number=data["number"],
            defaults={"name": data["name"], "description": data["description"]})
    for data in QUALITY_STATEMENTS:
        QualityStatement.objects.get_or_create(
            theme=themes[data["theme"]], name=data["name"],
            defaults={"position": data["position"], "we_statement": data["we_statement"],
                      "i_statement": data["i_statement"], "retired": data["retired"],
                      "aliases": data.get("aliases", [])})


def unload(apps, schema_editor):
    apps.get_model("actionplans", "QualityStatement").objects.filter(theme__framework__name=VERSION).delete()
    apps.get_model("actionplans", "Theme").objects.filter(framework__name=VERSION).delete()
    apps.get_model("actionplans", "FrameworkVersion").objects.filter(name=VERSION).delete()


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
