"""CSV files the app writes are opened in spreadsheets, which run a cell that looks like a formula.

Every CSV goes through `formula_safe`, so a client named `=HYPERLINK(...)` stays text.
"""

# OWASP's list: a cell starting with one of these may be read as a formula (or, for tab and
# carriage return, smuggle one past a leading-character check).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """The value, with a leading apostrophe when a spreadsheet would take it for a formula.

    Only text is changed: a stored number such as -2 is a number, not a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
