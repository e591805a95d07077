"""Settings for the test suite: production settings with a throwaway key and fast password hashing."""

import os
import tempfile

# Long enough for the production settings' own check on the key; it signs nothing outside the tests.
os.environ.setdefault("SECRET_KEY", "tests-only-not-secret-never-deploy-this-key-anywhere")
# The test client and the browser tests' live server speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from eqa_site.settings import *  # noqa: E402,F403
from eqa_site.settings import DATABASES, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared memory, so that tests of two people at once can use two real connections.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.gettempdir(), f"eqa-test-{os.getpid()}.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The test database is thrown away, so a commit need not wait for the disk: 0.1 ms instead of about 1.2 ms on
    # a small machine, and the tests that commit (the live server's, a few others) commit thousands of times.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "options": "-c synchronous_commit=off",
    }
# Files are kept in the database; the migration that brings in files an older EqA kept on disk finds none here (a
# developer's own media folder is not the tests').
MEDIA_ROOT = os.path.join(tempfile.gettempdir(), f"eqa-test-media-{os.getpid()}-none")
# Each test process has its own PDF slots, so that a test holding one refuses nobody else's PDF.
PDF_SLOTS_DIR = os.path.join(tempfile.gettempdir(), f"eqa-test-pdf-slots-{os.getpid()}")
