"""Catalogue search and privacy: nothing a citizen typed stays reachable from the index once the
journey is over (``forget_typed``), and a word with a digit in it (a phone or identity number) is
never kept at all."""

from __future__ import annotations

import gc
import types
import weakref

from kiosk.catalog.search import SearchIndex
from kiosk.domain.catalog import bundled_catalog

_NOT_DATA = (
    *(type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.CodeType),
    *(int, float, bytes),
)


def reachable_strings(root: object, bound: int = 2_000_000) -> set[str]:
    """Every str reachable from ``root``'s data (not through classes, modules or functions:
    those are the program, shared by every index), at most ``bound`` objects visited."""
    seen: set[int] = set()
    found: set[str] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        assert len(seen) < bound, "the walk did not end"
        if isinstance(obj, str):
            found.add(obj)
            continue
        if isinstance(obj, _NOT_DATA):
            continue
        stack.extend(gc.get_referents(obj))
        # a dict of str keys does not show its keys to the collector, nor an instance its dict
        if isinstance(obj, dict):
            stack.extend(obj)
        instance_dict = getattr(obj, "__dict__", None)
        if isinstance(instance_dict, dict):
            stack.append(instance_dict)
    return found


TYPED = ("13812345678", "zhangwei", "wangxiaoqiang")


def test_a_digit_word_is_never_kept_and_nothing_typed_outlives_forget_typed() -> None:
    index = SearchIndex.build(bundled_catalog())
    assert not set(TYPED) & reachable_strings(index)
    index.search("13812345678")
    assert "13812345678" not in reachable_strings(index), "a number was kept before forgetting"
    index.search("zhangwei")
    index.search("wangxiaoqiang")
    assert "wangxiaoqiang" in reachable_strings(index)  # the walk does see the words kept
    index.forget_typed()
    assert not set(TYPED) & reachable_strings(index)


def test_the_index_is_freed_without_the_cycle_collector() -> None:
    index = SearchIndex.build(bundled_catalog())
    index.search("zhangwei")
    index.search("buisness")
    gc.disable()
    try:
        alive = weakref.ref(index)
        del index
        assert alive() is None, "the index is held in a reference cycle"
    finally:
        gc.enable()
