"""Addresses that raise each of the domain's refusals, for the tests of their one mapping."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from baobab import urls as project_urls
from baobab.exceptions import Invalid, NotAllowed, NotFound

REFUSALS = {
    "not-found": lambda: NotFound(),
    "not-allowed": lambda: NotAllowed(),
    "invalid": lambda: Invalid("The end date is before the start date."),
    "invalid-fields": lambda: Invalid(
        "Check the dates.", field_errors={"end": ["The end date is before the start date."]}
    ),
}


def refuse(request, kind):
    raise REFUSALS[kind]()


urlpatterns = [
    path("admin/refuse/<str:kind>/", refuse),
    path("api/refuse/<str:kind>/", refuse),
    # The project's own addresses too: the admin's refusal redirects to its dashboard.
    # Public pages are addressed with their language, as the site's are.
    *i18n_patterns(path("refuse/<str:kind>/", refuse), prefix_default_language=True),
    *project_urls.urlpatterns,
]
