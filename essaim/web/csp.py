"""The Content-Security-Policy of every page (CONTENT_SECURITY_POLICY in config/settings/base.py).

django-csp's middleware, with two exceptions:

- a PDF is not a page. WeasyPrint prints it on the server, nothing in it runs in the browser,
  and a policy on it can only get in the way of the browser's PDF viewer: it is sent without one;
- django-simple-history's history page in the admin writes `style="border-top: 0"` on its
  paginator: that one inline style is allowed by its hash, on the admin's pages only.
"""

import base64
import hashlib

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
ADMIN_INLINE_STYLES = ["border-top: 0"]


def style_hash(style):
    return "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            response._csp_exempt = True
            response._csp_exempt_ro = True
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            hashes = ["'unsafe-hashes'", *map(style_hash, ADMIN_INLINE_STYLES)]
            parts.update = {**(parts.update or {}), "style-src": hashes}
        return parts
