"""On-screen keyboard layouts, one per script, chosen by the active language."""

from __future__ import annotations

LATIN = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
LATIN_EXTRA = {
    "it": "àèéìòù",
    "fr": "àâçéèêëîïôûù",
    "es": "áéíñóúü",
    "ro": "ăâîșț",
    "sq": "çë",
    "en": "",
}
UKRAINIAN = ("йцукенгшщзхї", "фівапролджє", "ячсмитьбюґ'")
ARABIC = ("ضصثقفغعهخحجد", "شسيبلاتنمكط", "ئءؤرىةوزظذ")
# Chinese is typed through an input method; a kiosk has none, so the keyboard offers the
# characters of the words people look for most at a job desk, and the Latin letters.
CHINESE = ("工作厨师司机服务员仓库", "护理清洁销售酒店港口", "课程实习学徒培训船厂")
DIGITS = "1234567890"


def layout(lang: str) -> dict:
    """Return the rows of keys for a language, and the Latin rows when its script has a second layout."""
    if lang == "ar":
        rows, latin = ARABIC, True
    elif lang == "uk":
        rows, latin = UKRAINIAN, True
    elif lang == "zh_Hans":
        rows, latin = CHINESE, True
    else:
        extra = LATIN_EXTRA.get(lang, "")
        rows, latin = LATIN + ((extra,) if extra else ()), False
    return {
        "rows": [list(DIGITS)] + [list(row) for row in rows],
        "latin": [list(row) for row in LATIN] if latin else None,
    }
