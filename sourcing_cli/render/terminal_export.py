"""The terminal view saved as a picture: ``assess --export FILE.svg|FILE.html``.

Rich records what it would print and exports it; this module picks how that looks on paper and on
a slide: a light theme whose every colour keeps at least 4.5:1 contrast on white (Rich's own
light theme prints yellow and grey near 3:1), no web font (:func:`~sourcing_cli.console.svg_format`
drops Rich's CDN font; the HTML template names only local fonts) and, in HTML, score bars drawn as
boxes of their exact length with space between the rows — as text, the block characters of
neighbouring rows merge into one block and show seams between their glyphs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from rich.console import RenderableType
from rich.terminal_theme import TerminalTheme

from sourcing_cli.console import make_console, svg_format

# Dark enough on white for body text (WCAG AA, 4.5:1), in the terminal's 8 + 8 colours.
LIGHT = TerminalTheme(
    (255, 255, 255), (17, 17, 17),
    [(17, 17, 17), (163, 21, 16), (22, 104, 26), (117, 86, 0), (31, 63, 153), (125, 31, 125),
     (10, 94, 107), (85, 85, 85)],
    [(89, 89, 89), (179, 22, 15), (20, 112, 24), (107, 83, 0), (36, 70, 179), (143, 42, 143),
     (10, 100, 112), (77, 77, 77)],
)

HTML_FORMAT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>sourcing assess</title>
<style>
{stylesheet}
body {{
    color: {foreground};
    background-color: {background};
    margin: 1.5em;
}}
pre {{
    font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", "Courier New", monospace;
    font-size: 13px;
    line-height: 1.55;
}}
.bar {{ display: inline-block; height: 0.95em; vertical-align: -0.15em; }}
.bar > span {{ display: block; height: 100%; background-color: currentColor; }}
</style>
</head>
<body>
<pre><code style="font-family:inherit">{code}</code></pre>
</body>
</html>
"""

_EIGHTHS = "▏▎▍▌▋▊▉"
_BAR_RE = re.compile(f"(█+)([{_EIGHTHS}]?)|([{_EIGHTHS}])")


def _box(found: re.Match[str]) -> str:
    """A run of block characters as a box of the same length, in the cells they took."""
    full = len(found.group(1) or "")
    part = found.group(2) or found.group(3) or ""
    eighths = _EIGHTHS.index(part) + 1 if part else 0
    cells = full + (1 if part else 0)
    share = 100 * (full * 8 + eighths) / (cells * 8)
    return (f'<span class="bar" style="width:{cells}ch">'
            f'<span style="width:{share:.2f}%"></span></span>')


def html_bars(code: str) -> str:
    """Score bars (runs of block characters) in exported HTML as boxes of their length."""
    return _BAR_RE.sub(_box, code)


def export_view(parts: Iterable[RenderableType], suffix: str) -> str:
    """The renderables as a terminal shows them in colour, as SVG (``.svg``) or HTML."""
    recorder = make_console(file=io.StringIO(), record=True, colour=True)
    for part in parts:
        recorder.print(part)
    if suffix.lower() == ".svg":
        return recorder.export_svg(title="sourcing assess", code_format=svg_format(), theme=LIGHT)
    return html_bars(recorder.export_html(theme=LIGHT, code_format=HTML_FORMAT))
