from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Đại hội")

    def ready(self):
        # Registers the congress sheet kinds with records.sheets and what a scope covers of
        # congresses with records.access, which never import congress.
        from . import resources, rules  # noqa: F401
