"""Shared keys: commitment IDs, member slugs and names, action plan IDs. Every lookup accepts slug or name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.metadata.rules import COMMITMENT_ID_PATTERN, MEMBER_SLUG_PATTERN

_ID = re.compile(COMMITMENT_ID_PATTERN)
_SLUG = re.compile(MEMBER_SLUG_PATTERN)


def normalise_commitment_id(text: str) -> str:
    """Upper-case a commitment ID and check its form (`uk0075` -> `UK0075`).

    Raises:
        OGPAnalysisError: not an ID (it may become a file name, so nothing else passes).
    """
    cid = (text or "").strip().upper()
    if not _ID.match(cid):
        raise OGPAnalysisError(f"not a commitment ID: {text!r} (expected e.g. UK0075)")
    return cid


def is_commitment_id(text: str) -> bool:
    """True when the text is a commitment ID (case-insensitive)."""
    return bool(_ID.match((text or "").strip().upper()))


def slugify(name: str) -> str:
    """The OGP slug of a member name ('United Kingdom' -> 'united-kingdom')."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def check_member_slug(slug: str) -> str:
    """Validate a member slug before it becomes a URL part or a folder name."""
    if not _SLUG.match(slug or ""):
        raise OGPAnalysisError(f"not a member slug: {slug!r} (expected e.g. united-kingdom)")
    return slug


def action_plan_id(member: str, cycle: int) -> str:
    """`<member>-<cycle>`: the key of an action plan."""
    return f"{member}-{int(cycle)}"


def resolve_member(text: str, members: Iterable[tuple[str, str | None]]) -> str:
    """The slug of a member given its slug or display name, case-insensitively.

    Args:
        text: 'united-kingdom', 'United Kingdom', 'UNITED KINGDOM', ...
        members: (slug, member_name) pairs known to the data.

    Raises:
        NotFoundError: unknown member; the message lists the valid ones.
    """
    key = (text or "").strip().casefold()
    pairs = list(members)
    for slug, name in pairs:
        if key == slug.casefold() or (name and key == name.casefold()):
            return slug
    valid = ", ".join(sorted(f"{s} ({n})" if n else s for s, n in pairs)) or "(none: build the tables first)"
    raise NotFoundError(f"unknown member {text!r}{_did_you_mean(key, pairs)}; members in the data: {valid}")


def _did_you_mean(key: str, pairs: list[tuple[str, str | None]]) -> str:
    """' (did you mean scotland-united-kingdom?)': members whose slug or name holds the text, else close ones."""
    import difflib

    if not key:
        return ""
    words = {s: [s.casefold(), (n or "").casefold()] for s, n in pairs}
    near = [s for s, w in words.items() if any(key in x for x in w if x)]
    if not near:
        close = set(difflib.get_close_matches(key, [x for w in words.values() for x in w if x], n=3, cutoff=0.75))
        near = [s for s, w in words.items() if close & set(w)]
    return f" (did you mean {' or '.join(sorted(near)[:3])}?)" if near else ""


def is_url(text: str) -> bool:
    """True for an http(s) URL (a release to download), False for a file path."""
    from urllib.parse import urlsplit

    return urlsplit(str(text)).scheme in ("http", "https")
