"""WSGI entry point: gunicorn compassion_site.wsgi"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compassion_site.settings")

application = get_wsgi_application()
