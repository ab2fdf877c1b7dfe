"""What the permission matrices share (tests/test_permission_matrix*.py). Each matrix lists its
pages as {name: (method, url)}, the answer expected of each role, and its URL namespaces:
every named URL of those namespaces must be requested by one of its pages.

Expected answers: 200 (shown), 400 (refused input), 403 (refused), 404 (hidden: exists but not
for this role), 405 (method), "login" (anonymous sent to the login page), 302 (other redirect).
"""

from django.urls import URLResolver, get_resolver, resolve, reverse

ROLES = ["team", "evaluator", "innovator", "member", "funder", "anonymous"]


def assert_access(client, personas, role, request, expected):
    """Ask `request` ((method, url)) as `role` and check the answer against `expected`."""
    user = personas[role]
    if user is not None:
        client.force_login(user)
    method, url = request
    response = getattr(client, method)(url)
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == expected


def answering_names(path):
    """Every URL name that answers `path` ("namespace:name", or the bare name of a URL outside any
    namespace, as allauth's): two names may serve one address (accounts:login and account_login)."""
    found = set()

    def walk(patterns, rest, prefix):
        for pattern in patterns:
            match = pattern.pattern.match(rest)
            if not match:
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, match[0], f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif match[0] == "" and pattern.name:
                found.add(prefix + pattern.name)

    walk([get_resolver()], path, "")
    return found


def unrequested_urls(namespaces, pages, names=()):
    """The named URLs of `namespaces`, and the bare URL `names`, that no page of the matrix
    requests (should be none)."""
    expected = set(names)
    for namespace in namespaces:
        resolver = get_resolver().namespace_dict[namespace][1]
        expected |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    requested = set()
    for _, url in pages.values():
        path = url.split("?")[0]
        resolve(path)  # every page of a matrix exists
        requested |= answering_names(path)
    return expected - requested


def assert_matrix_covers_every_page(expected, pages):
    """Check that the matrix `expected` has one row for each of `pages` and no row without a page."""
    rows, requested = set(expected), set(pages)
    assert rows == requested, (
        f"rows without a page: {sorted(rows - requested)}, pages without a row: {sorted(requested - rows)}"
    )


def assert_every_named_url_is_in_the_matrix(namespaces, pages, names=()):
    """Check that every named URL of `namespaces` (and each bare URL name of `names`) is requested by
    one of `pages`: a new page without a row in the matrix fails here."""
    missing = unrequested_urls(namespaces, pages, names)
    assert not missing, f"named URLs without a row in the matrix: {sorted(missing)}"
