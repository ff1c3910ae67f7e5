"""Results a report asks for more than once (per plan, per commitment), computed once per loaded tables.

A report's sections ask for the same plan's coverage, derived check, stars or a commitment's
timeline several times; `per_tables` remembers a function's result keyed on the identity of
the tables' frames (checked through weak references: an id can be reused once a frame is
freed) and its other arguments, and hands out copies, so a caller that changes its result
changes nothing for the next. Frames changed in place are not seen: the tables are read-only
by convention (`load_tables` gives fresh ones).
"""

from __future__ import annotations

import functools
import weakref

import pandas as pd

# A check or cross-plan report asks several results per plan of a few hundred plans.
CACHE_SIZE = 256
_CACHE: dict[tuple, tuple] = {}


def _frozen(value):
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def _copy(value):
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy()
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _ref(frame):
    """A weak reference to a frame (an entry that is no frame, e.g. None, is held as it is)."""
    try:
        return weakref.ref(frame)
    except TypeError:
        return lambda: frame


# Whole-data indexes (the answer table and its split per plan) are kept apart from the per-plan
# results, so that a report or check going through many plans never evicts them (a few loaded
# tables at a time).
KEPT_SIZE = 8
_KEPT: dict[tuple, tuple] = {}


def per_tables(fn, *, shared: bool = False, kept: bool = False):
    """Remember `fn(tables, *args, **kwargs)` per loaded tables and arguments (copies handed out).

    Arguments that cannot be hashed (a Series of IDs, say) are computed every time.

    Args:
        fn: the function.
        shared: hand out the remembered value itself, not a copy (`per_tables_shared`).
        kept: remember it among the few whole-data indexes (`KEPT_SIZE`), never evicted by
            per-plan results.
    """
    hand_out = (lambda v: v) if shared else _copy
    cache, size = (_KEPT, KEPT_SIZE) if kept else (_CACHE, CACHE_SIZE)

    @functools.wraps(fn)
    def remembered(tables, *args, **kwargs):
        frames = tuple(tables.values())
        key = (fn.__module__, fn.__qualname__, tuple(tables), tuple(map(id, frames)),
               _frozen(args), _frozen(kwargs))
        try:
            hit = cache.get(key)
        except TypeError:
            return fn(tables, *args, **kwargs)
        if hit is not None and all(ref() is f for ref, f in zip(hit[0], frames, strict=True)):
            return hand_out(hit[1])
        value = fn(tables, *args, **kwargs)
        if len(cache) >= size:
            cache.pop(next(iter(cache)))
        cache[key] = (tuple(_ref(f) for f in frames), value)
        return hand_out(value)

    def peek(tables, *args, **kwargs):
        """The remembered value for these tables and arguments, or None (never computes it)."""
        frames = tuple(tables.values())
        key = (fn.__module__, fn.__qualname__, tuple(tables), tuple(map(id, frames)),
               _frozen(args), _frozen(kwargs))
        hit = cache.get(key)
        if hit is not None and all(ref() is f for ref, f in zip(hit[0], frames, strict=True)):
            return hand_out(hit[1])
        return None

    remembered.uncached = fn
    remembered.peek = peek
    return remembered


def per_tables_shared(fn):
    """`per_tables` handing out the remembered value itself, not a copy.

    For a whole-data index every figure of a report reads many times (the answers per plan),
    which its callers only read, never change; kept apart from the per-plan results.
    """
    return per_tables(fn, shared=True, kept=True)


def clear() -> None:
    """Forget every remembered result."""
    _CACHE.clear()
    _KEPT.clear()
