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

        # The tables whose rows SQLite counts (records.paging) and those searched by the starts
        # of words (records.search), kept by records.derived's triggers.
        derived.register(
            self.label,
            counted=[
                self.get_model(name)._meta.db_table
                for name in (
                    "Source",
                    "AdministrativeUnit",
                    "UnitSuccession",
                    "Organisation",
                    "Person",
                    "Membership",
                    "LegalDocument",
                    "Figure",
                )
            ],
            word_tables=[
                derived.WordTable(self.get_model("Person")._meta.db_table, "sort_key", sort_collation="C"),
                derived.WordTable(self.get_model("Organisation")._meta.db_table, "search_key"),
            ],
        )
