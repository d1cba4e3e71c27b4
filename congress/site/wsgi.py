"""WSGI entry point, for gunicorn: `gunicorn congress.site.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.site.settings")

application = get_wsgi_application()
