"""gunicorn settings for `make serve` (README "Production"). Every value can be overridden from
the environment, so one file serves a laptop and a production host.

Sync workers (see worker_class below): nothing a request needs lives in a worker's memory
(sessions are signed cookies, rate limits in Redis, files in STORAGE_DIR), so any worker can take
any request.
"""

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
