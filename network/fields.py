import re
from decimal import Decimal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .languages import validate_language_codes


class LanguageCodesFormField(forms.CharField):
    """A list of language codes edited as one line of text ("fr, bm"): quick to type."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = super().to_python(value)
        codes = [code.lower() for code in re.split(r"[\s,;]+", text) if code]
        # Keep the order people typed, without repeats: the first language is the main one.
        return list(dict.fromkeys(codes))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        validate_language_codes(value)


class LanguageCodesField(models.JSONField):
    description = _("Language codes")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_language_codes)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        from .choices import LANGUAGES_HELP, LanguagesField

        defaults = {
            "form_class": LanguagesField,
            "help_text": self.help_text or LANGUAGES_HELP,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


def normalise_email(value):
    """One spelling per address: surrounding spaces dropped, letters lowered. Mail systems
    treat the local part case-blind in practice, and people type both ways."""
    return value.strip().lower() if isinstance(value, str) else value


class NormalisedEmailField(models.EmailField):
    """An email stored, validated and looked up (``exact``, ``in``) in its normalised form, so
    that ``Awa@Example.org`` and ``awa@example.org `` are one person."""

    def to_python(self, value):
        return normalise_email(super().to_python(value))

    def get_prep_value(self, value):
        return normalise_email(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = normalise_email(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class PlainNumberInput(forms.NumberInput):
    """A decimal shown as it was typed: 12.5, not the 12.5000 that four stored decimals make."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = f"{value.normalize():f}"  # normalize() alone writes 1000 as 1E+3
        return super().format_value(value)
