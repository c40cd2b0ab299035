"""Template filters about employees (users)."""

from django import template

register = template.Library()


@register.filter
def employee(user: object, nobody: str = "\u2013") -> str:
    """How a page names a colleague: the full name, else the username; `nobody` for none
    (the system, or an account since removed)."""
    if user is None:
        return nobody
    return user.display_name
