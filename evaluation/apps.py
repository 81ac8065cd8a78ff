from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from roadmap.demo_steps import register_demo_step


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Smart City evaluation")

    def ready(self):
        from .demo import load_evaluation_demo  # this app's models are ready only now

        register_demo_step("evaluation", load_evaluation_demo)
