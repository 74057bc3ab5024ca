"""WSGI entry point for the load test: `gunicorn bench.wsgi` (DATABASE_URL set by bench.run)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
