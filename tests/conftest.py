import email
import email.policy
import io
import logging

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps as django_apps
from django.core.cache import cache
from filelock import FileLock

from actionplans.models import FrameworkVersion, QualityStatement, Theme
from benchmarks.run import free_port
from councils.logs import JsonFormatter
from councils.models import Role
from tests.factories import AssessmentFactory, CouncilFactory, MembershipFactory, ServiceFactory, UserFactory
from tests.kept_rows import NEVER_EMPTIED, KeptRows
from tests.oidc import start_provider

# The frameworks EqA ships, as the test database is migrated: put back after each test that empties the tables.
SHIPPED = KeptRows.of("shipped", FrameworkVersion, Theme, QualityStatement)


def pytest_collection_modifyitems(items):
    """The longest tests first: the browser journeys, then the other browser tests, then the rest. The test
    processes share out the many short tests last, so that neither waits at the end for the other's journey."""

    def length(item):
        if item.path.parent.name != "browser":
            return 2
        return 0 if item.path.stem.endswith("_journey") else 1

    items.sort(key=length)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, tmp_path_factory):
    """Each test process needs a test database of its own. Migrating one takes about 5 s, and 8 s with the other
    process migrating beside it; copying a migrated one takes a fraction of a second. So under pytest-xdist the
    first process to get here migrates a template and every process takes a copy of it, as Django's own parallel
    test runner does (clone_test_db: CREATE DATABASE ... TEMPLATE on PostgreSQL, a file copy on SQLite). The last
    process to take its copy drops the template. Replaces pytest-django's fixture of the same name."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    workers = getattr(request.config, "workerinput", None)
    with django_db_blocker.unblock():
        if workers is None:
            databases = setup_databases(
                verbosity=verbosity, interactive=False, aliases={"default"}, serialized_aliases=set()
            )
        else:
            # The processes of one run share the parent of their temporary folders, and no other run does.
            shared = tmp_path_factory.getbasetemp().parent
            databases = [(connection, connection.settings_dict["NAME"], True)]
            with FileLock(shared / "test-database.lock"):
                template, copies = shared / "test-database-template", shared / "test-database-copies"
                if not template.exists():
                    template.write_text(
                        connection.creation.create_test_db(verbosity, autoclobber=True, serialize=False)
                    )
                connection.settings_dict["NAME"] = template.read_text()
                connection.creation.clone_test_db(suffix=workers["workerid"], verbosity=verbosity)
                with copies.open("a") as taken:
                    taken.write(f"{workers['workerid']}\n")
                if len(copies.read_text().split()) == workers["workercount"]:
                    connection.creation.destroy_test_db(verbosity=verbosity)
                copy = connection.creation.get_test_db_clone_settings(workers["workerid"])
                connection.settings_dict.update(copy)
                connection.close()
        SHIPPED.keep()
    yield
    with django_db_blocker.unblock():
        teardown_databases(databases, verbosity=verbosity)


@pytest.fixture(scope="session", autouse=True)
def reference_data_after_flush():
    """Tests that commit (the browser tests' live server, a few others) empty every table after them, the rows the
    data migrations load included: the frameworks EqA ships. Django's flush then sends post_migrate, as it does to put
    back content types, and the frameworks are put back too, from a copy of them as migrated, with the same ids, so
    the next test finds the database as migrated (tests/kept_rows.py)."""
    from django.db.models.signals import post_migrate

    def put_back(sender, **kwargs):
        SHIPPED.put_back()

    post_migrate.connect(put_back, sender=django_apps.get_app_config("actionplans"), dispatch_uid="eqa-put-back")
    yield
    post_migrate.disconnect(dispatch_uid="eqa-put-back", sender=django_apps.get_app_config("actionplans"))


@pytest.fixture(scope="session", autouse=True)
def empty_tables_by_delete():
    """Tests that commit (the browser tests' live server, a few others) empty every table after them. PostgreSQL's
    TRUNCATE of every table costs seconds, as each table gets new files; a DELETE of the few rows a test made
    costs milliseconds. Django's foreign keys are checked at commit, so the order does not matter. The content types
    and permissions, which no test changes, are left as migrated (tests/kept_rows.py)."""
    from django.db import connection

    operations = type(connection.ops)
    flush = operations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        tables = [table for table in tables if table not in NEVER_EMPTIED]
        if reset_sequences or allow_cascade or connection.vendor != "postgresql":
            return flush(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    operations.sql_flush = sql_flush
    yield
    operations.sql_flush = flush


@pytest.fixture(autouse=True)
def empty_cache():
    """What one test kept in the cache (the public register's pages, under ids another test's records may reuse) is
    not another's."""
    yield
    cache.clear()


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


class Mailbox:
    """What a real SMTP server received: aiosmtpd's, listening on loopback for the whole test session."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture(scope="session")
def smtp_server():
    port = free_port()
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings):
    """The messages EqA sends in this test, as the SMTP server received them: EqA sends through SMTP, as it would to
    a council's mail server."""
    mailbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    mailbox.messages.clear()
    return mailbox.messages


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider (tests/oidc), running for the whole test session."""
    provider = start_provider()
    yield provider
    provider.stop()


@pytest.fixture
def single_sign_on(oidc_provider, settings):
    """EqA set up for single sign-on with the test provider, its accounts and groups as tests/oidc gives them."""
    oidc_provider.reset()
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    return oidc_provider
