"""Validate YAML data against pydantic models and report errors at their place in the file."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from teaching.content.problems import Problem
from teaching.content.yamlsource import Location, YamlSource

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate(
    model: type[ModelT],
    data: Any,
    source: YamlSource,
    location: Location,
    problems: list[Problem],
    what: str,
    context: dict[str, Any] | None = None,
) -> ModelT | None:
    """Return ``model`` built from ``data``, or None after adding a problem for each error.

    ``location`` is where ``data`` sits in the file and ``what`` names it for the reader
    ("question 'q3'", "the quiz settings"); ``context`` is pydantic's validation context.
    """
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        details = error.errors(include_url=False)
        for detail in details:
            if not _counts_failed_items(detail, details):
                problems.append(_problem(model, detail, source, location, what))
        return None


def _counts_failed_items(detail: Any, details: list[Any]) -> bool:
    """Tell whether a "too short" error only counts the items that failed for their own reasons.

    Pydantic measures a list after validating its items, so one choice with a typo also yields
    "should have at least 2 items, not 1" for a list of two; that second message misleads.
    """
    if detail["type"] != "too_short":
        return False
    loc = tuple(detail["loc"])
    return any(len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc
               for other in details)


def _problem(
    model: type[BaseModel], detail: Any, source: YamlSource, location: Location, what: str
) -> Problem:
    loc: Location = tuple(detail["loc"])
    full = (*location, *loc)
    name = ".".join(str(part) for part in loc) or what
    kind = detail["type"]
    if kind == "extra_forbidden":
        line, column = source.mark(full, key=True)
        message = f"{what} has an unknown key '{loc[-1]}'"
        suggestion = _closest(model, loc)
        message += f"; did you mean '{suggestion}'?" if suggestion else "; remove it"
    elif kind == "missing":
        line, column = source.mark(full[:-1])
        message = f"{what} is missing '{name}'; add it"
    else:
        line, column = source.mark(full)
        reason = str(detail["msg"]).removeprefix("Value error, ")
        reason = reason[0].lower() + reason[1:] if reason else reason
        message = f"{what}: {reason}" if not loc else f"{what}, '{name}': {reason}"
    return Problem(source.path, line, column, message)


def _closest(model: type[BaseModel], loc: Location) -> str | None:
    """Suggest the field the teacher probably meant when a key is unknown."""
    target: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(target, "model_fields", {})
        if part not in fields:
            return None
        annotation = fields[part].annotation
        inner = getattr(annotation, "__args__", None)
        target = inner[0] if inner else annotation
    names = list(getattr(target, "model_fields", {}))
    match = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    return match[0] if match else None
