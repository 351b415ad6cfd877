"""Flask extensions, created once and bound in create_app()."""

import flask
import flask_limiter
from flask_babel import Babel
from flask_compress import Compress
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from workshop.core.db import Base
from workshop.core.pool import ping_idle_connections
from workshop.core.ratelimit import rate_limit_key

db = SQLAlchemy(model_class=Base)
ping_idle_connections()  # instead of pool_pre_ping's round trip per request (core/pool.py)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter, except for the endpoints in ``counting_themselves``: those count their own
    hits (the check-in scan, core/ratelimit.LeasedLimit), and Flask-Limiter's per-request work for
    them (resolving the endpoint's limits and meta limits, even with none to apply) was a tenth of
    a scan (issue 17)."""

    counting_themselves: set[str] = set()

    def _check_request_limit(self, callable_name=None, in_middleware=True):
        if in_middleware and flask.request.endpoint in self.counting_themselves:
            return None
        return super()._check_request_limit(callable_name, in_middleware)


limiter = Limiter(key_func=rate_limit_key)
compress = Compress()
