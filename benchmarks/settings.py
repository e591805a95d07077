"""The production settings, served over plain HTTP on loopback for the benchmark, with a trivial view beside the
app's pages to compare them with (benchmarks/urls.py). Nothing else differs from what a council would run."""

import os

# The benchmark's clients speak plain HTTP to 127.0.0.1; in production TLS ends at the proxy in front.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# The benchmark's data is made up and served on loopback only; a real site's key comes from its environment.
os.environ.setdefault("SECRET_KEY", "benchmark-only-key-for-made-up-data-on-loopback-never-deploy-it")

from eqa_site.settings import *  # noqa: E402,F403

ROOT_URLCONF = "benchmarks.urls"

# Eight clients on one address ask for the public register far faster than a person does: its limit an address a
# minute is lifted here, so that the benchmark measures the page, not the 429 that answers a crowd from one address.
REGISTER_REQUESTS_PER_MINUTE = 10**9
