"""Shared by the form tests: make a fillable form and fill it the way a PDF viewer does."""

from __future__ import annotations

from io import BytesIO
from typing import Optional

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from toolkit.content.catalog import Catalog
from toolkit.documents.handout import Branding
from toolkit.intake.form_names import export_names, item_field
from toolkit.render.form import render_form


def make_form(*screener_ids: str, fillable: bool = True, catalog: Optional[Catalog] = None,
              branding: Optional[Branding] = None) -> bytes:
    catalog = catalog or Catalog(None)
    return render_form([catalog.get(s) for s in screener_ids], branding=branding or Branding("Test practice"),
                       catalog=catalog, fillable=fillable)


def export_of(screener, item_id: str, value) -> str:
    """The radio export name of an option value."""
    options = screener.scale_of(item_id)
    return export_names(options)[[o.value for o in options].index(value)]


def fill(pdf: bytes, ticks: dict[str, Optional[str]], texts: dict[str, str], *,
         as_text: bool = False, appearance: bool = False) -> bytes:
    """Tick radio groups (field name -> export name, None leaves it blank) by setting
    /V on the group and /AS on its buttons, as a viewer does; fill text fields.
    ``as_text`` writes /V as a text string (as some tools do) instead of a name;
    ``appearance`` lets pypdf draw the text fields' new values."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    for ref in writer._root_object["/AcroForm"]["/Fields"]:
        f = ref.get_object()
        name = str(f["/T"])
        if name in ticks and ticks[name] is not None and "/Kids" not in f:  # a single check box
            on = [s for s in f["/AP"]["/N"] if s != "/Off"][0]
            f[NameObject("/V")] = f[NameObject("/AS")] = NameObject(on)
        elif name in ticks and ticks[name] is not None:
            export = ticks[name]
            f[NameObject("/V")] = TextStringObject(export) if as_text else NameObject("/" + export)
            for kid in f["/Kids"]:
                kid = kid.get_object()
                on = [s for s in kid["/AP"]["/N"] if s != "/Off"][0]
                kid[NameObject("/AS")] = NameObject(on if on == "/" + export else "/Off")
        elif name in texts and not appearance:
            f[NameObject("/V")] = TextStringObject(texts[name])
    if appearance and texts:
        for page in writer.pages:
            writer.update_page_form_field_values(page, texts, auto_regenerate=False)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_answers(pdf: bytes, answers: dict[str, dict[str, object]], client_id: str = "C-0042",
                 date: str = "2026-11-21", name: Optional[str] = None, catalog: Optional[Catalog] = None,
                 **kw) -> bytes:
    """Fill a form with option values per screener and item."""
    catalog = catalog or Catalog(None)
    ticks = {}
    for sid, items in answers.items():
        s = catalog.get(sid)
        for item_id, value in items.items():
            ticks[item_field(sid, item_id)] = export_of(s, item_id, value)
    texts = {"client_id": client_id, "date": date}
    if name is not None:
        texts["client_name"] = name
    return fill(pdf, ticks, texts, **kw)
