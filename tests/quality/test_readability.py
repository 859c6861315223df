"""Reading level: the plain text measured, and the figures textstat gives."""

from __future__ import annotations

from toolkit.content.markdown_body import parse_body
from toolkit.quality.readability import (
    SMOG_MIN_SENTENCES,
    fill_sample,
    measure,
    measure_blocks,
    plain_text,
    sentences,
)

EASY = "You are not alone. This is common. It can get better. Talk to us any time."
HARD = ("Pharmacological interventions targeting serotonergic neurotransmission frequently "
        "precipitate considerable emotional attenuation, characteristically manifesting as "
        "diminished affective responsiveness in individuals undergoing antidepressant therapy.")


def body(text: str):
    blocks, problems = parse_body(text)
    assert problems == []
    return blocks


def test_markdown_marks_are_gone_and_placeholders_filled():
    text = plain_text(body("**You are not broken.** Call {crisis.emergency} or *{practice.name}*.\n\n"
                           "- Find a quiet place\n- Try a [song](https://example.org):\n"))
    assert text == ("You are not broken. Call 911 or your care team.\n"
                    "Find a quiet place.\nTry a song.")
    assert "*" not in text and "{" not in text and "https" not in text


def test_literal_braces_and_quotes_at_the_end():
    text = plain_text(body('Say: "It is okay."\n\nWrite {{this}} down'))
    assert text == 'Say: "It is okay."\nWrite {this} down.'


def test_headings_get_sample_words():
    assert fill_sample("Hello {client.preferred_name}") == "Hello Sam"


def test_easy_text_has_a_low_grade_and_hard_text_a_high_one():
    easy, hard = measure(EASY), measure(HARD)
    assert easy.fk_grade < 4
    assert hard.fk_grade > 12
    assert hard.hardest.startswith("Pharmacological")
    assert easy.sentences == 4 and easy.words == 16


def test_smog_is_reliable_only_from_30_sentences():
    short = measure(EASY)
    assert not short.smog_reliable
    long = measure(" ".join([EASY] * 8))
    assert long.sentences >= SMOG_MIN_SENTENCES and long.smog_reliable


def test_list_items_count_as_sentences():
    r = measure_blocks(body("Try one:\n\n- walk\n- sleep a little more\n- call a friend today\n"))
    # "Try one." and "walk." have too few words to count, as textstat counts sentences
    assert r.sentences == 2 and r.words == 11


def test_empty_text():
    r = measure("")
    assert (r.fk_grade, r.smog, r.sentences, r.words) == (0.0, 0.0, 0, 0)


def test_sentences_split_like_textstat():
    assert sentences("One two three. Four five six! Seven?") == ["One two three.", "Four five six!", "Seven?"]
