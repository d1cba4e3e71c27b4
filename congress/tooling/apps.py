from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolingConfig(AppConfig):
    """The benchmark and the data generator: commands only, no models."""

    name = "congress.tooling"
    label = "tooling"
    verbose_name = _("Công cụ đo và dữ liệu giả lập")
