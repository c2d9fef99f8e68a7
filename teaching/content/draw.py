"""Choose and arrange the questions one attempt serves: pools drawn, questions and choices shuffled.

Everything follows from the attempt's seed, so the same seed always gives the same questions in
the same order; the attempt also keeps what it served, so a reload never reshuffles.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from teaching.content.questions import Question
from teaching.content.settings import QuizSettings


def rng_for(seed: str) -> random.Random:
    """Return a random generator fixed by ``seed`` (the same on every server and Python run)."""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def draw(questions: Sequence[Question], settings: QuizSettings,
         rng: random.Random) -> list[Question]:
    """Pick the questions an attempt serves, kept in the bank's order."""
    if settings.pools:
        chosen: set[int] = set()
        for pool in settings.pools:
            members = [i for i, q in enumerate(questions)
                       if i not in chosen and pool.holds(q.tags, q.skill)]
            chosen.update(rng.sample(members, min(pool.draw, len(members))))
        return [q for i, q in enumerate(questions) if i in chosen]
    if settings.draw is not None and settings.draw < len(questions):
        picked = set(rng.sample(range(len(questions)), settings.draw))
        return [q for i, q in enumerate(questions) if i in picked]
    return list(questions)


def serve(questions: Sequence[Question], settings: QuizSettings, seed: str) -> list[Question]:
    """Return the questions of one attempt, drawn and arranged as its seed decides."""
    rng = rng_for(seed)
    served = draw(questions, settings, rng)
    if settings.shuffle:
        rng.shuffle(served)
    return [question.arranged(rng, settings.shuffle) for question in served]


def pool_problems(questions: Sequence[Question], settings: QuizSettings) -> list[str]:
    """Say which pools hold fewer questions than they should draw."""
    problems = []
    for pool in settings.pools:
        size = sum(pool.holds(q.tags, q.skill) for q in questions)
        if size < pool.draw:
            problems.append(f"the pool of {pool.name} draws {pool.draw} questions but the bank "
                            f"has only {size} with that {'tag' if pool.tag else 'skill'}")
    if settings.draw is not None and settings.draw > len(questions):
        problems.append(f"'draw: {settings.draw}' asks for more questions than the bank's "
                        f"{len(questions)}")
    return problems
