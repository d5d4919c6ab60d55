"""Tokens: clitic segmentation for lookup, driven by a lexicon of words that only look segmented."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from marsad.model import Doc

# (name, word, prefix, stem, suffix) — prefix/stem/suffix in normalised form.
SEGMENTS = [
    ("conj_prep_article", "وبالموصل", "وبال", "موصل", ""),
    ("lam_article_contracted", "للتنظيم", "لل", "تنظيم", ""),
    ("fa_article", "فالهجوم", "فال", "هجوم", ""),
    ("wa_article", "والجيش", "وال", "جيش", ""),
    ("ba_article", "بالعاصمة", "بال", "عاصمه", ""),
    ("ka_article", "كالعادة", "كال", "عاده", ""),
    ("bare_article", "الانتحاري", "ال", "انتحاري", ""),
    ("wa_lam_article", "وللقوات", "ولل", "قوات", ""),
    ("wa_conjunction", "وأعلن", "و", "اعلن", ""),
    ("fa_conjunction_with_evidence", "فأطلق|ثم أطلق النار", "ف", "اطلق", ""),
    ("ba_preposition_with_evidence", "بهجوم|وقع الهجوم", "ب", "هجوم", ""),
    ("lam_preposition_with_evidence", "لقوات|وصلت القوات", "ل", "قوات", ""),
    ("wa_ba_preposition_with_evidence", "وبهجوم|هجوم", "وب", "هجوم", ""),
    ("ba_preposition_without_evidence_stays_whole", "بهجوم", "", "بهجوم", ""),
    ("wa_ba_without_evidence_keeps_conjunction", "وبهجوم", "و", "بهجوم", ""),
    ("future_marker_with_evidence", "سيقوم|يقوم الجيش", "س", "يقوم", ""),
    ("future_marker_without_evidence_stays_whole", "سيارة|انفجرت", "", "سياره", ""),
    ("putin_stays_whole", "بوتين|قال الرئيس", "", "بوتين", ""),
    ("rifles_stay_whole", "بنادق|يحملون", "", "بنادق", ""),
    ("dawn_accusative_stays_whole", "فجرا|وقع الانفجار", "", "فجرا", ""),
    ("battalion_listed_stays_whole", "كتيبة|تيبة", "", "كتيبه", ""),
    ("wakan_stays_whole", "وكان", "", "وكان", ""),
    ("london_stays_whole", "لندن", "", "لندن", ""),
    ("baghdad_stays_whole", "بغداد", "", "بغداد", ""),
    ("france_stays_whole", "فرنسا", "", "فرنسا", ""),
    ("kabul_stays_whole", "كابول", "", "كابول", ""),
    ("minister_stays_whole", "وزير", "", "وزير", ""),
    ("wa_before_listed_place", "وبغداد", "و", "بغداد", ""),
    ("wa_before_listed_london", "ولندن", "و", "لندن", ""),
    ("short_word_not_split", "وقع", "", "وقع", ""),
    ("function_word_bayn", "بين", "", "بين", ""),
    ("verb_balaghat_whole", "بلغت", "", "بلغت", ""),
    ("suffix_hu", "منزله", "", "منزل", "ه"),
    ("suffix_ha_restores_ta_marbuta", "حكومتها", "", "حكومه", "ها"),
    ("suffix_hum", "عناصرهم", "", "عناصر", "هم"),
    ("suffix_huma", "منزلهما", "", "منزل", "هما"),
    ("suffix_kum_after_listed_word", "بلادكم", "", "بلاد", "كم"),
    ("suffix_na", "قواتنا", "", "قوات", "نا"),
    ("ta_marbuta_not_a_suffix", "مدينة", "", "مدينه", ""),
    ("no_suffix_after_article", "الاتجاه", "ال", "اتجاه", ""),
    ("listed_word_ending_in_ha", "اتجاه", "", "اتجاه", ""),
    ("relative_pronoun_whole", "الذي", "", "الذي", ""),
    ("latin_word_untouched", "Reuters", "", "reuters", ""),
    ("digits_untouched", "٢٣", "", "23", ""),
]


@pytest.mark.parametrize(("name", "word", "prefix", "stem", "suffix"), SEGMENTS, ids=[c[0] for c in SEGMENTS])
def test_tokens_segment_clitics(run: Callable[..., Doc], name: str, word: str, prefix: str, stem: str, suffix: str) -> None:
    # "word|context": the context sentence shows (or not) the stem elsewhere in the document.
    word, _, context = word.partition("|")
    doc = run(f"{word} {context}".strip())
    tok = doc.tokens[0]
    assert doc.text[tok.start:tok.end] == word
    assert (tok.prefix, tok.stem, tok.suffix) == (prefix, stem, suffix)


def test_tokens_carry_raw_offsets_across_diacritics(run: Callable[..., Doc]) -> None:
    text = "قُتِلَ ٣٨ شخصاً في وبالمَوْصِل."
    doc = run(text)
    assert [text[t.start:t.end] for t in doc.tokens] == ["قُتِلَ", "٣٨", "شخصاً", "في", "وبالمَوْصِل"]
    assert doc.tokens[-1].stem == "موصل"


def test_tokens_skip_punctuation(run: Callable[..., Doc]) -> None:
    doc = run("«داعش»، (رويترز): قتل!")
    assert [t.norm for t in doc.tokens] == ["داعش", "رويترز", "قتل"]
