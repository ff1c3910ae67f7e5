"""Every registered figure has the one frame shape of `registry.FRAME_COLUMNS` (and `SHARE_COLUMNS`).

Each figure of the registry is computed for every plan of the bundled UK data (with its process
records and progress updates), for Ukraine's plans in the shared IRM release, for the two example plans
(where the government and the IRM differ) and for the UK 2013 plan with a milestone tracker of
the test data (milestones over time), and each frame is checked:
the declared columns first, of their types; a number in `value`, never text or a share; the kind
of answer in `kind`, never only in `field`; numeric numerator, denominator and share that agree;
the commitment IDs as sorted lists; and the CSV `figures --format csv` writes reads back through
`check --published`'s reader with the same numbers and IDs.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from ogp_analysis import analysis
from ogp_analysis.analysis.check import read_published
from ogp_analysis.analysis.frames import member_cycles
from ogp_analysis.analysis.registry import FIGURES, FRAME_COLUMNS, SHARE_COLUMNS
from ogp_analysis.analysis.sample import example_tables
from ogp_analysis.commands.figures import csv_text
from ogp_analysis.ingest import read_bundled
from ogp_analysis.ingest.progress import plan_lookups, read_progress_file
from ogp_analysis.metadata import rules as R
from ogp_analysis.normalise import build_tables
from ogp_analysis.paths import Paths
from ogp_analysis.report.record import FigureRecorder

UK = "united-kingdom"
# Ukraine's plans in the release: legacy plans with mid-term and end-of-term values and stars,
# refreshed-method plans, did-it-open-government answers, values missing by every code.
RELEASE_MEMBERS = ("ukraine",)
DTYPES = {"text": "str", "whole number": "Int64", "fraction": "Float64"}
TRACKER = Path(__file__).resolve().parent / "data" / "united-kingdom-2013-milestones.csv"


def _plans(tables, member: str) -> list[tuple[str, int]]:
    return [(member, c) for c in member_cycles(tables, member)]


@pytest.fixture(scope="module")
def tracked_tables():
    """The bundled UK data with the UK 2013 milestone tracker of the test data."""
    bundled = Paths.default().bundled
    com = pd.read_csv(bundled / "commitments.csv", keep_default_na=False)
    root = TRACKER.parent.parent.parent
    return build_tables([*read_bundled(bundled), read_progress_file(TRACKER, plans=plan_lookups(com),
                                                                    root=root)])[0]


class Frames(dict):
    """Figure name -> its frames over every plan of the data sets above, each figure computed when first asked."""

    def __init__(self, plans):
        super().__init__()
        self.plans = plans

    def __missing__(self, name: str) -> list[pd.DataFrame]:
        self[name] = [analysis.figure(name, tables, member=member, cycle=cycle)
                      for tables, (member, cycle) in self.plans]
        return self[name]


@pytest.fixture(scope="module")
def frames(bundled_tables, release_tables, tracked_tables) -> Frames:
    example = example_tables()
    plans = [(bundled_tables, p) for p in _plans(bundled_tables, UK)]
    plans += [(release_tables, p) for m in RELEASE_MEMBERS for p in _plans(release_tables, m)]
    plans += [(example, p) for p in _plans(example, "ruritania")] + [(tracked_tables, (UK, 2013))]
    return Frames(plans)


def shape_problems(frame: pd.DataFrame, name: str) -> list[str]:
    """What in one figure frame breaks the declared shape (empty: none)."""
    fig = FIGURES[name]
    problems = []
    declared = {**FRAME_COLUMNS, **(SHARE_COLUMNS if fig.shares else {})}
    if list(frame.columns[:len(FRAME_COLUMNS)]) != list(FRAME_COLUMNS):
        problems.append(f"columns start {list(frame.columns[:len(FRAME_COLUMNS)])}, not {list(FRAME_COLUMNS)}")
    problems += [f"no {c} column" for c in declared if c not in frame]
    if not fig.shares and "share" in frame:
        problems.append("a `share` column in a figure the registry does not declare a share figure")
    for column, (kind, _) in declared.items():
        if column not in frame:
            continue
        if kind == "list of text":
            bad = [v for v in frame[column] if not isinstance(v, list)
                   or any(not isinstance(x, str) for x in v) or v != sorted(set(v))]
            problems += [f"{column} {bad[0]!r} is not a sorted list of IDs"] if bad else []
        elif str(frame[column].dtype) != DTYPES[kind]:
            problems.append(f"{column} is {frame[column].dtype}, not {DTYPES[kind]} ({kind})")
    kinds = set(frame["kind"].dropna())
    if kinds - set(R.ANSWER_KINDS):
        problems.append(f"kind holds {sorted(kinds - set(R.ANSWER_KINDS))}, not kinds of answer")
    for field, kind in zip(frame["field"].astype(str), frame["kind"], strict=True):
        named = field.rsplit(":", 1)[-1]
        reader_label = named in R.KIND_LABELS.values() and named not in R.ANSWER_KINDS
        if reader_label or (named in R.ANSWER_KINDS and kind != named):
            problems.append(f"field {field!r} names a kind of answer that `kind` ({kind}) does not hold")
            break
    if fig.shares and {"numerator", "denominator", "share"} <= set(frame):
        got = frame[frame["share"].notna()]
        if (got["share"] < 0).any() or (got["share"] > 1).any():
            problems.append("a share outside 0 to 1")
        if not got.empty and not (got["share"].astype(float) - got["numerator"] / got["denominator"]).abs().lt(1e-9).all():
            problems.append("a share that is not numerator / denominator")
        if not got["value"].equals(got["numerator"]):
            problems.append("a share row whose value is not its numerator")
        over_zero = frame["denominator"].eq(0).fillna(False).astype(bool)
        if frame.loc[over_zero, "share"].notna().any():
            problems.append("a share over a denominator of 0 (it is NA)")
    return problems


@pytest.mark.parametrize("name", list(FIGURES))
def test_every_figure_frame_has_the_declared_shape(frames, name):
    computed = frames[name]
    assert sum(len(f) for f in computed) > 0, f"{name}: no rows on the bundled data or the release plans"
    for frame in computed:
        assert shape_problems(frame, name) == [], name
    if FIGURES[name].shares:
        assert any(f["share"].notna().any() for f in computed), f"{name}: no share computed anywhere"


@pytest.mark.parametrize("name", list(FIGURES))
def test_every_figure_csv_reads_back_through_check(frames, name, tmp_path):
    frame = next(f for f in frames[name] if len(f))
    path = tmp_path / f"{name}.csv"
    path.write_text(csv_text(frame), encoding="utf-8")
    rows = read_published(path)
    assert [r["field"] for r in rows] == list(frame["field"].astype(str))
    assert [r["value"] for r in rows] == ["NA" if pd.isna(v) else str(int(v)) for v in frame["value"]]
    assert [r["commitment_ids"].split() for r in rows] == list(frame["commitment_ids"])


def test_a_figure_with_text_in_value_breaks_the_shape(frames):
    broken = frames["completion-by-commitment"][0].astype({"value": object})
    broken["value"] = broken["label"]
    assert any("value is object" in p or "value is str" in p
               for p in shape_problems(broken, "completion-by-commitment"))


def test_a_share_hidden_in_value_breaks_the_shape(frames):
    frame = next(f for f in frames["process-attendance"] if f["share"].notna().any())
    broken = frame.assign(value=frame["share"])
    assert shape_problems(broken, "process-attendance")


def test_a_kind_only_in_field_breaks_the_shape(frames):
    frame = frames["assessor-coverage"][0]
    assert shape_problems(frame.assign(kind=pd.array([pd.NA] * len(frame), dtype="str")), "assessor-coverage")


def test_a_reports_figure_csv_writes_the_ids_as_the_figures_command_does(frames, tmp_path):
    frame = next(f for f in frames["at-a-glance"] if f["commitment_ids"].map(len).gt(1).any())
    FigureRecorder(tmp_path).record("at-a-glance", frame)
    recorded = pd.read_csv(tmp_path / "at-a-glance.csv", dtype=str, keep_default_na=False)
    printed = pd.read_csv(io.StringIO(csv_text(frame)), dtype=str, keep_default_na=False)
    assert recorded["commitment_ids"].tolist() == printed["commitment_ids"].tolist() == [
        " ".join(ids) for ids in frame["commitment_ids"]]
