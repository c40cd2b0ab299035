"""Template filters for form fields (loaded as `formtags`, see settings.TEMPLATES)."""

from datetime import date

from django import forms, template

register = template.Library()


@register.filter
def input_value(value: object) -> object:
    """A field's value as it goes back into a text box: a date as dd-mm-jjjj, the way the
    date fields ask for it (a page would otherwise print '1 december 2026', which they
    refuse)."""
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return "" if value is None else value


@register.filter
def fields_with_errors(form: forms.BaseForm) -> list[tuple[forms.BoundField, str]]:
    """The form's visible fields that have a message, each with the id of the control to
    jump to (a group of checkboxes: its first box), for the list at the top of the form."""
    found = []
    for field in form.visible_fields():
        if field.errors:
            multiple = field.widget_type == "checkboxselectmultiple"
            found.append((field, f"{field.auto_id}_0" if multiple else field.id_for_label))
    return found
