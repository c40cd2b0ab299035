"""Template filters about young people."""

from datetime import date

from django import template

from doorstroom import dates

register = template.Library()


@register.filter
def age(date_of_birth: date) -> int:
    """The age today, as the rules count it (dates.age_on)."""
    return dates.age_on(date_of_birth, dates.today())
