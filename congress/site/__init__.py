"""The site's wiring: settings, URLs, the WSGI entry point, login throttling, date formats, and
the site-wide backup and restore.

It is not part of the congress app: it puts the apps together (its URLs import their views), and
no app imports it (import-linter checks this in `make test`). Only manage.py, the WSGI server and
the tests name it, through DJANGO_SETTINGS_MODULE = "congress.site.settings".
"""
