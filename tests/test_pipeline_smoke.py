from __future__ import annotations

from marsad.model import Article
from marsad.pipeline import process


def test_pipeline_keeps_raw_text_and_maps_normalised_offsets(resources):
    text = "بغداد - أ ف ب:\nانفجرت عبوة ناسفة في سوق شعبية بمنطقة الشعب"
    doc = process(Article(id="t1", text=text), resources)
    assert doc.text == text
    assert len(doc.norm_map) == len(doc.norm) + 1
    assert doc.norm.startswith("بغداد - ا ف ب:")
