"""Template filters for form fields (loaded as `formtags`, see settings.TEMPLATES)."""

from datetime import date

from django import template

register = template.Library()


@register.filter
def input_value(value: object) -> object:
    """A field's value as it goes back into a text box: a date as dd-mm-jjjj, the way the
    date fields ask for it (a page would otherwise print '1 december 2026', which they
    refuse)."""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else value
