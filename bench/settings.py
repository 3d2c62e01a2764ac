"""Settings of the benchmark only: the production settings plus the floor view's URLs.

gunicorn of `make bench` runs with DJANGO_SETTINGS_MODULE=bench.settings; everything
else comes from digiscouts.settings and the environment bench/run.py sets (DEBUG off,
PostgreSQL, CONN_MAX_AGE, CACHE_URL when given). Never used in production.
"""

from django.core.exceptions import ImproperlyConfigured

from digiscouts.settings import *  # noqa: F403
from digiscouts.settings import DEBUG

if DEBUG:
    raise ImproperlyConfigured("The benchmark measures the production setup: DEBUG must be off.")

# digiscouts.urls plus the floor view (bench/urls.py).
ROOT_URLCONF = "bench.urls"

# All load comes from one client address: the public forms' limit (10 submissions an
# hour per client, digiscouts/abuse.py) would turn every registration after the tenth
# into a 429. The limit is still counted on every POST (the cache's add/incr), only
# never reached. Production keeps SUBMISSION_LIMIT.
SUBMISSION_LIMIT = 1_000_000_000

# Staff pages are measured after a login with username and password, without the TOTP
# code (as tests/conftest.py does); the pages behind the login are the same.
STAFF_OTP_REQUIRED = False
