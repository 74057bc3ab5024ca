"""Settings of the benchmarks: Tremplin's production settings on a local bench database.

DEBUG is off as in production (cached templates, no query log); only what a loopback run
cannot have differs: no HTTPS redirect, fixed throwaway keys, static files served from the
source folders (the pages measured are HTML, static files are not requested).
"""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
os.environ.setdefault("TREMPLIN_NIR_HASH_KEY", "bench-only-nir-key")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from tremplin.settings import *  # noqa: E402,F403
from tremplin.settings import STORAGES  # noqa: E402

ROOT_URLCONF = "bench.urls"
WSGI_APPLICATION = "bench.wsgi.application"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Where a request's time goes (bench/probe.py): off unless BENCH_PROBE names a file.
if os.environ.get("BENCH_PROBE"):
    MIDDLEWARE = ["bench.probe.ProbeMiddleware", *MIDDLEWARE]  # noqa: F405
