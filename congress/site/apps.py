from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site's own app, for its management commands (backup, restore, create_demo_user).

    It has no models, so nothing of it shows in the admin; the label "site" keeps it apart from
    the congress app.
    """

    name = "congress.site"
    label = "site"
