"""Benchmarks: `make bench`, against PostgreSQL (a database of its own by default)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/essaim_bench")

from config.settings.base import *  # noqa: E402, F403

DEBUG = False
