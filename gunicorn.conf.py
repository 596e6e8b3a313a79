"""gunicorn settings for Passport: `gunicorn -c gunicorn.conf.py passport.wsgi`.

Workers follow the CPU count; a request may take as long as one badge's whole budget
of documents (badges.openbadges.fetch_budget, 60 s) plus a margin before the worker is
recycled, so a slow issuer gives the learner a clear refusal, never a killed worker.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 90  # > the 60 s budget of one badge's documents
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, with jitter so they do not all go at once. Not too often:
# a restart costs a worker about a second of loading, and kept pages go out by hundreds
# a second.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"

# What a worker has loaded once it runs (Django, the URL patterns, then the templates and
# translations its first requests compile) lives as long as the worker. Frozen, the
# garbage collector stops walking those objects on each collection: a fifth to a third
# off the time of a busy page, as bench/serve.py shows.
FREEZE_AGAIN_AFTER = 200  # requests: by then the templates and catalogues are loaded


def post_worker_init(worker):
    gc.collect()
    gc.freeze()


def post_request(worker, req, environ, resp):
    if worker.nr == FREEZE_AGAIN_AFTER:
        gc.collect()
        gc.freeze()
