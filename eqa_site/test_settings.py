"""Settings for the test suite: production settings with a throwaway key and fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from eqa_site.settings import *  # noqa: E402,F403
from eqa_site.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
