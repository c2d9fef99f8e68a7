"""A file built to hurt: huge, odd or self-contradicting text is read fast and in words.

Slow cases are checked by the work they cost: an input that took minutes before must be read
within the ordinary time of a test run, and the gap scanner must agree with the plain regex it
replaced on every small text.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from hypothesis import given
from hypothesis import strategies as st

from teaching.content.formats import gift, moodle_xml
from teaching.content.formats.common import QuestionIds
from teaching.content.formats.embedded import find_gaps
from teaching.content.formats.markup import to_markdown

# The gap expression the scanner replaced: right, but quadratic on unclosed gaps.
_OLD_GAP = re.compile(r"\{(\d*):([A-Za-z_]+):((?:\\.|[^\\}])*)\}")


def _cloze(html: str) -> str:
    return ('<quiz><question type="cloze"><name><text>c</text></name>'
            f'<questiontext format="html"><text>{escape(html)}</text></questiontext>'
            '</question></quiz>')


def _warnings(imported: moodle_xml.Imported) -> str:
    return "\n".join(str(warning) for warning in imported.warnings)


@given(st.text(st.sampled_from("{}1:SAM_\\\n=x~#"), max_size=40))
def test_the_gap_scanner_finds_what_the_gap_expression_found(text: str) -> None:
    found = [(gap.start, gap.end, gap.weight, gap.code, gap.body) for gap in find_gaps(text)]

    assert found == [(m.start(), m.end(), *m.groups()) for m in _OLD_GAP.finditer(text)]


def test_many_unclosed_gaps_are_read_in_one_pass() -> None:
    # 300 KB of "{1:SA:": the old expression needed hours for this.
    imported = moodle_xml.read(_cloze("{1:SA:" * 50_000), source="big.xml")

    assert imported.questions == []
    assert "has no {1:TYPE:...} gap" in _warnings(imported)


def test_many_questions_with_one_name_get_their_ids_in_one_pass() -> None:
    ids = QuestionIds()

    taken = [ids.next("Same", "") for _ in range(30_000)]

    assert taken[:3] == ["same", "same-2", "same-3"]
    assert len(set(taken)) == len(taken)


def test_a_gap_that_cleaning_removes_leaves_the_question_out_in_words() -> None:
    for html in ("<p>Intro</p><!-- {1:SA:=x} -->",
                 '<p>a {1:SA:=x} <img alt="{1:SA:=y}" src="z"></p>',
                 "<p>a {1:SA:=x}</p><script>{1:SA:=y}</script>"):
        imported = moodle_xml.read(_cloze(html), source="gone.xml")

        assert imported.questions == []
        assert "/quiz/question[1]/questiontext: " in _warnings(imported)
        assert "removed from the text; the question is left out" in _warnings(imported)


def test_odd_gaps_are_left_out_and_named() -> None:
    cases = {"<p>{1:SA:=x} then see {1}</p>": "a mark like {1} of its own",
             "<p>Capital: {1:MC:=~b}</p>": "an answer of the gap is empty",
             "<p>Capital: {1:MC:=Paris~Paris}</p>": "the same choice twice"}
    for html, said in cases.items():
        imported = moodle_xml.read(_cloze(html), source="odd.xml")

        assert imported.questions == [], html
        assert said in _warnings(imported)
        assert "/quiz/question[1]/questiontext" in _warnings(imported)


def test_long_runs_of_spaces_cost_one_pass() -> None:
    # Each took seconds per 20,000 spaces before, growing with the square of the run.
    spaces = " " * 200_000
    imported = gift.read(f"Moscow lies{spaces}{{=on the Moskva}}{spaces}x.\n", source="s.gift")
    markdown, _ = to_markdown(f"{spaces}<b>bold</b>", is_html=True)

    assert imported.questions[0]["blanks"] == [{"answers": ["on the Moskva"]}]
    assert markdown == "bold"


def _short(answer: str) -> str:
    return ('<quiz><question type="shortanswer"><name><text>s</text></name>'
            '<questiontext><text>What?</text></questiontext>'
            f'<answer fraction="100"><text>{escape(answer)}</text></answer></question></quiz>')


def test_an_answer_whose_punctuation_matters_is_named_when_it_stops_mattering() -> None:
    changed = {"-5": "'5' is accepted too", "C#": "'c' is accepted too", "3.14": "'3 14'"}
    kept = ("St. Petersburg", "Brest-Litovsk", "Why?", "Molotov's plan", "(1945)", "1945.")
    for answer, said in changed.items():
        written = answer.replace("#", "\\#")  # "#" starts feedback in a gap and in GIFT
        for imported in (moodle_xml.read(_short(answer), source="a.xml"),
                         moodle_xml.read(_cloze(f"<p>x {{1:SA:={written}}}</p>"), source="c.xml"),
                         gift.read(f"What? {{={written}}}\n", source="a.gift")):
            assert f"the answer '{answer}' is compared without its punctuation" in (
                _warnings(imported)), answer
            assert said in _warnings(imported)
    for answer in kept:
        assert _warnings(moodle_xml.read(_short(answer), source="a.xml")) == ""


def test_a_numerical_gap_says_it_is_compared_as_text() -> None:
    imported = moodle_xml.read(_cloze("<p>Year: {1:NUMERICAL:=1945:0}</p>"), source="n.xml")

    assert imported.questions[0]["blanks"] == [{"answers": ["1945"]}]
    assert "/questiontext (gap 1): the number 1945 becomes a typed answer compared as text" in (
        _warnings(imported))


def test_a_loss_is_placed_at_its_question_whatever_stands_before_it() -> None:
    text = ('<?xml version="1.0"?>\n<quiz>\n<?note <question ?>\n<question-x/>\n'
            '<question type="description">\n<questiontext><text>t</text></questiontext>\n'
            '</question>\n</quiz>\n')

    warnings = moodle_xml.read(text, source="q.xml").warnings

    assert [warning.where for warning in warnings] == ["q.xml:5"]


def test_formatting_becomes_text_a_student_reads_without_markup() -> None:
    # Our pages show a prompt as plain text: asterisks or [text](address) would show as typed.
    text, images = to_markdown('<p>Was <b>Harriman</b> in <em>Moscow</em>? See '
                               '<a href="https://history.state.gov/x">FRUS</a>.</p>')

    assert text == "Was Harriman in Moscow? See FRUS (https://history.state.gov/x)."
    assert images == []
