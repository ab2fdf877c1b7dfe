"""The Content-Security-Policy of every page (CONTENT_SECURITY_POLICY in config/settings/base.py).

django-csp's middleware, with one exception: a PDF is not a page. WeasyPrint prints it on the
server, nothing in it runs in the browser, and a policy on it can only get in the way of the
browser's PDF viewer; it is sent without one.
"""

from csp.middleware import CSPMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("application/pdf"):
            response._csp_exempt = True
            response._csp_exempt_ro = True
        return super().process_response(request, response)
