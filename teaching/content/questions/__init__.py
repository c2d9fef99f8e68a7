"""Question types, one module each, registered in one table."""

from teaching.content.questions.base import Grade, Question
from teaching.content.questions.cloze import Cloze
from teaching.content.questions.essay import Essay
from teaching.content.questions.evidence import Evidence
from teaching.content.questions.grid import Grid
from teaching.content.questions.match import Match
from teaching.content.questions.multiple import MultipleChoice
from teaching.content.questions.numeric import Numeric
from teaching.content.questions.order import Order
from teaching.content.questions.short import ShortAnswer
from teaching.content.questions.single import SingleChoice
from teaching.content.questions.true_false import TrueFalse

# The type names a teacher writes in `type:`. Adding a type means adding a module and a line here.
QUESTION_TYPES: dict[str, type[Question]] = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "true_false": TrueFalse,
    "short": ShortAnswer,
    "numeric": Numeric,
    "order": Order,
    "match": Match,
    "cloze": Cloze,
    "evidence": Evidence,
    "grid": Grid,
    "essay": Essay,
}

__all__ = ["QUESTION_TYPES", "Grade", "Question"]
