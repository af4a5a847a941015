from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.documents.widgets import AdminDocumentChooser

from network.fields import PlainNumberInput

from .models import Decision, Indicator, IndicatorValue


class IndicatorValueForm(forms.ModelForm):
    period_end = forms.DateField(
        label=_("Period end"),
        required=False,
        help_text=_("Leave empty for the quarter that starts on the period start."),
    )

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "period_start", "period_end", "actual", "target"]
        widgets = {"actual": PlainNumberInput, "target": PlainNumberInput}

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(pilot=pilot)
        self.fields["indicator"].empty_label = None

    def _post_clean(self):
        # The service validates the record in full (with the quarter filled in); the form only
        # checks what was typed.
        pass


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = [
            "kind",
            "decided_on",
            "decided_by",
            "evidence",
            "evidence_indicators",
            "evidence_document",
            "reflection",
        ]
        widgets = {
            "evidence_indicators": forms.CheckboxSelectMultiple,
            "evidence_document": AdminDocumentChooser,
        }

    def __init__(self, *args, pilot, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_indicators"].queryset = Indicator.objects.filter(pilot=pilot)
        self.fields["evidence"].error_messages["required"] = _(
            "Say what evidence the decision rests on."
        )

    def _post_clean(self):
        pass
