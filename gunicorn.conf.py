"""gunicorn settings for Passport: `gunicorn -c gunicorn.conf.py passport.wsgi`.

Workers follow the CPU count; a request may take as long as one badge's whole budget
of documents (badges.openbadges.fetch_budget, 60 s) plus a margin before the worker is
recycled, so a slow issuer gives the learner a clear refusal, never a killed worker.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 90  # > the 60 s budget of one badge's documents
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then, with jitter so they do not all at once
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
