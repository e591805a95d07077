"""CQC's local authority framework as the words it uses for its parts; each action's theme, the theme of its quality
statement; and the other frameworks EqA ships (actionplans/framework_data.py)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

from actionplans.framework_data import CQC_WORDING, OTHER_FRAMEWORKS, VERSION


def load(apps, schema_editor):
    from actionplans.framework_data import install

    FrameworkVersion = apps.get_model("actionplans", "FrameworkVersion")
    FrameworkVersion.objects.filter(name=VERSION, council=None).update(**CQC_WORDING)
    Action = apps.get_model("actionplans", "Action")
    QualityStatement = apps.get_model("actionplans", "QualityStatement")
    Action.objects.filter(quality_statement__isnull=False).update(
        theme=Subquery(QualityStatement.objects.filter(pk=OuterRef("quality_statement")).values("theme")[:1])
    )
    install(apps)


def unload(apps, schema_editor):
    names = [framework["name"] for framework in OTHER_FRAMEWORKS]
    apps.get_model("actionplans", "Theme").objects.filter(framework__name__in=names, framework__council=None).delete()
    apps.get_model("actionplans", "FrameworkVersion").objects.filter(name__in=names, council=None).delete()


class Migration(migrations.Migration):
    dependencies = [("actionplans", "0013_frameworks")]

    operations = [migrations.RunPython(load, unload)]
