"""The workspace page lists, for a city team, what each part of the programme expects of it.

Apps add a section by registering a function for the ``workspace_section`` Wagtail hook in their
``wagtail_hooks.py`` (in the order of INSTALLED_APPS); the function gets the user and their city and
returns ``{"title", "steps": [{"title", "url", "done"}], "warnings": [{"text", "lesson"}]}`` or
None when it has nothing to say. A step may add ``"detail"`` (a short status line) and
``"closed": True`` once it can no longer be done (its quarter or cycle is over): left undone, it
shows as missed rather than to do. A section may add ``"actions": [{"label", "url"}]``, shown
as buttons above its steps.
"""

from wagtail import hooks


def sections(*, user, city) -> list[dict]:
    providers = hooks.get_hooks("workspace_section")
    return [section for provider in providers if (section := provider(user=user, city=city))]


def profile_section(*, user, city):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    team_url = reverse("wagtailsnippets_network_person:list") + f"?city={city.pk}"
    return {
        "title": _("Profile and team"),
        "steps": [
            {
                "title": _("Complete your city's profile: description, population and its year"),
                "url": reverse("wagtailsnippets_network_city:edit", args=[city.pk]),
                "done": bool(city.description and city.population_year),
            },
            {
                "title": _("Check who is in your city team"),
                "url": team_url,
                "done": city.people.count() > 1,
            },
        ],
        "warnings": [],
    }
