from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Danh mục")

    def ready(self):
        # Registers the registry's sheet kinds with records.sheets.
        from . import resources  # noqa: F401
