"""Names made from people's text: the file name of a plan, the id of a new rubric.

One rule for both: letters and digits joined by hyphens, accents dropped from Latin
letters. A file name keeps other scripts as they are (two students with Greek names do
not share one file); an id, which must be ASCII, transliterates them (anyascii).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slug"]


def slug(text: str, limit: int = 40, *, ascii_only: bool = False) -> str:
    """`Zoë Ångström` -> `zoe-angstrom`, `Ελένη` -> `ελένη` (`eleni` with `ascii_only`):
    letters and digits joined by hyphens, accents dropped from Latin letters, other
    scripts kept as they are unless `ascii_only` transliterates them."""
    if ascii_only:
        from anyascii import anyascii  # start-up: only `rubric init` needs it

        text = anyascii(text)
    kept: list[str] = []
    base_is_latin = False
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char):
            if base_is_latin:
                continue  # é -> e, but a Greek or Cyrillic letter keeps its marks
        else:
            base_is_latin = char.isascii()
        kept.append(char)
    words = re.findall(r"\w+", unicodedata.normalize("NFC", "".join(kept)).casefold())
    return "-".join(w.strip("_") for w in words if w.strip("_"))[:limit].strip("-")
