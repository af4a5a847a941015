from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput


def _narrow(formset, field, queryset, message):
    """Offer only ``queryset`` in ``field`` of every row, including rows added in the page (built
    from the formset's empty form): the form class is narrowed for this formset only."""
    base = formset.form

    class NarrowedForm(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if field in self.fields:
                self.fields[field].queryset = queryset
                self.fields[field].error_messages["invalid_choice"] = message

    NarrowedForm.__name__ = base.__name__
    formset.form = NarrowedForm
    for form in formset.forms:
        if field in form.fields:
            form.fields[field].queryset = queryset
            form.fields[field].error_messages["invalid_choice"] = message


class RoadmapForm(WagtailAdminModelForm):
    """The roadmap with its resources, tools and actions: an action scales one of the city's own
    pilots only, and a tool sits in one of the network's layers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from . import selectors
        from .models import Layer

        if self.instance.city_id and "actions" in self.formsets:
            _narrow(
                self.formsets["actions"],
                "pilot",
                selectors.scalable_pilots(city=self.instance.city),
                _(
                    "Choose one of %(city)s's pilots decided “scale up” or “continue”: "
                    "this one belongs to another city or was not decided so."
                )
                % {"city": self.instance.city.name},
            )
        if self.instance.network_id and "tools" in self.formsets:
            layers = Layer.objects.filter(network_id=self.instance.network_id)
            _narrow(
                self.formsets["tools"],
                "layer",
                layers,
                _("Choose one of the network's layers of the digital city."),
            )

    def _owner(self):
        city = self.cleaned_data.get("city") or (
            self.instance.city if self.instance.city_id else None
        )
        network = self.cleaned_data.get("network") or (
            self.instance.network if self.instance.network_id else None
        )
        return city, network

    def clean(self):
        cleaned = super().clean()
        city, network = self._owner()
        for name, check in (("actions", self._check_action), ("tools", self._check_tool)):
            formset = self.formsets.get(name)
            if formset is None:
                continue
            for form in formset.forms:
                if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                    continue
                check(form, city, network)
        return cleaned

    @staticmethod
    def _check_action(form, city, network):
        pilot = form.cleaned_data.get("pilot")
        if pilot is not None and city is not None and pilot.city_id != city.pk:
            form.add_error(
                "pilot",
                _("This pilot belongs to another city: choose one of %(city)s's pilots.")
                % {"city": city.name},
            )

    @staticmethod
    def _check_tool(form, city, network):
        layer = form.cleaned_data.get("layer")
        if layer is not None and network is not None and layer.network_id != network.pk:
            form.add_error("layer", _("This layer belongs to another network."))


class AdoptionForm(forms.Form):
    adopted_on = forms.DateField(label=gettext_lazy("Adopted on"), widget=AdminDateInput)
    adopted_by = forms.CharField(
        label=gettext_lazy("Adopted by"),
        max_length=200,
        help_text=gettext_lazy("The body that adopted it, e.g. the city council."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for adopting despite the blocking checks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required while blocking checks are open; it is recorded."),
    )
