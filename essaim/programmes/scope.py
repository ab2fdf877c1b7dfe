"""The current programme: every page, export, command and job works inside one.

`activate(programme)` sets it for a block of code (the middleware for a request, `--programme`
for a command, the runner for a job); inside it, every model whose manager is `ScopedManager`
returns only the records of that programme, through `Model.objects` and through related
managers alike (`structure.adoptions.all()`), so a page cannot forget the filter. The filter is
the programme current when the query runs (`ScopedQuery`), so a queryset built once, at import
time, serves each programme its own records. Outside any
scope (migrations, installation-wide commands, the purge, the technical admin) the managers
return every programme's records.

A model is scoped by the path from it to its programme: `"programme"` for innovations and
calls, `"innovation__programme"` for what belongs to an innovation. `shared=True` also keeps the
records of no programme (the standard indicators and rules every programme shares).
"""

import contextlib
import contextvars

from django.db import models
from django.db.models import Q
from django.db.models.sql import Query

_current = contextvars.ContextVar("essaim_programme", default=None)


def current():
    """The programme of the code running now, or None outside any programme."""
    return _current.get()


def current_id():
    programme = _current.get()
    return programme.pk if programme is not None else None


@contextlib.contextmanager
def activate(programme):
    """Run a block inside one programme (None: across all programmes)."""
    token = _current.set(programme)
    try:
        yield programme
    finally:
        _current.reset(token)


def unscoped():
    """Run a block across all programmes (the purge, the technical admin, a backup)."""
    return activate(None)


def condition(path, shared):
    """The filter that keeps the current programme's records, or None outside any programme."""
    programme_id = current_id()
    if programme_id is None:
        return None
    own = Q(**{path: programme_id})
    if shared:
        own |= Q(**{f"{path}__isnull": True})
    return own


def in_this_programme(relation, path="innovation__programme"):
    """A filter for an aggregate that reaches a programme's records from a shared one (a
    structure's adoptions): joins do not go through the scoped managers. Q() outside any programme."""
    programme_id = current_id()
    return Q(**{f"{relation}__{path}": programme_id}) if programme_id is not None else Q()


class ScopedQuery(Query):
    """A query that keeps the records of the programme current *when it runs*, not when it was
    built: a queryset built once (a form field's choices, a module-level queryset) serves every
    programme. The filter is added to a copy of the query as it is compiled (for a subquery too),
    and before the query becomes an update."""

    programme_path = "programme"
    programme_shared = False
    programme_applied = False

    def scoped(self):
        if self.programme_applied:
            return self
        own = condition(self.programme_path, self.programme_shared)
        if own is None:
            return self
        query = self.clone()
        query.add_q(own)
        query.programme_applied = True
        return query

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return Query.get_compiler(self.scoped(), using, connection, elide_empty)

    def chain(self, klass=None):
        if klass is not None and not issubclass(klass, ScopedQuery):
            return Query.chain(self.scoped(), klass)  # an update keeps to the programme too
        return super().chain(klass)


class ScopedManager(models.Manager):
    """The default manager of a model that belongs to a programme (see the module's docstring).
    The path is a class attribute: Django builds related managers by subclassing the default
    manager's class and calling it without arguments."""

    scope_path = "programme"
    scope_shared = False

    def get_queryset(self):
        query = ScopedQuery(self.model)
        query.programme_path = self.scope_path
        query.programme_shared = self.scope_shared
        return self._queryset_class(model=self.model, query=query, using=self._db, hints=self._hints)


def scoped_manager(path, queryset_class=models.QuerySet, shared=False):
    """`objects = scoped_manager("innovation__programme", AdoptionQuerySet)`."""
    base = ScopedManager.from_queryset(queryset_class)
    name = f"Scoped{queryset_class.__name__}Manager"
    return type(name, (base,), {"scope_path": path, "scope_shared": shared, "__module__": __name__})()
