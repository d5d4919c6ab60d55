"""Fusion stage, near-duplicate articles: article texts in, links from each copy to its original (MinHash LSH) out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from marsad.fuse.config import FuseSettings
from marsad.text.normalize import normalize_phrase

__all__ = ["SCHEME", "ArticleText", "Duplicate", "near_duplicates", "signature"]

# The MinHash permutation scheme; stored signatures are only comparable within one scheme.
SCHEME = "affine32"


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article as near-duplicate detection sees it (``published`` ISO date or None)."""

    id: str
    text: str
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Duplicate:
    """``article_id`` is a near-copy of ``original_id`` (estimated Jaccard ``similarity`` in [0, 1])."""

    article_id: str
    original_id: str
    similarity: float


def _shingles(text: str, k: int) -> set[bytes]:
    """Word ``k``-grams of the normalised text (Broder's w-shingling)."""
    words = normalize_phrase(text).split()
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The (seed 1) permutation parameters of ``num_perm`` MinHash functions, drawn once."""
    perms = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME).permutations
    for arr in perms:
        arr.setflags(write=False)
    return perms


def _minhash(num_perm: int, values: np.ndarray | None = None) -> MinHash:
    """A MinHash of this module's scheme (seed 1), optionally holding ``values``."""
    return MinHash(num_perm=num_perm, seed=1, scheme=SCHEME, hashvalues=values, permutations=_permutations(num_perm))


def signature(text: str, cfg: FuseSettings) -> np.ndarray:
    """MinHash signature (``cfg.minhash_perm`` uint64 values) of the word shingles of ``text``."""
    mh = _minhash(cfg.minhash_perm)
    mh.update_batch(list(_shingles(text, cfg.shingle)))
    return mh.hashvalues.copy()


def near_duplicates(
    articles: Sequence[ArticleText],
    cfg: FuseSettings,
    known: Iterable[tuple[ArticleText, np.ndarray]] = (),
    signatures: Mapping[str, np.ndarray] | None = None,
) -> list[Duplicate]:
    """Find articles whose text is a near-copy of an earlier one (the same wire story on many sites).

    Args:
        articles: the articles to check.
        known: earlier articles with their ``signature``; they can be originals, never copies.
        signatures: article id → ``signature`` already computed for ``articles`` (optional).
    Returns:
        One Duplicate per copied article in ``articles``, pointing at the earliest article
        (by publication date, then id) of its near-duplicate group; pairs are linked when
        their estimated Jaccard similarity over word ``cfg.shingle``-grams reaches
        ``cfg.minhash_threshold`` (Broder 1997, MinHash).
    """
    lsh = MinHashLSH(threshold=cfg.minhash_threshold, num_perm=cfg.minhash_perm)
    order: dict[str, tuple[str, str]] = {}
    sigs: dict[str, MinHash] = {}
    for art, values in known:
        mh = _minhash(cfg.minhash_perm, values)
        if art.id not in sigs:
            sigs[art.id] = mh
            order[art.id] = (art.published or "", art.id)
            lsh.insert(art.id, mh)
    fresh = [a for a in articles if a.id not in sigs]
    for art in sorted(fresh, key=lambda a: (a.published or "", a.id)):
        values = signatures.get(art.id) if signatures is not None else None
        mh = _minhash(cfg.minhash_perm, values if values is not None else signature(art.text, cfg))
        sigs[art.id] = mh
        order[art.id] = (art.published or "", art.id)
        lsh.insert(art.id, mh)
    out: list[Duplicate] = []
    for art in fresh:
        mh = sigs[art.id]
        best: tuple[tuple[str, str], str, float] | None = None
        for other in lsh.query(mh):
            if other == art.id or order[other] >= order[art.id]:
                continue
            sim = mh.jaccard(sigs[other])
            if sim >= cfg.minhash_threshold and (best is None or order[other] < best[0]):
                best = (order[other], other, sim)
        if best is not None:
            out.append(Duplicate(art.id, best[1], round(best[2], 3)))
    return out
