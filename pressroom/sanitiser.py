"""
The release body's sanitiser: nh3 (django-prose-editor's allow-list), after a
pass that takes apart the markup nh3 would throw away with the words in it.

nh3 parses like a browser. Inside `<svg>` or `<math>` the parser builds
"foreign" elements, and when nh3 removes the `<svg>` or `<math>` it may not
keep, it drops everything inside with it, the text and the HTML a `<mtext>`,
`<desc>` or `<foreignObject>` holds; so it does with an element named like an
SVG or MathML one (`<mglyph>`, `<desc>`, `<mi>`…) anywhere. An unclosed `<p>`,
`<style>` or `<table>` in there moves the rest of the body inside, so every
word after it vanished from the saved release.

`unwrap_markup` writes back only the tags the body may keep (paragraphs,
emphasis, links…), leaves every other tag out but keeps its text, and drops
only what is code, not words: the content of `<script>` and `<style>`. Inside
SVG and MathML, `<style>` and `<script>` are ordinary elements, not raw text
running to their end tag, as in a browser. What nh3 is handed has no foreign
content left, so nh3 removes disallowed attributes and links and nothing
else. Safety stays nh3's job: this pass only ever writes allowed tags by name
with escaped attributes, and escaped text.
"""

import re
from html import escape
from html.parser import HTMLParser

from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.fields import create_sanitizer

FOREIGN_ROOTS = frozenset({"svg", "math"})
# Code, not words: their content is left out.
CODE_ELEMENTS = frozenset({"script", "style"})
ATTRIBUTE_NAME = re.compile(r"[a-z_:][-a-z0-9_:.]*")


class MarkupUnwrapper(HTMLParser):
    """Rewrites HTML with only the tags in `keep_tags`, and all of its text."""

    def __init__(self, *, keep_tags):
        super().__init__(convert_charrefs=True)
        self.keep_tags = keep_tags
        self.foreign = []  # the open elements from the <svg> or <math> inwards
        self.code = None  # the <script> or <style> being read, outside them
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag in FOREIGN_ROOTS and not self.foreign:
            self.CDATA_CONTENT_ELEMENTS = ()
        if self.foreign or tag in FOREIGN_ROOTS:
            self.foreign.append(tag)
        elif tag in CODE_ELEMENTS:
            self.code = tag
        if tag in self.keep_tags:
            self._write_tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        if tag in self.keep_tags:
            self._write_tag(tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        if tag in self.foreign:
            # As in a browser, an end tag closes every element opened after
            # its start tag, and </svg> or </math> ends the foreign content.
            while self.foreign.pop() != tag:
                pass
            if not self.foreign:
                del self.CDATA_CONTENT_ELEMENTS
        elif tag == self.code:
            self.code = None
        if tag in self.keep_tags:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.foreign[-1:] in (["script"], ["style"]) or (
            self.code and not self.foreign
        ):
            return
        self.out.append(escape(data, quote=False))

    def unknown_decl(self, data):
        # <![CDATA[…]]> is text in SVG and MathML (a comment elsewhere).
        if self.foreign and data.startswith("CDATA["):
            self.handle_data(data.removeprefix("CDATA["))

    def _write_tag(self, tag, attrs, *, self_closing=False):
        attributes = "".join(
            f' {name}="{escape(value or "")}"'
            for name, value in attrs
            if ATTRIBUTE_NAME.fullmatch(name)
        )
        self.out.append(f"<{tag}{attributes}{' /' if self_closing else ''}>")

    def rewrite(self, html):
        self.feed(html)
        self.close()
        return "".join(self.out)


def unwrap_markup(html, *, keep_tags):
    """`html` with only the tags in `keep_tags`, its words kept (module doc)."""
    return MarkupUnwrapper(keep_tags=keep_tags).rewrite(html)


def body_sanitiser(extensions):
    """The body's sanitiser for the editor `extensions`: unwrap, then nh3."""
    clean = create_sanitizer(extensions)
    keep_tags = frozenset(allowlist_from_extensions(extensions)["tags"])

    def sanitise(html):
        return clean(unwrap_markup(html, keep_tags=keep_tags))

    return sanitise
