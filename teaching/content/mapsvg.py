"""Draw a course map as inline SVG: graticule, regions, railways, movements, places, legend.

The drawing is self-contained (no fonts, images or stylesheets fetched) and scales to the
width of its container; its text is sized to stay legible on a 320-pixel-wide phone.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from teaching.content.maps import Map, MapPlace

FONT = 17.0  # drawing units; at 320 px wide a 480-unit map shows it at about 11 px
SMALL = 14.5
LEGEND_HEIGHT = 64.0
RAIL = "#3b2f2f"
ARROW = "#b3261e"


def render_svg(drawn: Map) -> str:
    """Return the map as an SVG element, titled and described for screen readers."""
    width, height = drawn.width, drawn.height
    total = height + LEGEND_HEIGHT
    ident = f"map-{drawn.slug}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {total:.0f}" '
        f'class="course-map" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="sans-serif" font-size="{FONT}">',
        f'<title id="{ident}-title">{escape(drawn.title)}</title>',
        f'<desc id="{ident}-desc">{escape(drawn.caption)} {escape(drawn.note)}</desc>',
        '<defs><marker id="' + ident + '-head" viewBox="0 0 10 10" refX="8" refY="5" '
        'markerWidth="3" markerHeight="3" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{ARROW}"/></marker></defs>',
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.1f}" fill="#f4f1e8" '
        'stroke="#888"/>',
    ]
    parts += _graticule(drawn)
    for line in drawn.railways:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in map(drawn.project, line.points))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{RAIL}" '
                     'stroke-width="4" stroke-linejoin="round"/>')
        parts.append(f'<polyline points="{points}" fill="none" stroke="#fff" '
                     'stroke-width="1.5" stroke-dasharray="5 5"/>')
    for arrow in drawn.arrows:
        (x1, y1), (x2, y2) = drawn.project(arrow.start), drawn.project(arrow.end)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="{ARROW}" stroke-width="5" marker-end="url(#{ident}-head)"/>')
    # Region names go over the lines, their halo keeping them readable where a railway crosses.
    parts += [_label(drawn, place) for place in drawn.places if place.kind == "region"]
    for place in drawn.places:
        if place.kind == "city":
            x, y = drawn.project((place.lon, place.lat))
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#000" '
                         'stroke="#fff" stroke-width="1.5"/>')
            parts.append(_label(drawn, place))
    parts += _legend(drawn, height, ident)
    parts.append("</svg>")
    return "\n".join(parts)


def _graticule(drawn: Map) -> list[str]:
    """Draw faint lines every ten degrees, labelled, so the projection can be read."""
    lines = []
    for lon in range(math.ceil(drawn.west / 10) * 10, math.floor(drawn.east) + 1, 10):
        x, _ = drawn.project((lon, drawn.north))
        lines.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{drawn.height:.1f}" '
                     'stroke="#c9c2ad" stroke-width="1"/>')
        lines.append(f'<text x="{x + 3:.1f}" y="{SMALL + 2:.1f}" font-size="{SMALL}" '
                     f'fill="#6b6453">{lon}°E</text>')
    for lat in range(math.ceil(drawn.south / 10) * 10, math.floor(drawn.north) + 1, 10):
        _, y = drawn.project((drawn.west, lat))
        lines.append(f'<line x1="0" y1="{y:.1f}" x2="{drawn.width:.0f}" y2="{y:.1f}" '
                     'stroke="#c9c2ad" stroke-width="1"/>')
        lines.append(f'<text x="3" y="{y - 4:.1f}" font-size="{SMALL}" '
                     f'fill="#6b6453">{lat}°N</text>')
    return lines


def _label(drawn: Map, place: MapPlace) -> str:
    """Write the 1945 name, and the modern name under it, beside the place's point."""
    x, y = drawn.project((place.lon, place.lat))
    anchor = {"right": "start", "left": "end"}.get(place.label, "middle")
    dx = {"right": 8.0, "left": -8.0}.get(place.label, 0.0)
    dy = {"above": -24.0, "below": 20.0}.get(place.label, 5.0)
    if place.kind == "region":  # the name stands at the point itself, not beside a dot
        dx, dy = 0.0, 0.0
    name = escape(place.name.upper() if place.kind == "region" else place.name)
    weight = "normal" if place.kind == "region" else "bold"
    style = ' font-style="italic" letter-spacing="1"' if place.kind == "region" else ""
    modern = ("" if place.modern == place.name else
              f'<tspan x="{x + dx:.1f}" dy="{SMALL + 2:.1f}" font-size="{SMALL}" '
              f'font-weight="normal" font-style="normal">({escape(place.modern)})</tspan>')
    return (f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" '
            f'font-weight="{weight}"{style} fill="#1a1a1a" stroke="#f4f1e8" '
            f'stroke-width="3" paint-order="stroke">{name}{modern}</text>')


def _legend(drawn: Map, top: float, ident: str) -> list[str]:
    """Explain the line and arrow symbols under the map."""
    row = top + 24
    items = []
    if drawn.railways:
        items.append(f'<line x1="10" y1="{row - 5:.1f}" x2="50" y2="{row - 5:.1f}" '
                     f'stroke="{RAIL}" stroke-width="4"/>'
                     f'<text x="58" y="{row:.1f}" font-size="{SMALL}">Railway</text>')
    if drawn.arrows:
        items.append(f'<line x1="150" y1="{row - 5:.1f}" x2="190" y2="{row - 5:.1f}" '
                     f'stroke="{ARROW}" stroke-width="5" marker-end="url(#{ident}-head)"/>'
                     f'<text x="198" y="{row:.1f}" font-size="{SMALL}">'
                     f'{escape(drawn.arrow_legend)}</text>')
    items.append(f'<text x="10" y="{row + 26:.1f}" font-size="{SMALL}" fill="#444">'
                 '1945 names first; modern names in brackets</text>')
    return items

