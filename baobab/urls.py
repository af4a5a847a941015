from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from api.api import api
from impact import data_views as impact_data_views
from learning import views as learning_views
from network import views as network_views
from network.logout import LogoutView
from website import views as website_views
from website.sitemaps import Sitemap

urlpatterns = [
    path("healthz", website_views.healthz, name="healthz"),
    # Before Wagtail's own: its logout view drops the cookie even when it refuses the method.
    path(
        "admin/logout/",
        never_cache(require_admin_access(LogoutView.as_view())),
        name="wagtailadmin_logout",
    ),
    path("robots.txt", website_views.robots_txt, name="robots_txt"),
    path("favicon.ico", website_views.favicon, name="favicon"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("events.ics", learning_views.events_ics, name="learning_feed"),
    path("events/<int:pk>.ics", learning_views.event_ics, name="learning_event_ics"),
    path(
        "cities/<slug:slug>/events.ics", learning_views.city_events_ics, name="learning_city_feed"
    ),
    path("data/", include("experiments.urls")),
    path("data/", include("impact.urls")),
    path("api/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}, name="sitemap"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only images are served from media: documents go through Wagtail's view, which checks
    # collection privacy.
    for folder in ("images/", "original_images/"):
        urlpatterns += static(
            settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder
        )

# Public pages carry their language in the address (/en/, /fr/, /pt/); "/" redirects to the
# visitor's preferred language.
urlpatterns += i18n_patterns(
    path("invitations/<str:token>/", network_views.invitation_accept, name="invitation_accept"),
    path(
        "offline/<slug:network_slug>/", impact_data_views.offline_packs, name="impact_offline_packs"
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
