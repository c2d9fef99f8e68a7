"""The course map: drawn from its data file, well-formed, legible, and described in words."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from teaching.content.maps import Map, load_map, load_maps
from teaching.content.mapsvg import FONT, SMALL, render_svg
from tests.helpers.paths import LESSONS_DIR

SVG = "{http://www.w3.org/2000/svg}"
MAPS = sorted((LESSONS_DIR / "maps").glob("*.yaml"))
DRAWN = list(load_maps(LESSONS_DIR / "maps")[0].values())


@pytest.fixture(params=MAPS, ids=lambda path: path.name)
def course_map(request: pytest.FixtureRequest) -> tuple[Map, dict]:
    """Return each map of the course with the raw data it was drawn from."""
    drawn, problems = load_map(request.param)
    assert drawn is not None and problems == []
    return drawn, yaml.safe_load(request.param.read_text(encoding="utf-8"))


def test_the_course_has_a_map() -> None:
    assert MAPS


def test_the_map_is_well_formed_svg_with_a_title_and_a_description(
        course_map: tuple[Map, dict]) -> None:
    drawn, _ = course_map

    root = ET.fromstring(render_svg(drawn))

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert (root.findtext(f"{SVG}title") or "").strip() == drawn.title
    assert drawn.caption.split()[0] in (root.findtext(f"{SVG}desc") or "")
    labelled_by = (root.get("aria-labelledby") or "").split()
    ids = {element.get("id") for element in root.iter()}
    assert labelled_by and set(labelled_by) <= ids


def test_the_map_draws_exactly_the_places_of_its_data_file(course_map: tuple[Map, dict]) -> None:
    drawn, data = course_map

    root = ET.fromstring(render_svg(drawn))
    labels = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]

    for place in data["places"]:
        name = place["name"].upper() if place.get("kind") == "region" else place["name"]
        assert sum(label.startswith(name) for label in labels) == 1, name
        if place["modern"] != place["name"]:
            assert f"{name}({place['modern']})" in labels
    cities = [place for place in data["places"] if place.get("kind", "city") == "city"]
    assert len(list(root.iter(f"{SVG}circle"))) == len(cities)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2 * len(data.get("railways", []))


def test_the_map_needs_nothing_from_outside_the_page(course_map: tuple[Map, dict]) -> None:
    drawn, _ = course_map

    svg = render_svg(drawn)

    assert "href" not in svg.replace('marker-end="url(#', "")
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in svg and "<image" not in svg and "@import" not in svg


def test_the_maps_text_stays_legible_on_a_320_pixel_screen(course_map: tuple[Map, dict]) -> None:
    drawn, _ = course_map
    # Shown 320 pixels wide, a drawing unit is 320 / width pixels.
    pixels = 320 / drawn.width

    assert SMALL * pixels >= 9.5
    assert FONT * pixels >= 11


@given(data=st.data())
def test_every_point_inside_the_bounds_lands_inside_the_drawing(data: st.DataObject) -> None:
    for drawn in DRAWN:
        lon = data.draw(st.floats(min_value=drawn.west, max_value=drawn.east))
        lat = data.draw(st.floats(min_value=drawn.south, max_value=drawn.north))
        x, y = drawn.project((lon, lat))

        assert -1e-6 <= x <= drawn.width + 1e-6
        assert -1e-6 <= y <= drawn.height + 1e-6


def test_a_point_outside_the_bounds_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text("title: T\ncaption: C\nnote: N\nbounds: {west: 100, east: 110, south: 20, "
                    "north: 30}\nplaces:\n  - {name: Dairen, modern: Dalian, lon: 121.6, "
                    "lat: 38.9, note: A port.}\n", encoding="utf-8")

    drawn, problems = load_map(path)

    assert drawn is None
    assert [problem.line for problem in problems] == [4]
    assert "outside the bounds" in problems[0].message
