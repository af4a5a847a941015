"""Lists people choose from instead of typing a standard's code: time zones and languages,
named in the reader's language. The values stored stay the codes (IANA, ISO 639-1) that the
exports, the API and the calendars use."""

import contextlib
from zoneinfo import available_timezones

from babel import Locale, UnknownLocaleError
from django import forms
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from .languages import LANGUAGE_NAMES, validate_language_codes


def locale_name() -> str:
    """The reader's language as a babel locale name (pt_BR style)."""
    return translation.to_locale(translation.get_language() or "en")


REGIONS = {
    "Africa": pgettext_lazy("time zone region", "Africa"),
    "America": pgettext_lazy("time zone region", "Americas"),
    "Antarctica": pgettext_lazy("time zone region", "Antarctica"),
    "Arctic": pgettext_lazy("time zone region", "Arctic"),
    "Asia": pgettext_lazy("time zone region", "Asia"),
    "Atlantic": pgettext_lazy("time zone region", "Atlantic Ocean"),
    "Australia": pgettext_lazy("time zone region", "Australia"),
    "Europe": pgettext_lazy("time zone region", "Europe"),
    "Indian": pgettext_lazy("time zone region", "Indian Ocean"),
    "Pacific": pgettext_lazy("time zone region", "Pacific Ocean"),
}


def _place(zone: str) -> str:
    return zone.split("/", 1)[1].replace("_", " ").replace("/", " – ")


def timezone_choices(first: str | None = None) -> list:
    """Time zones grouped by region, Africa first; ``first`` (the record's city's zone) at the
    top. Old aliases (``Etc/…``, ``US/…``) are left out, except UTC."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    for zone in available_timezones():
        region = zone.split("/", 1)[0]
        if region in groups and "/" in zone:
            groups[region].append((zone, _place(zone)))
    choices: list = []
    if first:
        choices.append((first, f"{_place(first) if '/' in first else first} ({first})"))
    choices.append(("UTC", gettext("UTC (universal time)")))
    for region, zones in groups.items():
        choices.append((str(REGIONS[region]), sorted(zones, key=lambda z: z[1])))
    return choices


def language_label(code: str) -> str:
    """A language's name in the reader's language: Django's catalogue, else babel's."""
    name = gettext(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code
    if name == LANGUAGE_NAMES.get(code):
        with contextlib.suppress(UnknownLocaleError, ValueError):
            name = Locale.parse(locale_name()).languages.get(code) or name
    return name[:1].upper() + name[1:]


def language_choices() -> list[tuple[str, str]]:
    named = [(code, language_label(code)) for code in LANGUAGE_NAMES]
    return sorted(named, key=lambda choice: choice[1].casefold())


class TimezoneSelect(forms.Select):
    """Zones by region; the zone already chosen (or ``first``: the user's city's) on top."""

    def __init__(self, attrs=None, first=None):
        super().__init__(attrs)
        self.first = first

    def optgroups(self, name, value, attrs=None):
        current = next((str(v) for v in value if v and v != "UTC"), None) if value else None
        self.choices = timezone_choices(current or self.first)
        return super().optgroups(name, value, attrs)


class LanguageCheckboxes(forms.CheckboxSelectMultiple):
    """The languages already chosen come first, in their order: ticking one more keeps the
    main language first."""

    def optgroups(self, name, value, attrs=None):
        chosen = [str(code) for code in (value or [])]
        position = {code: n for n, code in enumerate(chosen)}
        self.choices = sorted(
            self.choices, key=lambda choice: position.get(choice[0], len(position))
        )
        return super().optgroups(name, value, attrs)


class LanguagesField(forms.MultipleChoiceField):
    """Languages ticked in a list of names; the first one kept stays the main one.

    Codes typed as one line ("fr, bm") are read too, so that older forms and scripts work.
    """

    widget = LanguageCheckboxes

    def __init__(self, *, max_length=None, encoder=None, decoder=None, **kwargs):
        kwargs.setdefault("choices", language_choices)
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        codes = []
        for item in value:
            codes.extend(part.lower() for part in str(item).replace(";", ",").split(",") if part)
        codes = [code.strip() for code in codes if code.strip()]
        return list(dict.fromkeys(codes))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        validate_language_codes(value)

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)


LANGUAGES_HELP = gettext_lazy("Tick every language in use; the first in the list is the main one.")
