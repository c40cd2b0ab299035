"""Template filters for form fields and the opening of a form that posts to its own page
(loaded as `formtags`, see settings.TEMPLATES)."""

from datetime import date

from django import forms, template
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.template.context import Context

register = template.Library()

POST_FORM = "includes/post_form.html"
POST_FORM_FLAGS = ("multipart", "novalidate")
"""`multipart`: the form sends a file; `novalidate`: the server's Dutch messages, not the
browser's own."""


class PostFormNode(template.Node):
    def __init__(self, nodelist: NodeList, form_class: FilterExpression, flags: list[str]):
        self.nodelist, self.form_class, self.flags = nodelist, form_class, flags

    def render(self, context: Context) -> str:
        opening = context.template.engine.get_template(POST_FORM)
        with context.push(
            form_class=self.form_class.resolve(context),
            content=self.nodelist.render(context),
            **{flag: flag in self.flags for flag in POST_FORM_FLAGS},
        ):
            return opening.render(context)


@register.tag
def postform(parser: Parser, token: Token) -> PostFormNode:
    """`{% postform class="..." [multipart] [novalidate] %}...{% endpostform %}`: a form that
    posts to the page it is on, with its CSRF token (includes/post_form.html). The action is
    the page's own path and query, never left out: a form without one posts to the address
    the browser shows, with the #field of the error summary's link that was followed, and
    the next page would open at that field."""
    bits = token.split_contents()[1:]
    kwargs = token_kwargs(bits, parser)
    unknown = sorted(set(kwargs) - {"class"} | set(bits) - set(POST_FORM_FLAGS))
    if "class" not in kwargs or unknown:
        raise template.TemplateSyntaxError(
            f"postform takes class=... and {', '.join(POST_FORM_FLAGS)}, not {unknown}"
        )
    nodelist = parser.parse(("endpostform",))
    parser.delete_first_token()
    return PostFormNode(nodelist, kwargs["class"], bits)


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


@register.filter
def choice_groups(choices: object) -> list[tuple[str, list[tuple[object, object]]]]:
    """A select's choices as (group label, options): a choice whose label is a list is an
    optgroup, as Django's own Select draws it; the other choices stand in a group with no
    label, in their order."""
    groups: list[tuple[str, list[tuple[object, object]]]] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            groups.append((str(value), list(label)))
        elif groups and not groups[-1][0]:
            groups[-1][1].append((value, label))
        else:
            groups.append(("", [(value, label)]))
    return groups
