"""Draw the site's pictures at build time, from the facts model, as inline accessible SVG.

Each picture in facts.json names its kind and the facts (or glossary terms) it shows.
Every word and number in a drawing comes from those entries and from the site's `words`;
this module only lays them out (checks/pictures.py checks the data first). A drawing is
decoration for people who would rather look than read: the same content is always given
next to it as a table with citations (see render.py).

No scripts, no external files: colours are `currentColor`, so a picture follows the
page's text colour in light and dark mode, and all text is XML-escaped.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from dataclasses import dataclass
from html import escape as xml_escape

from factsite.model import Citation, Facts, Picture
from factsite.text import fill_placeholders, long_date

WIDTH = 340  # viewBox units; about 1 unit per CSS pixel on a 360 px phone
FONT = 15
CHAR = 7.6  # average width of one character at FONT, for wrapping
WIDE = FONT  # a Japanese character (kana, kanji, full-width punctuation) is a square, one font size wide
# Japanese has no spaces, so a line may break between any two characters, except before these
# (closing brackets and punctuation, small kana, the long-vowel mark: Japanese line-breaking rules).
NO_LINE_START = set("、。，．・：；？！）」』】〕ー～ぁぃぅぇぉっゃゅょァィゥェォッャュョ")  # noqa: RUF001 (Japanese punctuation, on purpose)
# A run of Latin letters, digits and the like ("iPS", "200", "4.5%") is one word: it is never split.
TOKEN = re.compile(r"[\x21-\x7e]+ ?|.", re.DOTALL)
GRADES = "ABCDE"


@dataclass(frozen=True)
class Row:
    """One line of the text alternative: a short first cell, and a cited text."""

    key: str
    text: str  # plain text with {placeholders}; render.py escapes and cites it
    citations: tuple[Citation, ...]
    owner: str  # the fact or term whose citations these are (names its footnotes)


@dataclass(frozen=True)
class Drawing:
    svg: str
    header: tuple[str, str]  # the text alternative's column headings
    rows: list[Row]


# --- drawing --------------------------------------------------------------------------


def draw(picture: Picture, facts: Facts) -> Drawing:
    return DRAWERS[picture.kind](picture, facts)


def _text(x: float, y: float, text: str, *, size: int = FONT, weight: str = "normal", anchor: str = "start") -> str:
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" '
        f'fill="currentColor">{xml_escape(text)}</text>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, width: float = 2, extra: str = "") -> str:
    return (
        f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" stroke="currentColor" stroke-width="{width:g}"{extra}/>'
    )


def _circle(cx: float, cy: float, r: float, fill: str = "none", extra: str = "") -> str:
    return f'<circle cx="{cx:g}" cy="{cy:g}" r="{r:g}" fill="{fill}" stroke="currentColor" stroke-width="2"{extra}/>'


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _measure(text: str) -> float:
    """About how wide `text` is at FONT, in viewBox units."""
    return sum(WIDE if _is_wide(char) else CHAR for char in text)


def _lines(text: str, width: float) -> list[str]:
    """`text` broken into lines about `width` units wide: at spaces, or anywhere in Japanese text."""
    if not any(_is_wide(char) for char in text):
        return textwrap.wrap(text, max(8, int(width / CHAR))) or [""]
    lines = [""]
    for token in TOKEN.findall(text):
        if lines[-1] and _measure(lines[-1] + token.rstrip()) > width:
            # Keep closing punctuation on its line: carry the line's last character down with it.
            carry = lines[-1][-1] if token[0] in NO_LINE_START and len(lines[-1]) > 1 else ""
            lines[-1] = lines[-1][: len(lines[-1]) - len(carry)].rstrip()
            lines.append(carry)
        lines[-1] += token
    return [line.rstrip() for line in lines]


def _wrapped(x: float, y: float, text: str, width: float, *, weight: str = "normal") -> tuple[str, int]:
    """Text broken into lines that fit `width`; returns the SVG and the number of lines."""
    lines = _lines(text, width)
    spans = "".join(
        f'<tspan x="{x:g}" dy="{0 if i == 0 else FONT + 4}">{xml_escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    svg = f'<text x="{x:g}" y="{y:g}" font-size="{FONT}" font-weight="{weight}" fill="currentColor">{spans}</text>'
    return svg, len(lines)


def _svg(picture: Picture, height: float, body: list[str]) -> str:
    base = f"picture-{picture.id}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fs-picture__drawing" role="img" focusable="false" '
        f'viewBox="0 0 {WIDTH} {height:g}" aria-labelledby="{base}-title {base}-desc">'
        f'<title id="{base}-title">{xml_escape(picture.title)}</title>'
        f'<desc id="{base}-desc">{xml_escape(picture.description)}</desc>' + "".join(body) + "</svg>"
    )


def _arrow_down(x: float, top: float, bottom: float) -> str:
    return (
        f'<line x1="{x:g}" y1="{top:g}" x2="{x:g}" y2="{bottom - 6:g}" stroke="currentColor" stroke-width="2"/>'
        f'<path d="M{x - 6:g} {bottom - 8:g} L{x:g} {bottom:g} L{x + 6:g} {bottom - 8:g}" fill="none" '
        f'stroke="currentColor" stroke-width="2"/>'
    )


def _icon(name: str, cx: float, cy: float) -> str:
    """A small drawing of a step, about 40 units across, centred on (cx, cy)."""
    if name == "cell":  # an ordinary cell: a body and its nucleus
        return _circle(cx, cy, 16) + _circle(cx + 3, cy - 2, 5, "currentColor")
    if name == "ips-cell":  # a stem cell that can become many kinds: rays going out
        rays = "".join(
            _line(cx + 13 * dx, cy + 13 * dy, cx + 20 * dx, cy + 20 * dy, 2)
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1), (0.7, 0.7), (-0.7, 0.7), (0.7, -0.7), (-0.7, -0.7))
        )
        return _circle(cx, cy, 11) + _circle(cx, cy, 5, "currentColor") + rays
    if name == "precursor-cells":  # young nerve cells, each with a short fibre
        return "".join(
            _circle(cx + dx, cy + dy, 6, "currentColor") + _line(cx + dx + 6, cy + dy, cx + dx + 13, cy + dy + 5, 2)
            for dx, dy in ((-12, -9), (-4, 8), (4, -12))
        )
    if name == "spinal-cord":  # a stretch of spinal cord with the injured part marked
        return (
            f'<rect x="{cx - 8:g}" y="{cy - 20:g}" width="16" height="40" rx="7" fill="none" '
            'stroke="currentColor" stroke-width="2"/>'
            + _line(cx - 5, cy - 5, cx + 5, cy + 5, 3)
            + _line(cx - 5, cy + 5, cx + 5, cy - 5, 3)
            + _line(cx - 22, cy, cx - 11, cy, 2)
        )
    if name == "calendar":  # time after the injury
        return (
            f'<rect x="{cx - 15:g}" y="{cy - 13:g}" width="30" height="28" rx="3" fill="none" '
            'stroke="currentColor" stroke-width="2"/>'
            + _line(cx - 15, cy - 5, cx + 15, cy - 5, 2)
            + _line(cx - 7, cy - 18, cx - 7, cy - 10, 2)
            + _line(cx + 7, cy - 18, cx + 7, cy - 10, 2)
            + "".join(_circle(cx + dx, cy + 5, 1.5, "currentColor") for dx in (-8, 0, 8))
        )
    return ""


def _flow(picture: Picture, facts: Facts) -> Drawing:
    """Steps from top to bottom, each with a small drawing, joined by arrows."""
    body, rows, y = [], [], 8.0
    items = [facts.facts[i] for i in picture.items]
    icons = picture.icons or ()
    words = facts.words.pictures
    for number, fact in enumerate(items, start=1):
        label = fill_placeholders(fact.label or "", facts.facts)
        text, lines = _wrapped(70, y + 24, label, WIDTH - 80)
        height = max(48, lines * (FONT + 4) + 22)
        body += [
            f'<rect x="60" y="{y:g}" width="{WIDTH - 62}" height="{height - 6:g}" rx="8" fill="currentColor" '
            f'fill-opacity="0.07" stroke="currentColor" stroke-opacity="0.5"/>',
            _icon(icons[number - 1], 28, y + 21) if icons else _circle(28, y + 21, 17),
            "" if icons else _text(28, y + 26, str(number), weight="bold", anchor="middle"),
            text,
        ]
        if number < len(items):
            body.append(_arrow_down(28, y + 44, y + height + 16))
        rows.append(Row(str(number), fact.label or "", fact.citations, fact.id))
        y += height + 18
    return Drawing(_svg(picture, y + 4, body), (words["step"], words["what_happens"]), rows)


def _outcomes(picture: Picture, facts: Facts) -> Drawing:
    """One row per person on the A to E scale: where they started, and where they were after a year."""
    left, step, top = 96.0, 54.0, 84.0
    words = facts.words.pictures
    xs = {grade: left + i * step for i, grade in enumerate(GRADES)}
    body = [_text(8, 20, words["grade"], weight="bold")]
    body += [_text(xs[g], 20, g, weight="bold", anchor="middle") for g in GRADES]
    body += [
        _circle(16, 46, 7),
        _text(28, 51, words["before"], size=13),
        _circle(100, 46, 7, "currentColor"),
        _text(112, 51, words["after"], size=13),
    ]
    rows, y, person = [], top, 0
    for fact in (facts.facts[i] for i in picture.items):
        assert fact.outcome is not None  # checks/pictures.py refuses an outcomes picture without one
        before, after = fact.outcome.before, fact.outcome.after
        for _ in range(int(fact.value or 0)):
            person += 1
            name = f"{words['person']} {person}"
            body += [_text(8, y + 5, name, weight="bold"), _circle(xs[before], y, 8)]
            if after is None:  # nothing was reported: say so, do not draw a grade
                body.append(_text(xs[before] + 16, y + 5, words["no_outcome"], size=13))
            else:
                body += [
                    _line(xs["A"], y, xs["E"], y, 1, ' stroke-opacity="0.35"'),
                    _line(xs[before] + 10, y, xs[after] - 12, y, 3),
                    f'<path d="M{xs[after] - 20:g} {y - 6:g} L{xs[after] - 11:g} {y:g} L{xs[after] - 20:g} {y + 6:g}" '
                    'fill="currentColor"/>',
                    _circle(xs[after], y, 8, "currentColor"),
                ]
            rows.append(Row(name, fact.label or "", fact.citations, fact.id))
            y += 44
    return Drawing(_svg(picture, y - 16, body), (words["person_column"], words["outcome_column"]), rows)


def _timeline(picture: Picture, facts: Facts) -> Drawing:
    """Dated steps down a line; an undated last step is drawn dashed, as not happened yet."""
    body, rows, y = [], [], 22.0
    words = facts.words.pictures
    items = [facts.facts[i] for i in picture.items]
    for position, fact in enumerate(items):
        dated = fact.date is not None
        when = long_date(fact.date) if fact.date is not None else ""
        label = fill_placeholders(fact.label or "", facts.facts)
        if dated:
            body.append(_text(44, y, when, weight="bold"))
        text, lines = _wrapped(44, y + (FONT + 6 if dated else 0), label, WIDTH - 50)
        height = (FONT + 6 if dated else 0) + lines * (FONT + 4) + 20
        body += [
            text,
            _circle(18, y - 5, 8, "currentColor" if dated else "none"),
        ]
        if position < len(items) - 1:
            dash = "" if items[position + 1].date is not None else ' stroke-dasharray="5 5"'
            body.append(_line(18, y + 4, 18, y + height - 14, 2, dash))
        rows.append(Row(when or words["not_yet"], fact.label or "", fact.citations, fact.id))
        y += height
    return Drawing(_svg(picture, y - 10, body), (words["when"], words["what_happened"]), rows)


def _ladder(picture: Picture, facts: Facts) -> Drawing:
    """A ladder, highest grade on top, each rung a grade a person can find themselves on."""
    words = facts.words.pictures
    terms = [facts.glossary[i] for i in picture.items]
    rung, top = 62.0, 16.0
    bottom = top + rung * (len(terms) - 1) + 48
    body = [
        f'<line x1="14" y1="{top - 10:g}" x2="14" y2="{bottom:g}" stroke="currentColor" stroke-width="3"/>',
        f'<line x1="82" y1="{top - 10:g}" x2="82" y2="{bottom:g}" stroke="currentColor" stroke-width="3"/>',
    ]
    rows = []
    for position, term in enumerate(terms):
        y = top + position * rung + 14
        letter = term.term.rstrip()[-1]  # 'Grade A' -> 'A', 'グレードA' -> 'A' (Japanese has no space)
        label = term.label or ""
        # A label too long for one line (Japanese ones may be) is centred on its rung.
        first = y + 5 - (len(_lines(label, WIDTH - 104)) - 1) * (FONT + 4) / 2
        text, _ = _wrapped(100, first, label, WIDTH - 104)
        body += [
            _line(14, y, 31, y, 3),
            _line(65, y, 82, y, 3),
            _circle(48, y, 15, "currentColor", ' fill-opacity="0.12"'),
            _text(48, y + 6, letter, weight="bold", anchor="middle"),
            text,
        ]
        rows.append(Row(letter, term.definition, term.citations, f"term-{term.id}"))
    return Drawing(_svg(picture, bottom + 4, body), (words["grade"], words["meaning"]), rows)


ICON_WORDS = ("icons_key", "icons_column", "icons_dark", "icons_light", "icons_empty", "icons_rest")


def _person(cx: float, top: float, kind: str) -> str:
    """One small figure, 24 units tall: a head and a body. dark: filled; light: a third filled; empty: outline."""
    fill = {"dark": ' fill="currentColor"', "light": ' fill="currentColor" fill-opacity="0.35"'}.get(
        kind, ' fill="none"'
    )
    return (
        f'<circle cx="{cx:g}" cy="{top + 5:g}" r="4.5"{fill} stroke="currentColor" stroke-width="1.5"/>'
        f'<path d="M{cx - 8:g} {top + 24:g} V{top + 17:g} Q{cx - 8:g} {top + 11:g} {cx:g} {top + 11:g} '
        f'Q{cx + 8:g} {top + 11:g} {cx + 8:g} {top + 17:g} V{top + 24:g} Z"{fill} stroke="currentColor" '
        'stroke-width="1.5"/>'
    )


def icon_counts(picture: Picture, facts: Facts) -> tuple[int, int, int]:
    """How many of the 100 figures are dark (the lowest share), light (up to the highest) and empty."""
    low, high = (round(facts.facts[i].value or 0) for i in picture.items[:2])
    return low, high - low, 100 - high


def _icons(picture: Picture, facts: Facts) -> Drawing:
    """An icon array: 100 figures in rows of 10, for 'about N in 100'. A range (two facts, lowest and
    highest) is drawn as dark figures for the lowest share and light ones for the rest up to the highest.
    The drawing holds no words: its key is the table beside it."""
    words = facts.words.pictures
    low_fact, high_fact = (facts.facts[i] for i in picture.items[:2])
    dark, light, _ = icon_counts(picture, facts)
    body, cell = [], WIDTH / 10
    for n in range(100):
        kind = "dark" if n < dark else "light" if n < dark + light else "empty"
        body.append(_person(cell * (n % 10) + cell / 2, 6 + (n // 10) * 32, kind))
    rows = [
        Row(words["icons_dark"], low_fact.label or "", low_fact.citations, low_fact.id),
        Row(words["icons_light"], high_fact.label or "", high_fact.citations, high_fact.id),
        Row(words["icons_empty"], words["icons_rest"], high_fact.citations, high_fact.id),
    ]
    return Drawing(_svg(picture, 10 * 32 + 8, body), (words["icons_key"], words["icons_column"]), rows)


SPINE_WORDS = ("spine_part", "spine_meaning")
BONE = 8.0  # height of one bone of the spine, in viewBox units
SPINE_X = 112.0  # the body's middle line: room on the left for the marks' names, on the right for the parts'
PART_X = SPINE_X + 64  # where the brackets naming the parts of the spine stand
LEG = 100.0


def _body(top: float, shoulders: float, hips: float) -> str:
    """A plain outline of a body seen from behind: head, neck, trunk, arms hanging down, legs.
    `top` is where the spine starts (the base of the skull), `shoulders` and `hips` where they are."""
    x = SPINE_X
    outline = ' fill="currentColor" fill-opacity="0.06" stroke="currentColor" stroke-opacity="0.55" stroke-width="1.5"'
    shapes = [
        f"M{x - 9:g} {top - 6:g} H{x + 9:g} V{shoulders - 8:g} H{x - 9:g} Z",  # neck
        f"M{x - 10:g} {shoulders - 8:g} L{x - 36:g} {shoulders:g} L{x - 34:g} {hips:g} "
        f"L{x + 34:g} {hips:g} L{x + 36:g} {shoulders:g} L{x + 10:g} {shoulders - 8:g} Z",  # trunk
    ]
    for side in (-1, 1):  # arms, then legs, left and right
        shapes.append(
            f"M{x + side * 36:g} {shoulders:g} L{x + side * 48:g} {shoulders + 6:g} L{x + side * 60:g} {hips + 12:g} "
            f"L{x + side * 50:g} {hips + 14:g} L{x + side * 39:g} {shoulders + 30:g} Z"
        )
        shapes.append(
            f"M{x + side * 34:g} {hips:g} L{x + side * 3:g} {hips:g} L{x + side * 7:g} {hips + LEG:g} "
            f"L{x + side * 27:g} {hips + LEG:g} Z"
        )
    head = f'<circle cx="{x:g}" cy="{top - 26:g}" r="20"{outline}/>'
    return head + "".join(f'<path d="{d}"{outline}/>' for d in shapes)


def _shade_key(y: float, label: str) -> tuple[str, float]:
    """The key above the body: a shaded square and what the shaded stretch of the spine stands for."""
    text, lines = _wrapped(40, y + 14, label, WIDTH - 44)
    swatch = (
        f'<rect x="8" y="{y:g}" width="24" height="18" fill="currentColor" fill-opacity="0.3" '
        'stroke="currentColor" stroke-width="1.5" stroke-dasharray="4 2"/>'
    )
    return swatch + text, lines * (FONT + 4) + 10


def _part_label(top: float, bottom: float, label: str) -> str:
    """A bracket beside one part of the spine, and the part's name, centred on it."""
    lines = _lines(label, WIDTH - PART_X - 10)
    first = (top + bottom) / 2 - (len(lines) - 1) * (FONT + 4) / 2 + 5
    text, _ = _wrapped(PART_X + 8, first, label, WIDTH - PART_X - 10)
    bracket = (
        f'<path d="M{PART_X - 5:g} {top + 1:g} H{PART_X:g} V{bottom - 1:g} H{PART_X - 5:g}" fill="none" '
        'stroke="currentColor" stroke-width="1.5"/>'
    )
    return bracket + text


def _spine(picture: Picture, facts: Facts) -> Drawing:
    """A body with its spine: each part of the spine (neck, middle back...) bracketed and named, the
    levels a trial names marked, and the stretch between the outer marks shaded, with a key above."""
    words = facts.words.pictures
    parts = [facts.facts[i] for i in picture.items]
    bands = picture.bands or ()  # checks/pictures.py: one number of bones per part
    marks = [(facts.facts[mark.fact], mark.at) for mark in picture.marks or ()]
    shade = facts.facts[picture.shade] if picture.shade else None
    body, rows, y = [], [], 8.0
    if shade is not None:
        key, height = _shade_key(y, fill_placeholders(shade.label or "", facts.facts))
        body.append(key)
        y += height
    top = y + 54  # the head sits above the spine
    bones = sum(bands)
    shoulders, hips = top + (bands[0] if bands else 0) * BONE, top + bones * BONE + 4
    body.append(_body(top, shoulders, hips))
    if shade is not None and len(marks) >= 2:
        upper, lower = top + marks[0][1] * BONE, top + marks[-1][1] * BONE
        body.append(
            f'<rect x="{SPINE_X - 15:g}" y="{upper:g}" width="30" height="{lower - upper:g}" fill="currentColor" '
            'fill-opacity="0.3" stroke="currentColor" stroke-width="1.5" stroke-dasharray="4 2"/>'
        )
    body += [
        f'<rect x="{SPINE_X - 6:g}" y="{top + n * BONE + 1:g}" width="12" height="{BONE - 2:g}" rx="2" '
        'fill="currentColor" fill-opacity="0.75"/>'
        for n in range(bones)
    ]
    start = top
    for part, count in zip(parts, bands, strict=False):
        label = fill_placeholders(part.label or "", facts.facts)
        body.append(_part_label(start, start + count * BONE, label))
        rows.append(Row(label, part.statement, part.citations, part.id))
        start += count * BONE
    for fact, at in marks:
        level, label = top + at * BONE, fill_placeholders(fact.label or "", facts.facts)
        body += [
            _line(40, level, SPINE_X + 16, level, 2, ' stroke-dasharray="3 2"'),
            _text(2, level + 5, label, weight="bold"),
        ]
        rows.append(Row(label, fact.statement, fact.citations, fact.id))
    if shade is not None:
        rows.append(Row(fill_placeholders(shade.label or "", facts.facts), shade.statement, shade.citations, shade.id))
    return Drawing(_svg(picture, hips + LEG + 8, body), (words["spine_part"], words["spine_meaning"]), rows)


DRAWERS = {
    "flow": _flow,
    "outcomes": _outcomes,
    "timeline": _timeline,
    "ladder": _ladder,
    "icons": _icons,
    "spine": _spine,
}


def figure_html(picture: Picture, svg: str) -> str:
    """The drawing and its caption, as one raw-HTML block (no blank lines, so Markdown keeps it whole)."""
    return (
        f'<figure class="fs-picture" id="picture-{picture.id}">\n{svg}\n'
        f"<figcaption>{xml_escape(picture.title)}</figcaption>\n</figure>"
    )
