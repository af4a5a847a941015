from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput


class RoadmapForm(WagtailAdminModelForm):
    """The roadmap with its resources, tools and actions: an action scales one of the city's own
    pilots only, and a tool sits in one of the network's layers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from . import selectors
        from .models import Layer

        city = self.instance.city if self.instance.city_id else None
        network_id = self.instance.network_id
        for form in self.formsets.get("actions", {}).forms if "actions" in self.formsets else []:
            if city is not None and "pilot" in form.fields:
                form.fields["pilot"].queryset = selectors.scalable_pilots(city=city)
        if network_id and "tools" in self.formsets:
            for form in self.formsets["tools"].forms:
                form.fields["layer"].queryset = Layer.objects.filter(network_id=network_id)

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
