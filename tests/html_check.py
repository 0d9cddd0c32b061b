"""A strict reading of the HTML pages the tool writes: balanced tags, nothing fetched, no script.

Python's :class:`html.parser.HTMLParser` accepts anything; :class:`StrictPage` fails on what a
careful author would not write: an end tag that closes anything but the innermost open element, an
element left open, a duplicate attribute or id, a bare ``&``, a script or an ``on…`` handler, and a
reference to an id (``url(#…)``, ``href="#…"``, ``aria-labelledby``) that the page does not have.
:func:`fetched` lists every place a browser would fetch from: ``src``, a stylesheet ``<link>``'s
``href``, ``url(…)`` and ``@import`` in styles, and a non-fragment ``href`` of SVG ``<use>`` or
``<image>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
_URL_RE = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.I)
_BARE_AMP_RE = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)")


@dataclass
class StrictPage(HTMLParser):
    errors: list[str] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    _in_style: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        names = [name for name, _ in attrs]
        if len(names) != len(set(names)):
            self.errors.append(f"<{tag}>: a duplicate attribute in {names}")
        found = {name: value or "" for name, value in attrs}
        if tag == "script":
            self.errors.append("a <script> element")
        for name in found:
            if name.startswith("on"):
                self.errors.append(f"<{tag}>: an event handler {name}")
        if "id" in found:
            self.ids.append(found["id"])
        if "style" in found:
            self.styles.append(found["style"])
        self.elements.append((tag, found))
        return found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"</{tag}>: an end tag for a void element")
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        else:
            self.text.append(data)


def read_page(page: str) -> StrictPage:
    """Parse ``page`` strictly; the errors are in the result's ``errors``."""
    parser = StrictPage()
    parser.feed(page)
    parser.close()
    if parser.stack:
        parser.errors.append(f"left open: {parser.stack}")
    if not page.startswith("<!DOCTYPE html>"):
        parser.errors.append("no <!DOCTYPE html> first")
    bare = _BARE_AMP_RE.search(page)
    if bare:
        parser.errors.append(f"a bare & at {bare.start()}: {page[bare.start():bare.start() + 20]!r}")
    ids = set(parser.ids)
    if len(ids) != len(parser.ids):
        parser.errors.append("a duplicate id: "
                             + ", ".join(sorted({i for i in parser.ids if parser.ids.count(i) > 1})))
    for tag, attrs in parser.elements:
        refs = [v[1:] for k, v in attrs.items() if k == "href" and v.startswith("#")]
        refs += attrs.get("aria-labelledby", "").split()
        for value in attrs.values():
            refs += [u[1:] for u in _URL_RE.findall(value) if u.startswith("#")]
        parser.errors += [f"<{tag}> refers to a missing id {r!r}" for r in refs if r not in ids]
    return parser


def fetched(page: StrictPage) -> list[str]:
    """Every address the page would make a browser fetch (fragments within the page excluded)."""
    out: list[str] = []
    for tag, attrs in page.elements:
        if "src" in attrs:
            out.append(attrs["src"])
        if tag == "link" and "href" in attrs:
            out.append(attrs["href"])
        if tag in ("use", "image", "feimage"):
            out += [v for k, v in attrs.items() if k in ("href", "xlink:href") and not v.startswith("#")]
        for value in attrs.values():
            out += [u for u in _URL_RE.findall(value) if not u.startswith("#")]
    for style in page.styles:
        out += [u for u in _URL_RE.findall(style) if not u.startswith("#")]
        out += re.findall(r"@import\s+[^;]*", style, re.I)
    return out
