import io
import logging

import pytest
from django.apps import apps as django_apps

from councils.logs import JsonFormatter
from councils.models import Role
from tests.factories import AssessmentFactory, CouncilFactory, MembershipFactory, ServiceFactory, UserFactory


def pytest_collection_modifyitems(items):
    """The longest tests first: the browser journeys, then the other browser tests, then the rest. The test
    processes share out the many short tests last, so that neither waits at the end for the other's journey."""

    def length(item):
        if item.path.parent.name != "browser":
            return 2
        return 0 if item.path.stem.endswith("_journey") else 1

    items.sort(key=length)


@pytest.fixture(scope="session", autouse=True)
def reference_data_after_flush():
    """Tests that commit (the browser tests' live server, a few others) empty every table after them, the rows the
    data migrations load included: the frameworks EqA ships. Django's flush then sends post_migrate, as it does to put
    back content types, and the frameworks are put back too, so the next test finds the database as migrated."""
    from django.db.models.signals import post_migrate

    from actionplans.framework_data import install

    def put_back(sender, apps=django_apps, **kwargs):
        install(apps)

    post_migrate.connect(put_back, sender=django_apps.get_app_config("actionplans"), dispatch_uid="eqa-put-back")
    yield
    post_migrate.disconnect(dispatch_uid="eqa-put-back", sender=django_apps.get_app_config("actionplans"))


@pytest.fixture(scope="session", autouse=True)
def empty_tables_by_delete():
    """Tests that commit (the browser tests' live server, a few others) empty every table after them. PostgreSQL's
    TRUNCATE of every table costs seconds, as each table gets new files; a DELETE of the few rows a test made
    costs milliseconds. Django's foreign keys on PostgreSQL are checked at commit, so the order does not matter."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    operations = type(connection.ops)
    truncate = operations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    operations.sql_flush = sql_flush
    yield
    operations.sql_flush = truncate


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Issued PDFs of each test go to a folder of its own, removed by pytest."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def council(db):
    return CouncilFactory(name="Cheshire West and Chester Council", slug="cwac")


@pytest.fixture
def service(council):
    parent = ServiceFactory(council=council, name="Adult Social Care")
    return ServiceFactory(council=council, parent=parent, name="Strategic Commissioning")


def _member(council, role, username):
    """A person with an address at the council, as its staff have (review reminders go to it)."""
    user = UserFactory(username=username, email=f"{username}@example.gov.uk")
    return MembershipFactory(council=council, role=role, user=user).user


@pytest.fixture
def author(council):
    return _member(council, Role.AUTHOR, "alice-author")


@pytest.fixture
def manager(council):
    return _member(council, Role.MANAGER, "mo-manager")


@pytest.fixture
def approver(council):
    return _member(council, Role.APPROVER, "bob-approver")


@pytest.fixture
def viewer(council):
    return _member(council, Role.VIEWER, "vera-viewer")


@pytest.fixture
def council_admin(council):
    return _member(council, Role.COUNCIL_ADMIN, "ada-admin")


@pytest.fixture
def other_council(db):
    return CouncilFactory(name="Another Borough Council", slug="another")


@pytest.fixture
def outsider(other_council):
    """Charlie is an author too, but of another council: he must see nothing of ours."""
    return _member(other_council, Role.AUTHOR, "charlie-outsider")


@pytest.fixture
def assessment(council, service, author):
    return AssessmentFactory(
        council=council, service=service, created_by=author, title="Joint commissioning of care at home services"
    )


@pytest.fixture
def plan(council, manager):
    from tests.factories import ActionPlanFactory

    return ActionPlanFactory(
        council=council,
        created_by=manager,
        title="National Assurance Framework – Adult Social Care – Peer Review Action Plan",
    )


@pytest.fixture
def quick_pdfs(monkeypatch):
    """A PDF's template is still rendered with its data; only WeasyPrint's layout of it, which makes no query, is
    skipped."""

    class Laid:
        def __init__(self, string, **kwargs):
            assert string

        def write_pdf(self, **kwargs):
            return b"%PDF-1.7 a stand-in for the laid-out PDF"

    monkeypatch.setattr("councils.pdf.HTML", Laid)


@pytest.fixture
def security_log():
    """The lines the security log writes during the test, as text."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("eqa.security")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)
