"""Quiz settings as a teacher writes them: attempts, time limit, pass mark, review policy."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_DURATION = re.compile(r"^\s*(\d+)\s*(h|m|min|s)?\s*$")
_UNIT_SECONDS = {"h": 3600, "m": 60, "min": 60, "s": 1, None: 60}


class QuizSettings(BaseModel):
    """How a quiz runs. Unset values mean: unlimited attempts, no time limit, no pass mark."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    attempts: int | None = Field(default=None, ge=1, le=100)
    time_limit: timedelta | None = None
    pass_mark: float | None = Field(default=None, ge=0, le=100)
    review: Literal["after_submit", "never"] = "after_submit"

    @field_validator("time_limit", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> Any:
        """Read '20m', '1h', '90s' or a number of minutes."""
        if value is None or isinstance(value, timedelta):
            return value
        match = _DURATION.match(str(value))
        if not match or int(match.group(1)) == 0:
            raise ValueError("write a time limit such as 20m, 1h or 90s")
        return timedelta(seconds=int(match.group(1)) * _UNIT_SECONDS[match.group(2)])

    @field_validator("pass_mark", mode="before")
    @classmethod
    def _percentage(cls, value: Any) -> Any:
        """Read '70%' or 70."""
        if isinstance(value, str):
            return value.strip().removesuffix("%").strip()
        return value
