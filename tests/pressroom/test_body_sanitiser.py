"""
The body sanitiser removes markup, never an editor's words: SVG and MathML
pasted into a body (or posted by hand), or elements named like theirs, used to
make nh3 throw away everything inside them, and with an unclosed element
inside, every word after them.
"""

from html.parser import HTMLParser

import pytest

from pressroom.models import Release
from tests.pressroom.factories import ReleaseFactory

pytestmark = pytest.mark.django_db

BODY_TAGS = {
    "p", "br", "strong", "em", "u", "sub", "sup", "h2", "h3", "h4", "ul", "ol",
    "li", "blockquote", "hr", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>"

# (what sits between "before" and "after", the visible words inside it)
NESTINGS = [
    ("<svg><text>inside</text></svg>", "inside"),
    ("<math><mi>inside</mi></math>", "inside"),
    ("<svg><p>inside</p></svg>", "inside"),
    ("<svg><title>inside</title></svg>", "inside"),
    ("<svg><desc><p>inside</desc></svg>", "inside"),
    ("<svg><style>x{}</svg>", None),
    ("<svg><foreignObject><p>inside</p></foreignObject></svg>", "inside"),
    (
        "<math><annotation-xml encoding='text/html'><p>inside</p></annotation-xml>"
        "</math>",
        "inside",
    ),
    ("<math><mi><mglyph>inside</mglyph></mi></math>", "inside"),
    ("<math><mtext><malignmark></malignmark>inside</mtext></math>", "inside"),
    ("<math><mi><style>inside</mi></math>", None),
    ("<math><mtext><p>inside</mtext></math>", "inside"),
    ("<math><mtext><table><mglyph><style>" + PAYLOAD + "inside", "inside"),
    ("<svg></p><style><a title='</style>" + PAYLOAD + "'>inside</a></style>", "inside"),
    ("<svg><textarea>inside</textarea><xmp>too</xmp></svg>", "inside"),
    ("<SVG><a href='https://example.com/'>inside</a></SVG>", "inside"),
    ("<svg><script>alert(3)</script><![CDATA[inside]]></svg>", "inside"),
    ("<math><mtext><table><noscript>inside</table></mtext></math>", "inside"),
    # Named like SVG or MathML elements, outside them: nh3 dropped these too.
    ("<desc><p>inside", "inside"),
    ("<mglyph><b>inside", "inside"),
    ("<annotation-xml encoding='text/html'><p>inside", "inside"),
    ("<malignmark>'<mi>inside", "inside"),
    # Raw-text elements no longer hide the rest as literal markup.
    ("<plaintext>inside", "inside"),
    ("<textarea><p>inside", "inside"),
]  # fmt: skip


class Markup(HTMLParser):
    """The elements and attributes in a piece of HTML."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attributes, self.text = set(), set(), ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _value in attrs)

    def handle_data(self, data):
        self.text += data


@pytest.mark.parametrize(("nesting", "inside"), NESTINGS)
def test_sanitising_svg_and_mathml_keeps_the_words_before_inside_and_after(
    nesting, inside
):
    release = ReleaseFactory(
        body=f"<p>Words before.</p>{nesting}<p>Words after.</p>"
        f"<p>The <strong>last</strong> paragraph.</p>"
    )
    release.refresh_from_db()

    assert "Words before." in release.body
    if inside:
        assert inside in release.body
    assert "Words after." in release.body
    assert "The <strong>last</strong> paragraph." in release.body
    markup = Markup(release.body)
    assert markup.tags <= BODY_TAGS
    assert markup.attributes <= {"href", "title", "rel"}
    # Scripts and style sheets are code, not words: not even their text stays.
    assert "alert(" not in markup.text
    assert "x{}" not in markup.text


def test_foreign_content_inside_a_paragraph_keeps_the_sentence_whole():
    release = ReleaseFactory(
        body="<p>Energy is <math><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi>"
        "<mn>2</mn></msup></math> as Einstein showed.</p>"
    )

    assert release.body == "<p>Energy is E=mc2 as Einstein showed.</p>"


def test_bodies_without_svg_or_mathml_are_sanitised_as_before():
    sanitise = Release._meta.get_field("body").sanitize
    body = (
        '<p>A <a href="https://example.com/" onclick="x()">link</a></p>'
        "<script>alert(1)</script><p>after</p>"
    )

    assert sanitise(body) == (
        '<p>A <a href="https://example.com/">link</a></p><p>after</p>'
    )
