"""ASGI entry point: `gunicorn svom.asgi` in production (see README)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "svom.settings")

application = get_asgi_application()
