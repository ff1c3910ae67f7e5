"""Readers of the non-page sources (the IRM data release, the bundled UK dataset, ...), each to `Records`.

`FOLDER_READERS` are the readers `ogp_analysis.build` runs on every build (unless
`--no-bundled`): name -> callable(paths) -> list[Records], made from the sources registry
(`metadata/sources.py`), where a new kind of source registers its input and readers; the
normaliser builds its tables from the table registry without further code.
"""

from importlib import import_module

from ogp_analysis.ingest.bundled import read_bundled
from ogp_analysis.ingest.release import read_release, records_from_release_row
from ogp_analysis.metadata.sources import folder_readers


def load_reader(target: str):
    """The reader a registry entry names as `"module:function"`."""
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)


FOLDER_READERS = {name: load_reader(target) for name, target in folder_readers()}

__all__ = ["FOLDER_READERS", "load_reader", "read_bundled", "read_release", "records_from_release_row"]
