"""Extract stage, resources: the extraction lexicons (resources/ar/*.yaml) in; compiled phrase matchers out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from marsad.resources import load
from marsad.settings import Settings, load_settings
from marsad.text.matcher import Clitics, PhraseMatcher
from marsad.text.matchset import MatcherSet
from marsad.text.normalize import normalize_phrase

__all__ = ["ExtractResources", "load_extract_resources"]

#: Lexicon files of the extract stage (resources/<lang>/<name>.yaml).
LEXICONS = ("triggers", "contexts", "kinds", "status", "casualties", "claims", "targets", "weapons")
#: Keys of targets.yaml that are not GTD target types.
_TARGET_NOT_TYPES = frozenset({"meta", "reporting", "place_types", "vicinity", "city_link", "facility_heads",
                               "adjectives", "civilian_victims", "settlement_types", "town_types", "spot_links",
                               "spot_stops", "spot_descriptive", "cues"})
#: Numeric settings read from the ``[extract]`` section of default.toml into ``params``.
SETTINGS = ("place_window", "place_before", "rel_clause", "perp_near", "target_after", "target_before",
            "min_place_score")


@dataclass(frozen=True, slots=True)
class _Morph:
    article: str
    no_tanwin: tuple[str, ...]
    alif: str
    conjunctions: frozenset[str] = frozenset()
    whole_words: frozenset[str] = frozenset()

    def accusative(self, phrase: str) -> str | None:
        """The indefinite accusative spelling (tanwin alif on each word), or None."""
        words = phrase.split()
        if not words or len(words) > 2 or any(w.startswith(self.article) or w.endswith(self.no_tanwin) for w in words):
            return None
        return " ".join(w + self.alif for w in words)

    def entries(self, items: Iterable[Any], value: Any) -> list[tuple[str, Any]]:
        """(phrase, value) pairs, also in the indefinite accusative and, for two-word
        noun-adjective phrases, with both words definite (definiteness agreement)."""
        out: list[tuple[str, Any]] = []
        for p in items:
            p = str(p).strip()
            if not p:
                continue
            out.append((p, value))
            acc = self.accusative(p)
            if acc:
                out.append((acc, value))
            words = p.split()
            if len(words) == 2 and not any(w.startswith(self.article) for w in words):
                out.append((" ".join(self.article + w for w in words), value))
            key = normalize_phrase(p)
            first, _, rest = key.partition(" ")
            for conj in self.conjunctions:
                # the text layer keeps و/ف + function word whole (ولم، وكان): spell that form too
                if conj + first in self.whole_words:
                    out.append(((conj + first + " " + rest).strip(), value))
        return out


def _matcher(pairs: list[tuple[str, Any]], clitics: Clitics) -> PhraseMatcher[Any]:
    return PhraseMatcher(pairs, clitics, article=True, suffixes=True)


@dataclass(frozen=True, slots=True)
class ExtractResources:
    """Compiled extraction lexicons, built once and passed to ``extract``.

    Attributes:
        matchers: name → PhraseMatcher over a Doc's normalised text. Names: ``triggers``
            (value (attack_type, level)), ``ctx`` ((context, side)), ``foiled``, ``operation``,
            ``agent``, ``optarget``, ``measure`` ((strength,)), ``background``, ``recent``,
            ``separate``, ``support``, and the field lexicons ``killed``, ``wounded``,
            ``perp``, ``perp_dead``, ``perp_alive``, ``rose``, ``early``, ``adds``,
            ``includes``, ``unclear``, ``vague``, ``claim`` ((cue class,)), ``target``
            (target type), ``weapon`` (weapon type), ``suicide`` (bool), ``fake``.
        params: numeric parameters: windows and days from the lexicon files, and the
            ``SETTINGS`` keys of default.toml ``[extract]`` (token windows, ``min_place_score``).
        method: weapon type → GTD attack type used when no trigger names the method.
        matcher_set: all ``matchers`` in one automaton (``MatcherSet``): ``View`` searches a
            Doc once for every lexicon; ``matcher_set.find_all(norm, norm_map)[name]`` equals
            ``matchers[name].find(norm, norm_map)``. None: each matcher searches on its own.
    """

    matchers: Mapping[str, PhraseMatcher[Any]]
    params: Mapping[str, float]
    method: Mapping[str, str]
    attack_weapon: Mapping[str, str] = field(default_factory=dict)
    singular: frozenset[str] = frozenset()
    affirmative: frozenset[str] = frozenset()
    frames: frozenset[str] = frozenset()
    imperfect: tuple[str, ...] = ()
    past_t: frozenset[str] = frozenset()
    pluperfect: frozenset[str] = frozenset()
    definite_cardinals: Mapping[str, int] = field(default_factory=dict)
    frame_fillers: frozenset[str] = frozenset()
    frame_durations: frozenset[str] = frozenset()
    article: str = ""
    lam_article: str = ""
    responsibility: tuple[str, ...] = ()
    lang: str = "ar"
    matcher_set: MatcherSet | None = None


def load_extract_resources(lang: str = "ar", settings: Settings | None = None) -> ExtractResources:
    """Load and compile the extraction lexicons for ``lang`` (only "ar" ships today).

    ``settings`` (default: default.toml) gives the ``[extract]`` windows and thresholds.

    Raises:
        marsad.resources.ResourceError: a lexicon file is missing or lacks its header.
        KeyError: a ``SETTINGS`` key is missing from ``[extract]``.
    """
    settings = settings or load_settings()
    clitics = Clitics.from_resource(load("ar", "clitics"))
    lx = {name: load(lang, name) for name in LEXICONS}
    morph = load(lang, "morphology")
    endings = tuple(normalize_phrase(x) for x in morph["no_tanwin_alif_after"])
    _entries = _Morph(article=clitics.article, no_tanwin=endings, alif=normalize_phrase(str(morph["tanwin_alif"])),
                      conjunctions=clitics.conjunctions,
                      whole_words=frozenset(getattr(clitics, "whole_words", frozenset()))).entries
    m: dict[str, PhraseMatcher[Any]] = {}

    trig: list[tuple[str, Any]] = []
    for atype, levels in lx["triggers"].items():
        if atype in ("meta", "discontinuous") or not isinstance(levels, Mapping):
            continue
        for level, phrases in levels.items():
            trig += _entries(phrases, (atype, level))
    m["triggers"] = _matcher(trig, clitics)
    heads: list[tuple[str, Any]] = []
    tails: list[tuple[str, Any]] = []
    for atype, pairs in lx["triggers"].get("discontinuous", {}).items():
        for head, tail in pairs:
            heads.append((str(head), (atype, normalize_phrase(str(tail)))))
            tails.append((str(tail), normalize_phrase(str(tail))))
    m["dhead"] = PhraseMatcher(heads, clitics, article=False, suffixes=False)
    m["dtail"] = PhraseMatcher(tails, clitics, article=True, suffixes=True)
    m["support"] = _matcher(_entries(lx["triggers"].get("support", ()), "support"), clitics)

    ctx: list[tuple[str, Any]] = []
    cx = lx["contexts"]
    for name in ("metaphor", "non_terror", "hypothetical", "question", "negation", "future", "titles", "court", "reference",
                 "general"):
        sect = cx.get(name, {})
        for side in ("near", "before", "after"):
            ctx += _entries(sect.get(side, ()), (name, side))
    m["ctx"] = _matcher(ctx, clitics)
    m["temporal_opening"] = _matcher(_entries(cx.get("temporal_opening", ()), "when"), clitics)
    m["commentary"] = _matcher(_entries(cx.get("commentary", ()), "commentary"), clitics)
    vb = cx.get("verbal", {})
    m["verbal_trigger"] = _matcher(_entries(vb.get("triggers", ()), "verbal"), clitics)
    m["launch"] = _matcher(_entries(vb.get("launch", ()), "launch"), clitics)
    m["speaker"] = _matcher(_entries(vb.get("speakers", ()), "speaker"), clitics)

    k = lx["kinds"]
    m["foiled"] = _matcher(_entries(k["foiled"]["strong"], "strong") + _entries(k["foiled"]["plan"], "plan")
                           + _entries(k["foiled"].get("plot", ()), "plot"), clitics)
    m["operation"] = _matcher(_entries(k["operation"]["verb"], "verb") + _entries(k["operation"]["noun"], "noun"), clitics)
    m["oparmed"] = _matcher(_entries(k["operation"].get("armed", ()), "armed"), clitics)
    m["oparrest"] = _matcher(_entries(k["operation"].get("arrest", ()), "arrest")
                             + _entries(k["operation"].get("arrest_noun", ()), "noun"), clitics)
    m["state_prep"] = _matcher(_entries(k["operation"].get("state_object_preps", ()), "prep"), clitics)
    m["arrest_link"] = _matcher(_entries(k["operation"].get("arrest_link", ()), "link"), clitics)
    m["opkill"] = _matcher(_entries(k["operation"]["kill"], "kill"), clitics)
    m["agent"] = _matcher(_entries(k["agent"], "agent"), clitics)
    m["optarget"] = _matcher(_entries(k["target"], "target"), clitics)
    meas = _entries(k["measure"]["strong"], "strong") + _entries(k["measure"]["weak"], "weak")
    m["measure"] = _matcher(meas, clitics)
    m["measure_ctx"] = _matcher(_entries(k["measure"]["context"], "ctx"), clitics)
    # kind-specific cue sets (marsad.extract.kinds): announcement verbs, siege-ending cues, court
    # appearance (head … أمام), circumstance frames before a measure
    m["op_announce"] = _matcher(_entries(k["operation"].get("announce", ()), "announce"), clitics)
    m["op_siege_end"] = _matcher(_entries(k["operation"].get("siege_end", ()), "siege_end"), clitics)
    m["op_court"] = _matcher(_entries(k["operation"].get("court_head", ()), "head")
                             + _entries(k["operation"].get("court_tail", ()), "tail"), clitics)
    m["measure_frame"] = _matcher(_entries(k["measure"].get("frames", ()), "frame"), clitics)

    st = lx["status"]
    bgl = st["background"]
    m["background"] = _matcher(_entries(bgl["strong_before"], "before") + _entries(bgl["strong_after"], "after")
                               + _entries(bgl["weak"], "weak"), clitics)
    for name in ("recent", "separate", "since", "superlative"):
        m[name] = _matcher(_entries(st[name], name), clitics)
    m["news_day"] = _matcher(_entries(st.get("news_day", ()), "news_day"), clitics)  # أمس، اليوم
    fp = st.get("frame_pattern", {})
    m["frame_head"] = PhraseMatcher([(str(x), "head") for x in fp.get("heads", ())], clitics, article=False)
    m["frame_link"] = PhraseMatcher([(str(x), "link") for x in fp.get("links", ())], clitics, article=False)
    m["frame_unit"] = _matcher([p for u, ps in (fp.get("units") or {}).items() for p in _entries(ps, u)], clitics)
    m["relative"] = _matcher(_entries(lx["triggers"].get("relative", ()), "rel"), clitics)
    m["subjects"] = _matcher(_entries(lx["triggers"].get("subjects", ()), "subject"), clitics)
    m["auxiliary"] = _matcher(_entries(lx["triggers"].get("auxiliaries", ()), "aux"), clitics)  # قام ب، أقدم على
    # verb-subject attack verbs (قتل مسلحون …; marsad.extract.detect): value = GTD attack type
    m["agentive"] = PhraseMatcher([(str(vb), str(at)) for vb, at in lx["triggers"].get("agentive_verbs", ())],
                                  clitics, article=False, suffixes=False)
    m["agentive_subject"] = _matcher(_entries(lx["triggers"].get("agentive_subjects", ()), "subject"), clitics)
    m["agentive_stop"] = _matcher(_entries(lx["triggers"].get("agentive_stops", ()), "stop"), clitics)

    c = lx["casualties"]
    m["no_casualties"] = _matcher(_entries(c.get("no_casualties", ()), "none"), clitics)
    m["general_toll"] = _matcher(_entries(c.get("general_tolls", ()), "general"), clitics)
    m["double"] = _matcher(_entries(c.get("double", ()), "double"), clitics)
    m["several"] = _matcher(_entries(c.get("several", ()), "several"), clitics)
    m["with_others"] = _matcher(_entries(c.get("with_others", ()), "with"), clitics)
    m["death_one"] = _matcher(_entries(c.get("death_singular", ()), "one"), clitics)
    m["lone"] = _matcher(_entries(c.get("lone_attacker", ()), "lone"), clitics)
    pdead = c["perpetrator_dead"]
    m["perp_dead"] = _matcher(_entries(pdead["self"], "self") + _entries(pdead["two"], "two")
                              + _entries(pdead["generic"], "generic"), clitics)
    for key, name in (("killed_core", "killed"), ("wounded_core", "wounded"), ("perpetrator", "perp"),
                      ("perpetrator_alive", "perp_alive"),
                      ("rose", "rose"), ("early", "early"), ("adds_attackers", "adds"),
                      ("includes_attackers", "includes"), ("unclear_attackers", "unclear"),
                      ("vague", "vague")):
        m[name] = _matcher(_entries(c[key], name), clitics)

    cl = lx["claims"]
    m["anaphor"] = _matcher(_entries(cl.get("anaphors", ()), "anaphor"), clitics)
    m["claim"] = _matcher(
        [p for name in ("claim", "attribution", "denial", "no_claim", "individual")
         for p in _entries(cl[name], name)], clitics)
    m["affiliation"] = _matcher(_entries(cl.get("affiliation", ()), "aff"), clitics)
    m["negator"] = PhraseMatcher([(str(x), "neg") for x in cl.get("negators", ())], clitics, article=False)

    tg = lx["targets"]
    m["place_type"] = _matcher(_entries(tg.get("place_types", ()), "type"), clitics)
    m["vicinity"] = _matcher(_entries(tg.get("vicinity", ()), "near"), clitics)
    m["city_link"] = _matcher(_entries(tg.get("city_link", ()), "link"), clitics)
    m["civilians"] = _matcher(_entries(tg.get("civilian_victims", ()), "civ"), clitics)
    m["target_head"] = _matcher(_entries(tg.get("facility_heads", ()), "head"), clitics)
    m["target_adj"] = _matcher([p for t, ps in (tg.get("adjectives") or {}).items() for p in _entries(ps, t)], clitics)
    m["target"] = _matcher([p for t, ps in tg.items() if t not in _TARGET_NOT_TYPES
                            for p in _entries(ps or (), t)], clitics)
    m["report"] = _matcher(_entries(tg.get("reporting", ()), "report"), clitics)
    for key, name in (("settlement_types", "settlement"), ("town_types", "town"), ("spot_links", "spot_link"),
                      ("spot_stops", "spot_stop"), ("spot_descriptive", "spot_descriptive")):
        m[name] = _matcher(_entries(tg.get(key, ()), name), clitics)  # the specific spot (marsad.extract.spot)
    w = lx["weapons"]
    weap = [p for t, ps in w.items() if t not in ("meta", "fake", "suicide_yes", "suicide_no", "method", "attack_weapon",
                                                  "cues")
            for p in _entries(ps, t)]
    # field-coding cue lists (``cues:`` name → phrases in casualties/claims/targets/weapons): matcher "cue_<name>"
    for lex in ("casualties", "claims", "targets", "weapons"):
        for cue, phrases in (lx[lex].get("cues") or {}).items():
            m[f"cue_{cue}"] = _matcher(_entries(phrases, cue), clitics)
    m["weapon"] = _matcher(weap, clitics)
    m["fake"] = _matcher(_entries(w["fake"], "fake"), clitics)
    m["suicide"] = _matcher(_entries(w["suicide_yes"], True) + _entries(w["suicide_no"], False), clitics)

    params = {
        "ctx_before": int(cx.get("window_before", 6)),
        "ctx_after": int(cx.get("window_after", 4)),
        "court_before": int(cx.get("court", {}).get("window_before", cx.get("window_before", 6))),
        "attach_before": int(cx.get("reference", {}).get("window_before", 3)),
        "status_window": int(st.get("window", 10)),
        "date_window": int(st.get("date_window", 14)),
        "days_new": int(st.get("days_new", 10)),
        "count_window": int(c.get("window", 4)),
        "claim_window": int(cl.get("window", 12)),
        "discontinuous_window": int(lx["triggers"].get("discontinuous_window", 5)),
        "support_window": int(lx["triggers"].get("support_window", 8)) if "support_window" in lx["triggers"] else 8,
    }
    params.update({k: settings.get("extract", k) for k in SETTINGS})
    # "المهاجمين الأربعة": a cardinal agreeing with a definite noun, read as that noun's count
    nums = load(lang, "numbers")["cardinals"]
    def_card = {normalize_phrase(clitics.article + str(w)): int(val) for kind in ("unit", "ten")
                for w, val in (nums.get(kind) or {}).items() if int(val) >= 2}
    return ExtractResources(matchers=MappingProxyType(m), params=MappingProxyType(params),
                            method=MappingProxyType(dict(w["method"])),
                            attack_weapon=MappingProxyType(dict(w.get("attack_weapon", {}))),
                            singular=frozenset(normalize_phrase(x) for x in c.get("perpetrator_singular", ())),
                            affirmative=frozenset(normalize_phrase(x) for x in
                                                  cx["hypothetical"].get("affirmative_before_past", ())),
                            past_t=frozenset(normalize_phrase(x) for x in morph.get("past_t_forms", ())),
                            definite_cardinals=MappingProxyType(def_card),
                            frame_fillers=frozenset(normalize_phrase(str(x)) for x in fp.get("fillers", ())),
                            frame_durations=frozenset(normalize_phrase(str(x)) for x in fp.get("durations", ())),
                            pluperfect=frozenset(normalize_phrase(x) for x in morph.get("pluperfect", ())),
                            imperfect=tuple(normalize_phrase(x) for x in morph.get("imperfect_prefixes", ())),
                            frames=frozenset(normalize_phrase(x) for x in lx["triggers"].get("frames", ())),
                            article=clitics.article,
                            lam_article=clitics.lam_article,
                            responsibility=tuple(normalize_phrase(x) for x in
                                                 cx["negation"].get("responsibility_stems", ())),
                            lang=lang,
                            matcher_set=MatcherSet(m))
