from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("Danh mục")

    def ready(self):
        # Registers the registry's sheet kinds with records.sheets, what a scope covers of its
        # models with records.access, the audit log's receivers of logins, and the check after
        # migrate that the triggers of records.derived are in place.
        from . import audit, derived, resources, rules  # noqa: F401
