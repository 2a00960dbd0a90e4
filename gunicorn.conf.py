"""gunicorn as the portal runs in production: `gunicorn -c gunicorn.conf.py svom.wsgi`
(what `make serve` does). Every value can be changed by an environment variable."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two processes per core (plus one) and a few threads each: a request waiting for the
# database holds one thread, not a whole worker, so static files and cached pages keep
# being served.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that has not finished in 30 s is cut off; the database gives up far sooner
# (DJANGO_DB_CONNECT_TIMEOUT, DJANGO_DB_STATEMENT_TIMEOUT).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (with jitter, not all at once), so that
# no slow growth of memory can build up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The load balancer's address, whose X-Forwarded-* headers are trusted.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
