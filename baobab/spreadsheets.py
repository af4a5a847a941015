"""What every CSV and XLSX Baobab writes passes through, whichever app writes it.

A spreadsheet runs a cell that starts with one of FORMULA_STARTS as a formula (a tab or carriage
return is stripped first by some, leaving the formula behind): such text gets a leading
apostrophe, so a name typed as "=HYPERLINK(...)" opens as text, never as a link or a command.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """``value`` safe to put in a cell. Only text is touched: a negative number stays a number."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
