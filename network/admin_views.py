"""Admin view pieces for records that belong to a city, shared by every app that has them."""

from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.slug import SlugInput
from wagtail.log_actions import registry as log_registry
from wagtail.snippets.views import snippets as snippet_views

from baobab.spreadsheets import neutralised

from . import audit, permissions, versioning
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


class CityOwnedCreateView(ProtectedFieldsMixin, snippet_views.CreateView):
    """A city team's new record belongs to its own city and network: both are set before the
    form shows, and a value posted for them is refused. The secretariat chooses both."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        person = permissions.user_person(self.request.user)
        if person and not permissions.is_secretariat(self.request.user):
            instance.network_id = person.network_id
            instance.city_id = permissions.user_city_id(self.request.user)
            self.set_city_team_defaults(instance)
        return instance

    def set_city_team_defaults(self, instance):
        pass


class SafeExportMixin:
    def preprocess_field_value(self, field, value, export_format):
        return neutralised(super().preprocess_field_value(field, value, export_format))


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


class VersionCheckMixin:
    """Refuses a save based on a version of the record someone else has saved over since the
    form was opened (network.versioning): the other person's change stays, and the form comes
    back with the user's input, a message saying who changed what, and the new version, so a
    deliberate second save goes through."""

    def _versioned(self) -> bool:
        return issubclass(self.model, versioning.Versioned)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self._versioned():
            form.fields[versioning.VERSION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=self.object.version
            )
        return form

    def save_instance(self):
        expected = self.form.cleaned_data.get(versioning.VERSION_FIELD)
        if self._versioned() and expected is not None:
            versioning.version_claim(instance=self.form.instance, expected=expected)
        return super().save_instance()

    def form_valid(self, form):
        if self._versioned() and form.cleaned_data.get(versioning.VERSION_FIELD) is None:
            return self._unversioned(form)
        try:
            return super().form_valid(form)
        except versioning.StaleVersion as stale:
            return self._stale(form, stale.current)

    def _unversioned(self, form):
        # Without the version the form was opened at, a save could overwrite a change made
        # since without anyone knowing: refused like a stale one. The form comes back holding
        # the current version, so saving it again is a choice made with the form in view.
        form.data = form.data.copy()
        form.data[versioning.VERSION_FIELD] = str(self.object.version)
        form.add_error(None, versioning.missing_version_message())
        self.produced_error_code = "missing_version"
        self.produced_error_message = gettext("The record was not saved: see the message below.")
        return self.form_invalid(form)

    def _stale(self, form, current):
        form.data = form.data.copy()
        form.data[versioning.VERSION_FIELD] = str(current.version)
        form.add_error(None, stale_version_message(form, current))
        self.produced_error_code = "stale_version"
        self.produced_error_message = gettext("The record was not saved: see the message below.")
        return self.form_invalid(form)


def stale_version_message(form, current) -> str:
    """Who saved the record since the form was opened, and what it now holds where it differs
    from what the user sent."""
    entry = log_registry.get_logs_for_instance(current).first()
    if entry is not None:
        intro = gettext(
            "%(who)s saved this record on %(when)s, after you opened it. Your changes were not "
            "saved, so that theirs are not lost."
        ) % {
            "who": entry.user_display_name,
            "when": date_format(localtime(entry.timestamp), "DATETIME_FORMAT"),
        }
    else:
        intro = gettext(
            "Someone saved this record after you opened it. Your changes were not saved, so "
            "that theirs are not lost."
        )
    differences = []
    for name, field in form.fields.items():
        if name == versioning.VERSION_FIELD or name not in form.cleaned_data:
            continue
        try:
            model_field = current._meta.get_field(name)
        except Exception:  # a form-only field: nothing stored to compare
            continue
        if not model_field.concrete or model_field.many_to_many:
            continue
        stored = getattr(current, model_field.attname)
        sent = form.cleaned_data[name]
        sent = getattr(sent, "pk", sent)
        if stored != sent and not (stored in (None, "") and sent in (None, "")):
            shown = getattr(current, f"get_{name}_display", None)
            value = shown() if shown else getattr(current, name)
            differences.append(
                f"{field.label or name}: «{value if value not in (None, '') else '–'}»"
            )
    if differences:
        return " ".join(
            [
                intro,
                gettext("It now holds: %(values)s.") % {"values": "; ".join(differences)},
                gettext("Check these values, then save again to keep yours."),
            ]
        )
    return " ".join([intro, gettext("Check the form, then save again to keep your changes.")])


class ScopedEditView(
    ScopedObjectMixin, ProtectedFieldsMixin, VersionCheckMixin, snippet_views.EditView
):
    """Edit view of a city-owned record: set ``protected_fields`` to what only the secretariat
    may change."""


class ScopedDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    scoped_action = "delete"


class ScopedRecordPageMixin:
    """The history and the usage of a record follow its edit view: another city's record is a
    404 to a city team (Wagtail would show them to anyone holding the right on the model)."""

    def get_object(self):
        instance = super().get_object()
        user = self.request.user
        if self.permission_policy.user_has_permission(user, "change"):
            with audit.refusals_recorded(self.request):
                permissions.ensure_allowed(user, "change", instance)
        return instance


class ScopedHistoryView(ScopedRecordPageMixin, snippet_views.HistoryView):
    pass


class ScopedUsageView(ScopedRecordPageMixin, snippet_views.UsageView):
    pass


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
