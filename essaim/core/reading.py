"""How the figures are read now: all the values entered, or only those an evaluator validated.

A programme may let its funders and the public read validated figures only
(`Programme.validated_only_for_readers`). The request (programmes/middleware.py) or the job
(jobs/runner.py) says which for the code it runs; the consolidation engine reads it
(evaluation/consolidation.py) and the cache keeps the two apart (core/cache.py), so that a figure
is the same on every page, export and chart a reader opens.
"""

import contextlib
import contextvars

_validated_only = contextvars.ContextVar("essaim_validated_only", default=False)


def validated_only():
    return _validated_only.get()


@contextlib.contextmanager
def reading_validated_only(on=True):
    token = _validated_only.set(bool(on))
    try:
        yield
    finally:
        _validated_only.reset(token)
