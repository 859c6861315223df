"""The pydantic models of handout template files (see docs/handout-format.md).

A file either defines a whole handout (``HandoutFile``) or, with ``extends:``,
changes another one (``HandoutOverlay``): change, add or disable sections.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import Field

from .conditions import Condition
from .model_types import Id, Strict, Text

Line200 = Annotated[Text, Field(max_length=200)]
Line300 = Annotated[Text, Field(max_length=300)]
Body = Annotated[Text, Field(max_length=20_000)]
Style = Literal["normal", "callout", "tip"]


class SectionSpec(Strict):
    id: Id
    heading: Line200
    body: Body
    when: Optional[Condition] = None
    safety: bool = False
    style: Style = "normal"
    write_space: Optional[Annotated[int, Field(ge=1, le=30)]] = None
    sources: Optional[Text] = None


class HandoutFile(Strict):
    id: Id
    version: Text
    title: Line200
    subtitle: Optional[Line300] = None
    language: Annotated[str, Field(strict=True, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    description: Optional[Text] = None
    sections: list[SectionSpec] = Field(min_length=1)


class SectionPatch(Strict):
    """In an overlay: an existing section's id with the fields to change, or a new
    section (heading and body required), or ``disable: true``."""

    id: Id
    heading: Optional[Line200] = None
    body: Optional[Body] = None
    when: Optional[Condition] = None
    safety: Optional[bool] = None
    style: Optional[Style] = None
    write_space: Optional[Annotated[int, Field(ge=1, le=30)]] = None
    sources: Optional[Text] = None
    disable: bool = False
    after: Optional[Id] = None
    before: Optional[Id] = None


PATCH_FIELDS = ("heading", "body", "when", "safety", "style", "write_space", "sources")
"""The section fields a patch may change.  A patch's after/before and disable are checked
for coherence in :mod:`toolkit.handout_checks`, where the file positions are known."""


class HandoutOverlay(Strict):
    id: Id
    extends: Id
    version: Optional[Text] = None
    title: Optional[Line200] = None
    subtitle: Optional[Line300] = None
    language: Optional[Annotated[str, Field(strict=True, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]] = None
    description: Optional[Text] = None
    sections: list[SectionPatch] = Field(default_factory=list)
