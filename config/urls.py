from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from egov.core import views as core_views

admin.site.site_header = _("egov administration")
admin.site.site_title = _("egov administration")
admin.site.index_title = _("System administration")

urlpatterns = [
    path("", core_views.public_home, name="public-home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("egov.accounts.urls")),
    path("staff/", include("egov.core.urls")),
    path("org/", include("egov.org.urls")),
    path("notifications/", include("egov.notifications.urls")),
    path("files/", include("egov.core.files.urls")),
    path("tra-cuu/", include("egov.dossiers.public_urls")),
    path("staff/catalog/", include("egov.catalog.urls")),
    path("staff/processes/", include("egov.workflow.urls")),
    path("staff/dossiers/", include("egov.dossiers.urls")),
    path("staff/reports/", include("egov.reports.urls")),
    path("kiosk/", include("egov.reports.kiosk_urls")),
    path("dich-vu-cong/", include("egov.portal.urls")),
    path("thanh-toan/", include("egov.payments.urls")),
    path("staff/national-portal/", include("egov.nationalportal.urls")),
    path("staff/signing/", include("egov.signing.urls")),
    path("staff/documents/", include("egov.documents.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("egov.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "egov.core.views.bad_request"
handler403 = "egov.core.views.permission_denied"
handler404 = "egov.core.views.page_not_found"
handler500 = "egov.core.views.server_error"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
