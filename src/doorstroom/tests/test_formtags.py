"""formtags' {% postform %}: the one opening of a form that posts to the page it is on."""

import re
from pathlib import Path

import pytest
from django.template import Context, RequestContext, Template, TemplateSyntaxError

TEMPLATE_DIRS = sorted(Path(__file__).parents[1].glob("**/templates"))
OPENING = "includes/post_form.html"
BY_HAND = re.compile(r"<form\b[^>]*request\.get_full_path")


def rendered(source: str, request) -> str:
    return Template("{% load formtags %}" + source).render(RequestContext(request))


def test_the_form_posts_to_its_own_path_and_query_with_the_csrf_token(rf):
    request = rf.get("/personen/zoeken/", {"van": "a&b", "x": '"><script>'})
    html = rendered('{% postform class="utrecht-form" %}<p>veld</p>{% endpostform %}', request)
    opening = re.search(r"<form\b[^>]*>", html).group(0)
    assert opening == (
        '<form method="post" action="/personen/zoeken/?van=a%26b&amp;x=%22%3E%3Cscript%3E"'
        ' class="utrecht-form">'
    )
    assert re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1) != ""
    assert html.index(opening) < html.index("csrfmiddlewaretoken") < html.index("<p>veld</p>")
    assert html.rstrip().endswith("<p>veld</p></form>")


@pytest.mark.parametrize(
    ("flags", "attributes"),
    [
        ("multipart", ' enctype="multipart/form-data">'),
        ("novalidate", " novalidate>"),
        ("multipart novalidate", ' enctype="multipart/form-data" novalidate>'),
    ],
)
def test_a_file_form_sends_multipart_and_novalidate_leaves_the_messages_to_the_server(
    rf, flags, attributes
):
    html = rendered(f'{{% postform class="f" {flags} %}}{{% endpostform %}}', rf.get("/"))
    assert re.search(r"<form\b[^>]*>", html).group(0).endswith(f'class="f"{attributes}')


@pytest.mark.parametrize(
    "tag",
    ["{% postform %}", '{% postform class="f" nocheck %}', '{% postform class="f" id="x" %}'],
)
def test_a_postform_without_its_class_or_with_an_unknown_word_is_refused(tag):
    with pytest.raises(TemplateSyntaxError, match="postform takes class"):
        Template("{% load formtags %}" + tag + "{% endpostform %}").render(Context())


def test_every_form_that_posts_to_its_own_page_opens_with_postform():
    """One opening for them all: a form written out by hand with the page's own address is
    left behind when the opening changes."""
    by_hand = [
        str(path.relative_to(folder))
        for folder in TEMPLATE_DIRS
        for path in folder.glob("**/*.html")
        if str(path.relative_to(folder)) != OPENING and BY_HAND.search(path.read_text())
    ]
    assert by_hand == []
