"""The site's URLs and a bare view, the bench's reference: the least a Django request costs."""

from django.http import HttpResponse
from django.urls import path

from baobab.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/bare-without-middleware/", bare),
    *site_urlpatterns,
]
