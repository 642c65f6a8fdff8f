"""Make the fonts in static/fonts from Debian's Noto packages: `python -m kiosk.documents.fontbuild`.

A maintainer's tool, not used at run time: it needs fonts-noto-core and fonts-noto-cjk installed. The Latin,
Cyrillic, Greek and Arabic files are copied as they are; the Simplified Chinese face is taken out of the
Noto Sans CJK collection and cut down to the CJK Unified Ideographs block (the 20,976 hanzi it draws: all
of GB 2312 and of the Table of General Standard Chinese Characters that Unicode has in its main block), the
symbols of GB 2312, CJK punctuation and full-width forms, and every character of the project's own Chinese
texts. Only the layout features horizontal Simplified Chinese text needs are kept: no Japanese, Korean or
Traditional forms, no vertical ones. That keeps each weight near 6 MB instead of 16.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from kiosk.documents.fonts import FONT_DIR, FONT_FILES

NOTO_TTF = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
CJK_SC_INDEX = 2  # the faces of NotoSansCJK-*.ttc: JP, KR, SC, TC, HK, then the Mono ones
PROJECT = Path(__file__).resolve().parent.parent.parent

# Latin for the numbers and addresses in a Chinese text, and the punctuation Chinese is written with.
CJK_RANGES = (
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)


def gb2312_characters() -> set[str]:
    """Return every character of GB 2312: 6,763 hanzi and 682 symbols."""
    characters = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return characters


def project_chinese_text() -> set[str]:
    """Return the characters of the demo offers' and the catalogue's Simplified Chinese texts."""
    text = []
    for path in sorted((PROJECT / "kiosk" / "demo" / "data").glob("offers-*.json")):
        for offer in json.loads(path.read_text(encoding="utf-8")):
            text += offer["texts"].get("zh_Hans", {}).values()
    catalogue = PROJECT / "translations" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    if catalogue.exists():
        from babel.messages.pofile import read_po

        with catalogue.open("rb") as handle:
            for message in read_po(handle):
                text += message.string if isinstance(message.string, tuple) else [message.string or ""]
    return {character for character in "".join(text) if not character.isspace()}


def chinese_characters() -> set[str]:
    """Return the characters the Simplified Chinese font keeps."""
    ranges = {chr(code) for start, end in CJK_RANGES for code in range(start, end + 1)}
    return gb2312_characters() | ranges | project_chinese_text()


def subset_chinese(weight: str, target: Path) -> None:
    """Write the SC face of Noto Sans CJK in one weight, cut down to `chinese_characters()`."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    font = TTCollection(NOTO_CJK / f"NotoSansCJK-{weight}.ttc").fonts[CJK_SC_INDEX]
    options = subset.Options()
    options.layout_features = ["ccmp", "kern", "liga", "calt", "mark", "mkmk", "palt"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(character) for character in chinese_characters()))
    subsetter.subset(font)
    font.save(target)


def main() -> int:
    FONT_DIR.mkdir(exist_ok=True)
    for face in FONT_FILES:
        target = FONT_DIR / face.file
        if face.family_key == "sc":
            subset_chinese(face.weight_name, target)
        else:
            shutil.copyfile(NOTO_TTF / face.file, target)
        print(f"{target.relative_to(PROJECT)}: {target.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
