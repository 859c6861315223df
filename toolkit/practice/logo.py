"""Checking a practice's logo before it is drawn in a handout header.

The logo named in ``practice.yaml`` must be a small PNG or JPEG file inside the
practice folder.  Every problem is reported in plain English under the field path
``logo``; Pillow is imported only when a logo is actually checked.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem
from ..core.folder_files import resolve_inside

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
MAX_PIXELS = MAX_SIDE * MAX_SIDE
_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def check_logo(practice_dir: Path, rel: str) -> tuple[Path, list[Problem]]:
    """Resolve and check ``rel`` (the ``logo`` value) inside ``practice_dir``.

    Returns the resolved path and the problems found (empty when the logo can be used).
    """
    practice_dir = Path(practice_dir)
    file = str(practice_dir / "practice.yaml")
    target = practice_dir / rel

    def bad(message: str) -> tuple[Path, list[Problem]]:
        return target, [Problem(file, 0, 0, "logo", message)]

    if not rel:
        return bad("give the logo as a path inside the practice folder, such as logo.png")
    target, message = resolve_inside(practice_dir, rel, "logo", "logo.png")
    if message:
        return bad(message)
    st = target.stat()
    if st.st_size > MAX_BYTES:
        return bad(f"{rel} is {st.st_size / 1048576:.1f} MiB; a logo may be at most {MAX_BYTES // 1048576} MiB")
    try:
        with open(target, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return bad(f"cannot read {rel} ({exc.strerror})")
    kind = next((name for magic, name in _MAGIC.items() if head.startswith(magic)), None)
    if kind is None:
        return bad(f"{rel} is not a PNG or JPEG image")
    message = _check_pixels(target, rel, kind)
    return (bad(message) if message else (target, []))


def _check_pixels(target: Path, rel: str, kind: str) -> str:
    """Open the image with Pillow under a pixel cap; an error message, or '' when fine."""
    import warnings

    from PIL import Image

    old_cap = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # above this Pillow warns; above twice this it refuses
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(target) as img:
                if img.format != kind:
                    return f"{rel} is not a valid {kind} image"
                width, height = img.size
                if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                    return (f"{rel} is {width}x{height} pixels; a logo may be at most "
                            f"{MAX_SIDE}x{MAX_SIDE} (a few hundred pixels wide is plenty)")
                img.verify()
            with Image.open(target) as img:  # verify() leaves the image unusable; decode fully
                img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"{rel} has too many pixels (at most {MAX_SIDE}x{MAX_SIDE})"
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return f"{rel} is damaged or truncated and cannot be read as a {kind} image ({type(exc).__name__})"
    finally:
        Image.MAX_IMAGE_PIXELS = old_cap
    return ""
