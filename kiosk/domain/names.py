"""Chinese personal names in Hanyu Pinyin, for the English interface: ``pinyin_of("张三")`` is
``"Zhang San"``.

Written as names are romanised (GB/T 28039, the rules for Chinese personal names in pinyin):
the surname first, then the given name as one word, each capitalised, without tone marks;
``ü`` stays ``ü`` ("Lü Bu"), and an apostrophe separates a syllable starting with a, o or e from
the one before it ("Xin'an"). Compound surnames (复姓) are one word ("欧阳娜娜" is
"Ouyang Nana"); surnames read otherwise than the same character in a word have their own
reading ("曾" is Zeng, "单" Shan). A name in parts joined by a middle dot (names of ethnic
minorities, "阿依古丽·买买提") gives one word a part. A name without Chinese characters is
returned unchanged; other characters after the name (a bracketed note) are kept, full-width
forms made half-width.

Thread contract: a pure function; any thread. pypinyin is imported on first use (it loads a
large dictionary).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

# Compound surnames (复姓) in use today, and a few historical ones still met.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
        "宇文", "司徒", "司空", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门",
        "万俟", "闻人", "澹台", "公羊", "赫连", "钟离", "太史", "申屠", "呼延", "濮阳",
        "拓跋", "百里", "东郭", "第五", "公冶", "左丘", "单于", "乐正", "谷梁", "淳于",
    }
)  # fmt: skip
# Surnames whose reading differs from the character's usual one.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao",
    "查": "zha", "盖": "ge", "乐": "yue", "覃": "qin", "缪": "miao", "翟": "zhai",
    "种": "chong", "秘": "bi", "召": "shao", "繁": "po", "员": "yun", "句": "gou",
    "尉": "yu", "黑": "he", "牟": "mou", "折": "she", "祭": "zhai", "阚": "kan",
    "长孙": "zhangsun", "尉迟": "yuchi", "万俟": "moqi", "单于": "chanyu", "乐正": "yuezheng",
}  # fmt: skip
NAME_DOTS = "·・•‧"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_RUNS = re.compile(rf"(?:{_HAN.pattern}|[{NAME_DOTS}])+")
_VOWEL_START = ("a", "o", "e")


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return _HAN.search(text) is not None


@cache
def _converter() -> Callable[[str], list[str]]:
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 - a large dictionary, loaded once

    def syllables(text: str) -> list[str]:
        # A character pypinyin cannot read (a few rare ones) stays as it is.
        return [str(item) for item in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)]

    return syllables


def _syllables(text: str) -> list[str]:
    return _converter()(text)


def _word(syllables: list[str]) -> str:
    """Syllables as one capitalised word, with apostrophes where a syllable could run on."""
    word = ""
    for syllable in syllables:
        if word and syllable.startswith(_VOWEL_START) and word[-1].isalpha():
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def _split_surname(name: str) -> tuple[str, str]:
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _person(name: str) -> str:
    """A name of Chinese characters (one part): surname, then given name."""
    surname, given = _split_surname(name)
    reading = SURNAME_READINGS.get(surname)
    words = [_word([reading] if reading else _syllables(surname))]
    if given:
        words.append(_word(_syllables(given)))
    return " ".join(words)


def pinyin_of(name: str) -> str:
    """``name`` in pinyin ("张三" is "Zhang San"); unchanged when it has no Chinese character."""
    if not has_han(name):
        return name
    text = ""
    position = 0
    for run in _RUNS.finditer(name):
        text = _join(text, unicodedata.normalize("NFKC", name[position : run.start()]))
        parts = [part for part in re.split(f"[{NAME_DOTS}]", run.group()) if part]
        if position == 0 and run.start() == 0 and len(parts) == 1:
            text = _join(text, _person(parts[0]))
        else:
            text = _join(text, " ".join(_word(_syllables(part)) for part in parts))
        position = run.end()
    return _join(text, unicodedata.normalize("NFKC", name[position:]))


def _join(left: str, right: str) -> str:
    """Two pieces of the romanised name, a space between words (and before a bracket)."""
    if left and right and left[-1].isalnum() and (right[0].isalnum() or right[0] in "(["):
        return f"{left} {right}"
    return left + right
