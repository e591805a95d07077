from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CouncilsConfig(AppConfig):
    # This module holds the admin's config too: this one is the app's.
    default = True
    name = "councils"
    verbose_name = "Councils and people"

    def ready(self):
        # Connects the receivers that log sign-ins and sign-outs, start the session clock and send a person who
        # signed in with a temporary password to choose their own.
        from councils import accounts, logs, middleware  # noqa: F401


class SuperusersOnlyAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the site that lets only superusers in (councils/admin_site.py)."""

    default = False
    default_site = "councils.admin_site.SuperusersOnlyAdminSite"
