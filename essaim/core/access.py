"""One way for views to apply a permission predicate from an app's perms.py."""

import logging
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from essaim.core.security import log_event


def require(predicate):
    """Anonymous users go to the login page; logged-in users the predicate refuses get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                log_event(
                    "permission_refused",
                    request,
                    level=logging.WARNING,
                    path=request.path,
                    rule=getattr(predicate, "__name__", "?"),
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
