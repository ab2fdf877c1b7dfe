from django.db import connection
from django.http import HttpResponse


def health(request):
    """For load balancers and monitoring: the application answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
