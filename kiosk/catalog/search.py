"""Catalogue search: what a citizen types (hanzi, pinyin, initials, English, with typos) → items.

``SearchIndex.build(catalog)`` reads the catalogue once (pinyin readings, initials, English
words, the thesaurus's other names, the vocabulary typos are corrected against); after that
``index.search(query, ...)`` only looks things up, fast enough for every keystroke (DESIGN:
p95 under 8 ms at 10,000 items on one core; ``bench/search.py`` measures it).

How a query is read: NFKC (full-width letters become ASCII), lower case, tone marks and tone
numbers (a digit 1-5 after a syllable) dropped for pinyin, a word mostly of digits never read as
pinyin nor corrected as a typo, punctuation and emoji become spaces; at most ``MAX_QUERY``
characters are read. A query that is an item's code (``CY-SCJG-001``, any case, with or without
the hyphens) finds that item alone (``CODE``, obvious: nothing to explain). Otherwise it splits
into terms: runs of hanzi, and Latin words; consecutive Latin words that read as one pinyin word
are one term (``yi di jiu yi``), an English phrase the thesaurus knows is one term (``driver's
license``). Every term must match (AND), each by any route; when no item has every term, the
items with the most of them are found, each term an item lacks a ``NOT_FOUND`` reason:

==============  ==============================================================================
``NAME``        the hanzi are in the item's name (ranked: the whole name, its start, inside it)
``KEYWORD``     in one of the item's other names (the catalogue's ``keywords``, either language)
``SYNONYM``     in the name read with a thesaurus synonym (社保 → 社会保障; hukou → household
                registration)
``PINYIN``      full pinyin of the name or another name, from a syllable on; the last syllable
                may be unfinished (``gongj`` → 公积金)
``ENGLISH``     an English word of the name, or a word being typed (``pens`` → pension: ranked
                below every whole word, so ``car`` finds vehicles before cards); British and
                American spellings alike, plurals in -s and -es
``INITIALS``    the pinyin initials (``yyzz`` → 营业执照), two letters or more
``TYPO``        an unknown Latin word corrected to the nearest words of the catalogue's
                vocabulary (``buisness`` → business); never a word of one or two letters;
                else, from five letters, one edit to the pinyin that begins a name or another
                name, in whole syllables (``gongjijn`` → gongjijin, 公积金)
``DESCRIPTION`` a word found only in the item's description
==============  ==============================================================================

Ranking: by the weakest term's route in the order exact name, name start, name, keyword,
synonym, pinyin of the name, pinyin of another name, English name, English keyword, English
synonym, a word of the English name or keyword begun, initials, typo, description; then the most
asked-for item (``popularity``), then the code. A hit carries a ``Reason`` per term (the route
and what it matched) so the screen can say why an item came up when that is not obvious. An
empty query lists the items the filters allow, the most asked-for first.

Privacy: the only thing kept from what was typed is the typo corrections of words without a
digit (so never a phone or identity number), until ``forget_typed`` (the end of a journey).

Thread contract: an index is immutable once built (building takes a while: do it on a worker
thread, once per catalogue), but for that memory of corrections (a dict: each get, set and clear
is atomic under the GIL); ``search`` and ``forget_typed`` may be called on any thread.
"""

from __future__ import annotations

import enum
import heapq
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from pypinyin import Style, lazy_pinyin
from rapidfuzz import process
from rapidfuzz.distance import OSA

from kiosk.catalog import thesaurus
from kiosk.domain.catalog import Catalog, CatalogItem

MAX_QUERY = 64  # characters of the normalised query that are read
_MAX_RAW = 256  # characters of the raw text looked at (NFKC may lengthen a character)
MAX_TERMS = 8
_SEGMENTED = 16  # characters of a Chinese query cut into known pieces when it matches nothing
_KEY_CHARS = 24  # pinyin and initials keys are cut here; longer queries are checked per item
_MAX_CORRECTIONS = 4
_CORRECTION_CACHE = 4096
_PINYIN_TYPO = 5  # letters from which a word that is no pinyin is corrected as pinyin
_LONGEST_SYLLABLE = 6  # zhuang, shuang

SearchAudience = Literal["individual", "enterprise"]


class MatchKind(enum.Enum):
    """How a query term matched an item (the order is not the ranking: see ``Level``)."""

    NAME = "name"
    CODE = "code"
    KEYWORD = "keyword"
    SYNONYM = "synonym"
    PINYIN = "pinyin"
    INITIALS = "initials"
    ENGLISH = "english"
    TYPO = "typo"
    DESCRIPTION = "description"
    NOT_FOUND = "not_found"  # this word of the query is in no item found (``query``)


class Level(enum.IntEnum):
    """The rank of a match, best first; an item ranks by its weakest term's level."""

    CODE = -1
    NAME_EXACT = 0
    NAME_START = 1
    NAME = 2
    KEYWORD = 3
    SYNONYM = 4
    PINYIN_NAME = 5
    PINYIN_OTHER = 6
    ENGLISH_NAME = 7
    ENGLISH_KEYWORD = 8
    ENGLISH_SYNONYM = 9
    ENGLISH_NAME_PREFIX = 10  # a word of the name starts with what was typed (car → card)
    ENGLISH_KEYWORD_PREFIX = 11
    INITIALS = 12
    TYPO = 13
    DESCRIPTION = 14
    TYPO_DESCRIPTION = 15
    NOT_FOUND = 16  # a word no item has (only when no item has every word)


_KIND_OF_LEVEL = {
    Level.CODE: MatchKind.CODE,
    Level.NAME_EXACT: MatchKind.NAME,
    Level.NAME_START: MatchKind.NAME,
    Level.NAME: MatchKind.NAME,
    Level.KEYWORD: MatchKind.KEYWORD,
    Level.SYNONYM: MatchKind.SYNONYM,
    Level.PINYIN_NAME: MatchKind.PINYIN,
    Level.PINYIN_OTHER: MatchKind.PINYIN,
    Level.ENGLISH_NAME: MatchKind.ENGLISH,
    Level.ENGLISH_KEYWORD: MatchKind.KEYWORD,
    Level.ENGLISH_SYNONYM: MatchKind.SYNONYM,
    Level.ENGLISH_NAME_PREFIX: MatchKind.ENGLISH,
    Level.ENGLISH_KEYWORD_PREFIX: MatchKind.KEYWORD,
    Level.INITIALS: MatchKind.INITIALS,
    Level.TYPO: MatchKind.TYPO,
    Level.DESCRIPTION: MatchKind.DESCRIPTION,
    Level.TYPO_DESCRIPTION: MatchKind.TYPO,
    Level.NOT_FOUND: MatchKind.NOT_FOUND,
}


@dataclass(frozen=True)
class Reason:
    """Why an item matched one term of the query.

    ``query``: the term as read from the query. ``term``: what it matched in the item: the
    keyword (KEYWORD), the item's word the synonym stands for (SYNONYM: 社保 → ``社会保障``),
    the hanzi the pinyin or initials spell (PINYIN, INITIALS: ``yyzz`` → ``营业执照``), the
    English word (ENGLISH), the corrected word found (TYPO), the word found in the description
    (DESCRIPTION), the query term itself (NAME). ``corrected``: for TYPO, every word the query
    word was corrected to. ``partial``: ``query`` is only a piece of a Chinese query that
    matched nothing as typed (低保 → 保 would be one: the item is not what was asked for)."""

    kind: MatchKind
    level: Level
    query: str
    term: str
    corrected: tuple[str, ...] = ()
    partial: bool = False

    @property
    def obvious(self) -> bool:
        """The hanzi typed are in the name (all of them, not a piece of a longer query:
        ``partial``), or the item's code was typed: nothing to explain."""
        return self.kind is MatchKind.CODE or (self.kind is MatchKind.NAME and not self.partial)


@dataclass(frozen=True)
class Hit:
    """One item found. ``score``: higher is a better kind of match (the weakest term's);
    ``reasons``: one per term of the query, in the query's order; ``reason``: the weakest of
    them (what ranked the item), None when the query was empty (a plain listing)."""

    item: CatalogItem
    score: int
    reasons: tuple[Reason, ...]

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def reason(self) -> Reason | None:
        return max(self.reasons, key=lambda reason: reason.level, default=None)


@dataclass(frozen=True)
class Correction:
    """A query word the search did not know, and the vocabulary words it read it as."""

    word: str
    corrected: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    """The hits (at most the limit asked for), how many items matched in all, the query as it
    was read (normalised, cut to ``MAX_QUERY``) and the typo corrections made."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    corrections: tuple[Correction, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(hit.code for hit in self.hits)


# ------------------------------------------------------------------------------ reading text

_APOSTROPHES = re.compile("['\u2019\u2018`\u00b4]")
_HANZI_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_NOT_TEXT = re.compile(f"[^a-z0-9{_HANZI_CLASS}]+")
_RUN = re.compile(f"([{_HANZI_CLASS}]+)|([a-z0-9]+)")
_HANZI_RUN = re.compile(f"[{_HANZI_CLASS}]+")
_WORD = re.compile(r"[a-z0-9]+")
_HAS_DIGIT = re.compile(r"[0-9]")
_TONE_NUMBER = re.compile(r"(?<=[a-z])[1-5](?![0-9])")
_NOT_CODE = re.compile(r"[^a-z0-9]+")
_STOPWORDS = frozenset(
    (
        *("a", "an", "the", "of", "for", "to", "in", "on", "at", "and", "or", "my", "me", "i"),
        *("want", "need", "how", "do", "does", "can", "where", "is", "are", "with", "by"),
        *("from", "about", "please"),
    )
)


def normalise(text: str) -> str:
    """``text`` as the search reads it: NFKC, lower case, tone marks removed, anything but
    hanzi, ASCII letters and digits a single space; at most ``MAX_QUERY`` characters."""
    text = unicodedata.normalize("NFKC", text[:_MAX_RAW]).lower()
    if not text.isascii():
        text = "".join(
            char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char)
        )
        text = unicodedata.normalize("NFC", text)
    text = _NOT_TEXT.sub(" ", _APOSTROPHES.sub("", text)).strip()
    return text[:MAX_QUERY].rstrip()


def _compact(text: str) -> str:
    """Hanzi, letters and digits of a catalogue text, nothing else (for substring matching)."""
    return _NOT_TEXT.sub("", _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).lower()))


def _english_words(text: str) -> list[str]:
    folded = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).lower())
    return [thesaurus.british(word) for word in _WORD.findall(folded)]


def _phrase_text(words: Iterable[str]) -> str:
    return " " + " ".join(words) + " "


def _pinyin_form(word: str) -> str:
    """A Latin word as pinyin to look up: a tone number (1-5 after a syllable's letters)
    dropped, ü typed as v read as u. Any other digit stays (the word then reads as no pinyin),
    and a word mostly of digits (an identity or phone number) reads as no pinyin at all."""
    digits = sum(char.isdigit() for char in word)
    if digits * 2 >= len(word):
        return ""
    return _TONE_NUMBER.sub("", word).replace("v", "u")


def _code_key(text: str) -> str:
    """An item code as it may be typed: lower case, letters and digits only."""
    return _NOT_CODE.sub("", unicodedata.normalize("NFKC", text).lower())


# ------------------------------------------------------------------------------ terms


@dataclass(frozen=True)
class _Hanzi:
    text: str


@dataclass(frozen=True)
class _Latin:
    """One Latin word: ``english`` (British spelling, no plural s), ``pinyin`` (no digits),
    ``synonyms``: the thesaurus's other phrases for it."""

    text: str
    english: str
    pinyin: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class _PinyinRun:
    """Latin words that together spell pinyin (``yi di jiu yi``)."""

    text: str
    pinyin: str


@dataclass(frozen=True)
class _Phrase:
    """Latin words the thesaurus knows as a phrase: the words themselves, or its synonyms."""

    text: str
    words: tuple[_Latin, ...]
    synonyms: tuple[str, ...]


_Term = _Hanzi | _Latin | _PinyinRun | _Phrase


@dataclass
class _Match:
    """What one term matched: disjoint sets of item ids by level, best level first."""

    buckets: list[tuple[Level, set[int]]]
    parts: tuple[_Match, ...] = ()  # a phrase's words, a Chinese query's parts
    texts: tuple[str, ...] = ()  # a Chinese query's parts
    direct: set[int] = field(default_factory=set)  # items the Chinese query matched as typed
    partial: bool = False  # the parts are less than the whole query (cut into known pieces)

    @property
    def items(self) -> set[int]:
        found: set[int] = set()
        for _level, ids in self.buckets:
            found |= ids
        return found

    def level_of(self, item: int) -> Level | None:
        for level, ids in self.buckets:
            if item in ids:
                return level
        return None


def _disjoint(found: Iterable[tuple[Level, set[int]]]) -> _Match:
    buckets: list[tuple[Level, set[int]]] = []
    seen: set[int] = set()
    for level, ids in sorted(found, key=lambda pair: pair[0]):
        new = ids - seen
        if new:
            buckets.append((level, new))
            seen |= new
    return _Match(buckets)


def _all_of(matches: Sequence[_Match], allowed: set[int] | None) -> _Match:
    """Items every match has, each at its weakest level across them."""
    if not matches:
        return _Match([])
    if len(matches) == 1 and allowed is None:
        return matches[0]
    common = set.intersection(*(match.items for match in matches))
    if allowed is not None:
        common &= allowed
    if len(matches) == 1:
        return _Match([(level, ids & common) for level, ids in matches[0].buckets])
    levels = sorted({level for match in matches for level, _ids in match.buckets})
    reached: list[set[int]] = [set() for _ in matches]
    placed: set[int] = set()
    buckets: list[tuple[Level, set[int]]] = []
    for level in levels:
        for index, match in enumerate(matches):
            for bucket_level, ids in match.buckets:
                if bucket_level == level:
                    reached[index] |= ids & common
        within = set.intersection(*reached) - placed
        if within:
            buckets.append((level, within))
            placed |= within
    return _Match(buckets)


# ------------------------------------------------------------------------------ the index


@dataclass(frozen=True)
class _Reading:
    """One hanzi run of a name (or other name) with its pinyin syllables."""

    hanzi: str
    syllables: tuple[str, ...]
    initials: str


@dataclass(frozen=True)
class _Alias:
    """An item name (or Chinese keyword) with one thesaurus term swapped: ``original`` in the
    name, ``used`` in its place (社会保障卡申领 → 社保卡申领: original 社会保障, used 社保)."""

    text: str
    original: str
    used: str


@dataclass(frozen=True)
class _Item:
    """What the search keeps of one item (normalised once)."""

    item: CatalogItem
    name: str  # compact
    keywords: tuple[tuple[str, str], ...]  # (compact, as written)
    aliases: tuple[_Alias, ...]
    description: str  # compact
    english_name: tuple[str, ...]
    english_name_text: str  # " w1 w2 "
    english_keywords: tuple[tuple[str, str], ...]  # (" w1 w2 ", as written)
    english_description: str  # " w1 w2 "
    name_readings: tuple[_Reading, ...]
    other_readings: tuple[tuple[_Reading, str], ...]  # (reading, the other name it reads)


class _TextIndex:
    """Items by the hanzi and hanzi pairs of one of their texts: which items' text contains a
    piece, exactly for one or two characters, else the pairs' items checked by a substring
    test each (a C call, not a loop over characters)."""

    def __init__(self) -> None:
        self._by_char: dict[str, set[int]] = defaultdict(set)
        self._by_pair: dict[str, set[int]] = defaultdict(set)
        self._texts: dict[int, str] = {}

    def add(self, item: int, pieces: Iterable[str]) -> None:
        pieces = [piece for piece in pieces if piece]
        if not pieces:
            return
        self._texts[item] = "\n".join(pieces)
        for piece in pieces:
            for char in piece:
                self._by_char[char].add(item)
            for start in range(len(piece) - 1):
                self._by_pair[piece[start : start + 2]].add(item)

    def containing(self, text: str) -> set[int]:
        if len(text) == 1:
            return set(self._by_char.get(text, ()))
        if len(text) == 2:
            return set(self._by_pair.get(text, ()))
        candidates = self._candidates(text)
        texts = self._texts
        return {item for item in candidates if text in texts[item]}

    def has(self, text: str) -> bool:
        """Some item's text contains ``text``."""
        if len(text) <= 2:
            return text in (self._by_char if len(text) == 1 else self._by_pair)
        texts = self._texts
        return any(text in texts[item] for item in self._candidates(text))

    def _candidates(self, text: str) -> set[int]:
        pairs = []
        for start in range(len(text) - 1):
            found = self._by_pair.get(text[start : start + 2])
            if found is None:
                return set()
            pairs.append(found)
        pairs.sort(key=len)
        candidates = set(pairs[0])
        for found in pairs[1:]:
            candidates &= found
            if not candidates:
                break
        return candidates


class _PrefixIndex:
    """Sorted keys (pinyin or initials from each syllable on) → items, for prefix lookups."""

    def __init__(self, entries: list[tuple[str, int]]) -> None:
        entries.sort()
        self._keys = [key for key, _item in entries]
        self._items = [item for _key, item in entries]

    def with_prefix(self, prefix: str) -> set[int]:
        prefix = prefix[:_KEY_CHARS]
        low = bisect_left(self._keys, prefix)
        high = bisect_left(self._keys, prefix + "\uffff", low)
        return set(self._items[low:high])

    def has_prefix(self, prefix: str) -> bool:
        prefix = prefix[:_KEY_CHARS]
        low = bisect_left(self._keys, prefix)
        return low < len(self._keys) and self._keys[low].startswith(prefix)


@dataclass
class _Postings:
    name: set[int] = field(default_factory=set)
    keyword: set[int] = field(default_factory=set)
    description: set[int] = field(default_factory=set)


class _Reader:
    """Pinyin readings, with a cache of single characters' readings."""

    def __init__(self, counter: Callable[[], None] | None) -> None:
        self._chars: dict[str, str] = {}
        self._counter = counter

    def _pinyin(self, text: str, style: Style = Style.NORMAL) -> list[str]:
        if self._counter is not None:
            self._counter()
        return lazy_pinyin(text, style=style, errors=lambda chars: "?" * len(chars))

    def readings(self, text: str) -> list[_Reading]:
        """Every hanzi run of ``text`` read by phrase (重庆 = chongqing) and, where that
        differs, character by character (each character's most common reading)."""
        found: list[_Reading] = []
        for run in _HANZI_RUN.findall(text):
            phrase = tuple(syllable.replace("v", "u") for syllable in self._pinyin(run))
            if len(phrase) != len(run):  # not one syllable a character: cannot map back
                continue
            variants = {phrase, tuple(self._char(char) for char in run)}
            for syllables in sorted(variants):
                initials = "".join(syllable[0] for syllable in syllables)
                found.append(_Reading(run, syllables, initials))
        return found

    def _char(self, char: str) -> str:
        reading = self._chars.get(char)
        if reading is None:
            reading = self._pinyin(char)[0].replace("v", "u")
            self._chars[char] = reading
        return reading


def _aliases(name: str) -> list[_Alias]:
    """``name`` with each thesaurus term in it swapped for each other term of its group (the
    longest term wins where terms overlap: 居民身份证, not 身份证 inside it)."""
    spans: list[tuple[int, int, tuple[str, ...], str]] = []
    for group in thesaurus.CHINESE:
        for term in group:
            start = name.find(term)
            while start != -1:
                spans.append((start, start + len(term), group, term))
                start = name.find(term, start + 1)
    spans.sort(key=lambda span: (-(span[1] - span[0]), span[0]))
    taken: list[tuple[int, int]] = []
    aliases: list[_Alias] = []
    for start, end, group, term in spans:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        taken.append((start, end))
        for other in group:
            if other != term:
                aliases.append(_Alias(name[:start] + other + name[end:], term, other))
    return aliases


def _english_synonyms() -> dict[tuple[str, ...], tuple[str, ...]]:
    """English phrase (as words) → its synonyms (as " w1 w2 " texts)."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for group in thesaurus.ENGLISH:
        phrases = [tuple(_english_words(phrase)) for phrase in group]
        for phrase in phrases:
            others = tuple(_phrase_text(other) for other in phrases if other != phrase)
            table[phrase] = tuple(dict.fromkeys(table.get(phrase, ()) + others))
    return table


class SearchIndex:
    """Everything a search looks up, built once per catalogue (see the module docstring)."""

    def __init__(self, catalog: Catalog, *, pinyin_calls: Callable[[], None] | None) -> None:
        ordered = sorted(catalog.items, key=lambda item: (-item.popularity, item.code))
        reader = _Reader(pinyin_calls)
        self.catalog = catalog
        self._items: list[_Item] = [self._prepare(item, reader) for item in ordered]
        self._all = set(range(len(self._items)))
        self._names_text = _TextIndex()
        self._keywords_text = _TextIndex()
        self._aliases_text = _TextIndex()
        self._descriptions_text = _TextIndex()
        self._by_name: dict[str, set[int]] = defaultdict(set)
        self._by_code: dict[str, int] = {}
        self._by_first: dict[str, set[int]] = defaultdict(set)
        self._by_category: dict[str, set[int]] = defaultdict(set)
        self._by_audience: dict[str, set[int]] = defaultdict(set)
        self._by_mode: dict[str, set[int]] = defaultdict(set)
        self._postings: dict[str, _Postings] = defaultdict(_Postings)
        pinyin_name: list[tuple[str, int]] = []
        pinyin_other: list[tuple[str, int]] = []
        pinyin_starts: list[tuple[str, int]] = []
        initials: list[tuple[str, int]] = []
        for number, prepared in enumerate(self._items):
            self._index_item(number, prepared)
            for reading in prepared.name_readings:
                self._add_reading(number, reading, pinyin_name, initials)
            for reading, _text in prepared.other_readings:
                self._add_reading(number, reading, pinyin_other, initials)
            for reading in (*prepared.name_readings, *(r for r, _t in prepared.other_readings)):
                pinyin_starts.append(("".join(reading.syllables)[:_KEY_CHARS], number))
        self._pinyin_name = _PrefixIndex(pinyin_name)
        self._pinyin_other = _PrefixIndex(pinyin_other)
        self._pinyin_starts = _PrefixIndex(pinyin_starts)  # readings from their first syllable
        self._initials = _PrefixIndex(initials)
        american = thesaurus.american_forms()
        spelled: dict[str, str] = {word: word for word in self._postings}
        for word in list(self._postings):
            if word in american:
                spelled.setdefault(american[word], word)
        self._american = american
        self._spelled = spelled  # a spelling (British, or American) → the vocabulary word
        self._vocabulary_keys = sorted(spelled)
        self._typo_vocabulary = sorted(word for word in self._postings if len(word) >= 3)
        self._synonyms = _english_synonyms()
        self._longest_phrase = max((len(phrase) for phrase in self._synonyms), default=1)
        # word → its corrections: a plain dict owned by the index (no cycle through a cache
        # wrapper), holding what citizens typed until ``forget_typed``; never a word with a digit
        self._corrections: dict[str, tuple[str, ...]] = {}
        self._pinyin_corrections: dict[str, tuple[str, ...]] = {}
        self._syllables = frozenset(
            syllable
            for prepared in self._items
            for reading in (*prepared.name_readings, *(r for r, _t in prepared.other_readings))
            for syllable in reading.syllables
        )

    @classmethod
    def build(
        cls, catalog: Catalog, *, pinyin_calls: Callable[[], None] | None = None
    ) -> SearchIndex:
        """The index of ``catalog`` (slow: pinyin of every name). ``pinyin_calls`` is called
        once per call into pypinyin (tests count them: searching makes none)."""
        return cls(catalog, pinyin_calls=pinyin_calls)

    def __len__(self) -> int:
        return len(self._items)

    def forget_typed(self) -> None:
        """Forget everything kept from what was typed (the typo corrections remembered): called
        when a citizen's journey ends, so nothing one citizen typed outlives their session."""
        self._corrections.clear()
        self._pinyin_corrections.clear()

    def clear_cache(self) -> None:
        """Forget the typo corrections made so far (a benchmark's next round then measures
        them again, as a new citizen's typing would)."""
        self.forget_typed()

    # -------------------------------------------------------------------------- building

    @staticmethod
    def _prepare(item: CatalogItem, reader: _Reader) -> _Item:
        name = _compact(item.name.zh)
        keywords = tuple(
            (_compact(keyword), keyword) for keyword in item.keywords if _HANZI_RUN.search(keyword)
        )
        found = [alias for text in (name, *(c for c, _w in keywords)) for alias in _aliases(text)]
        aliases = tuple(dict.fromkeys(found))
        english_keywords = tuple(
            (_phrase_text(words), keyword)
            for keyword in item.keywords
            if (words := _english_words(keyword))
        )
        english_name = tuple(_english_words(item.name.en))
        others: list[tuple[_Reading, str]] = []
        for text in [compact for compact, _written in keywords] + [a.text for a in aliases]:
            others.extend((reading, text) for reading in reader.readings(text))
        return _Item(
            item=item,
            name=name,
            keywords=keywords,
            aliases=aliases,
            description=_compact(item.description.zh),
            english_name=english_name,
            english_name_text=_phrase_text(english_name),
            english_keywords=english_keywords,
            english_description=_phrase_text(_english_words(item.description.en)),
            name_readings=tuple(reader.readings(name)),
            other_readings=tuple(others),
        )

    def _index_item(self, number: int, prepared: _Item) -> None:
        item = prepared.item
        self._names_text.add(number, [prepared.name])
        self._by_code.setdefault(_code_key(item.code), number)
        self._by_name[prepared.name].add(number)
        if prepared.name:
            self._by_first[prepared.name[0]].add(number)
        self._keywords_text.add(number, [compact for compact, _written in prepared.keywords])
        self._aliases_text.add(number, [alias.text for alias in prepared.aliases])
        self._descriptions_text.add(number, [prepared.description])
        self._by_category[item.category].add(number)
        audiences = ("individual", "enterprise") if item.audience == "both" else (item.audience,)
        for audience in audiences:
            self._by_audience[audience].add(number)
        self._by_mode[item.mode].add(number)
        for word in prepared.english_name:
            if word not in _STOPWORDS:
                self._postings[word].name.add(number)
        for text, _written in prepared.english_keywords:
            for word in text.split():
                if word not in _STOPWORDS:
                    self._postings[word].keyword.add(number)
        for word in prepared.english_description.split():
            if word not in _STOPWORDS:
                self._postings[word].description.add(number)

    @staticmethod
    def _add_reading(
        number: int,
        reading: _Reading,
        pinyin: list[tuple[str, int]],
        initials: list[tuple[str, int]],
    ) -> None:
        syllables = reading.syllables
        for start in range(len(syllables)):
            pinyin.append(("".join(syllables[start:])[:_KEY_CHARS], number))
            initials.append((reading.initials[start:][:_KEY_CHARS], number))

    # -------------------------------------------------------------------------- searching

    def search(
        self,
        query: str,
        *,
        category: str | None = None,
        audience: SearchAudience | None = None,
        mode: str | None = None,
        limit: int = 50,
    ) -> SearchResult:
        """The items matching ``query`` (see the module docstring), within the filters:
        ``category`` and ``mode`` as the catalogue names them, ``audience`` including the
        items for both. Never raises for any text."""
        text = normalise(query) if isinstance(query, str) else ""
        allowed = self._allowed(category, audience, mode)
        limit = max(0, limit)
        terms = self._terms(text)
        if not terms:
            ids = self._all if allowed is None else allowed
            listed = heapq.nsmallest(limit, ids)
            hits = tuple(Hit(self._items[number].item, 0, ()) for number in listed)
            return SearchResult(text, hits, len(ids))
        coded = self._by_code.get(_code_key(text))
        if coded is not None:  # the item's code typed (CY-SCJG-001, cyscjg001): that item
            ids = {coded} if allowed is None else {coded} & allowed
            reason = Reason(MatchKind.CODE, Level.CODE, text, self._items[coded].item.code)
            hits = tuple(
                Hit(self._items[number].item, len(Level) - Level.CODE, (reason,))
                for number in sorted(ids)[:limit]
            )
            return SearchResult(text, hits, len(ids))
        corrections: dict[str, tuple[str, ...]] = {}
        matches = [self._match(term, corrections) for term in terms]
        combined = _all_of(matches, allowed)
        total = sum(len(ids) for _level, ids in combined.buckets)
        if total == 0 and len(terms) > 1:
            return self._most_terms(
                text, terms, matches, allowed=allowed, limit=limit, corrections=corrections
            )
        chosen: list[tuple[Level, int]] = []
        for level, ids in combined.buckets:
            if len(chosen) >= limit:
                break
            chosen.extend((level, number) for number in heapq.nsmallest(limit - len(chosen), ids))
        hits = tuple(
            Hit(
                self._items[number].item,
                len(Level) - level,
                tuple(
                    reason
                    for term, match in zip(terms, matches, strict=True)
                    for reason in self._explain(term, match, number, corrections)
                ),
            )
            for level, number in chosen
        )
        found = tuple(Correction(word, words) for word, words in corrections.items() if words)
        return SearchResult(text, hits, total, found)

    def _most_terms(
        self,
        text: str,
        terms: list[_Term],
        matches: list[_Match],
        *,
        allowed: set[int] | None,
        limit: int,
        corrections: dict[str, tuple[str, ...]],
    ) -> SearchResult:
        """No item has every term: the items with the most of them, then by their weakest
        term's level, then the most asked-for; a term an item lacks is a NOT_FOUND reason."""
        counts: dict[int, int] = defaultdict(int)
        weakest: dict[int, Level] = {}
        for match in matches:
            for level, ids in match.buckets:
                for number in ids if allowed is None else ids & allowed:
                    counts[number] += 1
                    weakest[number] = max(weakest.get(number, level), level)
        chosen = heapq.nsmallest(
            limit, counts, key=lambda number: (-counts[number], weakest[number], number)
        )
        hits = []
        for number in chosen:
            reasons: list[Reason] = []
            for term, match in zip(terms, matches, strict=True):
                found = self._explain(term, match, number, corrections)
                reasons.extend(
                    found or (Reason(MatchKind.NOT_FOUND, Level.NOT_FOUND, term.text, term.text),)
                )
            hits.append(Hit(self._items[number].item, len(Level) - weakest[number], tuple(reasons)))
        found_words = tuple(Correction(w, c) for w, c in corrections.items() if c)
        return SearchResult(text, tuple(hits), len(counts), found_words)

    def _allowed(
        self, category: str | None, audience: str | None, mode: str | None
    ) -> set[int] | None:
        allowed: set[int] | None = None
        for table, key in (
            (self._by_category, category),
            (self._by_audience, audience),
            (self._by_mode, mode),
        ):
            if key is not None:
                ids = table.get(key, set())
                allowed = set(ids) if allowed is None else allowed & ids
        return allowed

    # -------------------------------------------------------------------------- query terms

    def _terms(self, text: str) -> list[_Term]:
        tokens: list[str] = []
        for chunk in text.split():
            tokens.extend(match.group(0) for match in _RUN.finditer(chunk))
        terms: list[_Term] = []
        index = 0
        while index < len(tokens) and len(terms) < MAX_TERMS:
            token = tokens[index]
            if _HANZI_RUN.fullmatch(token):
                terms.append(_Hanzi(token))
                index += 1
                continue
            run = index
            while run < len(tokens) and not _HANZI_RUN.fullmatch(tokens[run]):
                run += 1
            terms.extend(self._latin_terms(tokens[index:run], last=run == len(tokens)))
            index = run
        if not terms and tokens:  # only filler words ("of the"): they are the query then
            terms = [self._latin(token) for token in tokens]
        return terms[:MAX_TERMS]

    def _latin_terms(self, words: list[str], *, last: bool) -> list[_Term]:
        """Latin words into terms: thesaurus phrases, pinyin spelt over several words, single
        words; English filler words (of, the) dropped, unless being typed (the last word)."""
        terms: list[_Term] = []
        index = 0
        while index < len(words):
            taken = self._phrase_at(words, index)
            if taken:
                english = tuple(thesaurus.british(word) for word in words[index : index + taken])
                terms.append(
                    _Phrase(
                        " ".join(words[index : index + taken]),
                        tuple(self._latin(word) for word in words[index : index + taken]),
                        self._synonyms[english],
                    )
                )
                index += taken
                continue
            taken = self._pinyin_run_at(words, index)
            if taken > 1:
                spelt = "".join(_pinyin_form(word) for word in words[index : index + taken])
                terms.append(_PinyinRun(" ".join(words[index : index + taken]), spelt))
                index += taken
                continue
            word = words[index]
            typing = last and index == len(words) - 1
            if word not in _STOPWORDS or (typing and self._known_prefix(word)):
                terms.append(self._latin(word))
            index += 1
        return terms

    def _latin(self, word: str) -> _Latin:
        english = thesaurus.british(word)
        return _Latin(word, english, _pinyin_form(word), self._synonyms.get((english,), ()))

    def _phrase_at(self, words: list[str], index: int) -> int:
        """How many words from ``index`` form a thesaurus phrase of two words or more (0:
        none; single words carry their synonyms themselves)."""
        for size in range(min(self._longest_phrase, len(words) - index), 1, -1):
            english = tuple(thesaurus.british(word) for word in words[index : index + size])
            if english in self._synonyms:
                return size
        return 0

    def _pinyin_run_at(self, words: list[str], index: int) -> int:
        for size in range(min(8, len(words) - index), 1, -1):
            spelt = "".join(_pinyin_form(word) for word in words[index : index + size])
            if spelt.isalpha() and (
                self._pinyin_name.has_prefix(spelt) or self._pinyin_other.has_prefix(spelt)
            ):
                return size
        return 1

    def _known_prefix(self, word: str) -> bool:
        english = thesaurus.british(word)
        low = bisect_left(self._vocabulary_keys, english)
        return low < len(self._vocabulary_keys) and self._vocabulary_keys[low].startswith(english)

    # -------------------------------------------------------------------------- matching

    def _match(self, term: _Term, corrections: dict[str, tuple[str, ...]]) -> _Match:
        if isinstance(term, _Hanzi):
            return self._match_hanzi(term.text, corrections)
        if isinstance(term, _PinyinRun):
            return _disjoint(self._pinyin_levels(term.pinyin))
        if isinstance(term, _Phrase):
            parts = [self._match_latin(word, corrections) for word in term.words]
            words = _all_of(parts, None)
            synonyms = self._synonym_items(term.synonyms)
            match = _disjoint([*words.buckets, (Level.ENGLISH_SYNONYM, synonyms)])
            return _Match(match.buckets, tuple(parts))
        return self._match_latin(term, corrections)

    def _match_hanzi(self, text: str, corrections: dict[str, tuple[str, ...]]) -> _Match:
        whole = _disjoint(self._hanzi_levels(text))
        if whole.buckets and whole.buckets[0][0] <= Level.NAME:
            return whole
        # found as typed only in other names (or not at all): also look for its pieces, so
        # 公积金提取 (a keyword of one item) also finds 购房提取住房公积金
        split = self._split_hanzi(text, cut=bool(whole.buckets))
        if split is None:
            return whole
        if not whole.buckets:
            return split
        direct = whole.items
        best = whole.buckets[0][0]  # the pieces rank after the hits of the query as typed
        pieces = [(max(level, best), ids - direct) for level, ids in split.buckets]
        merged = _disjoint([*whole.buckets, *pieces])
        return replace(split, buckets=merged.buckets, direct=direct)

    def _split_hanzi(self, text: str, *, cut: bool) -> _Match | None:
        """``text`` without filler words and cut into the pieces the catalogue knows, every
        piece required; ``cut``: even when some item has the whole of it (then only into pieces
        of names, with no character left out). None when that leaves nothing new, or a single
        lone character of a longer query (低保 → 保 would find the 社会保障卡: not what was
        asked for)."""
        longest = len(text) - 1 if cut else len(text)
        pieces: list[str] = []
        partial = False
        for part in _split_fillers(text):
            segments = self._segments(part, longest, in_names=cut)
            if cut and "".join(segments) != part:
                return None  # found as typed: its pieces only if names have all of it
            partial = partial or segments != [part]
            pieces.extend(segments)
        parts = list(dict.fromkeys(pieces))  # a piece twice adds nothing
        if any(len(part) > 1 for part in parts):  # lone characters (去, 哪) only with no words
            parts = [part for part in parts if len(part) > 1]
        elif len(parts) < 2:
            return None
        parts = parts[:MAX_TERMS]
        if parts == [text] or not parts:
            return None
        matches = [_disjoint(self._hanzi_levels(part)) for part in parts]
        buckets = _all_of(matches, None).buckets
        return _Match(buckets, tuple(matches), tuple(parts), partial=partial)

    def _segments(self, text: str, longest: int, *, in_names: bool = False) -> list[str]:
        """A Chinese query no item has as one piece, cut into the longest pieces (at most
        ``longest`` characters) that are in some item's name or other names (``in_names``: in
        a name), left to right (买房取公积金 → 买房, 取公积金); a
        character in none of them is dropped. Only the first ``_SEGMENTED`` characters."""
        known = self._in_names if in_names else self._known
        if len(text) <= longest and known(text):
            return [text]
        text = text[:_SEGMENTED]
        pieces: list[str] = []
        start = 0
        while start < len(text):
            end = start + 1
            if not known(text[start:end]):
                start = end
                continue
            # a piece in some text has every shorter piece of it there too: extend while known
            while end < len(text) and end - start < longest and known(text[start : end + 1]):
                end += 1
            pieces.append(text[start:end])
            start = end
        return pieces

    def _in_names(self, text: str) -> bool:
        """Some item's name contains ``text``."""
        return self._names_text.has(text)

    def _known(self, text: str) -> bool:
        """Some item's name, keyword or synonym-read name contains ``text``."""
        return (
            self._names_text.has(text)
            or self._keywords_text.has(text)
            or self._aliases_text.has(text)
        )

    def _hanzi_levels(self, text: str) -> list[tuple[Level, set[int]]]:
        items = self._items
        names = self._names_text.containing(text)
        start = self._by_first.get(text[0], set()) & names
        if len(text) > 1:
            start = {number for number in start if items[number].name.startswith(text)}
        return [
            (Level.NAME_EXACT, self._by_name.get(text, set())),
            (Level.NAME_START, start),
            (Level.NAME, names),
            (Level.KEYWORD, self._keywords_text.containing(text)),
            (Level.SYNONYM, self._aliases_text.containing(text)),
            (Level.DESCRIPTION, self._descriptions_text.containing(text)),
        ]

    def _pinyin_levels(self, pinyin: str) -> list[tuple[Level, set[int]]]:
        if not pinyin.isalpha():
            return []
        found = [
            (Level.PINYIN_NAME, self._pinyin_name.with_prefix(pinyin)),
            (Level.PINYIN_OTHER, self._pinyin_other.with_prefix(pinyin)),
        ]
        if len(pinyin) >= 2:
            found.append((Level.INITIALS, self._initials.with_prefix(pinyin)))
        if len(pinyin) > _KEY_CHARS:
            found = [
                (level, {number for number in ids if self._reads(number, level, pinyin)})
                for level, ids in found
            ]
        return found

    def _reads(self, number: int, level: Level, pinyin: str) -> bool:
        return self._reading_at(number, level, pinyin) is not None

    def _match_latin(self, term: _Latin, corrections: dict[str, tuple[str, ...]]) -> _Match:
        found = self._pinyin_levels(term.pinyin)
        found.extend(self._english_levels(term.english))
        if term.synonyms:
            found.append((Level.ENGLISH_SYNONYM, self._synonym_items(term.synonyms)))
        match = _disjoint(found)
        if match.buckets or len(term.english) < 3 or _HAS_DIGIT.search(term.english):
            return match  # a word with digits is a number, not a misspelt word
        corrected = self._correct(term.english)
        typos: list[tuple[Level, set[int]]] = []
        if not corrected and len(term.pinyin) >= _PINYIN_TYPO and term.pinyin.isalpha():
            corrected = self._correct_pinyin(term.pinyin)
            for spelt in corrected:
                typos.extend((Level.TYPO, ids) for _level, ids in self._pinyin_levels(spelt)[:2])
        else:
            for word in corrected:
                postings = self._postings[word]
                typos.append((Level.TYPO, postings.name | postings.keyword))
                typos.append((Level.TYPO_DESCRIPTION, set(postings.description)))
        corrections[term.text] = corrected
        return _disjoint(typos)

    def _vocabulary_with_prefix(self, prefix: str) -> Iterator[str]:
        keys = self._vocabulary_keys
        index = bisect_left(keys, prefix)
        while index < len(keys) and keys[index].startswith(prefix):
            yield self._spelled[keys[index]]
            index += 1

    def _english_levels(self, english: str) -> list[tuple[Level, set[int]]]:
        """The word itself in names and other names first, then words it begins (car: card)."""
        exact = self._spelled.get(english)
        found: list[tuple[Level, set[int]]] = []
        if exact is not None:
            postings = self._postings[exact]
            found += [
                (Level.ENGLISH_NAME, postings.name),
                (Level.ENGLISH_KEYWORD, postings.keyword),
            ]
        name: set[int] = set()
        keyword: set[int] = set()
        description: set[int] = set()
        for word in set(self._vocabulary_with_prefix(english)):
            postings = self._postings[word]
            name |= postings.name
            keyword |= postings.keyword
            description |= postings.description
        return [
            *found,
            (Level.ENGLISH_NAME_PREFIX, name),
            (Level.ENGLISH_KEYWORD_PREFIX, keyword),
            (Level.DESCRIPTION, description),
        ]

    def _synonym_items(self, phrases: tuple[str, ...]) -> set[int]:
        found: set[int] = set()
        items = self._items
        for phrase in phrases:
            words = phrase.split()
            postings = [self._postings.get(word) for word in words]
            if not words or any(posting is None for posting in postings):
                continue
            candidates = set.intersection(
                *((posting.name | posting.keyword) for posting in postings if posting is not None)
            )
            found |= {
                number
                for number in candidates
                if phrase in items[number].english_name_text
                or any(phrase in text for text, _written in items[number].english_keywords)
            }
        return found

    def _correct(self, word: str) -> tuple[str, ...]:
        """``_correct_word``, remembered for words without a digit (a digit may be part of a
        phone or identity number: never kept), at most ``_CORRECTION_CACHE`` of them."""
        if _HAS_DIGIT.search(word):
            return self._correct_word(word)
        cache = self._corrections
        found = cache.get(word)
        if found is None:
            found = self._correct_word(word)
            if len(cache) >= _CORRECTION_CACHE:
                cache.clear()
            cache[word] = found
        return found

    def _correct_pinyin(self, pinyin: str) -> tuple[str, ...]:
        """The longest pinyin spellings one edit from ``pinyin`` (a swap of two letters is one)
        that are whole syllables and begin the reading of a name or another name (gongjijn →
        gongjijin, shebo → shebao; not the middle of one: zhangwei is not 保障备案's zhangbei);
        remembered like ``_correct``."""
        found = self._pinyin_corrections.get(pinyin)
        if found is not None:
            return found
        letters = "abcdefghijklmnopqrstuwxyz"
        splits = [(pinyin[:at], pinyin[at:]) for at in range(len(pinyin) + 1)]
        edits = {left + right[1:] for left, right in splits if right}
        edits |= {
            left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1
        }
        edits |= {left + char + right[1:] for left, right in splits if right for char in letters}
        edits |= {left + char + right for left, right in splits for char in letters}
        edits.discard(pinyin)
        ranked = sorted(
            (-len(edit), edit)
            for edit in edits
            if self._pinyin_starts.has_prefix(edit) and self._spells(edit)
        )
        # the longest only: gongjijn → gongjijin, not gongjiji
        found = tuple(edit for size, edit in ranked if size == ranked[0][0])[:_MAX_CORRECTIONS]
        if len(self._pinyin_corrections) >= _CORRECTION_CACHE:
            self._pinyin_corrections.clear()
        self._pinyin_corrections[pinyin] = found
        return found

    def _spells(self, pinyin: str) -> bool:
        """``pinyin`` is whole syllables the catalogue's readings use (she bao, not sheb)."""
        syllables = self._syllables
        ends = [True] + [False] * len(pinyin)
        for end in range(1, len(pinyin) + 1):
            ends[end] = any(
                ends[start] and pinyin[start:end] in syllables
                for start in range(max(0, end - _LONGEST_SYLLABLE), end)
            )
        return ends[-1]

    def _correct_word(self, word: str) -> tuple[str, ...]:
        """The vocabulary words nearest ``word`` within 1 edit (2 from six letters on; a
        swap of two letters is one edit), the nearest only."""
        allowed = 1 if len(word) <= 5 else 2
        found = process.extract(
            word,
            self._typo_vocabulary,
            scorer=OSA.distance,
            score_cutoff=allowed,
            limit=None,
        )
        if not found:
            return ()
        best = min(distance for _word, distance, _index in found)
        nearest = sorted(w for w, distance, _index in found if distance == best)
        return tuple(nearest[:_MAX_CORRECTIONS])

    # -------------------------------------------------------------------------- explaining
    # Per hit and per item only: nothing here looks at the whole catalogue again.

    def _explain(
        self,
        term: _Term,
        match: _Match,
        number: int,
        corrections: dict[str, tuple[str, ...]],
    ) -> tuple[Reason, ...]:
        level = match.level_of(number)
        if level is None:
            return ()
        if isinstance(term, _Phrase):
            if level is Level.ENGLISH_SYNONYM:
                return (self._synonym_reason(term.text, term.synonyms, number),)
            return tuple(
                reason
                for word, part in zip(term.words, match.parts, strict=True)
                for reason in self._explain(word, part, number, corrections)
            )
        if isinstance(term, _Hanzi):
            if match.parts and number not in match.direct:  # filler words dropped, cut in pieces
                return tuple(
                    replace(reason, partial=match.partial)
                    for text, part in zip(match.texts, match.parts, strict=True)
                    for reason in self._explain(_Hanzi(text), part, number, corrections)
                )
            return (self._explain_hanzi(term.text, level, number),)
        if isinstance(term, _PinyinRun):
            return (self._explain_pinyin(term.text, term.pinyin, level, number),)
        return (self._explain_latin(term, level, number, corrections),)

    def _explain_hanzi(self, text: str, level: Level, number: int) -> Reason:
        item = self._items[number]
        kind = _KIND_OF_LEVEL[level]
        if kind is MatchKind.KEYWORD:
            written = next((w for c, w in item.keywords if text in c), text)
            return Reason(kind, level, text, written)
        if kind is MatchKind.SYNONYM:
            alias = next((a for a in item.aliases if text in a.text), None)
            if alias is not None:
                return Reason(kind, level, alias.used, alias.original)
        return Reason(kind, level, text, text)

    def _explain_latin(
        self, term: _Latin, level: Level, number: int, corrections: dict[str, tuple[str, ...]]
    ) -> Reason:
        item = self._items[number]
        kind = _KIND_OF_LEVEL[level]
        if kind in (MatchKind.PINYIN, MatchKind.INITIALS):
            return self._explain_pinyin(term.text, term.pinyin, level, number)
        if level is Level.ENGLISH_SYNONYM:
            return self._synonym_reason(term.text, term.synonyms, number)
        if kind is MatchKind.TYPO and any(
            w not in self._postings for w in corrections.get(term.text, ())
        ):
            for spelt in corrections[term.text]:  # a pinyin typo: the hanzi it spells
                for pinyin_level in (Level.PINYIN_NAME, Level.PINYIN_OTHER):
                    hanzi = self._reading_at(number, pinyin_level, spelt)
                    if hanzi is not None:
                        return Reason(kind, level, term.text, hanzi, corrections[term.text])
        if kind is MatchKind.TYPO:
            corrected = corrections.get(term.text, ())
            texts = [item.english_name_text] + [t for t, _w in item.english_keywords]
            if level is Level.TYPO_DESCRIPTION:
                texts = [item.english_description]
            word = next(
                (w for w in corrected if any(f" {w} " in t for t in texts)),
                corrected[0] if corrected else term.text,
            )
            return Reason(kind, level, term.text, word, corrected)
        if level in (Level.ENGLISH_KEYWORD, Level.ENGLISH_KEYWORD_PREFIX):
            written = next(
                (w for t, w in item.english_keywords if self._has_prefix(t.split(), term.english)),
                term.text,
            )
            return Reason(kind, level, term.text, written)
        words = (
            item.english_name
            if level in (Level.ENGLISH_NAME, Level.ENGLISH_NAME_PREFIX)
            else item.english_description.split()
        )
        found = next((w for w in words if self._has_prefix((w,), term.english)), term.english)
        return Reason(kind, level, term.text, found)

    def _has_prefix(self, words: Iterable[str], prefix: str) -> bool:
        """One of ``words`` starts with ``prefix`` (in its British or American spelling)."""
        return any(
            word.startswith(prefix) or self._american.get(word, word).startswith(prefix)
            for word in words
            if word not in _STOPWORDS
        )

    def _synonym_reason(self, text: str, synonyms: tuple[str, ...], number: int) -> Reason:
        item = self._items[number]
        texts = [item.english_name_text] + [t for t, _w in item.english_keywords]
        phrase = next((p for p in synonyms if any(p in t for t in texts)), " ")
        return Reason(MatchKind.SYNONYM, Level.ENGLISH_SYNONYM, text, phrase.strip())

    def _explain_pinyin(self, text: str, pinyin: str, level: Level, number: int) -> Reason:
        found = self._reading_at(number, level, pinyin)
        return Reason(_KIND_OF_LEVEL[level], level, text, pinyin if found is None else found)

    def _reading_at(self, number: int, level: Level, pinyin: str) -> str | None:
        """The hanzi of the item's reading that ``pinyin`` spells (at ``level``), or None."""
        item = self._items[number]
        if level is Level.PINYIN_NAME:
            readings = list(item.name_readings)
        elif level is Level.PINYIN_OTHER:
            readings = [reading for reading, _text in item.other_readings]
        else:
            readings = [*item.name_readings, *(reading for reading, _t in item.other_readings)]
        for reading in readings:
            syllables = reading.syllables
            for start in range(len(syllables)):
                if level is Level.INITIALS:
                    if reading.initials.startswith(pinyin, start):
                        return reading.hanzi[start : start + len(pinyin)]
                    continue
                if "".join(syllables[start:]).startswith(pinyin):
                    end, length = start, 0
                    while length < len(pinyin):
                        length += len(syllables[end])
                        end += 1
                    return reading.hanzi[start:end]
        return None


def _split_fillers(text: str) -> list[str]:
    """A Chinese query split at the filler words around a request (我要, 怎么办)."""
    parts = [text]
    for filler in thesaurus.QUERY_FILLERS:
        parts = [piece for part in parts for piece in part.split(filler)]
    return [part for part in parts if part]
