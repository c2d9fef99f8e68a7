"""The exam page's pure parts: pages of questions and the questions the review lists."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from teaching.web.exam import answered, paging, unanswered
from tests.helpers.questions import make_question


@given(total=st.integers(0, 400), per_page=st.none() | st.integers(1, 200),
       requested=st.none() | st.text(max_size=8))
def test_every_question_is_on_exactly_one_page_and_any_request_finds_a_page(
        total: int, per_page: int | None, requested: str | None) -> None:
    shown = paging(total, per_page, requested)
    assert 1 <= shown.number <= shown.count
    pages = [paging(total, per_page, str(number)) for number in range(1, shown.count + 1)]
    covered = [index for page in pages for index in range(page.first, page.stop)]
    assert covered == list(range(total))
    assert all(page.stop - page.first <= (per_page or max(total, 1)) for page in pages)
    assert [page.next for page in pages] == [*range(2, shown.count + 1), None]


@given(given_answers=st.lists(st.booleans(), min_size=1, max_size=30),
       per_page=st.none() | st.integers(1, 7))
def test_the_review_lists_exactly_the_questions_the_count_leaves_out(
        given_answers: list[bool], per_page: int | None) -> None:
    questions = [make_question("short", id=f"q{n}") for n in range(len(given_answers))]
    answers = {q.id: "Soong" for q, given in zip(questions, given_answers, strict=True) if given}
    counted = answered(questions, answers)
    missing = unanswered(questions, answers, per_page)
    assert len(counted) == sum(given_answers)
    assert sorted([*counted, *(item.question_id for item in missing)]) == sorted(
        q.id for q in questions)
    for item in missing:
        assert questions[item.number - 1].id == item.question_id
        assert paging(len(questions), per_page, str(item.page)).first <= item.number - 1 \
            < paging(len(questions), per_page, str(item.page)).stop
