"""URL map. Each app owns its routes; this file only mounts them."""
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Smart City Masterplan Portal")
admin.site.site_title = _("Smart City Portal")
admin.site.index_title = _("Master data")

urlpatterns = [
    path("", include("roadmap.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("notifications/", include("notifications.urls")),
    path("masterplan/", include("roadmap.urls_admin")),
    path("accounts/", include("core.urls_accounts")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("purbalingga.api_urls")),
    path("tokens/", include("opd.urls")),
    path("opendata/", include("opendata.urls")),
    path("admin/", admin.site.urls),
]


handler404 = "core.api.views.page_not_found"
handler500 = "core.api.views.server_error"
