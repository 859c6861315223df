"""Shared strict field types for the YAML-backed pydantic models."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

from .yaml_reader import RawFloat, RawInt


class Strict(BaseModel):
    """Base for every model read from a file: unknown keys and loose types refused, and
    no float field anywhere accepts ``.nan``, ``.inf`` or ``-.inf`` (a NaN passes every
    ``<`` and ``>`` check, so a range rule alone never catches it)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False,
                              populate_by_name=True, hide_input_in_errors=True)


def _raw_text(value: Any) -> Any:
    """A number written where text is meant keeps its written form (``0042``)."""
    if isinstance(value, (RawInt, RawFloat)):
        return value.raw
    return value


Text = Annotated[StrictStr, BeforeValidator(_raw_text), Field(min_length=1)]
"""Non-empty text; numbers written in the file keep their exact spelling."""

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
ID_MAX_LENGTH = 64
ID_RULE = "lower-case letters a-z, digits, '-' and '_', starting with a letter or digit"
"""The id rule in words, for messages."""

Id = Annotated[StrictStr, Field(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
"""A lower-case identifier: letters, digits, '-' and '_'."""

_ID = re.compile(ID_PATTERN)


def is_id(value: object) -> bool:
    """True when ``value`` is an id by the rule of :data:`Id`.  Anything else (``../x``,
    ``a/b``, ``x.yaml``, a name too long for the file system, not text at all) is not,
    so an id a person typed can name a catalogue entry but never a path."""
    return (isinstance(value, str) and len(value) <= ID_MAX_LENGTH
            and _ID.fullmatch(value) is not None)

Value = StrictInt | Annotated[StrictStr, Field(min_length=1, max_length=64)]
"""An answer value: a whole number or a short text id."""

Number = StrictInt | Annotated[float, Field(strict=True, allow_inf_nan=False)]
"""A finite number (whole or decimal)."""
