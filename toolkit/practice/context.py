"""A loaded, fully checked practice: what every later stage knows of the practice
(plain data; :func:`toolkit.practice.loader.load_practice` makes it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..documents.handout import Branding, CrisisLine
from .files import vera_fonts
from .model import Practice

LARGE_PRINT_SIZE = 18.0
BUILTIN_PRACTICE_FILE = "<built-in practice>"  # how messages name the default practice's settings


@dataclass(frozen=True)
class PracticeContext:
    """A loaded, fully checked practice (``folder`` is None for the built-in default)."""

    folder: Path | None
    model: Practice
    crisis_lines: tuple[CrisisLine, ...]
    emergency_number: str
    logo_path: Path | None = None
    font_paths: dict[str, Path] = field(default_factory=dict)  # every style -> TTF file
    treatment_lines: tuple[CrisisLine, ...] = ()  # help lines that are not crisis lines (SAMHSA)

    @property
    def yaml_name(self) -> str:
        """How messages name this practice's settings file."""
        return str(self.folder / "practice.yaml") if self.folder else BUILTIN_PRACTICE_FILE

    @property
    def base_font_size(self) -> float:
        """Body text size: 18 pt (or the base size, if larger) in large print."""
        size = float(self.model.base_font_size)
        return max(size, LARGE_PRINT_SIZE) if self.model.large_print else size

    def branding(self) -> Branding:
        """What the renderer needs to know about the practice."""
        m = self.model
        contact = [(m.address or "").replace("\n", ", ").strip(", "), m.phone, m.email, m.website]
        fonts = ({k: str(v) for k, v in self.font_paths.items()} if self.font_paths
                 else vera_fonts())
        return Branding(
            practice_name=m.name,
            contact_line=" · ".join(c for c in contact if c),
            logo_path=str(self.logo_path) if self.logo_path else None,
            primary_colour=m.colours.primary.upper(),
            accent_colour=m.colours.accent.upper(),
            fonts=fonts,
            base_font_size=self.base_font_size,
            footer=m.footer or "",
            country=m.country,
        )
