"""The renderer-independent document that planning produces and renderers draw.

Everything here is plain data.  Text is held in :class:`Run` objects whose
``text`` is always literal (never markup): renderers must escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Run:
    """A piece of literal text with simple inline style."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None  # a URL written by the template author, never by a client
    origin: str = ""  # where the text came from (e.g. "handout numbness, section causes"), for glyph errors


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = section heading, 2 = sub-heading
    origin: str = ""


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class ListBlock:
    items: tuple[tuple[Run, ...], ...]
    ordered: bool = False


@dataclass(frozen=True)
class WriteSpace:
    """Ruled lines for the client to write on.  ``name`` (the section id) and ``label``
    (the section heading, without client data) say what the space is for: a renderer
    that makes fillable documents names its text field and the field's tooltip after them."""

    lines: int = 4
    name: str = ""
    label: str = ""


@dataclass(frozen=True)
class CrisisLine:
    name: str
    number: str
    note: str = ""  # e.g. "call or text, 24/7"


@dataclass(frozen=True)
class CrisisBlock:
    """The crisis-line block: always drawn in a safety section, with every line."""

    lines: tuple[CrisisLine, ...]
    emergency: str  # the local emergency number, e.g. "911"


@dataclass(frozen=True)
class TreatmentLines:
    """Help lines that are not crisis lines (a treatment-referral line such as SAMHSA's),
    drawn labelled after a safety section's text, never in the crisis box."""

    lines: tuple[CrisisLine, ...]


@dataclass(frozen=True)
class Figure:
    """A built-in picture (``figure_id``, drawn by the renderer) with its words: the
    labels drawn in its panels, a caption, a line on how to use it, and the alternative
    text that says what it shows (for tagged output and screen readers)."""

    figure_id: str
    labels: tuple[str, ...]
    caption: str
    how_to_use: str
    alt: str
    origin: str = ""


Block = Union[Heading, Paragraph, ListBlock, WriteSpace, CrisisBlock, TreatmentLines, Figure, "Callout"]


@dataclass(frozen=True)
class Callout:
    """A boxed group of blocks (``style``: "note", "tip" or "safety")."""

    blocks: tuple[Block, ...]
    style: str = "note"


@dataclass(frozen=True)
class Section:
    id: str
    heading: Heading
    blocks: tuple[Block, ...]
    safety: bool = False
    sources: str = ""
    icon: str = ""  # a built-in icon name drawn beside the heading ("" for none)

    @property
    def has_write_space(self) -> bool:
        return any(isinstance(b, WriteSpace) for b in _walk(self.blocks))


@dataclass(frozen=True)
class Branding:
    """What the renderer needs to know about the practice (no client data)."""

    practice_name: str
    contact_line: str = ""  # address, phone, email, website, joined
    logo_path: str | None = None  # an already-checked path inside the practice folder
    primary_colour: str = "#1F4E79"
    accent_colour: str = "#E8F0F7"
    fonts: dict[str, str] = field(default_factory=dict)  # regular/bold/italic/bold_italic -> TTF path
    base_font_size: float = 12.0
    footer: str = ""
    page_size: str = "letter"  # "A4" or "letter": the practice's paper
    country: str = ""  # the practice's country code (spellings, date style)


@dataclass(frozen=True)
class HelpPanel:
    """The compact "If you need help now" panel of page 1: the emergency number, every
    crisis line, and the practice's own phone and contact details."""

    emergency: str
    lines: tuple[CrisisLine, ...]
    practice_name: str = ""
    practice_phone: str = ""
    contact_line: str = ""


@dataclass(frozen=True)
class PageOne:
    """Page 1's own content, before any section: what the handout is for, the key points
    chosen for this result (3-5), what to do first, and the help panel."""

    purpose: tuple[Run, ...]
    key_points: tuple[tuple[Run, ...], ...]
    first_step: tuple[Run, ...]
    help: HelpPanel


@dataclass(frozen=True)
class HandoutDoc:
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    branding: Branding
    language: str = "en"
    prepared_for: str = ""  # the client's preferred name: drawn on page 1, never put in metadata
    date: str = ""
    disclaimer: str = ("This handout is educational. It is not a diagnosis and does not replace "
                       "care from a health professional.")
    handout_id: str = ""
    metadata_title: str = "Handout"  # the PDF /Title: template and practice words only, never client data
    page_one: PageOne | None = None  # None: a handout whose template has no page_one
    urgent: bool = False  # an urgent flag: the full crisis box leads page 1

    @property
    def has_crisis_block(self) -> bool:
        return any(isinstance(b, CrisisBlock) for s in self.sections for b in _walk(s.blocks))


def _walk(blocks):
    for b in blocks:
        yield b
        if isinstance(b, Callout):
            yield from _walk(b.blocks)
