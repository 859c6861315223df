"""The models of handout templates (see docs/handout-format.md).

A file either defines a whole handout (``HandoutFile``) or, with ``extends:``,
changes another one (``HandoutOverlay``): change, add or disable sections.
Loading resolves a handout's files into one :class:`Handout`, its section
bodies parsed, ready for planning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from ..core.model_types import Id, Strict, Text
from .conditions import Condition
from .markdown_body import TBlock

Line200 = Annotated[Text, Field(max_length=200)]
Line300 = Annotated[Text, Field(max_length=300)]
Body = Annotated[Text, Field(max_length=20_000)]
Style = Literal["normal", "callout", "tip"]
Icon = Literal["phone", "calendar", "people", "pen", "leaf", "heart", "moon", "pill", "book", "walk", "chat", "star"]
"""The small vector icons a section heading may carry (drawn by toolkit.render.icons)."""
FigureId = Literal[
    "belly-breathing", "tense-relax", "grounding-54321", "body-map", "feelings-words", "what-to-say",
    "listen-steps", "feelings-diary", "questions-card", "wind-down", "mood-calendar", "safety-steps",
]
"""The built-in pictures (see toolkit.content.figures for their words and alternative text)."""


class KeyPoint(Strict):
    """One key point on page 1; with ``when``, only for results where it holds."""

    text: Line300
    when: Condition | None = None


class PageOne(Strict):
    """What page 1 says before any section: what the handout is for, 3-5 key points,
    and what to do first (all plain language, Markdown inline only, placeholders allowed)."""

    purpose: Line300
    key_points: list[Line300 | KeyPoint] = Field(min_length=3, max_length=8)
    first_step: Line300


class FigureSpec(Strict):
    """A built-in picture shown in a section, with a caption and a line on how to use it."""

    id: FigureId
    caption: Line200
    how_to_use: Line300
    alt: Line300 | None = None  # default: the figure's own alternative text


class SectionSpec(Strict):
    id: Id
    heading: Line200
    body: Body
    when: Condition | None = None
    safety: bool = False
    style: Style = "normal"
    write_space: Annotated[int, Field(ge=1, le=30)] | None = None
    sources: Text | None = None
    icon: Icon | None = None
    figure: FigureSpec | None = None


class Suggestion(Strict):
    """When results suggest this handout, and why (for clinicians; never client data)."""

    when: Condition
    because: Line300


class HandoutFile(Strict):
    id: Id
    version: Text
    title: Line200
    subtitle: Line300 | None = None
    language: Annotated[str, Field(strict=True, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    description: Text | None = None
    tailored: bool = True
    suggest: list[Suggestion] = Field(default_factory=list, max_length=20)
    page_one: PageOne | None = None
    sections: list[SectionSpec] = Field(min_length=1)


class SectionPatch(Strict):
    """In an overlay: an existing section's id with the fields to change, or a new
    section (heading and body required), or ``disable: true``."""

    id: Id
    heading: Line200 | None = None
    body: Body | None = None
    when: Condition | None = None
    safety: bool | None = None
    style: Style | None = None
    write_space: Annotated[int, Field(ge=1, le=30)] | None = None
    sources: Text | None = None
    icon: Icon | None = None
    figure: FigureSpec | None = None
    disable: bool = False
    after: Id | None = None
    before: Id | None = None


PATCH_FIELDS = ("heading", "body", "when", "safety", "style", "write_space", "sources", "icon", "figure")
"""The section fields a patch may change.  A patch's after/before and disable are checked
for coherence in :mod:`toolkit.content.handout_checks`, where the file positions are known."""


class HandoutOverlay(Strict):
    id: Id
    extends: Id
    version: Text | None = None
    title: Line200 | None = None
    subtitle: Line300 | None = None
    language: Annotated[str, Field(strict=True, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] | None = None
    description: Text | None = None
    tailored: bool | None = None
    suggest: list[Suggestion] | None = Field(default=None, max_length=20)  # replaces the base's list
    page_one: PageOne | None = None  # replaces the base's page 1 text
    sections: list[SectionPatch] = Field(default_factory=list)


@dataclass(frozen=True)
class HSection:
    spec: SectionSpec
    blocks: tuple[TBlock, ...]


@dataclass(frozen=True)
class Handout:
    id: str
    version: str
    title: str
    subtitle: str
    language: str
    sections: tuple[HSection, ...]
    files: tuple[str, ...]  # the files it was built from, base first
    tailored: bool = True  # False: the same for every client (no `when`, no client placeholders)
    suggest: tuple[Suggestion, ...] = ()  # when results suggest this handout, and why
    page_one: PageOne | None = None  # page 1's purpose, key points and first step

    def section_ids(self) -> list[str]:
        return [s.spec.id for s in self.sections]
