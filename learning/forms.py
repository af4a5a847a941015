from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from network import permissions
from network.models import City

from .models import MAX_RANKED_TOPICS, Domain, MaturityAssessment, Reflection, Topic


class NeedsForm(forms.Form):
    """A city's ranking: up to five topics, most needed first, each with why."""

    def __init__(self, *args, topics, initial_ranking=(), **kwargs):
        super().__init__(*args, **kwargs)
        for rank in range(1, MAX_RANKED_TOPICS + 1):
            self.fields[f"topic_{rank}"] = forms.ModelChoiceField(
                queryset=topics,
                required=False,
                label=_("Rank %(rank)d") % {"rank": rank},
                empty_label=_("(no topic)"),
            )
            self.fields[f"reason_{rank}"] = forms.CharField(
                required=False,
                label=_("Why (rank %(rank)d)") % {"rank": rank},
                widget=forms.TextInput,
                max_length=500,
            )
        for need in initial_ranking:
            self.initial[f"topic_{need.rank}"] = need.topic_id
            self.initial[f"reason_{need.rank}"] = need.reason

    def rows(self):
        return [
            (rank, self[f"topic_{rank}"], self[f"reason_{rank}"])
            for rank in range(1, MAX_RANKED_TOPICS + 1)
        ]

    def ranking(self) -> list:
        """(topic, reason) in rank order, skipping empty lines."""
        result = []
        for rank in range(1, MAX_RANKED_TOPICS + 1):
            topic = self.cleaned_data.get(f"topic_{rank}")
            if topic:
                result.append((topic, self.cleaned_data.get(f"reason_{rank}", "")))
        return result


class ChooseTopicForm(forms.Form):
    topic = forms.ModelChoiceField(queryset=Topic.objects.none(), label=_("Topic of the quarter"))
    reason = forms.CharField(
        label=_("Why this topic"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the topic is not the first of the ranking."),
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["tried", "worked", "did_not_work", "next_steps", "lesson", "share_lesson"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("tried", "worked", "did_not_work", "next_steps", "lesson")
        }


class MaturityForm(forms.Form):
    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for domain, label in Domain.choices:
            self.fields[domain] = forms.TypedChoiceField(
                label=label,
                choices=[("", _("(not assessed)")), *MaturityAssessment.Level.choices],
                coerce=int,
                required=False,
                empty_value=None,
                initial=current.get(domain),
            )

    def levels(self) -> dict:
        return {d: level for d, level in self.cleaned_data.items() if level is not None}


class AttendanceImportForm(forms.Form):
    sheet = forms.FileField(
        label=_("Attendance sheet (CSV or XLSX)"),
        help_text=_(
            "First row: an email column (email, e-mail, courriel) and, optionally, a column "
            "saying who came (attended, présent, presente) with yes or no (oui/non, sim/não, x)."
        ),
    )


class RegistrationForm(forms.Form):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"] = forms.ModelMultipleChoiceField(
            queryset=people,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("Who comes"),
        )


class ProposeForm(forms.Form):
    stage = forms.IntegerField(label=_("Stage number"), min_value=1, max_value=99)
    stage_name = forms.CharField(label=_("Stage"), max_length=120)


class SwapForm(forms.Form):
    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city_x"] = forms.ModelChoiceField(queryset=cities, label=_("Swap"))
        self.fields["city_y"] = forms.ModelChoiceField(queryset=cities, label=_("with"))


def _zone(name):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None  # the model's validator reports it


class EventAdminForm(WagtailAdminModelForm):
    """Start and end are typed, and shown, in the event's own time zone: the organiser thinks
    of 9:00 in Kigali, not of 7:00 UTC."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitator" in self.fields and "host_city" in self.fields:
            # The chooser lists the host city's people first.
            self.fields["facilitator"].widget.linked_fields = {"city": "#id_host_city"}
        if "timezone" in self.fields and not self.instance.pk:
            # A city team's new event is most likely at home: its zone is offered first.
            home = City.objects.filter(pk=permissions.user_city_id(self.for_user)).first()
            if home:
                self.fields["timezone"].widget.first = home.timezone
                self.initial.setdefault("timezone", home.timezone)
        zone = _zone(self.instance.timezone) if self.instance.pk else None
        for name in ("start", "end"):
            if name not in self.fields:
                continue
            self.fields[name].help_text = _("In the event's time zone.")
            value = getattr(self.instance, name)
            if zone and value:
                self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone = _zone(cleaned.get("timezone"))
        if zone:
            for name in ("start", "end"):
                if cleaned.get(name):
                    # The field read the time in the admin's zone; read the same wall time in
                    # the event's.
                    wall = timezone.localtime(cleaned[name]).replace(tzinfo=None)
                    cleaned[name] = timezone.make_aware(wall, zone)
        return cleaned
