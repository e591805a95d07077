from django.db import migrations, models


class Migration(migrations.Migration):
    # Once 0014_frameworks_data has given every action its quality statement's theme.
    dependencies = [("actionplans", "0014_frameworks_data")]

    operations = [
        migrations.AddConstraint(
            model_name="action",
            constraint=models.CheckConstraint(
                condition=models.Q(("quality_statement__isnull", True), ("theme__isnull", False), _connector="OR"),
                name="action_item_with_its_theme",
            ),
        ),
    ]
