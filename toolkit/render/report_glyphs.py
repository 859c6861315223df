"""Which texts of a clinician summary the chosen font cannot draw.

Like :func:`toolkit.render.fonts.check_glyphs` for handouts: one problem per field,
naming only the missing characters (for the client's own texts only how many, and
their scripts), never the rest of the text.  Files are named
by role: ``<client>`` (the intake), ``practice.yaml``, ``screener ID``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.errors import Problem
from ..documents.report import ReportDoc
from .fonts import CLIENT, font_set, missing_glyphs

REPORT_LABELS = ("URGENT REVIEW Safety flags No safety flags raised by these screeners. Client Intake "
                 "Item Question Answer critical Action Result Version Bands History Page 0123456789 of "
                 "\u00b7 \u2013 \u2022 \u2026 ( ) : ; , . -")
"""Every character the report renderer itself draws."""


def report_texts(doc: ReportDoc) -> Iterator[tuple[str, str, str, bool]]:
    """Every drawn text as (file, field path, text, bold)."""
    b = doc.branding
    yield CLIENT, "client.id", doc.client_id, True
    yield CLIENT, "client.name", doc.client_name, False
    yield CLIENT, "date", doc.date, False
    yield "practice.yaml", "name", b.practice_name, True
    yield "practice.yaml", "footer", b.footer, False
    for f in (*doc.urgent, *doc.review):
        where = f"screener {f.screener_id}"
        yield where, "title", f.screener_title, True
        yield where, f"flag {f.flag_id}", f.action + " " + f.outcome, False
        for it in f.items:
            yield where, f"item {it.item_id}", f"{it.item_id} {it.text} {it.answer}", False
    for n in doc.no_flag_notes:
        yield "<screener>", "notes", n, False
    for s in doc.screeners:
        where = f"screener {s.id}"
        yield where, "title", s.title, True
        yield where, "version", s.version, False
        for sc in s.scores:
            yield where, f"score {sc.score_id}", sc.label, True
            yield where, f"score {sc.score_id} bands", " ".join(bd.label for bd in sc.bands), False
            yield where, f"score {sc.score_id} bands_citation", sc.citation, False
            yield where, f"score {sc.score_id} missing", sc.rule, False
        yield where, "outcomes", " ".join(s.outcomes), False
        yield where, "notes", " ".join(s.notes + s.completeness), False
        for row in s.answers:
            yield where, f"item {row.item_id}", f"{row.item_id} {row.text}", row.critical
            yield where, f"item {row.item_id} answer", row.answer, False
    for t in doc.trends:
        yield f"screener {t.screener_id}", f"score {t.score_id}", f"{t.screener_title} {t.label}", True


def check_report_glyphs(doc: ReportDoc) -> list[Problem]:
    """One problem per field whose text has characters the report's font cannot draw
    (a bold text is checked in the bold and the regular face: both may draw it)."""
    fs = font_set(dict(doc.branding.fonts))
    texts = [*report_texts(doc), ("practice.yaml", "fonts.regular", REPORT_LABELS, False)]
    faces = [(file, path, text, b, False) for file, path, text, bold in texts
             for b in ((True, False) if bold else (False,))]
    return missing_glyphs(faces, fs)
