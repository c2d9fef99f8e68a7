"""Question types, one module each, registered in one table."""

from teaching.content.questions.base import Grade, Question
from teaching.content.questions.multiple import MultipleChoice
from teaching.content.questions.short import ShortAnswer
from teaching.content.questions.single import SingleChoice
from teaching.content.questions.true_false import TrueFalse

# The type names a teacher writes in `type:`. Adding a type means adding a module and a line here.
QUESTION_TYPES: dict[str, type[Question]] = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "true_false": TrueFalse,
    "short": ShortAnswer,
}

__all__ = ["QUESTION_TYPES", "Grade", "Question"]
