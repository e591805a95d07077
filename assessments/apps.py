from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Equality impact assessments"

    def ready(self):
        from assessments import signals  # noqa: F401

    def load_demo(self, council, people):
        from assessments.demo import load_demo

        return load_demo(council, people)

    def dashboard_panels(self, request):
        from assessments.dashboard import dashboard_panels

        return dashboard_panels(request)
