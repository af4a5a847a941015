"""Amounts as people read them: grouped the way the reader's language groups digits, with the
decimals of their currency and no more ("3 750", "20 000 FCFA", "1 250,50 €" in French), never a
database's "20000,0000"."""

from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal, get_currency_precision
from django.utils import translation

from .choices import locale_name


def format_amount(amount, currency: str | None = None) -> str:
    """``amount`` grouped in the reader's language; a whole amount shows no decimals, another
    its currency's (2 when the currency is unknown; at most 2 for a quantity without one). The
    code follows, if any."""
    if amount is None or amount == "":
        return "–"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    if value == value.to_integral_value():
        decimals = 0
    elif currency:
        decimals = _precision(currency)
    else:  # a quantity: as many decimals as it has, at most two
        exponent = value.normalize().as_tuple().exponent
        decimals = min(2, -exponent) if isinstance(exponent, int) else 2
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(
        value.quantize(Decimal(1).scaleb(-decimals)), format=pattern, locale=_locale()
    )
    return f"{text}\N{NO-BREAK SPACE}{currency}" if currency else text


def _precision(currency: str) -> int:
    try:
        return get_currency_precision(currency)
    except (KeyError, ValueError):
        return 2


def _locale() -> str:
    name = locale_name()
    return name if translation.get_language() else "en"
