import re

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
