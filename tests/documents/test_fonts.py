"""The shipped fonts: one file per script and weight, with their licence, covering every text the sheets print."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from kiosk import ROOT
from kiosk.documents import fonts
from kiosk.i18n import LANGUAGES
from tests.documents.pdftools import embedded_fonts, pdf_text, squeeze

DEMO_DATA = ROOT / "kiosk" / "demo" / "data"
MAX_FONT_BYTES = 8 * 1024 * 1024


@cache
def cmap(weight: int) -> frozenset[int]:
    """Return every code point that the shipped fonts of a weight draw."""
    points: set[int] = set()
    for face in fonts.FONT_FILES:
        if face.weight == weight:
            with TTFont(fonts.FONT_DIR / face.file, lazy=True) as font:
                points |= set(font.getBestCmap())
    return frozenset(points)


def demo_texts(lang: str) -> str:
    """Return every text of the demo offers in a language."""
    text = []
    for path in sorted(DEMO_DATA.glob("offers-*.json")):
        for offer in json.loads(path.read_text(encoding="utf-8")):
            text += offer["texts"].get(lang, {}).values()
    return "\n".join(text)


def catalogue_texts(lang: str) -> str:
    """Return every translation in a language's catalogue: the sheet's labels."""
    path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        messages = [m.string for m in read_po(handle) if m.id]
    return "\n".join(s for m in messages for s in (m if isinstance(m, tuple) else (m,)) if s)


def test_one_file_per_script_and_weight_with_its_licence():
    files = {(face.family_key, face.weight): face.file for face in fonts.FONT_FILES}
    assert set(files) == {(key, weight) for key in ("sans", "arabic", "sc") for weight in (400, 700)}
    readme = (fonts.FONT_DIR / "README.md").read_text(encoding="utf-8")
    licence = (fonts.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    for face in fonts.FONT_FILES:
        path = fonts.FONT_DIR / face.file
        assert 0 < path.stat().st_size < MAX_FONT_BYTES, face.file
        assert f"`{face.file}`" in readme and face.file in licence
        with TTFont(path, lazy=True) as font:
            assert "Open Font License" in font["name"].getDebugName(13)
            assert font["OS/2"].usWeightClass == face.weight


@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
@pytest.mark.parametrize("weight", [400, 700])
def test_every_character_of_the_demo_and_the_catalogue_has_a_glyph(lang, weight):
    text = demo_texts(lang) + catalogue_texts(lang)
    missing = sorted({c for c in text if not c.isspace() and ord(c) not in cmap(weight) and c.isprintable()})
    assert not missing, f"{lang}: no glyph in the shipped fonts for {''.join(missing)!r}"


def test_the_chinese_font_has_the_common_hanzi():
    """Every hanzi of GB 2312, and the CJK Unified Ideographs block as far as Noto Sans CJK 2.004 goes (U+9FEF)."""
    from kiosk.documents.fontbuild import gb2312_characters

    for weight in (400, 700):
        assert {ord(c) for c in gb2312_characters()} <= cmap(weight)
        assert set(range(0x4E00, 0x9FF0)) <= cmap(weight)


def test_the_font_configuration_is_made_once_per_process():
    assert fonts.font_config() is fonts.font_config()
    assert fonts.font_stylesheet() is fonts.font_stylesheet()
    assert fonts.font_face_rules().count("@font-face") == len(fonts.FONT_FILES)


def test_the_page_language_picks_its_script_first():
    assert fonts.font_stack("ar").startswith('"InfoLavoro Arabic"')
    assert fonts.font_stack("zh_Hans").startswith('"InfoLavoro SC"')
    assert fonts.font_stack("uk").startswith('"InfoLavoro Sans"')


SAMPLE = "<p>Кранівник у порту</p><p lang=ar dir=rtl>مشغّل رافعة في الميناء</p><p lang=zh-Hans>港口起重机司机</p>"


def test_documents_need_no_font_of_the_machine(tmp_path):
    """With a fontconfig that knows no font at all, the shipped files still draw every script."""
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>')
    script = (
        "import sys\n"
        "from kiosk.documents.fonts import font_stack\n"
        "from kiosk.documents.render import render_pdf\n"
        f"html = '<html><style>html {{ font-family: ' + font_stack('it') + ' }}</style>{SAMPLE}<b>Ελληνικά</b>'\n"
        "sys.stdout.buffer.write(render_pdf(html))\n"
    )
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", script], cwd=ROOT, capture_output=True,
                            env={"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"}, check=True)
    pdf = result.stdout
    assert {name.split("+")[-1] for name in embedded_fonts(pdf)} == {
        "InfoLavoro-Sans", "InfoLavoro-Sans-Bold", "InfoLavoro-Arabic", "InfoLavoro-SC"}
    text = squeeze(pdf_text(pdf))
    for expected in ("Кранівникупорту", "مشغّلرافعةفيالميناء", "港口起重机司机", "Ελληνικά"):
        assert squeeze(expected) in text
