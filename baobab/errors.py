"""Errors answered as what they are: bad input is a 400 with a message, never a 500, and
everything under /api/ answers JSON, whichever layer refused the request."""

import json
import logging
import traceback
from fnmatch import fnmatch
from pathlib import Path

import django
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import DomainError, Invalid, NotAllowed, NotFound

logger = logging.getLogger("django.request")

API_PREFIX = "/api/"

MALFORMED = gettext_lazy(
    "The form sent was incomplete or altered, so nothing was saved. Reload the page and try again."
)


# Wagtail's own views that read a field of the post without checking it was sent, and fail on
# the missing value with whatever Python raises there: (view name, exceptions, the Wagtail file
# and function that reads it). Only those exceptions, raised in that very function or in Django
# code it calls directly, are taken for bad input: the same exception raised further on, in a
# form's or a model's own code, is a fault to fix and stays a 500. A Wagtail upgrade that moves
# the code makes these 500s again, which the permission matrix's empty-POST probe then reports.
UNCHECKED_POST_READS = (
    # Snippet choosers here declare no creation form, yet their create view validates "it".
    (
        "wagtailsnippetchoosers_*:create",
        (AttributeError,),
        "wagtail/admin/views/generic/chooser.py",
        "post",
    ),
    # The external link form's URL field calls ``startswith`` on the value, None when absent.
    (
        "wagtailadmin_choose_page_external_link",
        (AttributeError,),
        "wagtail/admin/forms/choosers.py",
        "is_absolute_path",
    ),
    # The confirmation of a redirects import unsigns its two hidden fields, present or not.
    (
        "wagtailredirects:process_import",
        (KeyError,),
        "wagtail/contrib/redirects/forms.py",
        "clean",
    ),
    # Copying a page looks the chosen parent up before the form checks it: not a number, or no
    # such page. (Left out of the post entirely, it is a MultiValueDictKeyError, answered below.)
    (
        "wagtailadmin_pages:copy",
        (ValueError, ObjectDoesNotExist),
        "wagtail/admin/views/pages/copy.py",
        "post",
    ),
)

DJANGO_DIR = str(Path(django.__file__).parent) + "/"


def _raised_by_unchecked_post_read(request, exception) -> bool:
    match = getattr(request, "resolver_match", None)
    if request.method != "POST" or match is None:
        return False
    # The innermost frame that is not Django's: where the failing read was written.
    origin = next(
        (
            frame
            for frame in reversed(traceback.extract_tb(exception.__traceback__))
            if not frame.filename.startswith(DJANGO_DIR)
        ),
        None,
    )
    if origin is None:
        return False
    return any(
        fnmatch(match.view_name, view)
        and isinstance(exception, types)
        and origin.filename.endswith("/" + path)
        and origin.name == function
        for view, types, path, function in UNCHECKED_POST_READS
    )


def api_messages() -> dict:
    return {
        400: _("The request is not valid."),
        401: _("A valid, unrevoked API token is required."),
        403: _("Your account may not do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request body is too large."),
        415: _("Send the body as JSON, with Content-Type: application/json."),
        422: _("The request is not valid: see detail."),
        500: _("Something went wrong on our side; nothing was saved. Try again later."),
    }


def api_error_response(request, status: int, message: str | None = None, detail=None):
    if message is None:
        with translation.override(translation.get_language_from_request(request)):
            message = api_messages().get(status) or _("The request could not be answered.")
    body = json.dumps({"message": str(message), "detail": detail})
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


DOMAIN_STATUS = ((NotFound, 404), (NotAllowed, 403), (Invalid, 400))


def domain_status(exception: DomainError) -> int:
    return next(status for kind, status in DOMAIN_STATUS if isinstance(exception, kind))


def domain_error_response(request, exception: DomainError):
    """The one mapping of the domain's refusals to HTTP: 404, 403 or 400; JSON
    ``{"message", "detail"}`` under /api/, else a page in the user's language. In the admin a
    refusal of the role is answered as Wagtail answers its own (back to the dashboard, with a
    message)."""
    status = domain_status(exception)
    message = exception.message
    detail = getattr(exception, "field_errors", None) or None
    if request.path_info.startswith(API_PREFIX):
        return api_error_response(request, status, message and str(message), detail)
    if (
        status == 403
        and request.path_info.startswith("/admin/")
        and request.headers.get("x-requested-with") != "XMLHttpRequest"
    ):
        from wagtail.admin.auth import permission_denied

        return permission_denied(request)
    context = {
        "status": status,
        "message": message or api_messages()[status],
        "field_errors": detail,
    }
    response = TemplateResponse(request, "baobab/error.html", context, status=status)
    return response.render()


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class ErrorMiddleware:
    """First of the middleware, so that it also sees what the others answer on their own (the
    upload cap's 413, Django's 404 and 400). Under /api/, an error that is not JSON already is
    answered as ``{"message": ..., "detail": null}`` with the same status.

    On any page, a form post that lacks the data its form needs is bad input, answered 400 with
    a message instead of a 500: a missing key of the post (a formset's ``-id`` or a stream
    field's ``-count``, which Wagtail and modelcluster read directly) or a ValidationError
    escaping the view (a formset row pointing at a record that is not there). So is a post to
    one of Wagtail's views that fail on a field left out (``UNCHECKED_POST_READS``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX) and _declared_length(request) > (
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE or float("inf")
        ):
            # The API takes JSON bodies only, all held in memory: refused before any is read.
            return api_error_response(request, 413)
        response = self.get_response(request)
        if (
            request.path_info.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            json_response = api_error_response(request, response.status_code)
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return domain_error_response(request, exception)
        if isinstance(
            exception, ValidationError | MultiValueDictKeyError
        ) or _raised_by_unchecked_post_read(request, exception):
            logger.warning("Bad request to %s: %r", request.path, exception)
            if request.path_info.startswith(API_PREFIX):
                detail = getattr(exception, "messages", None)
                return api_error_response(request, 400, detail=detail and {"__all__": detail})
            return HttpResponseBadRequest(str(MALFORMED), content_type="text/plain; charset=utf-8")
        return None
