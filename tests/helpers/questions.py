"""Questions to test with: a builder for each type, and the answers a student gives.

``make_question(kind)`` builds a question of any registered type: the built-in types from the
table below (written so that keys, feedback and explanations carry words a test can look for),
any other type from its worked example. ``right_answer`` and ``wrong_answer`` ask the type.
"""

from __future__ import annotations

from typing import Any

import yaml

from teaching.content.questions import QUESTION_TYPES, Question

# Words a student must never find on the answering page, whatever the question type.
SECRETS = ("EXPLAINED-AFTERWARDS", "FEEDBACK-FOR-A-PICK", "QUOTED-EVIDENCE", "NAMED-SOURCE")

DEFAULTS: dict[str, dict[str, Any]] = {
    "single": {
        "prompt": "What did Chiang tell Soong to say about Outer Mongolia?",
        "choices": [
            {"text": "Recognize it at once.", "feedback": "FEEDBACK-FOR-A-PICK: reread it."},
            {"text": "Not at this time.", "correct": True},
            {"text": "Never discuss it.", "feedback": "FEEDBACK-FOR-A-PICK: he offers a vote."},
        ],
    },
    "multiple": {
        # Three right, two wrong, like the plebiscite question of the real bank.
        "prompt": "Tick every condition Chiang set for a plebiscite.",
        "points": 3,
        "choices": [
            {"text": "The war is over.", "correct": True},
            {"text": "The frontiers stay.", "feedback": "FEEDBACK-FOR-A-PICK: not in July."},
            {"text": "Help in Manchuria.", "correct": True},
            {"text": "American supervision.", "feedback": "FEEDBACK-FOR-A-PICK: no."},
            {"text": "Help in Singkiang.", "correct": True},
        ],
    },
    "true_false": {
        "prompt": "Chiang expected the plebiscite to favour independence.",
        "answer": True,
        "feedback_wrong": "FEEDBACK-FOR-A-PICK: as he assumes it will.",
    },
    "short": {
        "prompt": "Which harbour did Chiang offer for joint use?",
        "answers": ["Port Arthur", "Lüshun"],
    },
    "numeric": {
        "prompt": "In what year did Soong and Stalin sign the treaty?",
        "answer": 1945,
    },
    "order": {
        "prompt": "Put the events in order.",
        "points": 3,
        "items": ["Yalta conference", "Soong's first talks in Moscow", "Treaty signed"],
    },
    "match": {
        "prompt": "Match each person to the post they held in July 1945.",
        "points": 2,
        "pairs": [
            {"left": "Soong", "right": "Premier of China",
             "feedback": "FEEDBACK-FOR-A-PICK: Soong led the Executive Yuan."},
            {"left": "Harriman", "right": "US ambassador in Moscow"},
        ],
        "distractors": ["Foreign Minister of the USSR"],
    },
    "cloze": {
        "prompt": "Complete the sentence from the telegram.",
        "points": 2,
        "text": "Chiang wants Dairen to be a {1} port and to avoid the term {2}.",
        "blanks": [{"choices": ["free", "closed", "Soviet"], "correct": "free"},
                   {"answers": ["lease"]}],
    },
    "evidence": {
        "prompt": "Which paragraph shows what Chiang would concede on Outer Mongolia?",
        "document": "harriman-1945-07",
        "answers": [3],
    },
    "grid": {
        "prompt": "What does the telegram say about each claim?",
        "documents": ["harriman-1945-07"],
        "points": 2,
        "claims": [
            {"claim": "Chiang refused to recognize Outer Mongolia's independence at once.",
             "verdicts": {"harriman-1945-07": "agrees"}},
            {"claim": "Soong had seen Stalin again before writing.",
             "verdicts": {"harriman-1945-07": "contradicts"},
             "feedback": "FEEDBACK-FOR-A-PICK: he had not, repeat, not seen Stalin."},
        ],
    },
    "essay": {
        "prompt": "Why did Chiang offer a plebiscite rather than recognition?",
        "rubric": [{"criterion": "Uses the telegram's words", "points": 2},
                   {"criterion": "Places it in the context of Yalta", "points": 2}],
    },
}


def example_fields(kind: str) -> dict[str, Any]:
    """Return the fields of a type's worked example, as a teacher wrote them."""
    return yaml.safe_load(QUESTION_TYPES[kind].example)[0]


def example_question(kind: str) -> Question:
    """Return a type's worked example as a question (not yet tied to its lesson)."""
    return QUESTION_TYPES[kind].model_validate(example_fields(kind))


def make_question(kind: str = "single", **overrides: Any) -> Question:
    """Build a question of ``kind`` about the telegram, changing the fields given."""
    own = DEFAULTS.get(kind)
    if own is None:  # a type without a row here: its worked example, with the common fields ours
        own = {key: value for key, value in example_fields(kind).items()
               if key not in ("id", "type", "explanation", "evidence", "source")}
    fields = {
        "id": f"a-{kind.replace('_', '-')}-question",
        "type": kind,
        "explanation": "EXPLAINED-AFTERWARDS: see the third paragraph.",
        "evidence": "QUOTED-EVIDENCE from the telegram",
        "source": "NAMED-SOURCE in FACTS.md",
        **own,
        **overrides,
    }
    return QUESTION_TYPES[kind].model_validate(fields)


def right_answer(question: Question) -> list[str]:
    """Return the form values of a student who knows every answer."""
    return question.right_answer_form()


def wrong_answer(question: Question) -> list[str]:
    """Return form values that answer the question and earn nothing."""
    values = question.wrong_answer_form()
    assert values is not None, f"a {question.type!r} question has no answer that is surely wrong"
    return values


def key_answer(question: Question) -> Any:
    """Return the answer stored for a student who knows every answer."""
    return question.answer_from_form(question.right_answer_form())
