from __future__ import annotations

from marsad.model import Article
from marsad.pipeline import process


def test_pipeline_keeps_raw_text_and_maps_normalised_offsets(resources):
    text = "بغداد - أ ف ب:\nانفجرت عبوة ناسفة في سوق شعبية بمنطقة الشعب"
    doc = process(Article(id="t1", text=text), resources)
    assert doc.text == text
    assert len(doc.norm_map) == len(doc.norm) + 1
    assert doc.norm.startswith("بغداد - ا ف ب:")


def test_pipeline_frozen_resources_leave_the_collector_and_extract_the_same_events(resources):
    import gc

    from marsad.pipeline import GC_THRESHOLD, load_resources

    text = ("مسقط - رويترز: قتل ستة أشخاص أمس في هجوم مسلح استهدف مسجدا في منطقة الوادي الكبير، "
            "وأعلن تنظيم «داعش» مسؤوليته عن الهجوم.")
    art = Article(id="t2", text=text, lang="ar", published="2024-07-16")
    thresholds = gc.get_threshold()
    gc.unfreeze()
    try:
        frozen = load_resources(freeze=True)
        assert gc.get_freeze_count() > 20_000  # the lexicon entries, gazetteer tables, memos
        assert gc.get_threshold() == GC_THRESHOLD
        assert process(art, frozen).events == process(art, resources).events
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
