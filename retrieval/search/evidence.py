"""Whether the best clause found answers the question: evidence, not word counts.

Every candidate clause is described by the same few measures: how much of
the question's (IDF-weighted) words it holds, whether the question stands in
it as a phrase, how far the embedding model's cosine stands above the
scope's 30th nearest clause (raw cosines crowd together, across languages
most of all), its fused retrieval rank, and how far it ranks above the best
clause of another task. A logistic model over them, fitted on labelled
answerable and unanswerable questions (bench/calibrate.py prints the fit and
both error rates), decides between answering and "not in the documents".
Colloquial and English questions, whose words the clause does not share, are
carried by the lift and the margin.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable

from retrieval.questions.words import Presence, covered, holds

Weight = Callable[[str], float]

# Fitted by bench/calibrate.py (non-negative logistic regression) on tests/data/bank/tune-*.jsonl to
# tune8-*.jsonl, tests/data/paraphrase.jsonl, tests/data/shanghai.jsonl and tests/data/library/*.jsonl
# (1158 questions), with the dense side reading sentences.
WEIGHTS = {"bias": -4.79, "coverage": 2.08, "key": 0.0, "phrase": 1.99, "lift": 2.29, "fused": 0.12, "english": 1.43,
           "document": 0.58, "margin": 1.5}
THRESHOLD = 0.5
_THRESHOLD_LOGIT = math.log(THRESHOLD / (1 - THRESHOLD))
# An owner question is answered by a task, and only tasks compete for it: on the tuning banks (tune to tune14) its
# answering tasks in Chinese that fall short of the threshold stand between 0 and -1.01 in log-odds, and the best task
# a Chinese owner refusal found stands at -1.67 or below; in English the refusals come nearer (-1.09), so less there.
OWNER_RELIEF = 1.2
OWNER_RELIEF_EN = 0.5
# A question in Chinese of no narrower kind is answered by whatever clause says it, and its answering clauses that
# fall short stand between 0 and -1.05 on the tuning banks, while every refusal's best clause stands below -1.3.
GENERAL_RELIEF = 1.0
# The primary document is a preference, not a wall: another document leads only when its evidence is
# this much stronger (in log-odds) than the primary's answering clause.
PRIMARY_MARGIN = 1.5
_NOT_WORD = re.compile(r"[\s\W]")


NAMES = ("coverage", "key", "phrase", "lift", "fused", "english", "document", "margin")


@dataclass(frozen=True)
class Evidence:
    coverage: float  # share of the question's words (by weight) in the clause and its headings
    key: float  # whether the question's weightiest word is in it (1, 0.7 by its parts, 0)
    phrase: float  # share of the question found in it as phrases of 3+ characters
    lift: float  # the embedding model's cosine above the scope's 30th nearest clause's (x 10), 0 when it missed
    fused: float  # reciprocal-rank fusion score x 30 (about 1 for the top hit of both sides)
    english: float = 0.0  # 1 for a question in English: its cosines run lower and its words are translated
    document: float = 0.0  # share of the question's words (by weight) anywhere in the clause's document
    margin: float = 0.0  # how far its retrieval rank stands above the best clause of another unit (0..1)
    relief: float = 0.0  # log-odds below the threshold the verdict allows (OWNER_RELIEF…, GENERAL_RELIEF)

    def features(self) -> list[float]:
        return [getattr(self, name) for name in NAMES]

    @property
    def logit(self) -> float:
        return WEIGHTS["bias"] + sum(WEIGHTS[k] * v for k, v in zip(NAMES, self.features()))

    @property
    def probability(self) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit))

    @property
    def answers(self) -> bool:
        """The model's verdict; and a clause holding every word of the question always answers it."""
        return self.logit + self.relief >= _THRESHOLD_LOGIT or (self.coverage >= 0.99 and self.key >= 1.0)


def coverage(terms: list[str], text: str, weight: Weight = len) -> float:
    """Share of the question's words (by weight) that the text contains."""
    total = sum(weight(t) for t in terms)
    if total <= 0:
        return 1.0
    return sum(weight(t) * (1.0 if holds(t, text) else 0.7) for t in terms if covered(t, text)) / total


def key_coverage(terms: list[str], text: str, weight: Weight) -> float:
    """Whether the question's weightiest word stands in the text: 1, 0.7 by its parts, else 0."""
    if not terms:
        return 1.0
    key = max(terms, key=weight)
    return 1.0 if holds(key, text) else 0.7 if covered(key, text) else 0.0


class TermWeights:
    """Long, rare words say most about a topic: 地铁 weighs more than 建设 in a plan that says 建设 everywhere.

    A word's rarity is read off the library-wide `presence`, restricted to the
    scope's clauses: a question naming a new set of documents weighs its words
    without reading those documents' clauses again.
    """

    SAMPLE = 2000  # a word's rarity is read from at most this many clauses: the same weights at a library's scale

    def __init__(self, presence: Presence, rows: list[int]) -> None:
        rows = rows[:: max(1, len(rows) // self.SAMPLE)]
        self.presence, self.scope, self.size = presence, presence.mask(rows), len(rows)
        self._cache: dict[str, float] = {}

    def __call__(self, term: str) -> float:
        if term.isascii():
            return 4.0  # an English word the glossary did not know: it counts, but not as the rarest word
        if term not in self._cache:
            df = (self.presence.covering(term) & self.scope).bit_count()
            self._cache[term] = max(len(t) for t in term.split("|")) * math.log((self.size + 1) / (df + 0.5))
        return self._cache[term]


def phrase_overlap(core: str, text: str) -> float:
    """Share of the question found in the text as phrases (runs of 3+ characters, in order).

    "绿色商场创建" standing as a phrase in a clause says more than the same
    words scattered through a list of 绿色商场、绿色建筑等…创建行动.
    """
    core = _NOT_WORD.sub("", core)
    if len(core) < 3 or not any(core[i : i + 3] in text for i in range(len(core) - 2)):
        return 0.0  # no three characters in common: no phrase, and no need to align them
    blocks = SequenceMatcher(None, core, text, autojunk=False).get_matching_blocks()
    return min(1.0, sum(b.size for b in blocks if b.size >= 3) / min(len(core), 12))
