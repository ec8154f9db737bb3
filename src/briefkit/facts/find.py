"""Search the fact base by words (Chinese or not), so that a curator looks before adding a fact."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .format import INFIX_QUALIFIERS, format_number
from .model import Fact, FactBase

# Where a word is found, and how much that says about the fact: a word in the label or the id
# names the fact; one in the quote or the definition describes it; one in a note only mentions it.
FIELDS = (("label", 5.0), ("id", 4.0), ("measure", 4.0), ("label_en", 3.0), ("definition", 2.5),
          ("quote", 2.0), ("note", 1.0), ("erratum", 1.0), ("text", 3.0))


@dataclass(frozen=True)
class Found:
    """One fact that matches, its score (higher first) and the fields the words were found in."""

    fact: Fact
    score: float
    fields: tuple[str, ...]


def find(base: FactBase, words, limit: int | None = 20) -> list[Found]:
    """Return the facts that match every word, best first.

    A word matches a field that contains it; a Chinese word of three or more characters also
    matches, for less, a field holding most of its two-character pieces (人工智能企业数量 finds
    人工智能企业), so that a curator finds a fact worded a little differently. A word that is
    most of a label counts more. Ties go to the newer fact, then to the id."""
    if isinstance(words, str):
        words = words.split()
    words = [_norm(w) for w in words if _norm(w)]
    if not words:
        return []
    found = []
    for fact in base.facts.values():
        texts = {name: _norm(_field(fact, name)) for name, _ in FIELDS}
        total, where = 0.0, set()
        for word in words:
            best = 0.0
            for name, weight in FIELDS:
                score = _match(word, texts[name]) * weight
                if score:
                    where.add(name)
                best = max(best, score)
            if not best:
                break
            # A word that is most of the label names the fact more closely than one in a long label.
            if word in texts["label"]:
                best += 2.0 * len(word) / len(texts["label"])
            total += best
        else:
            if texts["label"] == "".join(words):
                total += 10.0  # the label itself
            found.append(Found(fact, round(total, 3), tuple(n for n, _ in FIELDS if n in where)))
    found.sort(key=lambda r: (-r.score, -r.fact.as_of.last().toordinal(), r.fact.id))
    return found[:limit] if limit else found


def _field(fact: Fact, name: str) -> str:
    if name == "text":
        return fact.text()
    return str(getattr(fact, name) or "")


def _match(word: str, text: str) -> float:
    """Return 1 for the word in the text, a fraction for most of its pieces, else 0."""
    if not text:
        return 0.0
    if word in text:
        return 1.0
    if len(word) >= 3 and re.search(r"[\u4e00-\u9fff]", word):
        pieces = {word[i:i + 2] for i in range(len(word) - 1)}
        share = sum(p in text for p in pieces) / len(pieces)
        if share >= 0.6:
            return round(0.5 * share, 3)
    return 0.0


def _norm(text: str) -> str:
    """Return text folded for matching: NFKC (全角 → half width), lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


def by_value(base: FactBase) -> dict[str, list[Fact]]:
    """Return the printable numeric facts by the number and unit they print, folded as _norm
    does ('250亿元', '400余名'), newest first: what a number typed into a template may be."""
    out: dict[str, list[Fact]] = {}
    for f in base.facts.values():
        if not f.is_number or f.erratum or f.superseded_by or f.magnitude:
            continue
        try:
            number = format_number(f.value, f.unit)
        except ValueError:
            continue
        infix = f.qualifier if f.qualifier in INFIX_QUALIFIERS else ""
        for text in dict.fromkeys((number + f.unit, number + infix + f.unit)):
            out.setdefault(_norm(text), []).append(f)
    for facts in out.values():
        facts.sort(key=lambda f: (-f.as_of.last().toordinal(), f.id))
    return out


def call_for(base: FactBase, fact: Fact) -> str:
    """Return the template call that prints `fact`: its measure when it is the newest figure of
    one, the measure with as_of for an older one, else its id."""
    if not fact.measure:
        return f"{{{{ fact('{fact.id}') }}}}"
    obs = base.observations(fact.measure)
    newest = ([o for o in obs if not o.is_forecast] or obs or [None])[-1]
    if newest is not None and newest.id == fact.id:
        return f"{{{{ fact('{fact.measure}') }}}}"
    return f"{{{{ fact('{fact.measure}', as_of='{fact.as_of}') }}}}"


def typed_number_hint(base: FactBase, index: dict[str, list[Fact]], typed: str) -> str | None:
    """Return 'write {{ fact('…') }} instead' naming the facts that print `typed`, or None."""
    found = index.get(_norm(typed), [])[:3]
    if not found:
        return None
    if len(found) == 1:
        f = found[0]
        return (f"{typed} is the fact {f.label} ({f.as_of.zh()}): write {call_for(base, f)} "
                "instead")
    return (f"{typed} is a fact: write " + " or ".join(f"{call_for(base, f)} ({f.label}, "
                                                       f"{f.as_of.zh()})" for f in found)
            + " instead")
