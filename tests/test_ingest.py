"""Ingest: every file ends as an Article or a Rejection with a reason, real-life malformed inputs included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.ingest import discover, ingest_file, ingest_paths, ingest_text
from marsad.model import Article, Rejection, content_hash
from marsad.settings import load_settings
from marsad.text.normalize import normalize

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SETTINGS = load_settings()


def _one(name: str) -> Article | Rejection:
    items = list(ingest_file(FIXTURES / name, SETTINGS))
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("binary.txt", "binary"),
        ("invalid_utf8.txt", "decode_error"),
        ("truncated.json", "invalid_json"),
        ("notes.docx", "unsupported_type"),
        ("russian.txt", "unsupported_language"),
    ],
)
def test_ingest_rejects_bad_file_with_its_reason(name, reason):
    item = _one(name)
    assert isinstance(item, Rejection)
    assert item.reason == reason
    assert item.source.endswith(name)
    assert item.detail


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("utf8_bom.txt", "بغداد - أعلنت خلية الإعلام الأمني"),
        ("utf16_bom.txt", "مقديشو - قُتل ثلاثة جنود صوماليين"),
        ("utf16le_no_bom.txt", "مقديشو - قُتل ثلاثة جنود صوماليين"),
        ("windows1256.txt", "القاهرة - أعلنت وزارة الداخلية المصرية"),
    ],
)
def test_ingest_decodes_bom_and_legacy_encodings_to_arabic(name, starts):
    item = _one(name)
    assert isinstance(item, Article), item
    assert item.text.startswith(starts)
    assert item.lang == "ar"
    assert "\ufeff" not in item.text and "\r" not in item.text


def test_ingest_keeps_presentation_forms_raw_and_normalisation_reads_them_as_letters():
    item = _one("presentation_forms.txt")
    assert isinstance(item, Article)
    assert item.lang == "ar"
    assert "\ufee1" in item.text  # raw text unchanged (isolated meem)
    norm, norm_map = normalize(item.text)
    assert norm.startswith("مقديشو - قتل ثلاثه جنود")
    assert len(norm_map) == len(norm) + 1


def test_ingest_html_keeps_main_text_and_metadata_and_drops_scripts_and_menus():
    item = _one("scripts_nested_tables.html")
    assert isinstance(item, Article)
    assert "بانفجار عبوة ناسفة استهدفت سوقا شعبية" in item.text
    assert "مستشفى الكندي" in item.text
    for noise in ("trackView", "document.write", "footerWidget", "الأكثر قراءة", "اشترك الآن"):
        assert noise not in item.text
    assert item.title == "انفجار في سوق شعبية ببغداد"
    assert item.published == "2024-03-04"
    assert item.url == "https://example.org/news/2024/03/04/baghdad-blast"
    assert item.outlet == "الخبر اليوم"


def test_ingest_jsonl_truncated_line_is_rejected_and_other_lines_load():
    items = list(ingest_file(FIXTURES / "truncated.jsonl", SETTINGS))
    assert [type(x).__name__ for x in items] == ["Article", "Article", "Rejection"]
    assert [x.id for x in items[:2]] == ["jl-1", "jl-2"]
    assert items[0].published == "2024-03-04" and items[0].outlet == "وكالة تجريبية"
    assert items[2].source.endswith("truncated.jsonl:3") and items[2].reason == "invalid_json"


def test_ingest_annotated_json_reads_metadata_and_ignores_gold_events(samples_dir):
    (item,) = list(ingest_file(samples_dir / "dev" / "dev-001.json", SETTINGS))
    gold = json.loads((samples_dir / "dev" / "dev-001.json").read_text(encoding="utf-8"))
    assert isinstance(item, Article)
    assert (item.id, item.published, item.outlet, item.text) == (gold["id"], gold["published"], gold["outlet"], gold["text"])
    assert item.sha256 == content_hash(gold["text"])


def test_ingest_folder_walk_is_recursive_sorted_and_accounts_for_every_file(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("انفجرت سيارة مفخخة قرب مركز للشرطة في مدينة الرمادي", encoding="utf-8")
    (tmp_path / "a.txt").write_text("أعلنت السلطات رفع مستوى التأهب الأمني في العاصمة", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    files = discover([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.txt", "b/z.txt", "c.pdf"]
    items = list(ingest_paths([tmp_path], SETTINGS))
    assert [type(x).__name__ for x in items] == ["Article", "Article", "Rejection"]


@pytest.mark.parametrize(
    ("overrides", "text", "reason"),
    [
        ({"max_text_chars": 50}, "أعلنت وزارة الداخلية العراقية مقتل ثلاثة من عناصر الشرطة في هجوم مسلح غربي الأنبار", "too_long"),
        ({"min_text_chars": 20}, "انفجار في بغداد", "too_short"),
    ],
)
def test_ingest_text_limits_come_from_settings(overrides, text, reason):
    settings = load_settings(overrides={"ingest": overrides})
    item = ingest_text(text, "x.txt", settings)
    assert isinstance(item, Rejection) and item.reason == reason


def test_ingest_rejects_file_above_size_limit_without_reading_it(tmp_path):
    big = tmp_path / "dump.txt"
    big.write_text("انفجرت عبوة ناسفة في سوق شعبية. " * 100, encoding="utf-8")
    settings = load_settings(overrides={"ingest": {"max_file_bytes": 1000}})
    (item,) = list(ingest_file(big, settings))
    assert isinstance(item, Rejection) and item.reason == "too_large"


def test_ingest_rejects_jsonl_with_too_many_lines_whole(tmp_path):
    f = tmp_path / "many.jsonl"
    line = json.dumps({"text": "أعلنت السلطات رفع مستوى التأهب الأمني في العاصمة"}, ensure_ascii=False)
    f.write_text("\n".join([line] * 5) + "\n", encoding="utf-8")
    settings = load_settings(overrides={"ingest": {"max_jsonl_lines": 3}})
    assert [(x.reason if isinstance(x, Rejection) else "article") for x in ingest_file(f, settings)] == ["too_many_lines"]


def test_ingest_missing_path_is_rejected_as_unreadable(tmp_path):
    (item,) = list(ingest_paths([tmp_path / "nope.txt"], SETTINGS))
    assert isinstance(item, Rejection) and item.reason == "unreadable"


def test_ingest_same_text_with_different_spacing_hashes_the_same():
    a = ingest_text("انفجرت عبوة ناسفة  في سوق\nشعبية ببغداد", "a.txt", SETTINGS)
    b = ingest_text("انفجرت عبوة ناسفة في سوق شعبية ببغداد", "b.txt", SETTINGS)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.sha256 == b.sha256 and a.id == b.id


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("این یک خبر فارسی است که درباره انفجار در تهران نوشته شده است و چند نفر کشته شدند", "fa"),
        ("Une explosion a fait plusieurs morts au centre de Paris ce matin selon la police", "fr"),
    ],
)
def test_ingest_rejects_persian_and_french_as_unsupported_language(text, lang):
    item = ingest_text(text, "x.txt", SETTINGS)
    assert isinstance(item, Rejection) and item.reason == "unsupported_language"
    assert lang in item.detail


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("أعلنت وزارة الداخلية العراقية مقتل ثلاثة من عناصر الشرطة في هجوم مسلح غربي الأنبار", "ar"),
        ("A suicide bomber killed at least 12 people at a market in northern Baghdad on Monday", "en"),
    ],
)
def test_ingest_accepts_arabic_and_english(text, lang):
    item = ingest_text(text, "x.txt", SETTINGS)
    assert isinstance(item, Article) and item.lang == lang


@pytest.mark.parametrize(
    ("name", "content"),
    [("only_bom.jsonl", b"\xef\xbb\xbf"), ("blank_lines.jsonl", b"\n\n  \n"), ("empty_array.json", b"[]")],
)
def test_ingest_file_with_no_article_is_still_rejected_as_empty(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    assert [(x.reason if isinstance(x, Rejection) else "article") for x in ingest_file(path, SETTINGS)] == ["empty"]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-03-04", "2024-03-04"),
        ("2024-03-04T09:15:00+03:00", "2024-03-04"),
        ("2024-03-04 09:15", "2024-03-04"),
        ("0001-01-01", None),
        ("0000-00-00", None),
        ("2024-13-45", None),
        ("أمس", None),
        (20240304, None),
    ],
)
def test_ingest_keeps_plausible_publication_dates_and_drops_placeholders(published, expected):
    item = ingest_text("أعلنت السلطات رفع مستوى التأهب الأمني في العاصمة", "x.json", SETTINGS,
                       {"published": published})
    assert isinstance(item, Article) and item.published == expected


_ARABIC_PARA = (
    "أعلنت وزارة الداخلية العراقية مقتل ثلاثة من عناصر الشرطة وإصابة خمسة آخرين في هجوم مسلح "
    "استهدف نقطة تفتيش غربي محافظة الأنبار، وقالت إن المهاجمين لاذوا بالفرار. "
)


def test_ingest_deeply_nested_json_is_rejected_as_invalid_json_not_raised(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    items = list(ingest_file(path, SETTINGS))
    assert [(type(x).__name__, getattr(x, "reason", "")) for x in items] == [("Rejection", "invalid_json")]


def test_ingest_deeply_nested_jsonl_line_is_rejected_and_other_lines_load(tmp_path):
    path = tmp_path / "deep.jsonl"
    good = json.dumps({"text": _ARABIC_PARA}, ensure_ascii=False)
    path.write_text(good + "\n" + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    kinds = [x.reason if isinstance(x, Rejection) else "article" for x in ingest_file(path, SETTINGS)]
    assert kinds == ["article", "invalid_json"]


def test_ingest_turns_an_unexpected_per_file_error_into_a_rejection(tmp_path, monkeypatch):
    import marsad.ingest as ingest_mod

    def boom(*_a, **_k):
        raise MemoryError("simulated")

    monkeypatch.setattr(ingest_mod, "_decode", boom)
    (tmp_path / "a.txt").write_text(_ARABIC_PARA, encoding="utf-8")
    items = list(ingest_paths([tmp_path], SETTINGS))
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].reason == "ingest_error" and "MemoryError" in items[0].detail


def test_ingest_html_without_date_metadata_has_no_publication_date(tmp_path):
    body = "<p>" + "انفجرت عبوة ناسفة في سوق شعبية ببغداد عام 2019 وقتل خمسة أشخاص. " * 5 + "</p>"
    path = tmp_path / "nodate.html"
    path.write_text(f"<html><head><title>خبر</title></head><body><article>{body}</article></body></html>",
                    encoding="utf-8")
    item = _one_path(path)
    assert isinstance(item, Article) and item.published is None
    dated = tmp_path / "dated.html"
    dated.write_text(
        '<html><head><meta property="article:published_time" content="2024-03-04T09:00:00+03:00">'
        f"<title>خبر</title></head><body><article>{body}</article></body></html>", encoding="utf-8")
    item = _one_path(dated)
    assert isinstance(item, Article) and item.published == "2024-03-04"


def _one_path(path: Path) -> Article | Rejection:
    items = list(ingest_file(path, SETTINGS))
    assert len(items) == 1, items
    return items[0]


def test_ingest_html_parser_errors_do_not_reach_the_console_log(tmp_path, caplog):
    path = tmp_path / "tree.html"
    path.write_text("<html><body></body></html>" + " " * 10, encoding="utf-8")
    with caplog.at_level("WARNING"):
        item = _one_path(path)
    assert isinstance(item, Rejection)
    assert not [r for r in caplog.records if r.name.startswith(("trafilatura", "htmldate", "courlan"))]


def test_discover_reports_an_unreadable_folder_which_ingest_rejects_as_unreadable(tmp_path, monkeypatch):
    import os as os_mod

    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text(_ARABIC_PARA, encoding="utf-8")
    (tmp_path / "a.txt").write_text(_ARABIC_PARA, encoding="utf-8")
    real_scandir = os_mod.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os_mod, "scandir", scandir)
    files = discover([tmp_path])
    assert locked in files
    kinds = [(Path(x.source).name, x.reason if isinstance(x, Rejection) else "article")
             for x in ingest_paths([tmp_path], SETTINGS)]
    assert kinds == [("a.txt", "article"), ("locked", "unreadable")]


def test_discover_skips_the_given_database_files(tmp_path):
    (tmp_path / "a.txt").write_text(_ARABIC_PARA, encoding="utf-8")
    for name in ("p.db", "p.db-wal", "p.db-shm", "p.db-journal", "other.db"):
        (tmp_path / name).write_bytes(b"x")
    files = discover([tmp_path], skip=[tmp_path / "p.db"])
    assert sorted(f.name for f in files) == ["a.txt", "other.db"]


def test_ingest_accepts_utf8_with_one_bad_byte_sequence_in_a_long_article(tmp_path):
    text = _ARABIC_PARA * 12
    path = tmp_path / "one_bad.txt"
    path.write_bytes(text[:200].encode("utf-8") + b"\xff" + text[200:].encode("utf-8"))
    item = _one_path(path)
    assert isinstance(item, Article), item
    assert item.text.count("\ufffd") == 1 and item.lang == "ar"


def test_ingest_strips_rare_nul_bytes_in_valid_arabic_text(tmp_path):
    text = _ARABIC_PARA * 6
    path = tmp_path / "nuls.txt"
    path.write_bytes(text[:150].encode("utf-8") + b"\x00" + text[150:300].encode("utf-8") + b"\x00"
                     + text[300:].encode("utf-8"))
    item = _one_path(path)
    assert isinstance(item, Article), item
    assert "\x00" not in item.text and item.lang == "ar"


def test_ingest_arabic_article_with_long_english_boilerplate_is_arabic():
    boilerplate = (
        "Subscribe to our newsletter. Cookies help us deliver our services. By using our services, "
        "you agree to our use of cookies. Privacy policy. Terms of use. Contact us. About us. "
        "All rights reserved. Follow us on social media. Share this article. Related articles. "
    ) * 7
    item = ingest_text(_ARABIC_PARA * 4 + "\n" + boilerplate[:1700], "x.txt", SETTINGS)
    assert isinstance(item, Article), item
    assert item.lang == "ar"


def test_ingest_rejects_a_text_of_arabic_punctuation_and_digits_as_having_no_letters():
    text = "؟؟؟ ،،، ؛؛ «» (١٢٣) — … !؟ " * 20
    item = ingest_text(text, "punct.txt", SETTINGS)
    assert isinstance(item, Rejection) and item.reason == "unsupported_language"
    assert item.detail == "no letters to identify a language by"
