"""Language codes people speak in member cities, with names shown in the reader's language.

Django's list covers the interface languages; cities also work in languages Django has no
catalogue for (Bambara in Bamako, Kinyarwanda in Kigali), so those are added here.
"""

from django.conf.global_settings import LANGUAGES as DJANGO_LANGUAGES
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

LANGUAGE_NAMES: dict[str, str] = {
    **{code: name for code, name in DJANGO_LANGUAGES if "-" not in code},
    "bm": gettext_noop("Bambara"),
    "rw": gettext_noop("Kinyarwanda"),
    "wo": gettext_noop("Wolof"),
    "ha": gettext_noop("Hausa"),
    "yo": gettext_noop("Yoruba"),
    "lg": gettext_noop("Luganda"),
    "ak": gettext_noop("Akan"),
}


def language_name(code: str) -> str:
    return gettext(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else code


def validate_language_codes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Enter a list of language codes."), code="invalid")
    unknown = [code for code in value if code not in LANGUAGE_NAMES]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s. Use ISO 639-1 codes such as fr, en, pt, ar."),
            code="unknown_language",
            params={"codes": ", ".join(unknown)},
        )
