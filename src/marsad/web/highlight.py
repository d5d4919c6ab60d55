"""Evidence highlighting: an article's raw text and an event's evidence offsets in, text segments out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from marsad.model import Event

__all__ = ["Segment", "evidence_spans", "segments"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of raw text with the event fields whose evidence covers all of it.

    ``fields`` is empty for plain text; ``sentence`` is true inside the event's evidence
    sentence. Templates render ``text`` escaped (it is untrusted article text) and wrap
    segments with fields in ``<mark>``.
    """

    text: str
    start: int
    end: int
    fields: tuple[str, ...] = ()
    sentence: bool = False


def evidence_spans(event: Event) -> list[tuple[int, int, str]]:
    """The per-field evidence of an event as (start, end, field) raw offsets, valid ones only."""
    return [(f.start, f.end, f.field) for f in event.fields if 0 <= f.start < f.end]


def segments(
    text: str,
    spans: Iterable[tuple[int, int, str]],
    sentence: tuple[int, int] | None = None,
) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece lists the fields covering it.

    Spans may overlap or nest (the date inside the place's sentence); offsets outside the
    text are clipped. ``sentence`` (start, end) marks the evidence sentence.

    Example:
        >>> [(s.text, s.fields) for s in segments("قتل 3 في مسقط", [(4, 5, "killed")])]
        [('قتل ', ()), ('3', ('killed',)), (' في مسقط', ())]
    """
    n = len(text)
    clipped = [(max(0, s), min(n, e), f) for s, e, f in spans if min(n, e) > max(0, s)]
    cuts = {0, n}
    for s, e, _ in clipped:
        cuts.update((s, e))
    sent = None
    if sentence and 0 <= sentence[0] < sentence[1]:
        sent = (max(0, sentence[0]), min(n, sentence[1]))
        cuts.update(sent)
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        if a >= b:
            continue
        covering = tuple(sorted({f for s, e, f in clipped if s <= a and b <= e}))
        inside = bool(sent and sent[0] <= a and b <= sent[1])
        out.append(Segment(text[a:b], a, b, covering, inside))
    return out
