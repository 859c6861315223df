"""The built-in pictures a handout section may show (``figure: {id: ...}``): the words
drawn in each picture's panels and the alternative text that says what it shows.

The drawings themselves are the renderer's (``toolkit.render.pictures``); the words
live here, as content, so they are checked like every other text (glyphs, spelling,
reading level) and a tagged-PDF engine can give the same alternative text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FigureWords:
    labels: tuple[str, ...]  # one per panel, drawn under it (short: a few words)
    alt: str  # what the picture shows, for someone who cannot see it


FIGURES: dict[str, FigureWords] = {
    "belly-breathing": FigureWords(
        ("Sit and rest a hand on your belly", "Breathe in for 4", "Feel your belly rise",
         "Breathe out for 6"),
        "Four pictures of a person sitting with a hand on the belly: sit, breathe in for a count "
        "of 4, feel the belly rise, breathe out for a count of 6."),
    "tense-relax": FigureWords(
        ("Make a tight fist", "Hold for 5", "Let go", "Notice the change for 10"),
        "Four pictures of a hand: clench it into a fist, hold for a count of 5, open it, and "
        "notice how it feels for a count of 10."),
    "grounding-54321": FigureWords(
        ("5 things you see", "4 things you feel", "3 things you hear", "2 things you smell",
         "1 thing you taste"),
        "Five small pictures counting down from 5 to 1: an eye for 5 things you see, a hand for 4 "
        "you feel, an ear for 3 you hear, a nose for 2 you smell, a mouth for 1 you taste."),
    "body-map": FigureWords(
        ("Head", "Throat", "Chest", "Belly", "Hands"),
        "An outline of a body with five places marked where people often notice feelings: head, "
        "throat, chest, belly and hands."),
    "feelings-words": FigureWords(
        ("Sad", "Angry", "Scared", "Happy", "Tired", "Calm"),
        "A card of six simple faces, each with a feeling word under it: sad, angry, scared, "
        "happy, tired and calm."),
    "what-to-say": FigureWords(
        ("\u201cI'm here. You don't have to talk.\u201d", "\u201cTake your time.\u201d",
         "\u201cDo you want company or some space?\u201d"),
        "A card with three speech bubbles of things a partner can say: I'm here, you don't have "
        "to talk; take your time; do you want company or some space?"),
    "listen-steps": FigureWords(
        ("Sit with them", "Listen", "Ask what helps"),
        "Three pictures of two people: sitting together, one listening, and one asking what "
        "would help."),
    "feelings-diary": FigureWords(
        ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        "A one-week diary grid with a column for each day and a row for how strong your "
        "feelings were, to fill in and bring to your prescriber."),
    "questions-card": FigureWords(
        ("Write down what you noticed", "Bring your list", "Ask your questions"),
        "A card showing three steps for an appointment: write down what you noticed, bring your "
        "list, and ask your questions."),
    "wind-down": FigureWords(
        ("Screens off", "Lights low", "Same bedtime"),
        "Three pictures for a calmer evening: a phone turned off, a lamp turned low, and a clock "
        "at the same bedtime each night."),
    "mood-calendar": FigureWords(
        ("Good day", "So-so day", "Hard day"),
        "A month calendar with each day marked as a good, so-so or hard day, to spot patterns "
        "over time."),
    "safety-steps": FigureWords(
        ("Notice warning signs", "Do something calming", "Reach out to someone",
         "Call for help"),
        "Four steps going up like a ladder: notice your warning signs, do something calming, "
        "reach out to someone, and call for help."),
}
"""Every figure id the handout model allows (``FigureId``) has its words here."""
