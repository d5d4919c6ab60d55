"""Speed paths of the extract stage (issue 7): every per-document table and memo gives what the
uncached computation gives, on real news sentences and on the bundled dev articles."""

from __future__ import annotations

import json
from bisect import bisect_right
from pathlib import Path

import pytest
from extract_helpers import run

from marsad.extract import detect, fields, spot, status
from marsad.extract.coded import Owner, nearest
from marsad.extract.detect import cancelling_context
from marsad.extract.kinds import find_mentions
from marsad.extract.merge import merge
from marsad.extract.status import assign_status, mention_date
from marsad.extract.view import View
from marsad.model import Article
from marsad.pipeline import process

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "dev"

_TEXTS = [
    ("قتل 38 شخصاً، معظمهم سياح أجانب، في هجوم مسلح استهدف ظهر أمس الجمعة شاطئ فندق «إمبريال مرحبا» "
     "في منطقة القنطاوي السياحية بمدينة سوسة الساحلية. وأعلن تنظيم «الدولة الإسلامية» مسؤوليته عن الهجوم."),
    ("انفجرت سيارة مفخخة قرب مقر الشرطة في مدينة كركوك صباح اليوم، ما أسفر عن مقتل 5 من عناصر الشرطة "
     "وإصابة 12 مدنياً. ويأتي هذا الهجوم بعد شهرين من تفجير مماثل استهدف سوقاً شعبية في المدينة في 3 مارس الماضي."),
    ("هاجم مسلحون من حركة الشباب قاعدة عسكرية في بلدة بلعد شمال مقديشو فجر الثلاثاء، وقتلوا ثلاثة جنود. "
     "وقال المتحدث باسم الجيش إن القوات تمكنت من صد الهجوم واعتقلت اثنين من المهاجمين."),
]


def _dev_texts() -> list[tuple[str, str | None]]:
    out = []
    for p in sorted(SAMPLES.glob("dev-*.json"))[:8]:
        data = json.loads(p.read_text(encoding="utf-8"))
        out.append((data["text"], data.get("published")))
    return out


@pytest.fixture(scope="module")
def docs(resources):
    arts = [Article(id=f"s{i}", text=t, lang="ar", published="2024-07-16") for i, t in enumerate(_TEXTS)]
    arts += [Article(id=f"d{i}", text=t, lang="ar", published=p) for i, (t, p) in enumerate(_dev_texts())]
    return [process(a, resources) for a in arts]


def _prepared(doc, resources):
    """A view with mentions, statuses and clusters, as extract builds them."""
    v = View.build(doc, resources.extract)
    mentions = find_mentions(v)
    assign_status(v, mentions)
    return v, mentions, merge(v, mentions)


def test_speed_unit_table_gives_the_units_sent_of_and_in_unit_found_by_bisection(docs, resources):
    checked = 0
    for doc in docs:
        v = View.build(doc, resources.extract)
        starts = [u[0] for u in v.units]

        def by_bisect(n, v=v, starts=starts):
            i = bisect_right(starts, n) - 1
            return i if i >= 0 and n < v.units[i][1] + 1 else -1

        uo, ends = v._unit_table()
        assert ends == [u[1] for u in v.units]
        for n in range(len(doc.norm) + 2):
            assert v.sent_of(n) == by_bisect(n)
        for name in resources.extract.matcher_set.names:
            for longest in (True, False):
                expected: dict[int, list] = {}
                for m in v.hits(name, longest):
                    u = by_bisect(m.nstart)
                    if u >= 0 and m.nend <= v.units[u][1]:
                        expected.setdefault(u, []).append(m)
                for u in range(len(v.units)):
                    assert v.in_unit(name, u, longest) == expected.get(u, [])
                    checked += len(expected.get(u, []))
    assert checked > 100  # the articles have hits to index


def test_speed_owner_memo_picks_the_nearest_trigger_as_the_uncached_rule(docs, resources):
    compared = 0
    for doc in docs:
        v, _, clusters = _prepared(doc, resources)
        own = Owner(v, clusters)
        for unit, cands in own.by_unit.items():
            for h in v.in_unit("target", unit) + v.in_unit("weapon", unit):
                span = (h.nstart, h.nend)
                best = min(cands, key=lambda x, span=span: (v.gap(x[1], span), x[1][0] > span[0]))[0]
                for _ in range(2):  # the second answer comes from the memo
                    for ci in range(len(clusters)):
                        assert own.owns(ci, unit, span) is (ci == best)
                compared += 1
    assert compared > 5


def test_speed_target_memo_returns_the_uncached_targets_of_each_unit(docs, resources):
    typed = 0
    for doc in docs:
        v = View.build(doc, resources.extract)
        fresh = View.build(doc, resources.extract)
        for u in range(len(v.units)):
            first = fields._targets_in(v, u)
            assert fields._targets_in(v, u) is first  # memoised
            assert first == fields._find_targets(fresh, u)
            typed += len(first)
    assert typed > 20


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("هاجم مسلحون مركز «ويستغيت» التجاري في نيروبي أمس.", "business"),
        ("استهدف هجوم منشأة تيقنتورين للغاز جنوب الجزائر.", "utilities"),
    ],
)
def test_speed_phrase_type_memo_gives_the_target_lexicon_reading(resources, text, value):
    doc = run(text, resources)
    v = View.build(doc, resources.extract)
    heads = v.in_unit("target", 0) + v.in_unit("target_head", 0)
    typed = [t for h in heads for t in fields._named_phrase(v, h, 0)]
    assert value in typed
    memo = v.memo["phrase_types"]
    assert memo
    matcher = resources.extract.matchers["target"]
    for phrase, got in memo.items():
        found = matcher.find(phrase, list(range(len(phrase) + 1)))
        assert got == [m.value for m in found if m.nstart == 0 and m.nend == len(phrase)]


def test_speed_mention_date_memo_matches_a_fresh_view_and_yields_to_a_frame_date(docs, resources):
    dated = 0
    for doc in docs:
        v, mentions, _ = _prepared(doc, resources)
        for m in mentions:
            fresh = View.build(doc, resources.extract)
            for window in (None, 2, 8):
                got = mention_date(v, m, window)
                assert mention_date(v, m, window) is got
                assert got == mention_date(fresh, m, window)
                dated += got is not None
    assert dated > 10
    doc = docs[1]
    v, mentions, _ = _prepared(doc, resources)
    m = next(x for x in mentions if x.frame_date is None)
    before = mention_date(v, m)
    m.frame_date = doc.dates[0]
    assert mention_date(v, m) is doc.dates[0]  # the frame date is read before the memo
    m.frame_date = None
    assert mention_date(v, m) is before


def test_speed_spot_memo_matches_the_uncached_reading(docs, resources):
    spots = 0
    for doc in docs:
        v, _, clusters = _prepared(doc, resources)
        fresh = View.build(doc, resources.extract)
        for c in clusters:
            for town_ok in (True, False):
                got = spot.find_spot(v, c, town_ok)
                assert spot.find_spot(v, c, town_ok) == got
                assert got == spot._find_spot(fresh, c, town_ok)
                spots += got is not None
    assert spots > 3


def test_speed_cues_inside_group_names_are_those_the_pairwise_check_finds(docs, resources):
    for doc in docs:
        v = View.build(doc, resources.extract)
        for u in range(len(v.units)):
            names = [(v.nidx(g.start), v.nidx(g.end)) for g in v.spans_in_unit(doc.groups, u) if not g.generic]
            expected = {(c.nstart, c.nend) for c in v.in_unit("ctx", u, longest=False)
                        if any(a <= c.nstart and c.nend <= b for a, b in names)}
            assert detect._cues_in_names(v, u) == expected
    # «تحرير» (a reference cue) is a word of «هيئة تحرير الشام», no context of the killing
    text = "قتل مسلحون من هيئة تحرير الشام خمسة جنود في هجوم على حاجز قرب إدلب أمس."
    doc = run(text, resources)
    v = View.build(doc, resources.extract)
    assert detect._cues_in_names(v, 0)
    trig = v.in_unit("triggers", 0)
    assert trig
    assert all(cancelling_context(v, t, 0)[0] != "reference" for t in trig)


def test_speed_extract_output_is_the_same_with_memos_cleared_between_stages(docs, resources):
    for doc in docs[:4]:
        v, mentions, clusters = _prepared(doc, resources)
        coded = fields.code_fields(v, clusters)
        v2, mentions2, clusters2 = _prepared(doc, resources)
        v2.memo.clear()
        coded2 = fields.code_fields(v2, clusters2)
        assert [c.values for c in coded] == [c.values for c in coded2]
        assert [c.evidence for c in coded] == [c.evidence for c in coded2]
        assert status.mention_date is mention_date


def _nearest_by_gap(v, hits, span, before, after):
    """``coded.nearest`` as written before the gap computation was inlined (View.gap per hit)."""
    best = None
    for h in hits:
        hs = (h.nstart, h.nend)
        if hs[0] < span[1] and span[0] < hs[1]:
            continue
        g = v.gap(hs, span)
        if (hs[1] <= span[0] and g <= before) or (hs[0] >= span[1] and g <= after):
            if best is None or g < best[0]:
                best = (g, h)
    return best[1] if best else None


@pytest.mark.parametrize(("before", "after"), [(0, 0), (2, 5), (6, -1), (-1, 3), (40, 40)])
def test_speed_nearest_with_inlined_gap_picks_the_hit_view_gap_picks(docs, resources, before, after):
    found = 0
    for doc in docs:
        v, mentions, _ = _prepared(doc, resources)
        for name in ("target", "weapon", "victim"):
            if name not in resources.extract.matcher_set:
                continue
            for m in mentions:
                hits = v.in_unit(name, m.unit)
                got = nearest(v, hits, m.span, before, after)
                assert got is _nearest_by_gap(v, hits, m.span, before, after)
                found += got is not None
    if before > 0 or after > 0:
        assert found > 0  # some hits lie within reach of a trigger


@pytest.mark.parametrize(("before", "after"), [(0, 0), (3, -1), (-1, 12), (15, 15)])
def test_speed_nearest_over_a_long_hit_list_picks_what_a_full_scan_picks(resources, before, after):
    # a wire sentence repeated 60 times: the document's hit lists exceed the bisection threshold
    text = " ".join(["انفجرت سيارة مفخخة في بغداد يوم الاثنين مما أسفر عن مقتل 12 شخصا وإصابة 25 آخرين، "
                     "وتبنى تنظيم داعش الهجوم."] * 60)
    doc = process(Article(id="long", text=text, lang="ar", published="2024-07-16"), resources)
    v, mentions, _ = _prepared(doc, resources)
    hits = v.hits("killed") + v.hits("claim")
    hits.sort(key=lambda h: (h.nstart, -h.nend))
    assert len(hits) > 64 and len(mentions) > 60
    found = 0
    for m in mentions:
        got = nearest(v, hits, m.span, before, after)
        assert got is _nearest_by_gap(v, hits, m.span, before, after)
        found += got is not None
    if before > 0 or after > 0:
        assert found > 0


def test_speed_claims_in_a_long_article_keep_their_group(resources):
    text = " ".join(["انفجرت سيارة مفخخة في بغداد يوم الاثنين مما أسفر عن مقتل 12 شخصا، "
                     "وتبنى تنظيم داعش الهجوم."] * 80)
    doc = process(Article(id="long", text=text, lang="ar", published="2024-07-16"), resources)
    (event,) = [e for e in doc.events if e.kind == "attack"]
    assert (event.perpetrators, event.claimed) == (("Islamic State",), True)
