"""URL map. Each app owns its routes; this file only mounts them."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from opd.views import set_language

from . import health, views

admin.site.site_header = _("Smart City Masterplan Portal")
admin.site.site_title = _("Smart City Portal")
admin.site.index_title = _("Master data")

urlpatterns = [
    path("favicon.ico", views.favicon),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("roadmap.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("notifications/", include("notifications.urls")),
    path("masterplan/", include("roadmap.urls_admin")),
    path("", include("evaluation.urls")),
    path("accounts/", include("core.urls_accounts")),
    path("i18n/setlang/", set_language, name="set_language"),  # keeps a signed-in user's choice
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("purbalingga.api_urls")),
    path("tokens/", include("opd.urls")),
    path("opendata/", include("opendata.urls")),
    path("revisions/", include("revisions.urls")),
    path("admin/", admin.site.urls),
]


# The portal's error pages (purbalingga/views.py); CSRF_FAILURE_VIEW is set in settings.
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
