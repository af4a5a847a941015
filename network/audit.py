"""The audit trail: every write to the network's records and every refused access.

Writes go through Wagtail's log (``wagtail.log_actions.log``), whose entries for the network's
models land in ``AuditLogEntry`` with the city concerned and a before/after of the fields that
changed. Refusals are recorded by ``refusal_record``, called where access is refused.
"""

import contextlib
import json
from decimal import Decimal

from django.contrib.messages import ERROR
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from baobab.errors import domain_error_response

# URL arguments through which Wagtail's admin names a page.
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id")

WRITE_ACTIONS = ("wagtail.create", "wagtail.edit", "wagtail.delete")
REFUSED = "baobab.refused"


def city_id_of(instance) -> int | None:
    from .models import City

    if isinstance(instance, City):
        return instance.pk
    return getattr(instance, "city_id", None)


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def snapshot(instance) -> dict:
    """The record's stored field values, JSON-ready, normalised as the database keeps them."""
    exclude = set(getattr(instance, "audit_exclude", ()))
    values = {}
    for field in instance._meta.concrete_fields:
        # A timestamp the save itself moves (auto_now) is not a change anyone made; counting it
        # would log an edit for every save of an unchanged record.
        if field.primary_key or field.name in exclude or getattr(field, "auto_now", False):
            continue
        value = field.value_from_object(instance)
        with contextlib.suppress(ValidationError):
            value = field.to_python(value)
        if isinstance(value, Decimal) and getattr(field, "decimal_places", None) is not None:
            value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
        values[field.name] = value
    return json.loads(json.dumps(values, cls=_Encoder))


def changes(before: dict, after: dict) -> dict:
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def refusal_record(*, request, reason, model=None, object_id="", city_id=None) -> None:
    """Record that ``request.user`` was refused something, with where and why."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditLogEntry

    user = request.user if request.user.is_authenticated else None
    AuditLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model) if model else None,
        object_id=str(object_id or ""),
        label=f"{request.method} {request.path}"[:500],
        action=REFUSED,
        user=user,
        city_id=city_id,
        timestamp=timezone.now(),
        data={"path": request.path, "method": request.method, "reason": reason},
    )
    # One refusal, one entry: the middleware does not record this request again.
    request._baobab_refusal_logged = True


class RefusalAuditMiddleware:
    """Records refusals that happen outside the permission helpers.

    Wagtail's admin answers a missing right with a redirect to its dashboard and an error
    message; other views answer 403. Both are written to the audit trail for signed-in users.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.user.is_authenticated or getattr(request, "_baobab_refusal_logged", False):
            return response
        page_refused = self._page_outside_city(request, response)
        if page_refused is not None:
            return domain_error_response(request, page_refused)
        if response.status_code == 403:
            refusal_record(request=request, reason="forbidden")
        elif response.status_code == 302 and self._wagtail_permission_denied(request, response):
            refusal_record(request=request, reason="missing permission")
        return response

    @staticmethod
    def _wagtail_permission_denied(request, response) -> bool:
        if response.get("Location") != reverse("wagtailadmin_home"):
            return False
        queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
        return any(message.level == ERROR for message in queued)

    def _page_outside_city(self, request, response):
        """A city team refused a page outside its city: answered 404, like its other records."""
        from .permissions import page_refusal, refused_page

        page = refused_page(request.user)
        if page is None:
            return None
        denied = response.status_code == 403 or (
            response.status_code == 302 and self._wagtail_permission_denied(request, response)
        )
        if not denied:
            return None
        # The "no permission" message Wagtail queued would show on the next page.
        storage = getattr(request, "_messages", None)
        if storage is not None:
            storage._queued_messages = [
                message for message in storage._queued_messages if message.level != ERROR
            ]
        refusal = page_refusal(page=page, action="change")
        _record_city_refusal(request, refusal)
        return refusal

    def process_view(self, request, view_func, view_args, view_kwargs):
        """An admin address naming a page the user may not see answers 404 (the explorer,
        history, revisions, previews and workflow views included)."""
        from .permissions import page_hidden, page_refusal

        if not request.user.is_authenticated or not request.path.startswith("/admin/"):
            return None
        match = request.resolver_match
        names = PAGE_ARGUMENTS
        if match is not None and match.namespace == "wagtailadmin_pages":
            names = (*PAGE_ARGUMENTS, "pk")
        from wagtail.models import Page

        ids = [view_kwargs[name] for name in names if name in view_kwargs]
        pages = Page.objects.filter(pk__in=ids)
        if match is not None and match.url_name == "wagtail_bulk_action":
            pages = self._bulk_pages(request, view_kwargs, Page)
        elif not ids:
            return None
        for page in pages:
            if page_hidden(request.user, page):
                refusal = page_refusal(page=page)
                _record_city_refusal(request, refusal)
                return domain_error_response(request, refusal)
        return None

    @staticmethod
    def _bulk_pages(request, view_kwargs, page_model):
        # Bulk actions name their pages in the query string, or "all" of a listing; the
        # pages refused are listed by title, so a hidden one must not reach the view.
        if (view_kwargs.get("app_label"), view_kwargs.get("model_name")) != ("wagtailcore", "page"):
            return page_model.objects.none()
        ids = [value for value in request.GET.getlist("id") if value.isdigit()]
        if "all" in request.GET.getlist("id"):
            parent = page_model.objects.filter(pk=request.GET.get("childOf") or 0).first()
            if parent is None:
                return page_model.objects.all()
            return parent.get_descendants(inclusive=True)
        return page_model.objects.filter(pk__in=ids)

    def process_exception(self, request, exception):
        from .permissions import CityAccessRefused

        if isinstance(exception, CityAccessRefused):
            _record_city_refusal(request, exception)
        return None


def _record_city_refusal(request, refusal) -> None:
    if getattr(request, "_baobab_refusal_logged", False):
        return
    refusal_record(
        request=request,
        reason=f"{refusal.action}: {refusal.reason}",
        model=refusal.model,
        object_id=refusal.pk,
        city_id=refusal.city_id,
    )


@contextlib.contextmanager
def refusals_recorded(request):
    """Record a CityAccessRefused raised inside the block, then let it go on as a 404.

    Needed where a wrapper turns the 404 into a page before the middleware could see it
    (Wagtail's admin does).
    """
    from .permissions import CityAccessRefused

    try:
        yield
    except CityAccessRefused as refusal:
        _record_city_refusal(request, refusal)
        raise
