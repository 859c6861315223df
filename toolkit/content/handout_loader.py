"""Handout templates: find (practice folder first, then built-in), read, check,
and resolve ``extends:`` into one :class:`Handout` ready for planning."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import ProblemList, load_each
from ..core.hidden_text import direction_problems
from ..core.model_errors import validate
from ..core.yaml_reader import SourceMap, read_yaml_file
from .catalog import Catalog, SearchPath
from .handout_checks import check_file, check_merged, check_untailored, merge
from .handout_model import Handout, HandoutFile, HandoutOverlay, HSection
from .markdown_body import parse_body

Model = HandoutFile | HandoutOverlay
BUILTIN_DISPLAY = "<built-in>/handouts/"
"""How a built-in handout file is named in messages: ``<built-in>/handouts/numbness.yaml``."""


def read_handout_file(path: Path, display: str | None = None) -> tuple[Model, SourceMap]:
    """Read and validate one handout file on its own (no references followed)."""
    doc = read_yaml_file(path, display=display)
    src = doc.source
    if not isinstance(doc.data, dict):
        raise ProblemList([src.problem((), "a handout file must be a mapping of fields (id, title, sections, ...)")])
    model_cls = HandoutOverlay if "extends" in doc.data else HandoutFile
    model, problems = validate(model_cls, doc.data, src)
    problems += direction_problems(doc.data, src)
    if model is None or problems:
        raise ProblemList(problems)
    stem = Path(path).stem
    if stem != model.id:
        raise ProblemList([src.problem(("id",), f"'{model.id}' does not match the file name '{stem}.yaml'; "
                                                "the id and the file name must be the same")])
    return model, src


class HandoutCatalog(SearchPath):
    """Handouts along the search path, resolved and checked against the screeners."""

    def __init__(self, practice: str | Path | None = None, screeners: Catalog | None = None):
        super().__init__("handouts", practice)
        self.screeners = screeners or Catalog(practice)
        self._cache: dict[str, Handout] = {}

    def origin(self, hid: str) -> str | None:
        """'practice' or 'built-in': where the handout with this id comes from (None: nowhere)."""
        found = self.locate(hid)
        return found[0] if found else None

    def get(self, hid: str) -> Handout:
        if hid not in self._cache:
            self._cache[hid] = self._resolve(hid, builtin_only=False, chain=())
        return self._cache[hid]

    def all(self) -> list[Handout]:
        """Every handout on the search path, by id (a practice's own replaces the built-in
        one of the same id); all problems of all files together."""
        return load_each(self.ids(), self.get)

    def load_path(self, path: Path) -> Handout:
        """Check one handout file given by path (for ``toolkit validate``)."""
        return self._build(path, str(path), builtin_only=False, chain=())

    def _resolve(self, hid: str, *, builtin_only: bool, chain: tuple[str, ...],
                 asked_by: tuple[str, SourceMap, tuple] | None = None) -> Handout:
        found = self.find(hid, builtin_only=builtin_only)
        if found is None:
            message = f"no {'built-in handout' if builtin_only else 'handout'} with id '{hid}'"
            if asked_by:  # extends: an id by the model's rule
                raise ProblemList([asked_by[1].problem(asked_by[2], f"{message} (known: {', '.join(self.ids())})")])
            raise self.unknown(hid, message)
        origin, path = found
        display = f"{BUILTIN_DISPLAY}{path.name}" if origin == "built-in" else str(path)
        return self._build(path, display, builtin_only=builtin_only or origin == "built-in", chain=chain)

    def _build(self, path: Path, display: str, *, builtin_only: bool, chain: tuple[str, ...]) -> Handout:
        model, src = read_handout_file(path, display)
        problems = list(check_file(model, src, self.screeners))
        if isinstance(model, HandoutFile):
            problems += check_merged(list(model.sections), src)
            problems += check_untailored(model, src, list(model.sections), model.tailored)
            if problems:
                raise ProblemList(problems)
            sections = tuple(HSection(s, parse_body(s.body)[0]) for s in model.sections)
            handout = Handout(model.id, model.version, model.title, model.subtitle or "",
                              model.language, sections, (display,), model.tailored, tuple(model.suggest),
                              model.page_one)
        else:
            if model.extends in chain or model.extends == model.id and builtin_only:
                loop = [model.id, *chain[chain.index(model.extends):], model.id] if model.extends in chain \
                    else [model.id, model.id]
                problems.append(src.problem(("extends",), "these handouts extend each other in a loop: "
                                            + " -> ".join(loop) + "; one of them must extend another "
                                            "handout, or none"))
                raise ProblemList(problems)
            try:
                base = self._resolve(model.extends, builtin_only=builtin_only or model.extends == model.id,
                                     chain=chain + (model.id,), asked_by=(display, src, ("extends",)))
            except ProblemList as exc:
                raise ProblemList(problems + exc.problems) from None
            specs, merge_problems = merge([s.spec for s in base.sections], model, src)
            tailored = base.tailored if model.tailored is None else model.tailored
            if model.tailored and not base.tailored:
                problems.append(src.problem(("tailored",), f"'{model.extends}' is not tailored (it is the "
                                            "same for every client, for a reader other than the client); "
                                            "a handout that extends it cannot be tailored", key=True))
            problems += merge_problems + check_merged(specs, src) + check_untailored(model, src, specs, tailored)
            if problems:
                raise ProblemList(problems)
            sections = tuple(HSection(s, parse_body(s.body)[0]) for s in specs)
            handout = Handout(model.id, model.version or base.version, model.title or base.title,
                              model.subtitle if model.subtitle is not None else base.subtitle,
                              model.language or base.language, sections, base.files + (display,), tailored,
                              base.suggest if model.suggest is None else tuple(model.suggest),
                              model.page_one or base.page_one)
        return handout
