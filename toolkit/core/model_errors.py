"""Turn pydantic validation errors into plain-English problems at file:line:col."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .yaml_reader import SourceMap, format_path

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "date_type": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "none_required": "empty",
}


def validate(model: type[BaseModel], data: Any, source: SourceMap, *,
             private: tuple[str, ...] = ()) -> tuple[Any, list[Problem]]:
    """Validate ``data`` against ``model``; return (instance or None, problems).

    Values under a ``private`` top-level key (an intake's ``client``) are never
    echoed in messages: they are client data."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from(exc, model, data, source, private=private)


def problems_from(exc: ValidationError, model: type[BaseModel], data: Any,
                  source: SourceMap, *, private: tuple[str, ...] = ()) -> list[Problem]:
    grouped: dict[tuple, list[Mapping[str, Any]]] = {}
    for err in exc.errors(include_url=False):
        path = _data_path(err["loc"], data)
        grouped.setdefault(path, []).append(err)
    problems = []
    for path, errs in grouped.items():
        if path[:1] and path[0] in private:
            errs = [{**e, "hidden": True} for e in errs]
        message = _message(path, errs, model)
        key = errs[0]["type"] == "extra_forbidden"
        if errs[0]["type"] == "missing":
            line, col = source.locate(path[:-1])
            problems.append(Problem(source.file, line, col, format_path(path), message))
        else:
            problems.append(source.problem(path, message, key=key))
    return problems


def _data_path(loc: tuple, data: Any) -> tuple:
    """Keep the part of pydantic's loc that walks the data (drop union member tags)."""
    out: list = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and isinstance(part, str):
            out.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            out.append(part)
            node = node[part] if 0 <= part < len(node) else None
        elif node is None and isinstance(part, str) and i == len(loc) - 1:
            out.append(part)  # a missing field: name it
        else:
            # a union tag or a function-validator tag: not part of the data
            continue
    return tuple(out)


def _message(path: tuple, errs: list[Mapping[str, Any]], model: type[BaseModel]) -> str:
    types_seen = [e["type"] for e in errs]
    # a union (whole number or number): when one member got past the type check and
    # failed a rule (e.g. not finite), that rule is the message, not the type
    err = next((e for e in errs if e["type"] not in _TYPE_WORDS), errs[0])
    kind = err["type"]
    found = _found if not err.get("hidden") else _shape_only  # client data: no echo
    if len(errs) > 1 and all(t in _TYPE_WORDS for t in types_seen):
        words = list(dict.fromkeys(_TYPE_WORDS[t] for t in types_seen))
        if "a number" in words and "a whole number" in words:
            words.remove("a whole number")  # "a whole number or a number" says "a number"
        return "must be " + " or ".join(words) + found(err.get("input"), words)
    if kind == "missing":
        return "this required field is missing"
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        allowed = _allowed_fields(model, path[:-1])
        hint = ""
        if allowed:
            close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            hint = (f" (did you mean '{close[0]}'?)" if close
                    else f" (allowed: {', '.join(allowed)})")
        return f"unknown field '{name}'{hint}"
    if kind in _TYPE_WORDS:
        return f"must be {_TYPE_WORDS[kind]}" + found(err.get("input"), [_TYPE_WORDS[kind]])
    if kind == "literal_error":
        return (f"must be one of: {err['ctx']['expected']}".replace("'", "")
                + found(err.get("input"), []))
    if kind == "string_pattern_mismatch":
        return "must be a lower-case id: letters a-z, digits, '-' or '_', starting with a letter or digit"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is longer than the {err['ctx']['max_length']}-character limit"
    if kind == "too_short" and isinstance(err.get("input"), str):
        return "must not be empty"  # a length rule on text behind a validator
    if kind == "too_long" and isinstance(err.get("input"), str):
        return f"is longer than the {err['ctx']['max_length']}-character limit"
    if kind == "too_short":
        n = err["ctx"]["min_length"]
        return f"needs at least {n} entr{'y' if n == 1 else 'ies'}"
    if kind == "greater_than_equal":
        return f"must be {err['ctx']['ge']} or more"
    if kind == "finite_number":  # .nan, .inf or -.inf (a float too large to hold reads as .inf)
        shown = getattr(err.get("input"), "raw", "")
        return "must be a finite number" + (f", not {shown}" if shown and not err.get("hidden") else "")
    if kind == "value_error":
        return str(err["ctx"]["error"])
    if kind == "date_from_datetime_inexact" or kind.startswith("date"):
        return "must be a date (YYYY-MM-DD)"
    return err["msg"]


def _found(value: Any, wanted: list[str]) -> str:
    """What was found instead, when saying so helps (``wanted``: the type words)."""
    if isinstance(value, bool):
        return f", not {str(value).lower()} (put text in quotes)"
    if value is None:
        return ", not empty"
    if isinstance(value, (dict, list)):
        return ", not a " + ("mapping" if isinstance(value, dict) else "list")
    if isinstance(value, float) and "a whole number" in wanted:
        return f", not {getattr(value, 'raw', value)}"
    if isinstance(value, (int, float)):
        if "text" in wanted:
            return ", not a number (put it in quotes)"
        return "" if any("number" in w for w in wanted) else ", not a number"
    if isinstance(value, str):
        if _looks_like(value, wanted):
            return f", not text (remove the quotes around {value})"
        if not value.strip():
            return ", not empty text"
        shown = value if len(value) <= 40 else value[:37] + "..."
        if not shown.isprintable():  # never print control characters to the terminal
            shown = shown.encode("unicode_escape").decode("ascii")
        return f", not '{shown}'"
    return ""


def _shape_only(value: Any, wanted: list[str]) -> str:
    """For client data: what was found only when that says nothing of the value
    (empty, true/false, a list, a mapping); never text or a number."""
    return _found(value, wanted) if value is None or isinstance(value, (bool, dict, list)) else ""


def _looks_like(text: str, wanted: list[str]) -> bool:
    """Quoted text that would be the wanted number or true/false without its quotes."""
    if "true or false" in wanted:
        return text in ("true", "false")
    if any("number" in w for w in wanted):
        try:
            number = float(text)
        except ValueError:
            return False
        finite = number - number == 0  # not inf or nan, however written ("1e999" is inf)
        return text.strip() == text and finite
    return False


def _allowed_fields(model: type[BaseModel], path: tuple) -> list[str]:
    """Field names (by alias) of the model found at ``path``, if it can be followed."""
    current: Any = model
    for part in path:
        current = _inner(current)
        if isinstance(part, int):
            current = _element(current)
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = next((f for n, f in current.model_fields.items()
                          if (f.alias or n) == part), None)
            if field is None:
                return []
            current = field.annotation
        else:
            current = _value_type(current)
    current = _inner(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _inner(tp: Any) -> Any:
    """Unwrap Optional[...] / Annotated[...] to the model inside, when there is one."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp


def _element(tp: Any) -> Any:
    args = typing.get_args(tp)
    return args[0] if args else None


def _value_type(tp: Any) -> Any:
    args = typing.get_args(tp)
    return args[-1] if args else None
