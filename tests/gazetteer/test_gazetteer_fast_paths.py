"""Fast paths of the gazetteer (memos, one-pass lexicon matching, bisection lookups) give the same answers as the plain paths."""

from __future__ import annotations

import gzip
from dataclasses import astuple, replace

import pytest

from marsad.gazetteer import Gazetteer, annotate
from marsad.gazetteer.actors import find_entities, find_groups, resolve_groups
from marsad.gazetteer.context import name_info, sentence_index
from marsad.gazetteer.data import LEXICON_MATCHERS, Memo
from marsad.gazetteer.places import _sentence_of, dateline_span, resolve_places
from marsad.gazetteer.translit import TOWNS_FILE, Town, TownIndex
from marsad.model import Article
from marsad.text import analyse

# Names whose reading depends on the context: the same spelling must not carry one article's
# choice into the next (طرابلس in Lebanon / Libya; a weak division name with and without its
# cue; a weak country name; a cue word with clitics; a vicinity word; a stop-listed name).
SENTENCES = [
    "طرابلس - قتل شخصان في اشتباكات مسلحة في طرابلس شمالي لبنان مساء أمس.",
    "قتل خمسة أشخاص في اشتباكات بين ميليشيات مسلحة في طرابلس الليبية، وفق ما أعلنت حكومة الوفاق.",
    "وقع هجوم مسلح على دورية للجيش في محافظة الشرقية شرقي السعودية.",
    "وقال المتحدث إن الأوضاع في المنطقة الشرقية هادئة.",
    "باماكو - قتل عشرة جنود في هجوم شنه مسلحون على قاعدة عسكرية وسط مالي.",
    "وأعلن تنظيم داعش مسؤوليته عن تفجير انتحاري استهدف مسجدا في مدينة قندوز الأفغانية.",
    "انفجرت عبوة ناسفة قرب بلدة غوزا في ريف حلب الشمالي، وقال التنظيم إنه نفذ الهجوم.",
    "الدوحة - أدانت دولة قطر الهجوم الإرهابي الذي استهدف العاصمة الصومالية مقديشو.",
    "وقتل شرطيان في هجوم بسكين في مدينة كامبريلس الإسبانية.",
    "وسقطت قذيفة في حي البيضاء بالمدينة دون أن تسفر عن إصابات.",
]


def _annotated(gaz: Gazetteer, res, text: str):
    doc = annotate(analyse(Article(id="t", text=text, lang="ar"), res.text), gaz)
    return doc.places, doc.groups, doc.entities


def test_gazetteer_memo_resolves_like_the_unmemoised_path(resources):
    """Memoised per-name work (clitic forms, readings, name info) changes no place, group or entity."""
    base = resources.gazetteer.tables
    plain = Gazetteer(replace(base, memo=Memo(limit=0)))
    warm = Gazetteer(replace(base, memo=Memo()))
    tiny = Gazetteer(replace(base, memo=Memo(limit=3)))  # cleared over and over
    for text in reversed(SENTENCES):  # warm the memo with every name in other contexts first
        _annotated(warm, resources, text)
    assert warm.tables.memo.names and not plain.tables.memo.names
    for text in SENTENCES:
        expected = _annotated(plain, resources, text)
        assert _annotated(warm, resources, text) == expected, text
        assert _annotated(tiny, resources, text) == expected, text
    assert len(tiny.tables.memo.names) <= 3


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("طرابلس - قتل شخصان في اشتباكات مسلحة في طرابلس شمالي لبنان مساء أمس.", "طرابلس", "LB"),
        ("قتل خمسة أشخاص في اشتباكات بين ميليشيات مسلحة في طرابلس الليبية.", "طرابلس", "LY"),
    ],
)
def test_gazetteer_memo_keeps_no_choice_between_articles(resources, text, surface, country):
    """Tripoli read in Lebanon first does not make the next article's Tripoli Lebanese (or the reverse)."""
    gaz = Gazetteer(replace(resources.gazetteer.tables, memo=Memo()))
    for other in SENTENCES[:2]:
        _annotated(gaz, resources, other)
    places, _, _ = _annotated(gaz, resources, text)
    assert {p.country for p in places if p.name == surface} == {country}


@pytest.mark.parametrize("text", SENTENCES)
def test_lexicon_matchers_one_pass_gives_each_lexicon_its_own_matches(resources, text):
    """``lexicon_matchers.find_all`` = each small matcher's own ``find`` (article rules differ per lexicon)."""
    t = resources.gazetteer.tables
    doc = analyse(Article(id="t", text=text, lang="ar"), resources.text)
    hits = t.lexicon_matchers.find_all(doc.norm, doc.norm_map)
    own = {"group": t.group_matcher, "generic": t.generic_matcher, "anaphor": t.anaphor_matcher,
           "entity": t.entity_matcher, "capital": t.capital_matcher, "unresolved": t.unresolved_matcher}
    assert set(hits) == set(LEXICON_MATCHERS) == set(own)
    for name, matcher in own.items():
        assert hits[name] == matcher.find(doc.norm, doc.norm_map), name


@pytest.mark.parametrize("text", SENTENCES)
def test_gazetteer_stage_functions_search_alone_like_with_shared_hits(resources, text):
    """Each stage function called without the shared one-pass hits finds the same as with them."""
    t = resources.gazetteer.tables
    doc = analyse(Article(id="t", text=text, lang="ar"), resources.text)
    hits = t.lexicon_matchers.find_all(doc.norm, doc.norm_map)
    dl = dateline_span(doc)
    assert find_entities(doc, t, dl) == find_entities(doc, t, dl, hits)
    named = find_groups(doc, t)
    assert named == find_groups(doc, t, hits)
    blocked = [(m.start, m.end) for m, _ in named]
    places = resolve_places(doc, t, blocked)
    assert places == resolve_places(doc, t, blocked, hits)
    countries = [p.country for p in places if p.country]
    assert resolve_groups(doc, t, named, countries) == resolve_groups(doc, t, named, countries, hits)


@pytest.mark.parametrize(
    ("name", "kinds_kept"),
    [
        ("البيضاء", {"C", "N"}),  # stop-listed: a common word ("the white"), never a town on its own
        ("فارس", {"C", "N"}),
        ("حلب", {"P", "A"}),  # an ordinary name keeps its towns and divisions
    ],
)
def test_name_info_drops_town_readings_of_stop_listed_names(resources, name, kinds_kept):
    t = replace(resources.gazetteer.tables, memo=Memo())
    doc = analyse(Article(id="t", text=f"وقع الهجوم في {name} صباح اليوم.", lang="ar"), resources.text)
    ms = [m for m in t.place_matcher.find(doc.norm, doc.norm_map) if m.key == name]
    values = tuple(m.value for m in ms)
    assert values, name
    info = name_info(name, values, t)
    assert {r.kind for r in info.readings} <= kinds_kept
    assert name_info(name, values, t) is info  # memoised


@pytest.mark.parametrize(
    ("stop_name", "full_name", "value"),
    [
        ("فارس", "محافظه فارس", ("A", "IR.07")),  # "فارس" alone is a man's name; "محافظة فارس" is Fars
        ("البيضاء", "al bayda'", ("A", "YE.20")),
    ],
)
def test_name_info_memo_tells_two_spellings_of_one_division_apart(resources, stop_name, full_name, value):
    t = replace(resources.gazetteer.tables, memo=Memo())
    assert stop_name in t.stop and full_name not in t.stop
    assert name_info(stop_name, (value,), t).readings == ()
    assert [r.kind for r in name_info(full_name, (value,), t).readings] == ["A"]
    assert name_info(stop_name, (value,), t).readings == ()


def test_sentence_lookup_by_bisection_matches_a_linear_scan(resources):
    text = "كابول - قتل ثلاثة في هجوم. وأصيب آخرون بجروح.\nوقالت الشرطة إن التحقيق مستمر، ولم تتبن أي جهة الهجوم."
    doc = analyse(Article(id="t", text=text, lang="ar"), resources.text)
    starts = sentence_index(doc.sentences)
    assert len(doc.sentences) >= 2 and starts
    for pos in range(len(text) + 1):
        assert _sentence_of(doc.sentences, pos, starts) == _sentence_of(doc.sentences, pos)


def _scan(key: str) -> list[str]:
    """Rows of ``key`` by reading the whole town file (the plain path)."""
    lines = gzip.decompress(TOWNS_FILE.read_bytes()).decode("utf-8").split("\n")
    return [ln.partition("\t")[2] for ln in lines if ln and not ln.startswith("#") and ln.partition("\t")[0] == key]


@pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="town index not built")
def test_town_index_is_sorted_by_skeleton_for_bisection():
    keys = [ln.partition(b"\t")[0] for ln in gzip.decompress(TOWNS_FILE.read_bytes()).split(b"\n")
            if ln and not ln.startswith(b"#")]
    assert keys == sorted(keys) and min(keys) > b"#"


@pytest.mark.skipif(not TOWNS_FILE.is_file(), reason="town index not built")
@pytest.mark.parametrize(
    ("arabic", "country", "town"),
    [
        ("كامبريلس", "ES", "Cambrils"),  # "بلدة كامبريلس" (Spain, 2017)
        ("مانشستر", "GB", "Manchester"),
        ("مولنبيك", "BE", "Molenbeek-Saint-Jean"),  # first part of a compound name
    ],
)
def test_town_index_bisection_finds_every_town_of_a_skeleton(resources, arabic, country, town):
    sk = resources.gazetteer.tables.skeletons
    key = sk.arabic_key(arabic)
    idx = TownIndex()
    found = idx.lookup(key, [country])
    assert town in [t.name for t in found]
    every = sorted({row.split("\t")[2] for row in _scan(key)})
    assert [astuple(t) for t in idx.lookup(key, every)] == [
        astuple(t) for t in sorted((_town(row) for row in _scan(key)), key=lambda t: -t.population)
    ]


def _town(row: str) -> Town:
    gid, name, cc, adm, lat, lon, pop, *parent = row.split("\t")
    return Town(int(gid), name, cc, adm, float(lat), float(lon), int(pop), "".join(parent))


@pytest.mark.parametrize("key", ["", "B", "ZZZZZZ", "#"])
def test_town_index_finds_nothing_for_unknown_skeletons(key):
    assert TownIndex().lookup(key, ["IQ", "SY", "ES"]) == []
