"""Load the course's maps (lessons/maps/*.yaml): places, railways and movements by coordinates.

A map is data, not a picture: the course draws it (mapsvg.py) from longitudes and latitudes
with a simple projection, so it needs no image file, no tile server and no external resource,
and the same data gives its text alternative.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from teaching.content.problems import Problem
from teaching.content.validation import validate
from teaching.content.yamlsource import YamlError, read_yaml

Point = tuple[float, float]  # (longitude, latitude) in degrees


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _Bounds(_Strict):
    west: float = Field(ge=-180, le=180)
    east: float = Field(ge=-180, le=180)
    south: float = Field(ge=-85, le=85)
    north: float = Field(ge=-85, le=85)

    @model_validator(mode="after")
    def _ordered(self) -> _Bounds:
        if self.west >= self.east or self.south >= self.north:
            raise ValueError("the bounds must have west < east and south < north")
        return self


class MapPlace(_Strict):
    """A place under its 1945 name, with its modern name, where it is and why it matters."""

    name: str = Field(min_length=1)
    modern: str = Field(min_length=1)
    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-85, le=85)
    kind: Literal["city", "region"] = "city"
    label: Literal["right", "left", "above", "below"] = "right"
    note: str = Field(min_length=1)


class MapLine(_Strict):
    """A railway line, drawn through its points in order."""

    name: str = Field(min_length=1)
    note: str = Field(min_length=1)
    points: tuple[Point, ...] = Field(min_length=2)


class MapArrow(_Strict):
    """A movement (an offensive's thrust), drawn as an arrow from one point to another."""

    name: str = Field(min_length=1)
    note: str = Field(min_length=1)
    start: Point
    end: Point

    @property
    def heading(self) -> str:
        """Name the compass direction the arrow points to (one of eight)."""
        east = (self.end[0] - self.start[0]) * math.cos(math.radians(self.start[1]))
        north = self.end[1] - self.start[1]
        degrees = math.degrees(math.atan2(east, north)) % 360
        names = ("north", "north-east", "east", "south-east", "south", "south-west", "west",
                 "north-west")
        return names[round(degrees / 45) % 8]


class _MapFile(_Strict):
    title: str = Field(min_length=1)
    caption: str = Field(min_length=1)
    note: str = Field(min_length=1)  # what the drawing leaves out; shown with the description
    bounds: _Bounds
    places: tuple[MapPlace, ...] = Field(min_length=1)
    railways: tuple[MapLine, ...] = ()
    arrows: tuple[MapArrow, ...] = ()
    arrow_legend: str = "movement"


@dataclass(frozen=True)
class Map:
    """A schematic map of the course: what it shows, and how to put a coordinate on it."""

    slug: str
    path: Path
    title: str
    caption: str
    note: str
    west: float
    east: float
    south: float
    north: float
    places: tuple[MapPlace, ...]
    railways: tuple[MapLine, ...]
    arrows: tuple[MapArrow, ...]
    arrow_legend: str
    width: float = 480.0

    @property
    def scale(self) -> float:
        """Return drawing units per degree of latitude (longitude shrinks by the cosine)."""
        return self.width / ((self.east - self.west) * self._shrink)

    @property
    def height(self) -> float:
        """Return the height of the drawing area, in the units of ``width``."""
        return (self.north - self.south) * self.scale

    @property
    def _shrink(self) -> float:
        # An equirectangular projection true to scale at the map's middle latitude: plain and
        # good enough for a region this size, and easy to check by hand.
        return math.cos(math.radians((self.north + self.south) / 2))

    def project(self, point: Point) -> tuple[float, float]:
        """Return the drawing coordinates (x right, y down) of a (longitude, latitude) point."""
        lon, lat = point
        return ((lon - self.west) * self._shrink * self.scale, (self.north - lat) * self.scale)


def load_map(path: Path) -> tuple[Map | None, list[Problem]]:
    """Load the map data at ``path``; return the map (or None) and the problems found."""
    try:
        source = read_yaml(path)
    except YamlError as error:
        return None, [Problem(path, error.line, error.column, error.message)]
    problems: list[Problem] = []
    model = validate(_MapFile, source.data, source, (), problems, "the map")
    if model is None:
        return None, problems
    bounds = model.bounds
    points = [(place.lon, place.lat) for place in model.places]
    points += [point for line in model.railways for point in line.points]
    points += [point for arrow in model.arrows for point in (arrow.start, arrow.end)]
    outside = [point for point in points
               if not (bounds.west <= point[0] <= bounds.east
                       and bounds.south <= point[1] <= bounds.north)]
    if outside:
        problems.append(Problem(path, *source.mark(("bounds",)), f"the point {outside[0]} lies "
                                "outside the bounds; widen them or move the point"))
        return None, problems
    return Map(path.stem, path, model.title, model.caption, model.note, bounds.west,
               bounds.east, bounds.south, bounds.north, model.places, model.railways,
               model.arrows, model.arrow_legend), problems


def load_maps(folder: Path) -> tuple[dict[str, Map], list[Problem]]:
    """Load every map in ``folder`` (none if it does not exist), by slug."""
    maps: dict[str, Map] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        drawn, found = load_map(path)
        problems.extend(found)
        if drawn is not None:
            maps[drawn.slug] = drawn
    return maps, problems
