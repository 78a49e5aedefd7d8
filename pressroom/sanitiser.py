"""
The release body's sanitiser: nh3 (django-prose-editor's allow-list), after a
pass that takes SVG and MathML apart so that nh3 never drops an editor's words.

nh3 parses like a browser. Inside `<svg>` or `<math>` the parser builds
"foreign" elements, and when nh3 removes the `<svg>` or `<math>` it is not
allowed to keep, it throws away everything inside with it, including text and
the HTML a `<mtext>`, `<desc>` or `<foreignObject>` holds. An unclosed `<p>`,
`<style>` or `<table>` in there moves the rest of the body inside, so every
word after it vanished from the saved release.

`unwrap_foreign_content` removes the `<svg>` and `<math>` tags and every tag
within them except the body's own (paragraphs, emphasis, links…), keeps their
text, and drops only what is code, not words (the content of `<style>` and
`<script>`). What it hands nh3 has no foreign content left, so nh3 then
removes markup as usual and nothing else. Safety stays nh3's job: this pass
only ever writes tags by name with escaped attributes, and escaped text.
"""

import re
from html import escape
from html.parser import HTMLParser

from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.fields import create_sanitizer

# Only a start tag named svg or math (any case) opens foreign content, so a body
# without one is passed to nh3 untouched.
FOREIGN_ROOTS = frozenset({"svg", "math"})
FOREIGN_START = re.compile(r"<(?:svg|math)", re.IGNORECASE)
# Inside SVG and MathML these hold code, not words.
CODE_ELEMENTS = frozenset({"script", "style"})
ATTRIBUTE_NAME = re.compile(r"[a-z_:][-a-z0-9_:.]*")


class ForeignContentUnwrapper(HTMLParser):
    """Rewrites HTML with the SVG and MathML tags left out and their text kept.

    Outside SVG and MathML every tag is written back (nh3 decides what stays);
    inside, only the tags in `keep_tags`.
    """

    def __init__(self, *, keep_tags):
        super().__init__(convert_charrefs=True)
        self.keep_tags = keep_tags
        self.foreign = []  # the open elements from the <svg> or <math> inwards
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag in FOREIGN_ROOTS or self.foreign:
            if not self.foreign:
                # <style> and <script> are plain elements in SVG and MathML,
                # not raw text running to their end tag.
                self.CDATA_CONTENT_ELEMENTS = ()
            self.foreign.append(tag)
            if tag in self.keep_tags:
                self._write_tag(tag, attrs)
            return
        self._write_tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        if tag in FOREIGN_ROOTS or (self.foreign and tag not in self.keep_tags):
            return
        self._write_tag(tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        if not self.foreign:
            self.out.append(f"</{tag}>")
            return
        if tag in self.foreign:
            # As in a browser, an end tag closes every element opened after
            # its start tag, and </svg> or </math> ends the foreign content.
            while self.foreign.pop() != tag:
                pass
            if not self.foreign:
                del self.CDATA_CONTENT_ELEMENTS
        if tag in self.keep_tags:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.foreign and self.foreign[-1] in CODE_ELEMENTS:
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


def unwrap_foreign_content(html, *, keep_tags):
    """`html` without SVG and MathML markup, their words kept (see module doc)."""
    if not FOREIGN_START.search(html):
        return html
    return ForeignContentUnwrapper(keep_tags=keep_tags).rewrite(html)


def body_sanitiser(extensions):
    """The body's sanitiser for the editor `extensions`: unwrap, then nh3."""
    clean = create_sanitizer(extensions)
    keep_tags = frozenset(allowlist_from_extensions(extensions)["tags"])

    def sanitise(html):
        return clean(unwrap_foreign_content(html, keep_tags=keep_tags))

    return sanitise
