from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Improvement action plans"

    def load_demo(self, council, people):
        from actionplans.demo import load_demo

        return load_demo(council, people)
