"""The ReportLab renderer: literal text, embedded fonts, glyph errors, metadata, invariance."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from toolkit.core.errors import ProblemList
from toolkit.documents.handout import (
    Branding,
    Callout,
    CrisisBlock,
    CrisisLine,
    HandoutDoc,
    Heading,
    ListBlock,
    Paragraph,
    Run,
    Section,
    WriteSpace,
)
from toolkit.render.fonts import check_glyphs, clean_text
from toolkit.render.handout import render_pdf
from toolkit.render.styles import markup, safe_link

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
HOSTILE = [
    "<b>Ana",
    "A & B",
    "&nbsp;",
    '<img src="https://evil.example/x.png"/>',
    '<a href="https://evil.example">click</a>',
    "<font color=white>hidden</font>",
    "<br/>" * 5000,
    "Ana\x00\x07\x1b\x7fBel\x85la",
    "A" * 10_000,
    "Ana María " * 1000,
    '<para><seq/>&amp;&#60;</para>"quotes"',
]


def sections(body_name: str = "Ana") -> tuple[Section, ...]:
    return (
        Section("what", Heading("What numbness is", origin="handout numbness: section what heading"), (
            Paragraph((Run("Hello "), Run(body_name, bold=True, origin="client.preferred_name"),
                       Run(". You are "), Run("not broken", italic=True), Run("."))),
            ListBlock(((Run("One thing"),), (Run("Another thing"),))),
            ListBlock(((Run("First step"),), (Run("Second step"),)), ordered=True),
            Callout((Paragraph((Run("A gentle tip."),)),), style="tip"),
            WriteSpace(3),
        ), sources="A textbook of feelings (2020)."),
        Section("crisis", Heading("If you are in danger now"), (
            CrisisBlock((CrisisLine("Crisis Lifeline", "988", "call or text, 24/7"),), "911"),
        ), safety=True),
    )


def make_doc(prepared_for: str = "Ana", practice: str = "Riverside Counselling", *, fonts=None, logo=None,
             secs=None, title: str = "When tears won't come", date: str = "2026-11-20") -> HandoutDoc:
    branding = Branding(practice, contact_line="(555) 010-2233", logo_path=logo, fonts=dict(fonts or {}),
                        footer="Questions? Call us.")
    return HandoutDoc(title, "Understanding numbness", secs if secs is not None else sections(), branding,
                    prepared_for=prepared_for, date=date)


def body_text(pdf: bytes) -> str:
    """Text drawn between the header and the footer, all pages, in order."""
    parts: list[str] = []

    def visit(text, cm, tm, font, size):
        y = cm[5] + tm[5]
        if 95 < y < 715:
            parts.append(text)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return "".join(parts)


def all_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


# --- literal text -----------------------------------------------------------------------------

def test_markup_escapes_run_text_and_builds_tags_from_flags():
    assert markup((Run("<b>x</b> & y"),), "#000000") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert markup((Run("x", bold=True, italic=True),), "#000000") == "<b><i>x</i></b>"
    linked = markup((Run("site", link='https://a.example/?q="x"'),), "#1F4E79")
    assert 'href="https://a.example/?q=&quot;x&quot;"' in linked


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "",
                                 "https://a.example/ x", "https://a.example/\x00"])
def test_unsafe_links_are_dropped(url):
    assert safe_link(url) is None


@pytest.mark.parametrize("url", ["https://a.example", "http://a.example", "mailto:a@b.example", "tel:+15550100"])
def test_safe_links_are_kept(url):
    assert safe_link(url) == url


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s[:20]))
def test_hostile_client_name_comes_out_as_the_same_plain_text(hostile):
    pdf = render_pdf(make_doc(prepared_for=hostile, secs=sections(hostile)))
    body = squash(body_text(pdf))
    expected = squash(clean_text(hostile))
    assert squash("Prepared for") + expected in body  # page 1
    assert "Hello" + expected in body                  # inside a paragraph, next to template text
    assert annotations(pdf) == []
    assert images(pdf) == 0


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda s: repr(s[:20]))
def test_hostile_practice_name_comes_out_as_the_same_plain_text(hostile):
    pdf = render_pdf(make_doc(practice=hostile))
    assert squash(clean_text(hostile)) in squash(body_text(pdf))  # the closing contact block
    assert annotations(pdf) == []
    assert images(pdf) == 0


def test_long_names_wrap_inside_the_page():
    pdf = render_pdf(make_doc(prepared_for="X" * 10_000))
    reader = PdfReader(io.BytesIO(pdf))
    width = float(reader.pages[0].mediabox.width)
    xs = []

    def visit(text, cm, tm, font, size):
        if "X" in text:
            xs.append(cm[4] + tm[4])

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert xs and min(xs) >= 50 and max(xs) < width / 2


def annotations(pdf: bytes) -> list[str]:
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for a in page.get("/Annots") or []:
            a = a.get_object()
            out.append(str(a.get("/A", {}).get("/URI", a.get("/Subtype"))))
    return out


def images(pdf: bytes) -> int:
    """Distinct image XObjects used by the pages."""
    seen = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page.get("/Resources", {}).get("/XObject") or {}
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                seen.add(ref.idnum)
    return len(seen)


def test_only_template_links_become_annotations():
    secs = (Section("s", Heading("Links"), (Paragraph((
        Run("good", link="https://www.apa.org"), Run(" bad", link="javascript:alert(1)"),
        Run(" file", link="file:///etc/passwd"))),)),)
    pdf = render_pdf(make_doc(secs=secs))
    assert annotations(pdf) == ["https://www.apa.org"]
    assert "good bad file" in all_text(pdf)


# --- page furniture ---------------------------------------------------------------------------

def test_page_x_of_y_disclaimer_footer_and_sources():
    many = sections() + tuple(Section(f"s{i}", Heading(f"Part {i}"), (Paragraph((Run("Words " * 200),)),))
                              for i in range(4))
    pdf = render_pdf(make_doc(secs=many))
    reader = PdfReader(io.BytesIO(pdf))
    n = len(reader.pages)
    assert n >= 3
    for i, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert f"Page {i} of {n}" in text
        assert "It is not a diagnosis" in text
        assert "Questions? Call us." in text
        assert "Riverside Counselling" in text
    text = all_text(pdf)
    assert "Where this comes from" in text and "A textbook of feelings (2020)." in text
    assert "Prepared for Ana" in text and "2026-11-20" in text
    assert "In an emergency call 911" in text and "Crisis Lifeline: 988" in text and "call or text, 24/7" in text


def test_without_contact_details_the_closing_block_asks_for_them_to_be_written_in():
    """The crisis text says "the contact details are at the end of this handout": with a
    practice that gave none (the built-in default), the end says how to get them,
    instead of a bare practice name."""
    bare = make_doc()
    bare = HandoutDoc(bare.title, bare.subtitle, bare.sections, Branding("Your care team"),
                      prepared_for="Ana", date="2026-11-20")
    text = squash(all_text(render_pdf(bare)))
    assert squash("Ask your clinician for the practice's phone number and address.") in text
    with_contact = squash(all_text(render_pdf(make_doc())))
    assert "(555)010-2233" in with_contact and "Askyourclinician" not in with_contact


def test_logo_is_the_only_image(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (120, 60), (31, 78, 121, 255)).save(logo)
    pdf = render_pdf(make_doc(logo=str(logo), prepared_for='<img src="x.png"/>'))
    assert images(pdf) == 1


def test_broken_logo_is_a_problem_not_a_traceback(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(ProblemList) as err:
        render_pdf(make_doc(logo=str(logo)))
    assert "logo" in str(err.value)


FOOTER_WORDS = set(HandoutDoc.__dataclass_fields__["disclaimer"].default.replace(".", " ").split())


def font_sizes(pdf: bytes) -> set[float]:
    """Sizes of the body text: below the header, leaving out the footer (its disclaimer
    lines and "Page x of y"), which is small print by design."""
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        y = cm[5] + tm[5]
        words = set(text.replace(".", " ").split())
        footer = words <= FOOTER_WORDS | {"Page", "of"} | {w for w in words if w.isdigit()}
        if text.strip() and 95 < y < 715 and not footer:
            sizes.add(round(size, 1))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_body_is_12_pt_and_large_print_18_pt():
    assert min(font_sizes(render_pdf(make_doc()))) == 12.0
    large = render_pdf(make_doc(), large_print=True)
    assert min(font_sizes(large)) == 18.0
    assert b"18 Tf" in b"".join(p.get_contents().get_data() for p in PdfReader(io.BytesIO(large)).pages)


# --- metadata and invariance ------------------------------------------------------------------

def test_metadata_has_no_client_data():
    doc = make_doc(prepared_for="Zebulon Quartermain", date="2031-02-03")
    pdf = render_pdf(dataclasses.replace(doc, metadata_title="When tears won't come"))
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta["/Title"] == "When tears won't come"
    assert meta["/Author"] == "Riverside Counselling"
    assert meta["/Creator"] == "cry-toolkit"
    assert not meta.get("/Subject") and not meta.get("/Keywords")
    values = " ".join(str(v) for v in meta.values())
    assert "Zebulon" not in values and "2031" not in values
    assert b"Zebulon" not in pdf and b"2031-02-03" not in pdf  # not in any uncompressed object either


def test_title_containing_the_client_name_is_not_put_in_metadata():
    """The metadata title is the one planned without client placeholders (issue 14, item 11;
    tests/safety/test_privacy_canary.py), never the title drawn on the page."""
    pdf = render_pdf(make_doc(prepared_for="Zebulon", title="Notes for Zebulon Quartermain"))
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert "Zebulon" not in str(meta) and "Quartermain" not in str(meta)


def test_same_input_same_bytes():
    assert render_pdf(make_doc()) == render_pdf(make_doc())
    assert render_pdf(make_doc(), large_print=True) == render_pdf(make_doc(), large_print=True)


# --- fonts and glyphs -------------------------------------------------------------------------

def test_no_base14_font_is_referenced():
    pdf = render_pdf(make_doc())
    for name in (b"Helvetica", b"Times-Roman", b"Courier", b"ZapfDingbats", b"/Symbol"):
        assert name not in pdf
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/Subtype"] == "/TrueType"
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_spanish_names_render_with_vera():
    name = "José Ñúñez Peña"
    pdf = render_pdf(make_doc(prepared_for=name, secs=sections(name)))
    assert name in all_text(pdf)


def test_polish_and_greek_with_vera_name_the_field_and_the_characters_only():
    secs = (Section("causes", Heading("Αιτίες", origin="handout numbness: section causes"),
                    (Paragraph((Run("Hello "), Run("Αλέξανδρος", origin="client.preferred_name"))),)),)
    doc = make_doc(prepared_for="Małgorzata Świątek", practice="Gabinet Łódź", secs=secs)
    problems = {(p.file, p.path): p.message for p in check_glyphs(doc)}
    msg = problems[("<client>", "client.preferred_name")]
    # a client's text: how many characters and their scripts, never the letters (issue 14, item 12)
    assert "of its characters (Greek, Latin letters)" in msg and "font Vera" in msg
    assert not set("ąŚλ") & set(msg)
    assert "fonts: regular: fonts/DejaVuSans.ttf" in msg
    assert "Małgorzata" not in msg and "Świątek" not in msg and "Αλέξανδρος" not in msg
    assert '"Α"' in problems[("handout numbness", "section causes")]
    assert '"ó"' not in problems[("practice.yaml", "name")] and '"ź"' in problems[("practice.yaml", "name")]
    with pytest.raises(ProblemList) as err:
        render_pdf(doc)
    assert "client.preferred_name: cannot draw" in str(err.value)


def test_invisible_characters_are_named_by_code_point():
    problems = check_glyphs(make_doc(prepared_for="Ana\u200bBel"))
    assert "U+200B (zero width space)" in problems[0].message


def dejavu(tmp_path: Path) -> dict[str, str]:
    if not (DEJAVU / "DejaVuSans.ttf").exists():
        pytest.skip("DejaVu Sans is not installed (apt-get install fonts-dejavu-core)")
    fonts = {}
    for variant, name in (("regular", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"),
                          ("italic", "DejaVuSans-Oblique.ttf")):
        (tmp_path / "fonts").mkdir(exist_ok=True)
        shutil.copy(DEJAVU / name, tmp_path / "fonts" / name)
        fonts[variant] = str(tmp_path / "fonts" / name)
    return fonts  # bold_italic missing on purpose: falls back to regular


def test_polish_and_greek_render_with_a_practice_font(tmp_path):
    names = "Małgorzata Świątek Αλέξανδρος"
    doc = make_doc(prepared_for=names, practice="Gabinet Łódź", fonts=dejavu(tmp_path), secs=sections(names))
    assert check_glyphs(doc) == []
    pdf = render_pdf(doc)
    text = all_text(pdf)
    assert names in text and "Gabinet Łódź" in text
    assert render_pdf(doc) == pdf


def test_a_file_that_is_not_a_font_is_a_problem(tmp_path):
    bad = tmp_path / "fonts" / "Broken.ttf"
    bad.parent.mkdir()
    bad.write_bytes(b"this is not a font")
    with pytest.raises(ProblemList) as err:
        render_pdf(make_doc(fonts={"regular": str(bad)}))
    assert "fonts.regular: cannot use Broken.ttf as a TrueType font" in str(err.value)


@pytest.mark.parametrize("use_dejavu", [False, True])
def test_pdffonts_lists_only_embedded_fonts(tmp_path, use_dejavu):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts is not installed (apt-get install poppler-utils)")
    fonts = dejavu(tmp_path) if use_dejavu else None
    out = tmp_path / "h.pdf"
    out.write_bytes(render_pdf(make_doc(fonts=fonts)))
    lines = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = lines[2:]
    assert rows, "no fonts listed"
    for row in rows:
        # name type encoding emb sub uni object-id: 'emb' is the 4th column from the right end
        assert row.split()[-5] == "yes", row


def test_treatment_lines_are_drawn_after_the_crisis_box_not_in_it():
    """A treatment-referral line (SAMHSA) is not a crisis line: the box holds only the lines
    the handout tells a client in crisis to call; the referral line follows, labelled."""
    from reportlab.platypus import KeepTogether

    from toolkit.documents.handout import TreatmentLines
    from toolkit.render.fonts import font_set
    from toolkit.render.handout import _blocks
    from toolkit.render.styles import Styles

    blocks = (CrisisBlock((CrisisLine("Crisis Lifeline", "988", "call or text, free, 24/7"),), "911"),
              Paragraph((Run("You deserve support."),)),
              TreatmentLines((CrisisLine("SAMHSA National Helpline", "1-800-662-4357",
                                         "for finding treatment, not a crisis line"),)))
    flowables = _blocks(blocks, Styles(font_set({}), 12.0, "#1F4E79", "#E8F0F7"))
    [box] = [i for i, f in enumerate(flowables) if isinstance(f, KeepTogether)]

    def texts(fs) -> str:
        return " ".join(getattr(f, "text", "") for f in fs)

    inside, after = texts(flowables[box]._content), texts(flowables[box + 1:])
    assert "988" in inside and "911" in inside and "SAMHSA" not in inside
    assert "Finding treatment" in after and "SAMHSA National Helpline" in after and "not a crisis line" in after
    text = all_text(render_pdf(make_doc(secs=(Section("crisis", Heading("Help now"), blocks, safety=True),))))
    flat = squash(text)
    assert flat.index("CrisisLifeline:988") < flat.index("Youdeservesupport") < flat.index("Findingtreatment") \
        < flat.index("SAMHSANationalHelpline:1-800-662-4357")


# --- issue 15: writing lines, short lists, fillable write-in spaces -------------------------------

def _filler(n: int) -> tuple[Paragraph, ...]:
    return tuple(Paragraph((Run(f"Filler paragraph {i} that takes up room on the page. " * 3),)) for i in range(n))


def _page_texts(pdf: bytes) -> list[str]:
    return ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("filler", range(14, 24))
def test_writing_lines_stay_on_the_page_of_their_prompt(filler: int):
    """Whatever comes before, the prompt that leads into ruled lines and the lines are on
    one page (the field laid over the lines marks where they are drawn)."""
    doc = make_doc(secs=(
        Section("intro", Heading("Intro"), _filler(filler)),
        Section("ask", Heading("People I can ask"), (
            Paragraph((Run("People I trust, and their phone numbers:"),)), WriteSpace(3, "ask", "People I can ask"))),
    ))
    pdf = render_pdf(doc, fillable=True)
    pages = PdfReader(io.BytesIO(pdf)).pages
    field_page = next(i for i, p in enumerate(pages) for a in p.get("/Annots", []) if a.get_object()["/T"] == "ask")
    assert "PeopleItrust,andtheirphonenumbers:" in _page_texts(pdf)[field_page]


@pytest.mark.parametrize("filler", range(14, 24))
def test_a_short_list_is_not_cut_after_its_first_item(filler: int):
    doc = make_doc(secs=(
        Section("intro", Heading("Intro"), _filler(filler)),
        Section("questions", Heading("Questions to ask"), (
            ListBlock(((Run("Could my medicine be part of this?"),), (Run("What else could add to it?"),),
                       (Run("What are my options?"),), (Run("When should I call you?"),)), ordered=True),)),
    ))
    pages = _page_texts(render_pdf(doc))
    first = next(i for i, t in enumerate(pages) if "Couldmymedicinebepartofthis?" in t)
    assert "WhenshouldIcallyou?" in pages[first]


def test_fillable_makes_one_empty_text_field_per_write_space_and_printable_none():
    doc = make_doc(secs=(
        Section("notes", Heading("My notes"), (Paragraph((Run("Write here:"),)), WriteSpace(2, "notes", "My notes"))),
        Section("tip", Heading("A tip"), (Callout((Paragraph((Run("Lines in a box:"),)),
                                                   WriteSpace(2, "tip", "A tip")), style="tip"),)),
    ))
    printed = PdfReader(io.BytesIO(render_pdf(doc)))
    assert "/AcroForm" not in printed.trailer["/Root"]
    fields = PdfReader(io.BytesIO(render_pdf(doc, fillable=True))).get_fields()
    assert fields is not None and sorted(fields) == ["notes", "tip"]
    for name, label in (("notes", "My notes"), ("tip", "A tip")):
        assert fields[name]["/FT"] == "/Tx" and fields[name].get("/V", "") == ""
        assert fields[name]["/TU"] == label
    assert render_pdf(doc, fillable=True) == render_pdf(doc, fillable=True)  # same input, same bytes
