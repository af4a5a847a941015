"""Admin view pieces for records that belong to a city, shared by every app that has them."""

from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.views import snippets as snippet_views

from . import audit, permissions
from .choices import language_label
from .fields import LanguageCodesField
from .formatting import format_amount


class ScopedObjectMixin:
    """Checks the object through the app's permission helper: another city's record is a 404."""

    scoped_action = "change"

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        with audit.refusals_recorded(self.request):
            permissions.ensure_allowed(self.request.user, self.scoped_action, instance)
        return instance


class ProtectedFieldsMixin:
    """Refuses values posted for fields the user's form does not have (e.g. another city's id
    slipped into a hidden field), records the attempt and saves nothing."""

    protected_fields = ("city", "role", "network", "user")
    protected_fields_message = _("You may not change the %(field)s of this record.")

    def form_valid(self, form):
        instance = form.instance
        for name in self.protected_fields:
            if name in form.fields or name not in self.request.POST:
                continue
            field = instance._meta.get_field(name)
            current = field.value_from_object(instance)  # a related record's id, for keys
            if self.request.POST.get(name) != ("" if current is None else str(current)):
                audit.refusal_record(
                    request=self.request,
                    reason=f"posted a value for {name}, which this account may not set",
                    model=type(instance),
                    object_id=instance.pk or "",
                    city_id=audit.city_id_of(instance),
                )
                self.produced_error_message = self.get_error_message()
                form.add_error(
                    None,
                    self.protected_fields_message % {"field": field.verbose_name},
                )
                return self.form_invalid(form)
        return super().form_valid(form)


# A spreadsheet runs a cell that starts with one of these as a formula: exported text gets a
# leading apostrophe instead, so a name typed as "=HYPERLINK(...)" stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SafeExportMixin:
    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value


class PlainColumn(Column):
    """A listing cell in words: "Yes"/"No" rather than True/False, amounts grouped with their
    currency's decimals ("20 000 EUR", not 20000,0000), a dash when nothing is recorded."""

    def get_value(self, instance):
        return plain_value(super().get_value(instance), instance)


class PlainColumnsMixin:
    def _get_custom_column(self, field_name, column_class=Column, **kwargs):
        if column_class is Column:
            column_class = PlainColumn
        return super()._get_custom_column(field_name, column_class, **kwargs)


class SafeIndexView(PlainColumnsMixin, SafeExportMixin, snippet_views.IndexView):
    """A snippet listing whose CSV and XLSX exports are safe to open in a spreadsheet, and
    whose cells read as words and amounts rather than database values."""


class ScopedIndexView(SafeIndexView):
    """Offers edit and delete links only on the rows the user may change."""

    def _allowed(self, action, instance) -> bool:
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, action, instance
        )

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if self._allowed("change", instance) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if self._allowed("delete", instance) else None


class ScopedEditView(ScopedObjectMixin, ProtectedFieldsMixin, snippet_views.EditView):
    """Edit view of a city-owned record: set ``protected_fields`` to what only the secretariat
    may change."""


class ScopedDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    scoped_action = "delete"


class NameFieldPanel(TitleFieldPanel):
    """A record's name, which fills in its short name in web addresses while the record is new.

    Once saved, the address stays as it is when the name is edited: links people shared keep
    working.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("placeholder", False)
        kwargs.setdefault("classname", "")
        super().__init__(*args, **kwargs)

    class BoundPanel(TitleFieldPanel.BoundPanel):
        def get_should_apply(self):
            return not (self.instance and self.instance.pk)


def slug_panel(name="slug", **kwargs) -> FieldPanel:
    return FieldPanel(name, widget=SlugInput, **kwargs)


def plain_value(value, instance=None):
    """A recorded value in words, for a listing cell or a record's page."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, Decimal):
        currency = getattr(instance, "currency", None)
        return format_amount(value, currency if isinstance(currency, str) else None)
    return value


class PlainInspectView(snippet_views.InspectView):
    """A record's page with Yes/No, grouped amounts and language names, not database values."""

    def get_field_display_value(self, field_name, field):
        if field is not None and getattr(self.object, field_name, None) is None:
            return "–"  # not "None", whatever display the field would get
        value = super().get_field_display_value(field_name, field)
        if isinstance(field, LanguageCodesField) and isinstance(value, list):
            return ", ".join(language_label(code) for code in value) or "–"
        return plain_value(value, self.object)
