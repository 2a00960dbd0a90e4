"""Production settings with the benchmark's extra URLs: only `bench/load.py` uses them."""

from svom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
