"""Shared helpers of the atheris fuzz harnesses (not part of CI; see README).

Each harness is run as ``python benchmarks/fuzz_<name>.py [CORPUS_DIR ...]
[libFuzzer flags, e.g. -max_total_time=600]``.  Without a corpus folder, a seed
corpus is built from ``examples/`` and ``tests/data/`` in
``benchmarks/.fuzz-corpus/<name>/`` (git-ignored by its own ``.gitignore``) and
used; libFuzzer adds the new inputs it finds there.

A finding is any exception other than :class:`toolkit.core.errors.ProblemList`
(atheris prints it and writes the crashing input as ``crash-<sha1>``), or a
problem message that shows client data it must not show.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seed_corpus(name: str, seeds: Iterable[bytes]) -> Path:
    folder = ROOT / "benchmarks" / ".fuzz-corpus" / name
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    if not any(folder.iterdir()):
        for i, data in enumerate(seeds):
            (folder / f"seed-{i:04d}").write_bytes(data)
    return folder


def files(*patterns: str) -> list[Path]:
    out: list[Path] = []
    for pattern in patterns:
        out.extend(sorted(ROOT.glob(pattern)))
    return out


def run(name: str, test_one: Callable[[bytes], None], seeds: Callable[[], Iterable[bytes]]) -> None:
    import atheris

    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):
        argv.insert(1, str(seed_corpus(name, seeds())))
    atheris.Setup(argv, test_one)
    atheris.Fuzz()


# --- filled forms (seeds of fuzz_form_reader.py) ------------------------------------------------
# The same way tests/conftest.py fills forms: /V on the radio group and /AS on its buttons, as a
# PDF viewer does; text fields get /V.

def make_form(*screener_ids: str, fillable: bool = True) -> bytes:
    from toolkit.content.catalog import Catalog
    from toolkit.documents.handout import Branding
    from toolkit.render.form import render_form

    catalog = Catalog(None)
    return render_form([catalog.get(s) for s in screener_ids], branding=Branding("Test practice"),
                       catalog=catalog, fillable=fillable)


def fill(pdf: bytes, ticks: dict, texts: dict[str, str], *, as_text: bool = False) -> bytes:
    """Tick radio groups (field name -> export name) and fill text fields."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for ref in writer._root_object["/AcroForm"]["/Fields"]:
        f = ref.get_object()
        name = str(f["/T"])
        if ticks.get(name) is not None and "/Kids" in f:
            export = ticks[name]
            f[NameObject("/V")] = TextStringObject(export) if as_text else NameObject("/" + export)
            for kid in f["/Kids"]:
                kid = kid.get_object()
                on = [s for s in kid["/AP"]["/N"] if s != "/Off"][0]
                kid[NameObject("/AS")] = NameObject(on if on == "/" + export else "/Off")
        elif name in texts:
            f[NameObject("/V")] = TextStringObject(texts[name])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_answers(pdf: bytes, answers: dict[str, dict], client_id: str = "C-0042", date: str = "2026-11-21",
                 name: str | None = None, **kw) -> bytes:
    """Fill a form with option values per screener and item."""
    from toolkit.content.catalog import Catalog
    from toolkit.intake.form_names import export_names, item_field

    catalog = Catalog(None)
    ticks = {}
    for sid, items in answers.items():
        screener = catalog.get(sid)
        for item_id, value in items.items():
            options = screener.scale_of(item_id)
            ticks[item_field(sid, item_id)] = export_names(options)[[o.value for o in options].index(value)]
    texts = {"client_id": client_id, "date": date, **({"client_name": name} if name is not None else {})}
    return fill(pdf, ticks, texts, **kw)
