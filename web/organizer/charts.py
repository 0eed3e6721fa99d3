"""Small bar charts drawn on the server as SVG: no library, no CDN, no script.

Every text is escaped; colours come from CSS classes (web/static/organizer/
organizer.css), so the page's strict CSP (no inline styles) holds. A chart has a
``<title>`` and an ``aria-label``, and each bar a ``<title>`` with its numbers;
the pages show the same numbers in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 130
ROW = 26
BAR = 18
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    total: float | None = None  # a bar "value of total" (e.g. places taken of offered)
    text: str = ""  # what is written after the bar; default: the value (of the total)
    group: str = ""  # a heading row is drawn before the first bar of each group


def _tone(value: float, total: float | None) -> str:
    if not total:
        return "bar"
    share = value / total
    if share >= 1:
        return "bar full"
    return "bar low" if share < 0.5 else "bar mid"


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def bar_chart(bars: list[Bar], title: str, *, empty: str = "Nothing to show yet.") -> Markup:
    """Horizontal bars, one a row, scaled to the largest value (or to each bar's total)."""
    if not bars:
        return Markup('<p class="chart-empty">{}</p>').format(empty)
    scale = max((b.total if b.total else b.value) for b in bars) or 1
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows: list[str] = []
    y = TOP
    group = None
    for bar in bars:
        if bar.group and bar.group != group:
            group = bar.group
            rows.append(f'<text class="chart-group" x="0" y="{y + BAR - 4}">'
                        f"{escape(group)}</text>")
            y += ROW
        total = bar.total if bar.total else None
        full = track if total else 0
        filled = track * (bar.value / total if total else bar.value / scale)
        text = bar.text or (f"{_number(bar.value)} / {_number(total)}" if total
                            else _number(bar.value))
        tip = f"{bar.label}: {text}"
        rows.append(
            f'<g class="chart-row"><title>{escape(tip)}</title>'
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + BAR - 4}" '
            f'text-anchor="end">{escape(_clip(bar.label))}</text>'
            + (f'<rect class="track" x="{LABEL_WIDTH}" y="{y}" width="{full:.1f}" '
               f'height="{BAR}" rx="3"/>' if full else "")
            + f'<rect class="{_tone(bar.value, total)}" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{max(filled, 0):.1f}" height="{BAR}" rx="3"/>'
            f'<text class="chart-value" x="{LABEL_WIDTH + track + 8}" y="{y + BAR - 4}">'
            f"{escape(text)}</text></g>")
        y += ROW
    height = y + TOP
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(rows)}</svg>')


def _clip(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
