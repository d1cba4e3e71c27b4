from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Đại hội")

    def ready(self):
        # Registers the congress sheet kinds with records.sheets, which never imports congress.
        from . import resources  # noqa: F401
