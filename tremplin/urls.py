from django.contrib import admin
from django.urls import include, path

from tremplin.api.api import api
from tremplin.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("mentions/", core_views.legal, name="legal"),
    # Browsers ask for /favicon.ico on their own (a PDF viewer, a bookmark): the SVG answers.
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("compte/", include("tremplin.accounts.urls")),
    path("personnes/", include("tremplin.people.urls")),
    path("personnes/", include("tremplin.portal.staff_urls")),
    # The person's own space: no staff account, its own session key (portal.session).
    path("espace/", include("tremplin.portal.urls")),
    path("", include("tremplin.diagnosis.urls")),
    path("", include("tremplin.reception.urls")),
    path("partenaires/", include("tremplin.network.urls.directory")),
    path("", include("tremplin.network.urls.referrals")),
    path("", include("tremplin.agenda.urls")),
    path("", include("tremplin.pathways.urls")),
    path("", include("tremplin.matching.urls")),
    path("", include("tremplin.immersions.urls")),
    path("", include("tremplin.employment.urls")),
    path("", include("tremplin.fse.urls")),
    path("entreprises/", include("tremplin.employers.urls")),
    path("", include("tremplin.projects.urls")),
    path("", include("tremplin.practice.urls")),
    path("", include("tremplin.territory.urls")),
    path("", include("tremplin.workshops.urls")),
    path("", include("tremplin.reporting.urls")),
    path("", include("tremplin.rights.urls")),
    path("", include("tremplin.privacy.urls")),
    path("", include("tremplin.dataexport.urls")),
    path("referentiels/", include("tremplin.referentials.urls")),
    path("documents/", include("tremplin.documents.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "tremplin.core.views.permission_denied"
handler404 = "tremplin.core.views.page_not_found"
handler500 = "tremplin.core.views.server_error"
