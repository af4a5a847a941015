"""ISO 4217 currencies and their minor units (the number of decimals an amount may carry).

The codes are the active ones of the standard's list one (funds and precious metals left out,
except the units of account that development finance uses): babel knows the historical ones too,
which nobody should pick for a new budget. Names come from babel, in the reader's language.
"""

from decimal import Decimal

from babel import UnknownLocaleError
from babel.numbers import get_currency_name, get_currency_precision
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Currencies whose minor unit is not 2 decimals.
_MINOR_UNITS_EXCEPTIONS = {
    # no decimals
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0,
    "XPF": 0,
    # three decimals
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    # four decimals
    "CLF": 4, "UYW": 4,
}  # fmt: skip

_TWO_DECIMALS = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD
CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD
MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP
PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD XDR YER ZAR ZMW ZWL
""".split()  # noqa: SIM905

MINOR_UNITS: dict[str, int] = dict.fromkeys(_TWO_DECIMALS, 2) | _MINOR_UNITS_EXCEPTIONS

CURRENCY_CODES = frozenset(MINOR_UNITS)


def minor_units(code: str) -> int:
    return MINOR_UNITS[code]


def _decimals(amount: Decimal, currency: str) -> int:
    try:
        allowed = MINOR_UNITS[currency]
    except KeyError:  # a code the list leaves out (a fund, a metal): CLDR's digits
        allowed = get_currency_precision(currency)
    exponent = amount.as_tuple().exponent
    # Never fewer than the amount has: an export rounds nothing away.
    return max(allowed, -exponent if isinstance(exponent, int) else 0)


def amount_text(amount: Decimal | None, currency: str) -> str | None:
    """``amount`` as exact decimal text with its currency's minor units ("12500.00",
    "20000000" in XOF): what JSON, the API and CSV carry, so no reader rounds it as a float."""
    if amount is None:
        return None
    amount = Decimal(amount).normalize()
    return f"{amount.quantize(Decimal(1).scaleb(-_decimals(amount, currency))):f}"


def number_format(currency: str, amount: Decimal | None = None) -> str:
    """The spreadsheet number format of an amount in ``currency``: grouped digits, the
    currency's minor units, its code after ("#,##0.00 \"EUR\"")."""
    decimals = _decimals((amount or Decimal(0)).normalize(), currency)
    return "#,##0" + ("." + "0" * decimals if decimals else "") + f' "{currency}"'


def validate_currency(value: str) -> None:
    if value not in CURRENCY_CODES:
        raise ValidationError(
            _("Unknown currency: %(value)s. Use an ISO 4217 code such as EUR, XOF or NGN."),
            code="unknown_currency",
            params={"value": value},
        )


def check_decimals(amount: Decimal | None, currency: str) -> str | None:
    """The error message for an amount with more decimals than its currency has, else None."""
    # Anything but a Decimal was already refused by the field's own validation.
    if not isinstance(amount, Decimal) or currency not in CURRENCY_CODES:
        return None
    allowed = MINOR_UNITS[currency]
    exponent = amount.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    if decimals <= allowed:
        return None
    if allowed == 0:
        return _("Amounts in %(currency)s have no decimals.") % {"currency": currency}
    return _("Amounts in %(currency)s have at most %(count)d decimals.") % {
        "currency": currency,
        "count": allowed,
    }


def currency_name(code: str) -> str:
    try:
        return get_currency_name(
            code, locale=translation.to_locale(translation.get_language() or "en")
        )
    except (UnknownLocaleError, ValueError):
        return get_currency_name(code, locale="en")


def currency_choices() -> list[tuple[str, str]]:
    """The current currencies, by their name in the reader's language, the code beside it."""
    named = [(code, f"{currency_name(code)} ({code})") for code in CURRENCY_CODES]
    return sorted(named, key=lambda choice: choice[1].casefold())


class CurrencySelect(forms.Select):
    def __init__(self, attrs=None):
        super().__init__(attrs, choices=currency_choices)
