"""What every one-document job shares: read the intakes, choose the client, and
name the files a rendering problem came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..content.catalog import Catalog
from ..core.errors import Problem, ProblemList, problem
from ..intake.model import Intake, as_client_id
from ..intake.read import read_intakes
from ..practice.context import PracticeContext


def read_all(paths: Sequence[Path], catalog: Catalog) -> list[Intake]:
    """Every intake of every file; all problems of all files together."""
    intakes: list[Intake] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            intakes.extend(read_intakes(path, catalog))
        except ProblemList as exc:
            problems.extend(exc.problems)
    if problems:
        raise ProblemList(problems)
    return intakes


def choose_intake(intakes: list[Intake], client_id: str | None, source: str) -> Intake:
    """The one intake a single-client document is for (``client_id`` picks a CSV row)."""
    if client_id is not None:
        for intake in intakes:
            if intake.client.id == as_client_id(client_id):
                return intake
        raise problem(source, "no row has the client id given with --client")
    if len(intakes) > 1:
        raise problem(source, f"this file holds {len(intakes)} intakes; choose one "
                              "with --client ID (or use toolkit batch)")
    return intakes[0]


def name_sources(problems: list[Problem], client_source: str, practice: PracticeContext,
                 **roles: str) -> ProblemList:
    """A renderer names where text came from by role (``<client>``, ``<handout>``,
    ``practice.yaml``); say which file that is."""
    files = {"<client>": client_source, "practice.yaml": practice.yaml_name,
             **{f"<{role}>": name for role, name in roles.items()}}
    return ProblemList([replace(p, file=files.get(p.file, p.file)) for p in problems])
