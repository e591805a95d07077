from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = "Councils and people"

    def ready(self):
        # Connects the receivers that log sign-ins and sign-outs and start the session clock.
        from councils import logs, middleware  # noqa: F401
