from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Đại hội")

    def ready(self):
        # Registers the congress sheet kinds with records.sheets and what a scope covers of
        # congresses with records.access, which never import congress.
        from records import derived

        from . import election_sheets, resources, rules  # noqa: F401

        # The congress tables whose rows SQLite counts for the list pages (records.paging), kept
        # by records.derived's triggers; the registry names no table of this app itself.
        derived.register(
            self.label,
            counted=[
                self.get_model(name)._meta.db_table
                for name in ("Congress", "Attendance", "Speech", "Indicator", "Task")
            ],
        )
