"""Warm handout rendering next to a plain ReportLab canvas drawing the same text.

Both run in the same process after a warm-up: the toolkit's ``render_pdf`` on a
planned handout, and a bare ``reportlab.pdfgen.canvas`` that draws the same words
(same embedded font and size, simple greedy line wrapping, no boxes or styles).
Target: the handout at most 2.5 times the canvas; the PDF at most 100 KB for a
three-page handout.  Then, per bundled example, the warm render time of the
handout next to the clinician report (``toolkit report``: charts and tables).

Run:  python benchmarks/bench_render.py [--runs N] [--intake PATH]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from toolkit.documents.handout import Callout, CrisisBlock, ListBlock, Paragraph
from toolkit.pipelines.handout import build_handout

ROOT = Path(__file__).resolve().parent.parent


def words_of(doc) -> list[str]:
    """Every piece of text the handout draws, in order, as lines of source text."""
    out = [doc.title, doc.subtitle, f"Prepared for {doc.prepared_for} {doc.date}"]

    def blocks(bs):
        for b in bs:
            if isinstance(b, Paragraph):
                out.append("".join(r.text for r in b.runs))
            elif isinstance(b, ListBlock):
                out.extend("- " + "".join(r.text for r in item) for item in b.items)
            elif isinstance(b, Callout):
                blocks(b.blocks)
            elif isinstance(b, CrisisBlock):
                out.append(f"In an emergency call {b.emergency}")
                out.extend(f"{c.name}: {c.number} {c.note}" for c in b.lines)

    for s in doc.sections:
        out.append(s.heading.text)
        blocks(s.blocks)
    return out


def canvas_pdf(lines: list[str], font_path: str, size: float) -> bytes:
    import io

    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    if "BenchVera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BenchVera", font_path))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER, invariant=1)
    width, height = LETTER
    margin, leading = 72, size * 1.45
    y = height - margin
    c.setFont("BenchVera", size)
    for text in lines:
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if pdfmetrics.stringWidth(trial, "BenchVera", size) > width - 2 * margin and line:
                c.drawString(margin, y, line)
                y -= leading
                line = word
                if y < margin:
                    c.showPage()
                    c.setFont("BenchVera", size)
                    y = height - margin
            else:
                line = trial
        c.drawString(margin, y, line)
        y -= leading * 1.3
        if y < margin:
            c.showPage()
            c.setFont("BenchVera", size)
            y = height - margin
    c.save()
    return buf.getvalue()


def timed(fn, runs: int) -> float:
    fn()  # warm-up: fonts registered, caches filled
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--intake", type=Path, default=ROOT / "examples" / "intakes" / "ana.yaml")
    args = parser.parse_args()
    from pypdf import PdfReader  # test extra; only to count pages

    from toolkit.render.handout import render_pdf

    doc, _ = build_handout(args.intake)
    lines = words_of(doc)
    font = doc.branding.fonts["regular"]
    size = doc.branding.base_font_size
    handout = timed(lambda: render_pdf(doc), args.runs)
    canvas = timed(lambda: canvas_pdf(lines, font, size), args.runs)
    pdf = render_pdf(doc)
    import io
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    canvas_pages = len(PdfReader(io.BytesIO(canvas_pdf(lines, font, size))).pages)
    ratio = handout / canvas
    print(f"intake {args.intake.name}: {len(doc.sections)} sections, median of {args.runs} warm runs")
    print(f"  toolkit handout   {handout * 1000:7.1f} ms  ({pages} pages, {len(pdf) / 1024:.1f} KB)")
    print(f"  plain canvas      {canvas * 1000:7.1f} ms  ({canvas_pages} pages, same text and font)")
    print(f"  ratio             {ratio:7.2f} x  -> {'OK' if ratio <= 2.5 else 'ABOVE the 2.5x target'}")
    per_page = len(pdf) / 1024 / pages
    print(f"  size per page     {per_page:7.1f} KB -> three pages ~{3 * per_page:.0f} KB "
          f"({'OK' if 3 * per_page <= 100 else 'ABOVE'} the 100 KB target)")
    report_vs_handout(max(5, args.runs // 3))


def report_vs_handout(runs: int) -> None:
    """Warm render time of each example's handout and clinician report (planned once)."""
    import io

    from pypdf import PdfReader

    from toolkit import Catalog
    from toolkit.api import read_intakes
    from toolkit.pipelines.report import build_report, render_report
    from toolkit.practice.loader import load_practice
    from toolkit.render.handout import render_pdf

    catalog, practice = Catalog(), load_practice(None)
    print(f"\nhandout vs clinician report, warm render, median of {runs} runs")
    for intake in sorted((ROOT / "examples" / "intakes").glob("*.yaml")):
        doc, _ = build_handout(intake)
        report = build_report(read_intakes(intake, catalog=catalog), catalog=catalog, context=practice)
        t_handout = timed(lambda doc=doc: render_pdf(doc), runs)
        t_report = timed(lambda report=report: render_report(report), runs)
        pdf = render_report(report)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(f"  {intake.stem:6} handout {t_handout * 1000:6.1f} ms   report {t_report * 1000:6.1f} ms "
              f"({pages} pages, {len(pdf) / 1024:.1f} KB)")


if __name__ == "__main__":
    main()
