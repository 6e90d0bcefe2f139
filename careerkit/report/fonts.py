"""Fonts: the embedded family, fallbacks for what it cannot draw, and what nothing can.

The report is set in Fira Sans, from the `fontpkg-fira-sans` package: static TrueType
files (reportlab embeds TrueType outlines only, and only a variable font's default
instance, so a static family is what gives real bold and italic), covering Latin with
every European diacritic and Vietnamese, Greek and Cyrillic, under the OFL.

A character Fira Sans lacks is looked up, in this order, in:

1. the optional `careerkit[cjk]` extra (`justmytype-intl-cjk`: Noto Sans SC, JP, KR and
   TC as TrueType), choosing Japanese, Korean or Chinese shapes from the text around it;
2. well-known system fonts with TrueType outlines;
3. whatever fontconfig (`fc-list`) finds for that character, where fontconfig exists.

A character no font has is drawn as a visible `[U+XXXX]` and reported by `warnings()`:
never a silently dropped character, never a black box.

reportlab draws only a variable font's default instance, which for the Noto CJK fonts
is Thin. So, where fontTools is installed (the `cjk` extra brings it), `finalize()`
cuts such a font down to the characters the document uses and makes Regular and Bold
instances of that small subset; bold text then gets the bold one (`embolden`).
"""

from __future__ import annotations

import functools
import importlib
import io
import json
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import careerkit.report.engine  # noqa: F401  (before reportlab: see engine.py)

# isort: split
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from careerkit.errors import RuntimeFailure

__all__ = [
    "BOLD",
    "BOLD_ITALIC",
    "ITALIC",
    "REGULAR",
    "SEMIBOLD",
    "FontBook",
    "FontSource",
    "cjk_extra_fonts",
    "register_family",
]

FAMILY_PACKAGE = "fontpkg_fira_sans"
CJK_PACKAGE = "justmytype_intl_cjk"

REGULAR = "CK-Sans"
BOLD = "CK-Sans-Bold"
ITALIC = "CK-Sans-Italic"
BOLD_ITALIC = "CK-Sans-BoldItalic"
SEMIBOLD = "CK-Sans-SemiBold"
FAMILY_FILES = {  # registered name -> (weight, style) in the font package
    REGULAR: (400, "normal"),
    BOLD: (700, "normal"),
    ITALIC: (400, "italic"),
    BOLD_ITALIC: (700, "italic"),
    SEMIBOLD: (600, "normal"),
}

# TrueType-outlined fonts that cover CJK or much of Unicode, where systems usually keep
# them. (Noto Sans CJK and most .otf files have PostScript outlines reportlab cannot use.)
SYSTEM_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", 0),
    ("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf", 0),
    ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", 0),
    ("/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("/System/Library/Fonts/Supplemental/Arial Unicode.ttf", 0),
    ("/System/Library/Fonts/AppleSDGothicNeo.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/msgothic.ttc", 0),
    ("C:/Windows/Fonts/malgun.ttf", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
)
FC_LIST_TIMEOUT = 5.0
MAX_FC_QUERIES = 24  # per document: a wall of unrenderable text must not mean minutes


@dataclass(frozen=True)
class FontSource:
    """A font file (and the font inside a collection) that may draw some characters."""

    path: Path
    index: int = 0
    label: str = ""
    script: str = ""  # "sc", "jp", "kr", "tc" for the CJK extra: which text it suits


def _package_files(package: str) -> dict[tuple[int, str], Path]:
    root = resources.files(package)
    meta = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
    files: dict[tuple[int, str], Path] = {}
    for entry in meta["files"]:
        if entry.get("weight") is not None:
            node = root
            for part in entry["path"].split("/"):
                node = node / part
            files[(int(entry["weight"]), entry.get("style", "normal"))] = Path(str(node))
    return files


class _Face(TTFont):  # type: ignore[misc]
    """A face of the family that reads its file when it is first measured or drawn.

    A document uses four of the five faces (bold italic is rare), and reading one costs
    a few milliseconds and over a megabyte, so none is read before it is needed.
    Subsets hold only the characters used (`asciiReadable=0`): smaller embedded fonts.
    """

    def __init__(self, name: str, path: Path) -> None:  # TTFont.__init__ is deferred
        self.fontName = name
        self._file = path
        self._read = False

    def __getattr__(self, attr: str) -> Any:
        # Python calls this only for attributes not set yet: those TTFont.__init__ sets.
        if attr.startswith("__") or self.__dict__.get("_read", True):
            raise AttributeError(attr)
        self._read = True
        try:
            TTFont.__init__(self, self.fontName, str(self._file), asciiReadable=0,
                            shapable=False)
        except (OSError, TTFError) as exc:
            raise _font_failure(exc) from None
        # Glyph -> characters is kept only for text shaping (HarfBuzz), which Latin,
        # Greek and Cyrillic do not need and these faces never do: 300 KB each.
        self.face.__dict__.pop("glyphToChar", None)
        return getattr(self, attr)


def _font_failure(exc: Exception) -> RuntimeFailure:
    return RuntimeFailure(
        f"the report font (Fira Sans, from the fontpkg-fira-sans package) could not be "
        f"loaded ({exc}); reinstall careerkit: pip install --force-reinstall careerkit"
    )


@functools.lru_cache(maxsize=1)
def register_family() -> TTFont:
    """Register the embedded family with reportlab (once per process); the regular face.

    Each face is read from its file only when first used (see `_Face`).
    """
    try:
        files = _package_files(FAMILY_PACKAGE)
        faces = {name: files[key] for name, key in FAMILY_FILES.items()}
        for path in faces.values():
            if not path.is_file():
                raise FileNotFoundError(str(path))
    except (ModuleNotFoundError, FileNotFoundError, KeyError) as exc:
        raise _font_failure(exc) from None
    for name, path in faces.items():
        # What pdfmetrics.registerFont does, without reading the file for the face name.
        pdfmetrics._fonts[name] = _Face(name, path)
        pdfmetrics.registerFontFamily(name)
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    font = pdfmetrics.getFont(REGULAR)
    assert isinstance(font, TTFont)
    return font


def cjk_extra_fonts() -> list[FontSource]:
    """The fonts of the `careerkit[cjk]` extra, or none when it is not installed."""
    try:
        root = resources.files(CJK_PACKAGE) / "fonts"
        manifest = json.loads((root / "pack_manifest.json").read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError, ValueError):
        return []
    sources = []
    for entry in manifest.get("fonts", []):
        node = root
        for part in str(entry["path"]).split("/"):
            node = node / part
        family = str(entry.get("family", ""))
        script = family.rsplit(" ", 1)[-1].lower() if family else ""
        sources.append(FontSource(Path(str(node)), 0, family, script))
    return sources


def _script_order(text: str) -> tuple[str, ...]:
    """Which CJK shapes suit this text: kana means Japanese, Hangul Korean, else Chinese."""
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
            return ("jp", "sc", "tc", "kr")
        if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            return ("kr", "sc", "jp", "tc")
    return ("sc", "tc", "jp", "kr")


@dataclass
class _Loaded:
    name: str
    font: TTFont
    source: FontSource

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.font.face.charToGlyph

    @property
    def variable(self) -> bool:
        return "fvar" in self.font.face.table


@dataclass
class FontBook:
    """Decides which registered font draws each character of a document's text.

    One per document: it remembers what could not be drawn so `warnings()` can say so.
    `extra` and `system` are the fallback sources (None: discover them).
    """

    extra: list[FontSource] | None = None
    system: list[FontSource] | None = None
    use_fontconfig: bool = True
    missing: dict[str, int] = field(default_factory=dict)
    right_to_left: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)  # a name -> as it is drawn
    used: dict[str, set[str]] = field(default_factory=dict)  # fallback name -> characters
    _main: TTFont | None = None
    _by_name: dict[str, _Loaded] = field(default_factory=dict)
    _bold: dict[str, str] = field(default_factory=dict)
    _loaded: dict[FontSource, _Loaded | None] = field(default_factory=dict)
    _choice: dict[tuple[str, tuple[str, ...]], str | None] = field(default_factory=dict)
    _fc_queries: int = 0
    _ascii: bool | None = None  # whether the main font draws every printable ASCII character

    def __post_init__(self) -> None:
        self._main = register_family()
        if self.extra is None:
            self.extra = cjk_extra_fonts()
        if self.system is None:
            self.system = [FontSource(Path(p), i, Path(p).stem) for p, i in SYSTEM_FONTS
                           if Path(p).is_file()]

    @property
    def main_charmap(self) -> dict[int, int]:
        assert self._main is not None
        charmap: dict[int, int] = self._main.face.charToGlyph
        return charmap

    def runs(self, text: str) -> Iterator[tuple[str | None, str]]:
        """Split text into (font name, chunk): None for the main font, "" for no font.

        A chunk with font "" holds characters nothing can draw; they are recorded.
        """
        if text.isascii() and self._ascii_drawable() and (
                text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()):
            if text:  # the common case, at C speed: the main font has all of ASCII
                yield None, text
            return
        charmap = self.main_charmap
        order: tuple[str, ...] | None = None
        current: str | None = None
        chunk: list[str] = []
        for ch in text:
            if ord(ch) in charmap or ch in "\n\t":
                name: str | None = None
            else:
                if order is None:
                    order = _script_order(text)
                name = self.font_for(ch, order)
            if name != current and chunk:
                yield current, "".join(chunk)
                chunk = []
            current = name
            chunk.append(ch)
        if chunk:
            yield current, "".join(chunk)

    def _ascii_drawable(self) -> bool:
        if self._ascii is None:
            charmap = self.main_charmap
            self._ascii = all(code in charmap for code in range(32, 127))
        return self._ascii

    def font_for(self, ch: str, order: tuple[str, ...] = ("sc", "tc", "jp", "kr")) -> str:
        """The registered name of a fallback font for `ch`, or "" (recorded as missing)."""
        key = (ch, order)
        if key not in self._choice:
            self._choice[key] = self._find(ch, order)
        name = self._choice[key]
        if name is None:
            self.missing[ch] = self.missing.get(ch, 0) + 1
            return ""
        if unicodedata.bidirectional(ch) in ("R", "AL"):
            self.right_to_left.add(ch)
        self.used.setdefault(name, set()).add(ch)
        return name

    def _find(self, ch: str, order: tuple[str, ...]) -> str | None:
        extra = sorted(self.extra or [], key=lambda s: (
            order.index(s.script) if s.script in order else len(order)))
        for source in [*extra, *(self.system or [])]:
            loaded = self._load(source)
            if loaded is not None and loaded.covers(ch):
                return loaded.name
        for source in self._fontconfig(ch):
            loaded = self._load(source)
            if loaded is not None and loaded.covers(ch):
                return loaded.name
        return None

    def _load(self, source: FontSource) -> _Loaded | None:
        if source not in self._loaded:
            loaded = _load_font(source)
            self._loaded[source] = loaded
            if loaded is not None:
                _put(loaded.font, loaded.name)  # a document before may have put a cut-down face
                self._by_name[loaded.name] = loaded
                if loaded.variable and _fonttools_available():
                    bold = f"{loaded.name}-Bold"
                    self._bold[loaded.name] = bold
                    # Paragraphs resolve font names as they parse; the face itself is
                    # registered by finalize(), before anything is measured or drawn.
                    addMapping(bold, 0, 0, bold)
        return self._loaded[source]

    def embolden(self, text_markup: str) -> str:
        """Markup for a bold style: fallback runs switch to their bold faces.

        `<font name=...>` resets reportlab's bold flag, so the bold face is named.
        """
        for name, bold in self._bold.items():
            text_markup = text_markup.replace(f'<font name="{name}">', f'<font name="{bold}">')
        return text_markup

    def finalize(self) -> None:
        """Put in place the faces this document's fallback runs name (before building)."""
        for name, chars in sorted(self.used.items()):
            loaded = self._by_name.get(name)
            if loaded is None or name not in self._bold:
                continue
            faces = _instances(loaded.source, "".join(sorted(chars)))
            if faces is None:  # no instances: the bold name draws the default instance
                _put(loaded.font, self._bold[name])  # the same object: one embedded font
            else:
                regular = TTFont(name, io.BytesIO(faces[0]))
                bold = TTFont(self._bold[name], io.BytesIO(faces[1]))
                if bold.face.name == regular.face.name:  # the PDF needs distinct font names
                    bold.face.name = regular.face.name + b"-Bold"
                _put(regular, name)
                _put(bold, self._bold[name])

    def _fontconfig(self, ch: str) -> list[FontSource]:
        if not self.use_fontconfig or self._fc_queries >= MAX_FC_QUERIES:
            return []
        self._fc_queries += 1
        return _fontconfig_candidates(ord(ch))

    def drawable_name(self, name: str) -> str:
        """`name` as the document can draw it: characters no font has are transliterated
        (王小明 -> Wang Xiao Ming) rather than shown as [U+XXXX] boxes; emoji without a
        font are left out. The change is reported by `warnings()`."""
        charmap = self.main_charmap
        pieces: list[tuple[str, bool]] = []  # (text, transliterated)
        for ch in unicodedata.normalize("NFC", name):
            if ord(ch) in charmap or ch.isspace() or self._can_draw(ch):
                pieces.append((ch, False))
            elif unicodedata.category(ch) not in ("So", "Sk", "Cf", "Mn"):
                pieces.append((_transliterate(ch), True))
        out = ""
        for i, (text, foreign) in enumerate(pieces):
            # Syllables of one ideographic or Hangul name are words of their own.
            if foreign and i and pieces[i - 1][1] and len(text) > 1 and out[-1:].isalpha():
                out += " "
            out += text
        drawn = " ".join(out.split())
        if drawn != " ".join(name.split()):
            self.renamed[name] = drawn
        return drawn

    def _can_draw(self, ch: str) -> bool:
        key = (ch, _script_order(ch))
        if key not in self._choice:
            self._choice[key] = self._find(ch, key[1])
        name = self._choice[key]
        if name is not None:
            self.used.setdefault(name, set()).add(ch)
        return name is not None

    # -- reporting ---------------------------------------------------------------------

    def warnings(self) -> list[str]:
        """What the reader should know about characters in this document."""
        messages = []
        for name, drawn in self.renamed.items():
            hint = (f"For Chinese, Japanese and Korean names install the fonts extra: "
                    f"{cjk_install_command()}" if any(_is_cjk(ch) for ch in name) else
                    "Install a TrueType font that covers it (e.g. Debian's fonts-noto-core)")
            messages.append(f"no installed font can draw the name {name!r}; the PDF shows it "
                            f"as {drawn!r}. {hint}, then make the PDF again.")
        if self.missing:
            shown = sorted(self.missing)[:12]
            listed = ", ".join(f"'{ch}' (U+{ord(ch):04X} {_char_name(ch)})" for ch in shown)
            more = f" and {len(self.missing) - len(shown)} more" if len(self.missing) > 12 else ""
            hint = _install_hint(self.missing)
            messages.append(
                f"no installed font can draw {len(self.missing)} character(s): {listed}{more}; "
                f"they appear in the PDF as [U+XXXX]. {hint}"
            )
        if self.right_to_left:
            messages.append(
                "right-to-left text (Arabic, Hebrew, ...) is drawn left to right and without "
                "joined letter forms in this version of the report"
            )
        return messages


def _char_name(ch: str) -> str:
    return unicodedata.name(ch, "unnamed character")


def _is_cjk(ch: str) -> bool:
    name = _char_name(ch)
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"))


def _transliterate(ch: str) -> str:
    from anyascii import anyascii  # only when a name cannot be drawn

    return str(anyascii(ch))


def cjk_install_command() -> str:
    """The command that adds the CJK fonts extra to this very installation: from the
    folder careerkit was installed from (a checkout), else from the package index."""
    # start-up: only the message about missing CJK fonts needs these
    import shlex
    import sys
    from importlib.metadata import PackageNotFoundError, distribution
    from urllib.parse import unquote, urlparse

    target = "careerkit[cjk]"
    try:
        origin = json.loads(distribution("careerkit").read_text("direct_url.json") or "{}")
    except (PackageNotFoundError, ValueError):
        origin = {}
    url = urlparse(str(origin.get("url", "")))
    if url.scheme == "file" and Path(unquote(url.path)).is_dir():
        target = f"{unquote(url.path)}[cjk]"
    return f"{shlex.quote(sys.executable)} -m pip install {shlex.quote(target)}"


def _install_hint(missing: dict[str, int]) -> str:
    if any(_is_cjk(ch) for ch in missing):
        return ("For Chinese, Japanese and Korean, install the fonts extra: "
                f"{cjk_install_command()} (or a TrueType CJK font such as Debian's "
                "fonts-wqy-zenhei), then run the report again.")
    return ("Install a TrueType font that covers them (e.g. Debian's fonts-noto-core or "
            "fonts-dejavu), then run the report again.")


@functools.lru_cache(maxsize=64)
def _load_font(source: FontSource) -> _Loaded | None:
    """Parse and register a fallback font; None if reportlab cannot use it (CFF, broken)."""
    stem = "".join(c for c in source.path.stem if c.isalnum())[:40] or "font"
    name = f"CKF-{stem}-{source.index}"
    try:
        font = TTFont(name, str(source.path), subfontIndex=source.index)
    except (TTFError, OSError, ValueError, KeyError, IndexError, AssertionError):
        return None
    pdfmetrics.registerFont(font)
    return _Loaded(name, font, source)


def _put(font: TTFont, name: str) -> None:
    """Make `name` draw with `font`, replacing what was there.

    reportlab's registerFont never replaces a registered name (nor a face name it has
    seen), and this document's cut-down instances must replace the previous one's.
    """
    pdfmetrics._fonts[name] = font


def _fonttools_available() -> bool:
    try:
        importlib.import_module("fontTools.varLib.instancer")
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=16)
def _instances(source: FontSource, chars: str) -> tuple[bytes, bytes] | None:
    """Regular and Bold static instances of a variable font, cut to `chars`; None if not."""
    try:
        ttlib: Any = importlib.import_module("fontTools.ttLib")
        subset: Any = importlib.import_module("fontTools.subset")
        instancer: Any = importlib.import_module("fontTools.varLib.instancer")
    except ImportError:
        return None
    try:
        font = ttlib.TTFont(str(source.path), fontNumber=source.index, recalcTimestamp=False)
        options = subset.Options()
        options.layout_features = []
        options.notdef_outline = True
        options.name_IDs = ["*"]
        options.hinting = False
        cutter = subset.Subsetter(options)
        cutter.populate(text=chars)
        cutter.subset(font)
        axis = next(a for a in font["fvar"].axes if a.axisTag == "wght")
        faces = []
        for weight in (400.0, 700.0):
            wght = min(max(weight, axis.minValue), axis.maxValue)
            face = _instantiate(instancer, font, wght)
            face.recalcTimestamp = False
            buffer = io.BytesIO()
            face.save(buffer)
            faces.append(buffer.getvalue())
        return faces[0], faces[1]
    except Exception:  # any trouble with a font file: draw its default instance
        return None


def _instantiate(instancer: Any, font: Any, wght: float) -> Any:
    try:  # named after the instance ("NotoSansSC-Bold") where the font says how
        return instancer.instantiateVariableFont(font, {"wght": wght}, inplace=False,
                                                 updateFontNames=True)
    except Exception:  # no STAT table to name it by: keep the old names
        return instancer.instantiateVariableFont(font, {"wght": wght}, inplace=False)


@functools.lru_cache(maxsize=256)
def _fontconfig_candidates(code: int) -> list[FontSource]:
    """TrueType fonts fontconfig knows that cover one code point, regular styles first."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        done = subprocess.run(
            [fc_list, "--format", "%{file}|%{index}|%{style}\n",
             f":charset={code:x}:fontformat=TrueType"],
            capture_output=True, text=True, timeout=FC_LIST_TIMEOUT, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in sorted(set(done.stdout.splitlines())):
        path, _, rest = line.partition("|")
        index, _, style = rest.partition("|")
        if not path or not index.isdigit():
            continue
        regular = any(word in style.lower() for word in ("regular", "book", "normal"))
        found.append((not regular, path, int(index)))
    return [FontSource(Path(p), i, Path(p).stem) for _, p, i in sorted(found)]
