"""Text stage, language identification: a text in, its language code ("ar", "en", "fa", "ur", …, "und") out.

Script counts decide between Arabic-script and Latin-script text; letters Arabic does not
use (پ چ ژ گ ی ک for Persian, ٹ ڈ ڑ ں ے for Urdu; resources/common/scripts.yaml) separate
the languages sharing the Arabic script, and py3langid (Lui & Baldwin's langid.py model,
shipped offline, BSD) decides the rest.
"""

from __future__ import annotations

import functools
import re

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from marsad.resources import load

__all__ = ["identify_language"]

# Arabic-script letters (not Arabic punctuation ، ؛ ؟, digits ٠-٩ or signs, which a text of
# punctuation alone would otherwise count as Arabic)
_ARABIC = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefe]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_SAMPLE = 20_000
# Share of Arabic-script letters above which a text counts as Arabic-script even when Latin
# letters are more numerous: an Arabic article followed by English site boilerplate (menus,
# cookie notices) must not be classified on the boilerplate.
_ARABIC_SCRIPT_SHARE = 0.2
_ARABIC_SCRIPT_MIN = 200  # …and at least this many Arabic letters (not a quoted phrase)
# A short bilingual item (an Arabic report with an English dateline and quote) is Arabic when
# a large share of its letters is: at least 40% and 40 Arabic letters (a sentence, not a name).
_MIXED_SHARE, _MIXED_MIN = 0.4, 40


@functools.cache
def _identifier(langs: tuple[str, ...]) -> LanguageIdentifier:
    ident = LanguageIdentifier.from_model_file(MODEL_FILE)
    ident.set_languages(list(langs))
    return ident


def identify_language(text: str) -> str:
    """The main language of ``text``: "ar", "fa", "ur", "en" (or another Latin-script code), "und".

    Script share decides first: text whose letters are mostly Arabic-script, or at least
    20% Arabic-script with at least 200 Arabic letters, or at least 40% with at least 40
    (a short bilingual report), is an Arabic-script text (an Arabic article with English
    boilerplate stays Arabic), otherwise
    Latin-script text goes to the model restricted to Latin-script languages; within the
    Arabic script, Persian/Urdu
    letters (at least ``cue_per_mille`` per 1000 letters) decide before the model does.

    Example:
        >>> identify_language("قتل 38 شخصا في هجوم على فندق في سوسة")
        'ar'
    """
    data = load("common", "scripts")
    sample = text[:_SAMPLE]
    n_ar = len(_ARABIC.findall(sample))
    n_lat = len(_LATIN.findall(sample))
    if n_ar + n_lat < 3:
        return "und"
    share = n_ar / (n_ar + n_lat)
    if (n_ar >= n_lat or (n_ar >= _ARABIC_SCRIPT_MIN and share >= _ARABIC_SCRIPT_SHARE)
            or (n_ar >= _MIXED_MIN and share >= _MIXED_SHARE)):
        per_mille = 1000 / max(n_ar, 1)
        ur = sum(sample.count(c) for c in data["urdu_letters"]) * per_mille
        fa = sum(sample.count(c) for c in data["persian_letters"]) * per_mille
        cue = float(data["cue_per_mille"])
        if ur >= cue:
            return "ur"
        if fa >= cue:
            return "fa"
        if fa == 0 and ur == 0:
            return "ar"
        arabic_only = "".join(_ARABIC.findall(sample))
        return str(_identifier(tuple(data["arabic_script_langs"])).classify(arabic_only)[0])
    latin = tuple(data["latin_langs"])
    # the Latin-script model judges the Latin-script part only (Arabic letters confuse it)
    return str(_identifier(latin).classify(_ARABIC.sub(" ", sample))[0])
