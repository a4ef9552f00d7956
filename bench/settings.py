"""boso's own settings, plus the benchmark's floor page.

The benchmark measures the server with the production settings (DEBUG off, the same
middleware and security settings); the only change is the URL configuration, which adds
the floor view of bench/urls.py.
"""

from boso.settings import *  # noqa: F403 (the production settings, unchanged)

ROOT_URLCONF = "bench.urls"
