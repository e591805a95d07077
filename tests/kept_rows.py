"""Rows of the test database kept aside in tables of their own and put back with one INSERT ... SELECT a table.

Tests that commit (the browser tests' live server, a few others) empty every table after them. Two sets of rows are
put back from copies rather than made again:

- the frameworks EqA ships, which the migrations load: after every emptying, so that each test finds the database
  as migrated, with the same ids (about 60 queries to make again, 3 to put back);
- the demo's councils, people and records: the first test of a process to load the demo runs `load_demo` and keeps
  what it made; later tests put it back in a fraction of the 2 s the command takes (its screening's PDF is laid out
  by WeasyPrint), the issued PDFs' files with the rest, as rows. The demo command's own tests
  (tests/councils/test_demo.py) run the command itself.

A copy is a plain table (`kept_<set>_<table>`) beside the one it copies, made with CREATE TABLE ... AS SELECT, which
PostgreSQL and SQLite both speak. Django's flush empties only the models' tables, so the copies outlive it; they
go with the test database. The content types and permissions are never emptied: no test changes them.
"""

import io

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

# Tables that no test writes to: emptying them would only have Django make them again, row by row, after each test.
NEVER_EMPTIED = {"django_content_type", "auth_permission"}


def _tables():
    """Each model's table with its primary key column, the many-to-many tables and History's included."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in NEVER_EMPTIED:
            found[meta.db_table] = meta.pk.column
    return found


class KeptRows:
    """The rows some tables hold, kept under `name`: `tables` maps each table to its primary key's column. Until
    they are kept, there is nothing to put back."""

    def __init__(self, name, tables):
        self.name, self.tables, self.held = name, tables, {}

    @classmethod
    def of(cls, name, *models):
        return cls(name, {model._meta.db_table: model._meta.pk.column for model in models})

    def _copy(self, table):
        return connection.ops.quote_name(f"kept_{self.name}_{table}")

    def keep(self):
        """Copy the tables that hold rows now; the others are left out of what is put back."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            held = {}
            for table, pk in self.tables.items():
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
                if cursor.fetchone():
                    held[table] = pk
            for table in held:
                cursor.execute(f"DROP TABLE IF EXISTS {self._copy(table)}")
                cursor.execute(f"CREATE TABLE {self._copy(table)} AS SELECT * FROM {quote(table)}")
        self.held = held
        return self

    def put_back(self):
        """Insert the kept rows a table lacks, all in one transaction: foreign keys are checked when it commits."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table, pk in self.held.items():
                cursor.execute(
                    f"INSERT INTO {quote(table)} SELECT * FROM {self._copy(table)} AS kept "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {quote(table)} AS here WHERE here.{quote(pk)} = kept.{quote(pk)})"
                )


_demo = {}


def load_demo():
    """The demo, as `manage.py load_demo` makes it. Put back from the copy this process kept, when it was kept today
    (its dates are counted from the day) and nobody has been made yet in this test; loaded by the command otherwise."""
    from django.contrib.auth import get_user_model

    empty = not get_user_model().objects.exists()
    kept = _demo.get(timezone.localdate())
    if empty and kept is not None and not connection.in_atomic_block:
        kept.put_back()
        return
    call_command("load_demo", stdout=io.StringIO())
    # A copy made inside a test's transaction would be rolled back with it.
    if empty and not connection.in_atomic_block:
        _demo.clear()
        _demo[timezone.localdate()] = KeptRows("demo", _tables()).keep()
