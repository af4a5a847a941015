from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

from network.languages import language_name

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The same page in each interface language: slugs are shared, only the prefix changes."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(request.get_full_path(), code)
        if url == request.get_full_path() and code != current:
            url = f"/{code}/"
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "current": code == current,
            }
        )
    return links


@register.filter
def language_names(codes) -> str:
    return ", ".join(language_name(code) for code in codes or [])
