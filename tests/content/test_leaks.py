"""A teacher is warned when one question of a quiz gives away the answer to another."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teaching.content.banks import load_bank_text
from teaching.content.catalog import Catalog
from teaching.content.leaks import (
    NAMED_PER_KEY,
    STOPWORDS,
    distinctive_words,
    leak_warnings,
    words,
)
from teaching.content.questions import QUESTION_TYPES, Question
from teaching.content.yamlsource import YamlSource
from tests.helpers.paths import QUIZZES_DIR
from tests.helpers.questions import make_question

SOURCE = YamlSource(Path("bank.yaml"), None)


def leaks(*questions: Question) -> list[str]:
    """Return the leak warnings about these questions, as one quiz."""
    return [problem.message for problem in
            leak_warnings([(question, i) for i, question in enumerate(questions)], SOURCE)]


def reader(prompt: str) -> Question:
    """Return a question whose prompt is ``prompt`` and whose own key tells nothing."""
    return QUESTION_TYPES["true_false"].model_validate(
        {"id": "the-reader", "type": "true_false", "prompt": prompt, "answer": True})


def test_a_key_quoted_in_another_prompt_is_warned_about_for_every_type_with_a_key() -> None:
    warned = []
    for kind in QUESTION_TYPES:
        question = make_question(kind)
        for wording, _ in distinctive_words(question):
            found = leaks(question, reader(f"Remember that {wording}, then read on."))
            assert len(found) == 1, (kind, wording)
            assert f"question 'the-reader' gives away the answer to question '{question.id}'" \
                in found[0]
            warned.append(kind)
    # Choices, typed answers, numbers, blanks and pairs all have keys a prompt can repeat.
    assert len(set(warned)) >= 5


@given(copies=st.integers(min_value=1, max_value=12))
@settings(max_examples=12, deadline=None)
def test_past_three_leaks_of_one_key_a_single_warning_counts_the_rest(copies: int) -> None:
    question = make_question("single")
    wording, _ = distinctive_words(question)[0]
    readers = [reader(f"Remember that {wording}.").model_copy(update={"id": f"reader-{n}"})
               for n in range(copies)]

    # Enough other questions that the key's words stay rare in the quiz (not its vocabulary).
    others = [reader(f"Something else entirely, {n}.").model_copy(update={"id": f"other-{n}"})
              for n in range(4 * (copies + 1))]

    found = leaks(question, *readers, *others)

    named = [message for message in found if "gives away the answer" in message]
    assert len(named) == min(copies, NAMED_PER_KEY)
    counted = [message for message in found if "more questions" in message]
    if copies > NAMED_PER_KEY:
        assert len(counted) == 1
        assert counted[0].startswith(f"{copies - NAMED_PER_KEY} more questions ('reader-")
    else:
        assert not counted


def test_a_key_with_no_words_of_its_own_leaks_nowhere() -> None:
    question = make_question("true_false")

    assert distinctive_words(question) == []
    assert leaks(question, reader(question.prompt)) == []


# Words of four to nine letters that no rough stem can make a little word of English.
WORD = st.text(alphabet=string.ascii_lowercase, min_size=4, max_size=9).filter(
    lambda word: word not in STOPWORDS)


@st.composite
def word_pools(draw: st.DrawFn) -> tuple[list[str], list[str], list[str]]:
    """Draw three groups of words that share no stem: key, its rivals and prompt, the reader."""
    pool = draw(st.lists(WORD, min_size=12, max_size=20, unique_by=words_key))
    return pool[:4], pool[4:8], pool[8:]


def words_key(word: str) -> frozenset[str]:
    return frozenset(words(word))


def short_answer(answer: str, prompt: str) -> Question:
    return make_question("short", id="the-answered", prompt=prompt, answers=[answer])


@settings(max_examples=60, deadline=None)
@given(pools=word_pools(), size=st.integers(1, 4), before=st.integers(0, 3))
def test_a_key_repeated_anywhere_in_another_prompt_always_warns(
    pools: tuple[list[str], list[str], list[str]], size: int, before: int
) -> None:
    key_words, own_words, other_words = pools
    answer = " ".join(key_words[:size])
    answered = short_answer(answer.capitalize(), "What is " + " ".join(own_words) + "?")
    prompt = " ".join([*other_words[:before], answer.upper(), *other_words[before:]])

    assert len(leaks(answered, reader(prompt))) == 1


@settings(max_examples=60, deadline=None)
@given(pools=word_pools(), size=st.integers(1, 4))
def test_a_prompt_that_shares_no_word_with_a_key_never_warns(
    pools: tuple[list[str], list[str], list[str]], size: int
) -> None:
    key_words, own_words, other_words = pools
    answered = short_answer(" ".join(key_words[:size]), "What is " + " ".join(own_words) + "?")

    assert leaks(answered, reader(" ".join(other_words))) == []


def test_the_wrong_options_words_do_not_count_as_the_keys() -> None:
    # "Soviet" is in every option: seeing it elsewhere tells nothing about the right one.
    question = make_question("single", prompt="Who managed the railway day to day?", choices=[
        {"text": "A Soviet manager", "correct": True},
        {"text": "A Soviet chairman"}, {"text": "A Soviet owner"}])

    assert leaks(question, reader("The Soviet delegation arrived.")) == []
    assert len(leaks(question, reader("Its manager came from Moscow."))) == 1


def test_a_match_leaks_only_when_both_sides_of_a_pair_are_read_together() -> None:
    question = make_question("match", pairs=[
        {"left": "Wang Shijie", "right": "Foreign Minister who signed"},
        {"left": "Soong", "right": "Premier who bargained"}], distractors=["Ambassador"])

    assert leaks(question, reader("Wang Shijie flew to Moscow.")) == []
    assert len(leaks(question, reader("Wang Shijie, the Foreign Minister, signed it."))) == 1


HEADER = """\
quiz:
  id: leaky
  title: A leaky quiz
  lesson: reading-the-telegram
  settings: {shuffle: true}
questions:
"""
CAPITAL = """\
  - id: capital
    type: short
    prompt: From which city did Chiang send his instructions?
    answers: [Chungking]
    source: FRUS 1945 vol. VII, doc. 651
    explanation: The wartime capital.
"""
DELAY = """\
  - id: delay
    type: true_false
    prompt: >-
      Chiang's instructions were late because
      he was away from Chungking.
    answer: true
    source: FRUS 1945 vol. VII, doc. 651
    explanation: The telegram says so.
"""
BANK = HEADER + CAPITAL + DELAY


def test_the_warning_points_at_the_leaking_text_and_names_both_questions(
    parsed_course: Catalog,
) -> None:
    path = Path("quizzes/leaky.yaml")

    quiz, problems = load_bank_text(BANK, path, parsed_course.lessons)

    assert quiz is not None
    assert [str(problem).split(": warning: ")[0] for problem in problems] == [f"{path}:15:13"]
    message = problems[0].message
    assert message.startswith("question 'delay' gives away the answer to question 'capital'")
    assert "(Chungking)" in message and message.endswith("move it to another quiz")


def test_an_unshuffled_quiz_is_checked_across_all_its_questions(parsed_course: Catalog) -> None:
    # Every question is on one page, so neither the order nor the distance protects a key.
    header = HEADER.replace("  settings: {shuffle: true}\n", "")
    far = "".join(CAPITAL.replace("capital", f"filler-{n}").replace("Chungking", f"City{n}")
                  for n in range(3))
    orders = (CAPITAL + DELAY, DELAY + CAPITAL, CAPITAL + far + DELAY)
    for bank in (header + questions for questions in orders):
        _, problems = load_bank_text(bank, Path("quizzes/leaky.yaml"), parsed_course.lessons)
        assert [p.message.split(":")[0] for p in problems] == [
            "question 'delay' gives away the answer to question 'capital'"]


@pytest.mark.parametrize("bank", sorted(QUIZZES_DIR.glob("*.yaml")), ids=lambda path: path.name)
def test_no_question_of_the_course_gives_away_another(
    parsed_course: Catalog, bank: Path
) -> None:
    quiz, problems = load_bank_text(bank.read_text(encoding="utf-8"), bank, parsed_course.lessons)

    assert quiz is not None
    assert [str(p) for p in problems if "gives away the answer" in p.message] == []
