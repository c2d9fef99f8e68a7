"""Quiz settings as a teacher writes them: attempts, time limit, pass mark, opening times,
pools to draw from, shuffling, and what students may see after they submit and after it closes.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from teaching.content.questions.base import Skill
from teaching.local_time import UTC_TIME, LocalTime

_DURATION = re.compile(r"^\s*(\d+)\s*(h|m|min|s)?\s*$")
_UNIT_SECONDS = {"h": 3600, "m": 60, "min": 60, "s": 1, None: 60}
MAX_PER_PAGE = 200

# What a student may see of a submitted attempt, from least to most.
ReviewLevel = Literal["score", "answers", "feedback"]
REVIEW_LEVELS: tuple[str, ...] = ("score", "answers", "feedback")
# The one-word policies of the first bank format, kept working.
_NAMED_POLICIES = {
    "after_submit": ("feedback", "feedback"),
    "after_close": ("score", "feedback"),
    "never": ("score", "score"),
}


class ReviewPolicy(BaseModel):
    """What students see after they submit, and after the quiz closes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    after_submit: ReviewLevel = "feedback"
    after_close: ReviewLevel = "feedback"

    def encode(self) -> str:
        """Return the policy as the short text an attempt stores."""
        return f"{self.after_submit}/{self.after_close}"

    @classmethod
    def decode(cls, text: str) -> ReviewPolicy:
        """Read a stored policy (or one of the older one-word policies)."""
        if text in _NAMED_POLICIES:
            submit, close = _NAMED_POLICIES[text]
            return cls(after_submit=submit, after_close=close)  # type: ignore[arg-type]
        submit, _, close = text.partition("/")
        if submit in REVIEW_LEVELS and close in REVIEW_LEVELS:
            return cls(after_submit=submit, after_close=close)  # type: ignore[arg-type]
        return cls(after_submit="score", after_close="score")  # unknown: show the least

    def level(self, closed: bool) -> str:
        """Return what may be seen now; closing the quiz never shows less than before."""
        if not closed:
            return self.after_submit
        return max(self.after_submit, self.after_close, key=REVIEW_LEVELS.index)


class Pool(BaseModel):
    """Draw some questions at random from those with a tag or a skill."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tag: str | None = None
    skill: Skill | None = None
    draw: int = Field(ge=1, le=200)

    @model_validator(mode="after")
    def _tag_or_skill(self) -> Pool:
        if (self.tag is None) == (self.skill is None):
            raise ValueError("a pool names either a 'tag' or a 'skill' to draw from")
        return self

    def holds(self, tags: tuple[str, ...], skill: str | None) -> bool:
        """Say whether a question with these tags and skill belongs to the pool."""
        return self.tag in tags if self.tag is not None else skill == self.skill

    @property
    def name(self) -> str:
        """Name the pool for a message."""
        return f"tag '{self.tag}'" if self.tag is not None else f"skill '{self.skill}'"


def zone_context(zone: LocalTime) -> dict[str, Any]:
    """Return the validation context that reads times without a zone in ``zone``."""
    # Passed in, not read from the environment: the content layer knows no configuration.
    return {"zone": zone}


def as_utc(value: datetime) -> datetime:
    """Return a time as naive UTC, the way the database stores times."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


class QuizSettings(BaseModel):
    """How a quiz runs. Unset values mean: unlimited attempts, no time limit, no pass mark,
    always open, every question in the file's order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    attempts: int | None = Field(default=None, ge=1, le=100)
    # The JSON Schema describes what teachers write ("20m", "70%"), not what is stored.
    time_limit: Annotated[timedelta | None, WithJsonSchema({
        "anyOf": [{"type": "string", "pattern": r"^\s*\d+\s*(h|m|min|s)?\s*$"},
                  {"type": "integer", "minimum": 1}],
        "description": "20m, 1h, 90s, or a number of minutes"})] = None
    pass_mark: Annotated[float | None, WithJsonSchema({
        "anyOf": [{"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%?\s*$"},
                  {"type": "number", "minimum": 0, "maximum": 100}],
        "description": "a percentage: 70% or 70"})] = Field(default=None, ge=0, le=100)
    review: Annotated[ReviewPolicy, WithJsonSchema({
        "anyOf": [{"enum": list(_NAMED_POLICIES)}, ReviewPolicy.model_json_schema()],
        "description": "what students see after they submit and after the quiz closes"})
    ] = ReviewPolicy()
    # Times without a zone are in the school's zone (TEACHING_TIMEZONE); stored as naive UTC.
    opens: Annotated[datetime | None, WithJsonSchema({"type": "string", "description": (
        "2026-03-02 09:00 in the school's time zone (TEACHING_TIMEZONE), or with a zone "
        "of its own: 2026-03-02 09:00+01:00")})] = None
    closes: Annotated[datetime | None, WithJsonSchema({"type": "string", "description": (
        "2026-03-09 17:00 in the school's time zone (TEACHING_TIMEZONE), or with a zone "
        "of its own: 2026-03-09 17:00+01:00")})] = None
    shuffle: bool = False
    draw: int | None = Field(default=None, ge=1, le=500)
    pools: tuple[Pool, ...] = ()
    # Questions on each page of an attempt (None: all on one page); answers save on each turn.
    per_page: Annotated[int | None, WithJsonSchema({
        "type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
        "description": "questions on each page of an attempt"})] = None

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

    @field_validator("per_page", mode="after")
    @classmethod
    def _page_size(cls, value: int | None) -> int | None:
        """Accept from 1 to MAX_PER_PAGE questions a page."""
        if value is not None and not 1 <= value <= MAX_PER_PAGE:
            raise ValueError(f"write how many questions each page shows, from 1 to "
                             f"{MAX_PER_PAGE}, or leave per_page out to show them all on one")
        return value

    @field_validator("pass_mark", mode="before")
    @classmethod
    def _percentage(cls, value: Any) -> Any:
        """Read '70%' or 70."""
        if isinstance(value, str):
            return value.strip().removesuffix("%").strip()
        return value

    @field_validator("review", mode="before")
    @classmethod
    def _named_policy(cls, value: Any) -> Any:
        """Read the one-word policies: after_submit, after_close, never."""
        if isinstance(value, str):
            if value not in _NAMED_POLICIES:
                raise ValueError("write after_submit, after_close or never, or a mapping "
                                 "{after_submit: score|answers|feedback, after_close: ...}")
            submit, close = _NAMED_POLICIES[value]
            return {"after_submit": submit, "after_close": close}
        return value

    @field_validator("opens", "closes", mode="after")
    @classmethod
    def _utc(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        """Store the time as naive UTC; one without a zone is in the zone of the context."""
        if value is None:
            return None
        if value.tzinfo is not None:
            return as_utc(value)  # the zone written in the file wins
        zone = (info.context or {}).get("zone", UTC_TIME)
        # A time in the hour skipped in spring raises NoSuchLocalTime, a ValueError: the bank
        # error names its place in the file. One in the repeated autumn hour is its first.
        return zone.to_utc(value)

    @model_validator(mode="after")
    def _sensible(self) -> QuizSettings:
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValueError("the quiz closes before it opens; 'closes' must come after 'opens'")
        if self.draw is not None and self.pools:
            raise ValueError("use either 'draw' (from the whole bank) or 'pools', not both")
        return self

    def is_open(self, now: datetime) -> bool:
        """Say whether students may start the quiz at ``now`` (naive UTC)."""
        return (self.opens is None or now >= self.opens) and (
            self.closes is None or now < self.closes)

    def is_closed(self, now: datetime) -> bool:
        """Say whether the closing time has passed."""
        return self.closes is not None and now >= self.closes
