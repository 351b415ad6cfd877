"""gunicorn settings for `make serve` (README "Production"). Every value can be overridden from
the environment, so one file serves a laptop and a production host.

Sync workers (see worker_class below): nothing a request needs lives in a worker's memory
(sessions are signed cookies, rate limits in Redis, files in STORAGE_DIR), so any worker can take
any request.
"""

import gc
import multiprocessing
import os

from workshop.core.logs import RedactSecretsFilter

bind = os.environ.get("BIND", "127.0.0.1:5000")
# The usual 2 x CPU + 1: a worker waiting on PostgreSQL leaves the CPU to another.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Sync workers by default: a request is short (a check-in is one INSERT) and the TLS proxy in front
# buffers slow clients. GUNICORN_WORKER_CLASS=gthread (GUNICORN_THREADS per worker) keeps clients'
# connections open and serves several requests per process; measured with
# bench/bench_checkin_load.py --worker-class gthread (docs/benchmarks.md, issue 17) it did not lower
# the p99 at 50 connections on 2 busy cores (threads of one process share its interpreter lock).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# (gunicorn turns sync workers with more than one thread into gthread workers.)
threads = int(os.environ.get("GUNICORN_THREADS", "4")) if worker_class == "gthread" else 1
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a 1,000-page PDF takes a while
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows (GUNICORN_MAX_REQUESTS=0: never). With
# the app preloaded and warmed (below, and workshop.warm_up) and the fast exit (worker_exit), a
# recycle costs a fork and a new database connection.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The app is loaded once, in the master, and every worker is a fork of it: a worker recycled by
# max_requests starts in milliseconds instead of importing the app again (seconds of CPU taken
# from the workers still serving: at 200 requests/s each, a busy day recycles every worker every
# ten seconds), and the workers share the app's memory. A worker never uses a database connection
# the master opened (post_fork below); redis-py resets its own pools in a forked process.
# GUNICORN_PRELOAD=0 loads the app in each worker instead.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"

# Only the proxy in front may tell gunicorn the scheme (X-Forwarded-Proto); the app's ProxyFix
# trusts PROXY_HOPS proxies for the client address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The app writes one JSON line per request (workshop/core/logs.py). gunicorn's own access log is
# off unless asked for (GUNICORN_ACCESS_LOG=-); it then logs the path without the query string,
# and the filter below blanks ticket codes and tokens in it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def pre_fork(server, worker):
    # Objects made while loading the app live as long as the process: moved out of the garbage
    # collector's generations, a worker's full collections stop walking them (and stop touching
    # their pages, which stay shared with the master).
    gc.freeze()


def post_fork(server, worker):
    # SQLAlchemy's advice for forked processes: drop the pool's connections inherited from the
    # master without closing them (they belong to the master), so this worker opens its own.
    app = server.app.wsgi() if preload_app else None
    extension = getattr(app, "extensions", {}).get("sqlalchemy")  # None: not Bintek (the bench's bare app)
    if extension is not None:
        with app.app_context():
            for engine in extension.engines.values():
                engine.dispose(close=False)


def worker_exit(server, worker):
    # A worker leaving (recycled, or at shutdown) has answered its last request: close its
    # database connections and flush its logs, then leave without the interpreter's teardown,
    # which frees every object one by one (copying each page the worker shares with the master
    # to write its reference counts: about 65 ms of CPU per recycle, taken from the workers still
    # serving). atexit handlers do not run; the app registers none. A worker that failed (to
    # boot, or with an error) leaves the usual way, with the exit code gunicorn reads.
    import logging
    import sys

    if not worker.booted or worker.alive:
        return
    app = server.app.wsgi() if preload_app else None
    extension = getattr(app, "extensions", {}).get("sqlalchemy")
    if extension is not None:
        with app.app_context():
            for engine in extension.engines.values():
                engine.dispose()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def on_starting(server):
    # In the master, before any worker forks: every worker inherits the filter.
    server.log.access_log.addFilter(RedactSecretsFilter())
    server.log.error_log.addFilter(RedactSecretsFilter())
