"""The names of the themes Baobab ships with (see demo/aston.py), listed here so that this app's
catalogue translates them: pilot pages show a theme through ``Theme.label``, and no other catalogue
carries these names yet."""

from django.utils.translation import gettext_noop

THEME_NAMES = (
    gettext_noop("Mobility and transport"),
    gettext_noop("Land management and street addressing"),
    gettext_noop("Tax collection"),
    gettext_noop("Citizen participation"),
    gettext_noop("Waste management and cleanliness"),
    gettext_noop("Data"),
    gettext_noop("Innovative policy-making"),
    gettext_noop("Service design"),
)
