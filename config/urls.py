from django.contrib import admin
from django.urls import include, path

from essaim.core.views import health

admin.site.site_header = "Essaim — administration"
admin.site.site_title = "Essaim"
admin.site.index_title = "Administration du programme"

urlpatterns = [
    path("", include("essaim.reports.urls")),
    path("a-faire/", include("essaim.web.urls")),
    path("comptes/", include("essaim.accounts.urls")),
    path("comptes/", include("essaim.accounts.allauth_urls")),
    path("innovations/", include("essaim.innovations.urls")),
    path("structures/", include("essaim.organizations.urls")),
    path("essaimages/", include("essaim.swarming.urls")),
    path("evaluation/", include("essaim.evaluation.urls")),
    path("evaluation-embarquee/", include("essaim.grids.urls")),
    path("appels/", include("essaim.calls.urls")),
    path("essaimage/", include("essaim.activities.urls")),
    path("boite-a-outils/", include("essaim.activities.toolkit_urls")),
    path("suivi/", include("essaim.followup.urls")),
    path("admin/", admin.site.urls),
    path("programme/", include("essaim.programmes.urls")),
    path("travaux/", include("essaim.jobs.urls")),
    path("sante/", health, name="health"),
]
