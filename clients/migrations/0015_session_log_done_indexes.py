from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class AddIndexConcurrentlyOnPostgres(AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL (the session logs are the biggest table: no
    lock on writes while it builds, docs/deploy.md); a plain CREATE INDEX elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("clients", "0014_session_replies"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="sessionlog",
            index=models.Index(
                condition=models.Q(("status__in", ["done", "partly"])),
                fields=["client", "session_date"],
                name="sessionlog_done_by_client",
            ),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="sessionlog",
            index=models.Index(
                condition=models.Q(("status__in", ["done", "partly"])),
                fields=["assignment", "session_date"],
                name="sessionlog_done_by_plan",
            ),
        ),
    ]
