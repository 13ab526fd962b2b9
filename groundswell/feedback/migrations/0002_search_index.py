from django.db import migrations

from groundswell.feedback.search import create_search_index, drop_search_index


def forwards(apps, schema_editor):
    create_search_index(schema_editor)


def backwards(apps, schema_editor):
    drop_search_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
