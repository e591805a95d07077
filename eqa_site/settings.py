"""EqA settings. Everything that differs between machines comes from the environment."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# In production a long random string (50 characters or more), kept secret:
# python -c "import secrets; print(secrets.token_urlsafe(50))"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=1 on a developer's machine).")
    SECRET_KEY = "insecure-development-key-never-used-in-production"
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    # Sessions, password reset links and CSRF tokens are signed with it: a short or repetitive key can be guessed.
    raise ImproperlyConfigured(
        f"SECRET_KEY is {len(SECRET_KEY)} characters long with {len(set(SECRET_KEY))} different ones. In production "
        "it must be 50 characters or more, random and secret. Make one with: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The Django admin, for superusers only.
    "councils.apps.SuperusersOnlyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "csp",
    # Email is sent by a worker after the step's transaction commits (councils/notifications.py): django-tasks,
    # the backport of Django 6's tasks, with its database backend, so the queue is rows in EqA's own database.
    "django_tasks",
    "django_tasks_db",
    "councils",
    "assessments",
    "actionplans",
    # generate_scale_data and the benchmark's pages; it has no models.
    "benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signs a person out after 60 minutes idle or 12 hours in all; before LoginRequiredMiddleware, so that
    # a request on an ended session is sent to sign in.
    "councils.middleware.SessionLimitsMiddleware",
    "councils.middleware.NoStoreWhenSignedInMiddleware",
    "councils.middleware.PdfNotSentMiddleware",
    # Every page needs sign-in unless its view says otherwise (sign-in itself, /healthz).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A person signed in with a temporary password chooses their own before anything else.
    "councils.accounts.ChooseNewPasswordMiddleware",
    # Who made each change, for the audit history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "eqa_site.urls"
WSGI_APPLICATION = "eqa_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "councils.context_processors.councils",
            ],
        },
    },
]

# A SQLite file when DATABASE_URL is unset or empty, so a fresh checkout runs as it is.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so two requests changing one record queue up instead of
    # the second failing with "database is locked" (SQLite has no SELECT ... FOR UPDATE).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Single sign-on with the council's identity provider over OpenID Connect (councils/single_sign_on.py), off until
# OIDC_RP_CLIENT_ID and the provider's endpoints are set: its discovery document (…/.well-known/openid-configuration)
# gives each. For Entra ID the issuer is https://login.microsoftonline.com/<tenant id>/v2.0.
OIDC_OP_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGORITHM", "RS256")
OIDC_RP_SCOPES = "openid email profile"
# The ID token's claim that lists the person's groups: Entra ID's is "groups" (object IDs unless the app
# registration is set to send names), Keycloak's too; Okta's is whatever its groups claim is named.
OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
# The button on the sign-in page: "Sign in with Microsoft".
SIGN_ON_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "your council account")
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "sign-on-done"
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = True
# Off, the sign-in page offers only single sign-on, no password is taken anywhere (the backend that checks one is
# not installed) and the pages to change or reset a password answer 404.
PASSWORD_SIGN_IN = env_bool("PASSWORD_SIGN_IN", True)
# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *(["django.contrib.auth.backends.ModelBackend"] if PASSWORD_SIGN_IN else []),
    "councils.single_sign_on.SignOnBackend",
]
LOGIN_URL = "sign-in"
# Django refuses a request of more than 100 files with a bare 400. Old EIAs are brought in from Word a hundred at a
# time: a few hundred files chosen at once are read, so that the page can say to choose fewer (each file's size is
# checked by the page, and the whole request is still bounded by the web server's limit).
DATA_UPLOAD_MAX_NUMBER_FILES = 1_000
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # The files records name (issued PDFs, Word files brought in), in the database with the records.
    "default": {"BACKEND": "councils.storage.DatabaseStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Where EqA kept its files before they moved into the database: migration councils.0010 stores what it finds there.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Security. Everything is on unless DEBUG is; `manage.py check --deploy --fail-level WARNING` passes with these.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# How many proxies in front of EqA add an address to X-Forwarded-For (only read when BEHIND_TLS_PROXY is set).
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1"))
# Requests a minute each address may make to a council's public register, which anyone may read.
REGISTER_REQUESTS_PER_MINUTE = int(os.environ.get("REGISTER_REQUESTS_PER_MINUTE", "120"))
# "Forgotten your password?": how often an address may ask for a link, and how long a link works (seconds).
PASSWORD_RESETS_PER_MINUTE = int(os.environ.get("PASSWORD_RESETS_PER_MINUTE", "10"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(60 * 60)))
# How many days a council admin's emailed invitation to EqA works.
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))
# PDFs made at once on one server (councils/pdf.py), each in a process of its own at a lower priority; a download
# that finds them all busy is asked to try again in a minute. Fewer than the web workers, so that PDFs never hold them
# all (README, "Running in production").
PDF_RENDERS_AT_ONCE = max(1, int(os.environ.get("PDF_RENDERS_AT_ONCE", "1")))
# Where the slots' lock files are: one folder for every worker of a server.
PDF_SLOTS_DIR = Path(os.environ.get("PDF_SLOTS_DIR", Path(tempfile.gettempdir()) / f"eqa-pdf-slots-{os.getuid()}"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers check /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading binds the whole domain and every subdomain to HTTPS in browsers for good, and only the domain's
# owner can ask for it, so it is off unless they say so; the deploy check's reminder about it is silenced then.
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Pages take the CSRF token from their forms, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "councils.views.csrf_failure"

# A session ends after 60 minutes without a request, and 12 hours after sign-in whatever happens
# (councils.middleware.SessionLimitsMiddleware); the page warns two minutes before.
SESSION_IDLE_TIMEOUT = 60 * 60
SESSION_ABSOLUTE_TIMEOUT = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# Content Security Policy (django-csp): no inline script or style anywhere, nothing from other sites.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Sign-in throttling (django-axes): five wrong passwords for one username from one address lock that pair out for
# 15 minutes. Keyed on both, so one person's mistakes do not lock out a whole office behind one address. And 20
# wrong passwords from one address, whatever the usernames, lock that address out for 15 minutes
# (councils.throttling): an office does not get 20 wrong in a quarter of an hour, somebody trying every account does.
AXES_FAILURE_LIMIT = 5
SIGN_IN_FAILURES_PER_ADDRESS = 20
AXES_HANDLER = "councils.throttling.UsernameAndAddressHandler"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "councils.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "councils.addresses.client_address"
# The security log records every sign-in and sign-out; a table of them too would only grow.
AXES_DISABLE_ACCESS_LOG = True

# The address people reach EqA at, for links in emails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Who runs this copy of EqA, and where people send accessibility problems, for the accessibility statement.
SERVICE_OWNER = os.environ.get("SERVICE_OWNER", "")
ACCESSIBILITY_EMAIL = os.environ.get("ACCESSIBILITY_EMAIL", "")

# Email (review reminders). On a developer's machine emails are printed unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# A hung mail server must not hold a reminder's transaction open for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "EqA <eqa@localhost>")
# GOV.UK Notify, with EMAIL_BACKEND=councils.notify.NotifyEmailBackend: the service's API key and an email template
# whose personalisation is ((subject)) and ((body)). NOTIFY_BASE_URL only to speak to somewhere other than Notify.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")

# The queue of emails to send: rows in this database, run by `manage.py db_worker` (a process of its own).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# How long the worker waits before trying an email again after the mail server failed, each time, in seconds: a
# notification is tried len(...) + 1 times in all, then left, logged, unsent.
NOTIFICATION_RETRY_DELAYS = [60, 300, 900, 3600, 4 * 3600, 12 * 3600]
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The security log: one JSON object a line (councils.logs.JsonFormatter), so log tools can read it and nothing a
# person types can start a line of its own.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "councils.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "eqa.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        "django.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
        # django-axes says again, with the username and address masked, what the security log already says.
        "axes": {"handlers": ["security"], "level": "ERROR", "propagate": False},
        # WeasyPrint reports every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
