"""Chinese names in pinyin for the English interface (kiosk.domain.names.pinyin_of)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from kiosk.domain.names import COMPOUND_SURNAMES, SURNAME_READINGS, has_han, pinyin_of

# The basic block of CJK ideographs (the characters of almost every name).
han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
han_names = st.text(han, min_size=1, max_size=6)
latin_names = st.text(
    st.characters(codec="latin-1", categories=["Lu", "Ll", "Zs", "Pd", "Po"]), max_size=40
)
SYLLABLE_LETTERS = "abcdefghijklmnopqrstuvwxyzü'"


def _unreadable(character: str) -> bool:
    """A character pypinyin has no reading for (a few rare ones): it stays as it is."""
    return lazy_pinyin(character, style=Style.NORMAL) == [character]


@pytest.mark.parametrize(
    ("name", "pinyin"),
    [
        ("张三", "Zhang San"),
        ("欧阳娜娜", "Ouyang Nana"),
        ("司马光", "Sima Guang"),
        ("诸葛亮", "Zhuge Liang"),
        ("长孙无忌", "Zhangsun Wuji"),
        ("曾国藩", "Zeng Guofan"),
        ("单田芳", "Shan Tianfang"),
        ("王欣安", "Wang Xin'an"),
        ("吕布", "Lü Bu"),
        ("张", "Zhang"),
        ("阿依古丽·买买提", "Ayiguli Maimaiti"),
        ("李小川（演示）", "Li Xiaochuan (Yanshi)"),
        ("Anna Demo MÜLLER", "Anna Demo MÜLLER"),
        ("", ""),
    ],
)
def test_reviewed_names(name: str, pinyin: str) -> None:
    assert pinyin_of(name) == pinyin


@given(latin_names)
def test_a_name_without_chinese_characters_is_unchanged(name: str) -> None:
    assert not has_han(name)
    assert pinyin_of(name) == name


@given(han_names)
def test_a_chinese_name_is_surname_then_given_name_in_latin_letters(name: str) -> None:
    pinyin = pinyin_of(name)
    words = pinyin.split(" ")
    assert len(words) == (2 if len(name) > 1 and name not in COMPOUND_SURNAMES else 1)
    for word in words:
        assert word[:1].isupper() or _unreadable(word[:1])
        assert all(ch in SYLLABLE_LETTERS or _unreadable(ch) for ch in word[1:].lower())
    # Only characters pypinyin cannot read survive; every other one became letters.
    assert all(_unreadable(ch) for ch in pinyin if has_han(ch))


@given(han_names)
def test_the_surname_is_the_first_word(name: str) -> None:
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    reading = SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, v_to_u=True))
    first = pinyin_of(name).split(" ")[0]
    assert first.lower().replace("'", "") == reading


@given(st.sampled_from(sorted(COMPOUND_SURNAMES)), st.text(han, min_size=1, max_size=2))
def test_a_compound_surname_is_one_word(surname: str, given_name: str) -> None:
    first, *rest = pinyin_of(surname + given_name).split(" ")
    assert len(rest) == 1
    assert first == pinyin_of(surname)


@given(han_names)
def test_romanising_twice_changes_nothing(name: str) -> None:
    once = pinyin_of(name)
    if not has_han(once):
        assert pinyin_of(once) == once


@given(han_names)
def test_an_apostrophe_only_before_a_syllable_starting_with_a_vowel(name: str) -> None:
    for match in re.finditer("'", pinyin_of(name)):
        following = pinyin_of(name)[match.end() :]
        assert following[:1] in ("a", "o", "e")
