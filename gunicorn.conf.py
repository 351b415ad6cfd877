"""gunicorn settings for `make serve` (README "Production"). Every value can be overridden from
the environment, so one file serves a laptop and a production host.

Threaded workers (see worker_class below); nothing a request needs lives in a worker's memory
(sessions are signed cookies, rate limits in Redis, files in STORAGE_DIR), so any worker and any of
its threads can take any request.
"""

import multiprocessing
import os

from workshop.core.logs import RedactSecretsFilter

bind = os.environ.get("BIND", "127.0.0.1:5000")
# The usual 2 x CPU + 1: a worker waiting on PostgreSQL leaves the CPU to another.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Threaded workers (gthread): a worker keeps each client's connection open (keepalive) and serves
# several requests at once, so one waiting on PostgreSQL, a commit's fsync or Redis leaves the
# process to another request instead of the next client queueing at the socket. Measured with
# bench/bench_checkin_load.py (docs/benchmarks.md, issue 17): at 50 connections on 2 cores the
# p99 of the bare endpoint and of a check-in both fell to a fraction of the sync workers' figure.
# GUNICORN_WORKER_CLASS=sync brings back one request per process.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a 1,000-page PDF takes a while
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200

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


def on_starting(server):
    # In the master, before any worker forks: every worker inherits the filter.
    server.log.access_log.addFilter(RedactSecretsFilter())
    server.log.error_log.addFilter(RedactSecretsFilter())
