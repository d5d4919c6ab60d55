"""Fusion stage, near-duplicate articles: article texts in, links from each copy to its original (MinHash LSH) out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from marsad.fuse.config import FuseSettings
from marsad.text.normalize import normalize_phrase

__all__ = ["SCHEME", "ArticleText", "DupIndex", "Duplicate", "near_duplicates", "signature"]

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
    """Word ``k``-grams of the normalised text (Broder's w-shingling), UTF-8 encoded.

    The text is encoded once and split as bytes: after ``normalize_phrase`` the only
    whitespace left is the single ASCII space, so the words and their joins are the same.
    """
    words = normalize_phrase(text).encode("utf-8").split()
    if len(words) <= k:
        return {b" ".join(words)}
    return {b" ".join(gram) for gram in zip(*(words[i:] for i in range(k)), strict=False)}


def _sha1_32(shingles: Iterable[bytes]) -> list[int]:
    """datasketch's ``sha1_hash32`` of each shingle (first 4 bytes of SHA-1, little-endian)."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(s).digest() for s in shingles])  # 20 bytes each: five uint32
    return np.frombuffer(digests, dtype="<u4")[::5].tolist()


def _prehashed(value: int) -> int:
    """Hash function of MinHashes fed values already hashed by ``_sha1_32``."""
    return value


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The (seed 1) permutation parameters of ``num_perm`` MinHash functions, drawn once."""
    perms = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME).permutations
    for arr in perms:
        arr.setflags(write=False)
    return perms


def _minhash(num_perm: int, values: np.ndarray | None = None) -> MinHash:
    """A MinHash of this module's scheme (seed 1), optionally holding ``values``."""
    return MinHash(num_perm=num_perm, seed=1, scheme=SCHEME, hashvalues=values, permutations=_permutations(num_perm),
                   hashfunc=_prehashed)


def signature(text: str, cfg: FuseSettings) -> np.ndarray:
    """MinHash signature (``cfg.minhash_perm`` uint64 values) of the word shingles of ``text``."""
    mh = _minhash(cfg.minhash_perm)
    mh.update_batch(_sha1_32(_shingles(text, cfg.shingle)))
    return mh.hashvalues.copy()


class DupIndex:
    """Articles already seen by near-duplicate detection: a MinHash LSH with each article's
    signature and order key (publication date, id). Built once and grown batch by batch."""

    __slots__ = ("lsh", "num_perm", "order", "sigs")

    def __init__(self, cfg: FuseSettings) -> None:
        self.num_perm = cfg.minhash_perm
        self.lsh = MinHashLSH(threshold=cfg.minhash_threshold, num_perm=cfg.minhash_perm)
        self.order: dict[str, tuple[str, str]] = {}
        self.sigs: dict[str, MinHash] = {}

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.sigs

    def add(self, article: ArticleText, values: np.ndarray) -> None:
        """Index ``article`` with its ``signature`` values (an article already indexed is kept)."""
        if article.id in self.sigs:
            return
        mh = _minhash(self.num_perm, values)
        self.sigs[article.id] = mh
        self.order[article.id] = (article.published or "", article.id)
        self.lsh.insert(article.id, mh)


def near_duplicates(
    articles: Sequence[ArticleText],
    cfg: FuseSettings,
    known: Iterable[tuple[ArticleText, np.ndarray]] = (),
    signatures: Mapping[str, np.ndarray] | None = None,
    index: DupIndex | None = None,
) -> list[Duplicate]:
    """Find articles whose text is a near-copy of an earlier one (the same wire story on many sites).

    Args:
        articles: the articles to check.
        known: earlier articles with their ``signature``; they can be originals, never copies.
        signatures: article id → ``signature`` already computed for ``articles`` (optional).
        index: earlier articles already indexed (``DupIndex``), treated like ``known``; the
            articles checked now are added to it, so a caller checking batch after batch
            indexes each article once.
    Returns:
        One Duplicate per copied article in ``articles`` (articles already known or indexed
        are not checked), pointing at the earliest article (by publication date, then id) of
        its near-duplicate group; pairs are linked when their estimated Jaccard similarity
        over word ``cfg.shingle``-grams reaches ``cfg.minhash_threshold`` (Broder 1997, MinHash).
    """
    index = index if index is not None else DupIndex(cfg)
    for art, values in known:
        index.add(art, values)
    sigs, order = index.sigs, index.order
    fresh = [a for a in articles if a.id not in sigs]
    for art in sorted(fresh, key=lambda a: (a.published or "", a.id)):
        values = signatures.get(art.id) if signatures is not None else None
        index.add(art, values if values is not None else signature(art.text, cfg))
    out: list[Duplicate] = []
    for art in fresh:
        mh = sigs[art.id]
        best: tuple[tuple[str, str], str, float] | None = None
        for other in index.lsh.query(mh):
            if other == art.id or order[other] >= order[art.id]:
                continue
            sim = mh.jaccard(sigs[other])
            if sim >= cfg.minhash_threshold and (best is None or order[other] < best[0]):
                best = (order[other], other, sim)
        if best is not None:
            out.append(Duplicate(art.id, best[1], round(best[2], 3)))
    return out
