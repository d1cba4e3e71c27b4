from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Danh mục")

    def ready(self):
        # Registers the registry's sheet kinds with records.sheets, what a scope covers of its
        # models with records.access, and the audit log's receivers of logins.
        from . import audit, resources, rules  # noqa: F401
