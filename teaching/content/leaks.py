"""Warn when one question of a quiz gives away the answer to another.

Every question of an attempt is on one page ("answer in any order"), shuffled or not, so any
other question of the quiz can leak a key, not just the next one: a prompt that says "Wang
Shijie signed the treaty" answers the question "who signed the treaty?" two screens up.

The rule, in words a teacher can check by hand. A key's *distinctive words* are the words of a
right answer (a right option, an accepted answer, a blank's answer, a pair read together, the
number) less the little words of English, the words of its own prompt and the words of the
options shown beside it: what is left is what tells the right answer from the wrong ones; a word
that more than a quarter of the quiz's questions use ("China" in a quiz on China) tells nothing
either. Another question leaks the key when one of its texts (its prompt, a hint, an option, an
item, a claim, an essay's rubric, or its evidence quote) holds every one of those words. Words
are compared by a rough stem, so "signed" meets "sign" and "leased" meets "lease". A key with no
distinctive word (a true-or-false judgement, an order, an essay) cannot leak this way.

Each question type says what its key texts and its shown texts are (``Question.key_texts``,
``Question.shown_texts``); this module never asks which type a question is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from teaching.content.problems import Problem
from teaching.content.questions import Question
from teaching.content.questions.base import Place
from teaching.content.yamlsource import YamlSource

# The little words of English, and the words every prompt of a quiz uses to ask.
STOPWORDS = frozenset("""
a about above after again cannot against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either few for
from further had has have having he her here hers him himself his how i if in into is it its
itself just may me might more most much must my neither no nor not now of off on once only or
other our ours out over own same she should so some such than that the their theirs them then
there these they this those through to too under until up upon us very was we were what when
where which while who whom whose why will with within without would yet you your
""".split())

# A word in the texts of more than this share of a quiz's questions (and of more than
# COMMON_AT_LEAST of them) is the quiz's own vocabulary ("China", "Soviet"), not a key's.
COMMON_SHARE = 0.25
COMMON_AT_LEAST = 3
# Leaks of one key named one by one; past these, one warning counts the rest.
NAMED_PER_KEY = 3
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_THOUSANDS = re.compile(r"(?<=\d)[,.](?=\d{3}\b)")
_WORD = re.compile(r"[^\W_]+(?:'s)?")


def stem(word: str) -> str:
    """Cut a common ending off a word, so that "signed", "signs" and "sign" compare equal."""
    if word.isdigit():
        return word
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def spelled(text: str) -> dict[str, str]:
    """Map the stem of each word of ``text`` that carries meaning to the word as written."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _THOUSANDS.sub("", text)  # 487,409 is one number
    found: dict[str, str] = {}
    for match in _WORD.finditer(text):
        word = match.group().removesuffix("'s")
        folded = word.casefold()
        if folded in STOPWORDS or (len(folded) < 2 and not folded.isdigit()):
            continue
        found.setdefault(stem(folded), word)
    return found


def words(text: str) -> set[str]:
    """Return the stems of the words of ``text`` that carry meaning (numbers kept whole)."""
    return set(spelled(text))


def distinctive_words(
    question: Question, common: frozenset[str] = frozenset()
) -> list[tuple[str, frozenset[str]]]:
    """Return each wording of each key with the words that tell it from the wrong answers.

    ``common`` are words the quiz uses everywhere: reading one of them elsewhere tells nothing.
    """
    asked = words(question.prompt) | common
    found = []
    for key in question.key_texts():
        beside = set().union(*(words(text) for text in key.rivals))
        cue = words(key.cue)
        cue_telling = cue - asked - set().union(*(words(text) for text in key.cue_rivals))
        for accepted in key.accepted:
            telling = words(accepted) - asked - beside - cue
            if telling and (cue_telling or not key.cue):
                wording = f"{key.cue} \u2192 {accepted}" if key.cue else accepted
                found.append((wording, frozenset(telling | cue_telling)))
    return found


def common_words(texts: list[list[tuple[Place, set[str]]]]) -> frozenset[str]:
    """Return the words used by more than a quarter of the questions (and by at least four)."""
    counts: Counter[str] = Counter()
    for readable in texts:
        counts.update(set().union(*(present for _, present in readable)))
    floor = max(COMMON_AT_LEAST, len(texts) * COMMON_SHARE)
    return frozenset(word for word, count in counts.items() if count > floor)


def _readable_texts(question: Question) -> Iterable[tuple[Place, str]]:
    """Yield the texts of a question another question's key could leak into."""
    yield from question.shown_texts()
    if question.evidence:
        yield ("evidence",), question.evidence


def leak_warnings(questions: list[tuple[Question, int]], source: YamlSource) -> list[Problem]:
    """Warn, at the leaking text, about each question whose text gives away another's key."""
    texts = [(question, index, [(place, words(text)) for place, text in _readable_texts(question)])
             for question, index in questions]
    common = common_words([readable for _, _, readable in texts])
    # Every text of the quiz, numbered, and for each word the texts that hold it: a key is
    # looked for only in the texts that hold its rarest word (a bank may have thousands).
    flat = [(number, index, place, present) for number, (_, index, readable) in enumerate(texts)
            for place, present in readable]
    holding: dict[str, list[int]] = {}
    for position, (_, _, _, present) in enumerate(flat):
        for word in present:
            holding.setdefault(word, []).append(position)
    problems: list[Problem] = []
    for number, (answered, _, _) in enumerate(texts):
        first: dict[int, tuple[int, str, frozenset[str]]] = {}  # reader -> earliest leaking text
        for wording, telling in distinctive_words(answered, common):
            rarest = min(telling, key=lambda word: len(holding.get(word, ())))
            for position in holding.get(rarest, ()):
                reader, _, _, present = flat[position]
                if reader != number and telling <= present and (
                        reader not in first or position < first[reader][0]):
                    first[reader] = (position, wording, telling)
        readers = sorted(first)
        for reader in readers[:NAMED_PER_KEY]:
            position, wording, telling = first[reader]
            _, index, place, _ = flat[position]
            problems.append(_leak_problem(source, (index, place), texts[reader][0], answered,
                                          wording, telling))
        if len(readers) > NAMED_PER_KEY:
            problems.append(_more_leaks(source, flat[first[readers[NAMED_PER_KEY]][0]][1],
                                        [texts[reader][0] for reader in readers[NAMED_PER_KEY:]],
                                        answered))
    return problems


def _more_leaks(source: YamlSource, index: int, readers: list[Question],
                answered: Question) -> Problem:
    """One warning for the leaks past the first few: a bank of copies would list thousands."""
    line, column = source.mark(("questions", index))
    named = ", ".join(f"'{reader.id}'" for reader in readers[:5])
    more = f" and {len(readers) - 5} more" if len(readers) > 5 else ""
    return Problem(
        source.path, line, column,
        f"{len(readers)} more questions ({named}{more}) also give away the answer to question "
        f"'{answered.id}'; reword them or move them to another quiz", "warning")


def _leak_problem(
    source: YamlSource, where: tuple[int, Place], reader: Question, answered: Question,
    wording: str, telling: frozenset[str],
) -> Problem:
    index, place = where
    line, column = source.mark(("questions", index, *place))
    as_written = spelled(wording)
    shown = ", ".join(sorted(as_written[word] for word in telling))
    return Problem(
        source.path, line, column,
        f"question '{reader.id}' gives away the answer to question '{answered.id}': this text "
        f"holds every word ({shown}) that tells its right answer \u201c{wording}\u201d from the "
        "wrong ones, and students see both questions on one page; reword one of them or move "
        "it to another quiz", "warning")
