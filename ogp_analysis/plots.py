"""Matplotlib charts of the analysis figures: titled, labelled, captioned with n and sources, colour-blind safe, A4 width.

Every function takes a figure frame from `ogp_analysis.analysis` and returns a
`matplotlib.figure.Figure` built without pyplot (no global state; nothing to close). Empty
data gives a figure that says "no data" instead of raising.
"""

from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ogp_analysis.analysis.progress import date_axis
from ogp_analysis.metadata.scales import (
    ASSESSOR_LABELS,
    COMPLETION_ASSESSOR_LABELS,
    MISSING_LABELS,
    OGP_VALUES,
    SCALES,
    STAGE_LABELS,
)

# Okabe-Ito: distinguishable with the common colour-vision deficiencies and in greyscale print.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
             "#999999")
A4_WIDTH_IN = 7.5  # A4 text width (about 190 mm) so charts print at 100%
FONT = 9

_ASSESSOR = dict(COMPLETION_ASSESSOR_LABELS)
# The member's display name for chart titles, set by `use_member_name` (reports call it once).
_NAMES: dict[str, str] = {}


def use_member_name(slug: str, name: str) -> None:
    """Title charts of `slug` with the member's name ('United Kingdom'), never the slug."""
    _NAMES[slug] = name


def _new(height: float = 4.0) -> Figure:
    fig = Figure(figsize=(A4_WIDTH_IN, height), layout="constrained")
    return fig


def _source_words(cell: str) -> str:
    """A source type in reader words, or a URL's host ('opengovernment.org.uk')."""
    from urllib.parse import urlparse

    from ogp_analysis.metadata.rules import SOURCE_LABELS

    if cell in SOURCE_LABELS:
        return SOURCE_LABELS[cell]
    host = urlparse(cell).netloc.removeprefix("www.")
    return host or "other"


def _caption(fig: Figure, frame: pd.DataFrame, n: int | None, snapshot: str | None, extra: str = "",
             unit: str = "commitments") -> None:
    sources = ""
    if frame is not None and "sources" in frame and not frame.empty:
        kinds = sorted({s.strip() for cell in frame["sources"].dropna() for s in str(cell).split(";") if s.strip()})
        sources = ", ".join(dict.fromkeys(_source_words(k) for k in kinds))
    parts = [f"{n} {unit}" if n is not None else None,
             f"sources: {sources or 'not stated'}",
             f"captured: {snapshot or 'undated'}",
             extra or None]
    text = "; ".join(p for p in parts if p)
    # A figure-level label: the layout engine makes room for it below the axes and their
    # legend, however many lines it wraps to (a plain fig.text would be drawn over them).
    fig.supxlabel(textwrap.fill(text, 125), x=0.01, ha="left", fontsize=FONT - 1.5,
                  color="#333333", linespacing=1.2)


def _no_data(title: str, why: str = "no data") -> Figure:
    fig = _new(2.0)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title, fontsize=FONT + 2)
    ax.text(0.5, 0.5, why, ha="center", va="center", fontsize=FONT + 2, color="#555555",
            transform=ax.transAxes)
    return fig


def _plan_title(frame: pd.DataFrame, what: str) -> str:
    slugs = dict.fromkeys(frame["member"].astype(str)) if "member" in frame else {}
    member = ", ".join(_NAMES.get(m, m.replace("-", " ").title()) for m in slugs)
    cycles = sorted({int(c) for c in frame["cycle"].dropna()}) if "cycle" in frame else []
    when = (f" {cycles[0]}" if len(cycles) == 1 else f" {cycles[0]}-{cycles[-1]}") if cycles else ""
    return f"{what}: {member}{when}"


def _values(frame: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(frame["value"], errors="coerce").fillna(0)


def plot_completion(frame: pd.DataFrame, snapshot: str | None = None) -> Figure:
    """Completion counts per label, one bar per assessor side by side (`completion_distribution`).

    Args:
        frame: the output of `completion_distribution`.
        snapshot: the data's capture date(s) for the caption (`storage.snapshot_range`).
    """
    title = "Completion by assessor"
    if frame is None or frame.empty or _values(frame).sum() == 0:
        return _no_data(title)
    kinds = frame["field"].astype(str).str.startswith("kind:")
    f = frame[~kinds]
    # Only the answers some assessor gives: an empty "No Evidence Available" slot says nothing.
    given = f.groupby("label", sort=False)["value"].sum()
    labels = [lbl for lbl in dict.fromkeys(f["label"]) if given.get(lbl, 0)]
    f = f[f["label"].isin(labels)]
    assessors = list(dict.fromkeys(f["assessor"]))
    fig = _new(3.6)
    ax = fig.add_subplot()
    width = 0.8 / len(assessors)
    x = np.arange(len(labels))
    n_parts = []
    for i, who in enumerate(assessors):
        sub = f[f["assessor"] == who].set_index("label").reindex(labels)
        vals = pd.to_numeric(sub["value"], errors="coerce").fillna(0).to_numpy()
        bars = ax.bar(x + (i - (len(assessors) - 1) / 2) * width, vals, width,
                      label=f"{_ASSESSOR.get(who, who)} ({int(vals.sum())} with a value)", color=OKABE_ITO[[4, 0][i % 2]],
                      hatch=["", "//"][i % 2], edgecolor="white")
        ax.bar_label(bars, labels=[str(int(v)) if v else "" for v in vals], fontsize=FONT - 1)
        n_parts.append(f"{_ASSESSOR.get(who, who)} {int(vals.sum())}")
    ax.set_xticks(x, [textwrap.fill(lbl, 12) for lbl in labels], fontsize=FONT)
    ax.set_ylabel("Commitments", fontsize=FONT)
    ax.set_xlabel("Completion (latest stage assessed)", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=FONT, frameon=False)
    ax.set_title(_plan_title(frame, title), fontsize=FONT + 2)
    ax.spines[["top", "right"]].set_visible(False)
    # The kinds of answer add up to the plan (`glance.completion_distribution`).
    plan_n = frame[kinds].groupby("assessor")["value"].sum().max() if kinds.any() else f["value"].sum()
    _caption(fig, frame, int(plan_n), snapshot, "with a value: " + ", ".join(n_parts))
    return fig


def plot_diog_by_value(frame: pd.DataFrame, snapshot: str | None = None) -> Figure:
    """Did it open government per OGP value, stacked horizontal bars (`diog_by_value`).

    Args:
        frame: the output of `diog_by_value`.
        snapshot: the data's capture date(s) for the caption.
    """
    title = "Did it open government? by OGP value"
    if frame is None or frame.empty or _values(frame).sum() == 0:
        return _no_data(title)
    every = list(dict.fromkeys(frame["ogp_value"]))
    counts = {v: _values(frame[frame["ogp_value"] == v]).sum() for v in every}
    # A row only for an OGP value with an answer; the others are named in the caption.
    values = [v for v in every if counts[v]]
    empty = [v for v in every if not counts[v]]
    labels = list(dict.fromkeys(frame["label"]))
    fig = _new(max(2.6, 1.6 + 0.45 * len(values)))
    ax = fig.add_subplot()
    left = np.zeros(len(values))
    # The scale's values lowest first, then its off-scale answers (pale).
    colours = dict(zip(SCALES["diog"].labels, (OKABE_ITO[5], OKABE_ITO[8], OKABE_ITO[1], OKABE_ITO[4],
                                               OKABE_ITO[2], "#DDDDDD", OKABE_ITO[3]), strict=False))
    for label in labels:
        sub = frame[frame["label"] == label].set_index("ogp_value").reindex(values)
        vals = pd.to_numeric(sub["value"], errors="coerce").fillna(0).to_numpy()
        if vals.sum() == 0:
            continue
        bars = ax.barh(range(len(values)), vals, left=left, label=label,
                       color=colours.get(label, OKABE_ITO[7]), edgecolor="white")
        ax.bar_label(bars, labels=[str(int(v)) if v else "" for v in vals], label_type="center",
                     fontsize=FONT - 1)
        left += vals
    ax.set_yticks(range(len(values)), [textwrap.fill(_ogp_value_words(v), 26) for v in values], fontsize=FONT)
    # Counts of commitments: whole numbers on the axis.
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.invert_yaxis()
    ax.set_xlabel("Commitments", fontsize=FONT)
    ax.set_ylabel("OGP value", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.legend(fontsize=FONT - 1, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=3)
    ax.set_title(_plan_title(frame, title), fontsize=FONT + 2)
    ax.spines[["top", "right"]].set_visible(False)
    overall = frame[frame["ogp_value"] == "overall"]
    none = f"; no value in the data for {', '.join(_ogp_value_words(v) for v in empty)}" if empty else ""
    _caption(fig, frame, int(_values(overall).sum()), snapshot, "IRM, end of term" + none)
    return fig


def _ogp_value_words(value: str) -> str:
    """An OGP value's reader label ('Access to Information'); 'Overall' for the overall row."""
    return "Overall" if value == "overall" else OGP_VALUES.get(value, value.replace("_", " "))


def plot_ambition_completion(frame: pd.DataFrame, snapshot: str | None = None) -> Figure:
    """Ambition x completion heatmap with counts in the cells (`ambition_completion`).

    Args:
        frame: the output of `ambition_completion`.
        snapshot: the data's capture date(s) for the caption.
    """
    title = "Ambition x completion"
    if frame is None or frame.empty or _values(frame).sum() == 0:
        return _no_data(title)
    grid = frame.pivot_table(index="row", columns="col", values="value", aggfunc="sum", sort=False)
    grid = grid.reindex(index=list(dict.fromkeys(frame["row"])), columns=list(dict.fromkeys(frame["col"])))
    # Drop empty off-scale rows/columns so the heatmap stays readable; '(none)' stays if used.
    grid = grid.loc[grid.sum(axis=1) > 0, grid.sum(axis=0) > 0].astype(float)
    fig = _new(3.6)
    ax = fig.add_subplot()
    im = ax.imshow(grid.to_numpy(), cmap="cividis", aspect="auto")
    vmax = grid.to_numpy().max()
    for (i, j), v in np.ndenumerate(grid.to_numpy()):
        ax.text(j, i, str(int(v)), ha="center", va="center", fontsize=FONT,
                color="black" if v > vmax * 0.6 else "white")
    ax.set_xticks(range(grid.shape[1]), [textwrap.fill(c, 12) for c in grid.columns], fontsize=FONT)
    ax.set_yticks(range(grid.shape[0]), list(grid.index), fontsize=FONT)
    axis = str(frame["ambition_indicator"].iloc[0]).replace("_", " ")
    who = _ASSESSOR.get(str(frame["assessor"].iloc[0]), "")
    ax.set_ylabel(f"Ambition (IRM {axis})", fontsize=FONT)
    ax.set_xlabel(f"Completion, latest stage ({who})", fontsize=FONT)
    cbar = fig.colorbar(im, ax=ax, shrink=0.8)
    cbar.set_label("Commitments", fontsize=FONT)
    cbar.ax.tick_params(labelsize=FONT - 1)
    ax.set_title(_plan_title(frame, title), fontsize=FONT + 2)
    _caption(fig, frame, int(_values(frame).sum()), snapshot)
    return fig


def plot_policy_areas(frame: pd.DataFrame, vocabulary: str | None = None, top: int = 12,
                      snapshot: str | None = None) -> Figure:
    """Commitments per policy area over cycles, one vocabulary (`policy_areas`).

    Args:
        frame: the output of `policy_areas`.
        vocabulary: which vocabulary to draw (default: the one covering most commitments).
        top: how many policy areas to show (the most frequent).
        snapshot: the data's capture date(s) for the caption.
    """
    title = "Policy areas over cycles"
    if frame is None or frame.empty:
        return _no_data(title)
    if vocabulary is None:
        vocabulary = frame.groupby("vocabulary")["value"].sum().idxmax()
    f = frame[frame["vocabulary"] == vocabulary]
    if f.empty:
        return _no_data(title, "no policy area in the data")
    grid = f.pivot_table(index="cycle", columns="label", values="value", aggfunc="sum").fillna(0)
    keep = grid.sum().sort_values(ascending=False).index[:top]
    grid = grid[keep]
    fig = _new(4.2)
    ax = fig.add_subplot()
    bottom = np.zeros(len(grid))
    x = np.arange(len(grid))
    for i, area in enumerate(grid.columns):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        ax.bar(x, grid[area].to_numpy(), bottom=bottom, label=textwrap.shorten(str(area), 34),
               color=colour, hatch=["", "//", ".."][i // len(OKABE_ITO) % 3], edgecolor="white")
        bottom += grid[area].to_numpy()
    ax.set_xticks(x, [str(c) for c in grid.index], fontsize=FONT)
    ax.set_xlabel("Action plan cycle (start year)", fontsize=FONT)
    ax.set_ylabel("Commitments tagged", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.legend(fontsize=FONT - 1.5, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    from ogp_analysis.metadata.rules import SOURCE_LABELS

    ax.set_title(_plan_title(f, title) + f" (as the {SOURCE_LABELS.get(vocabulary, 'source')} lists them)",
                 fontsize=FONT + 2)
    ax.spines[["top", "right"]].set_visible(False)
    n = int(f.drop_duplicates("cycle")["commitments"].sum()) if "commitments" in f else None
    shown = "a commitment may carry several areas"
    if f["label"].nunique() > len(keep):
        shown += f"; top {len(keep)} of {f['label'].nunique()} areas shown"
    _caption(fig, f, n, snapshot, shown)
    return fig


# One marker and colour (an `OKABE_ITO` index) per share of the cross-cycle chart, in
# `registry.SHARE_DENOMINATORS` order (the published star drawn as a star).
_SHARE_MARKERS = ("o", "*", "P", "X", "D", "s", "^")
_SHARE_COLOURS = (4, 0, 5, 6, 7, 2, 1)


def plot_cross_cycle(frame: pd.DataFrame, snapshot: str | None = None,
                     published: dict | None = None) -> Figure:
    """A member's plans over cycles: each share of `registry.SHARE_DENOMINATORS`, in % (`cross_cycle`).

    A point is drawn only where its denominator is above 0 and labelled with both counts; a
    plan with no value for a share leaves a gap, named in the caption.

    Args:
        frame: the output of `cross_cycle`.
        snapshot: the data's capture date(s) for the caption.
        published: cycle -> the IRM's published high-completion count (`analysis.published`),
            drawn instead of the data's for plans the per-commitment values cover in part,
            labelled "published" and named in the caption.
    """
    published = published or {}
    from ogp_analysis.analysis.registry import SHARE_DENOMINATORS, field_label

    title = "Shares over cycles"
    if frame is None or frame.empty:
        return _no_data(title)
    cycles = sorted({int(c) for c in frame["cycle"]})
    fig = _new(4.2)
    ax = fig.add_subplot()
    series = []
    for j, (field, denominator) in enumerate(SHARE_DENOMINATORS.items()):
        num = frame[frame["field"] == field].set_index("cycle")["value"].reindex(cycles)
        den = frame[frame["field"] == denominator].set_index("cycle")["value"].reindex(cycles)
        num, den = pd.to_numeric(num, errors="coerce"), pd.to_numeric(den, errors="coerce")
        from_published = set(published) & set(cycles) if field == "high_completion" else set()
        for c in from_published:
            num[c], den[c] = published[c].count, published[c].denominator
        ok = num.notna() & den.notna() & (den > 0)
        series.append((j, field, num, den, ok, from_published))
    shown = [s_ for s_ in series if s_[4].any()]
    drawn, gaps = len(shown), []
    # Each share has its own slot beside the cycle, marker and colour: two shares of the same
    # value (a star under two rules, 1 of 3 each) never hide one another.
    step = 0.64 / max(len(shown), 1)
    for i, (j, field, num, den, ok, from_published) in enumerate(shown):
        share = (100 * num / den).where(ok)
        x = [xi + (i - (len(shown) - 1) / 2) * step for xi in range(len(cycles))]
        # Points, not lines: a share of a handful of commitments is no trend to draw.
        marker = _SHARE_MARKERS[j % len(_SHARE_MARKERS)]
        ax.plot(x, share.to_numpy(dtype=float), marker=marker,
                color=OKABE_ITO[_SHARE_COLOURS[j % len(_SHARE_COLOURS)]], label=field_label(field),
                linestyle="none", markersize=12 if marker == "*" else 7, markeredgecolor="white",
                markeredgewidth=0.5, zorder=3, clip_on=False)
        for xi, (c, keep) in zip(x, ok.items(), strict=True):
            if keep:
                ax.annotate(f"{int(num[c])}/{int(den[c])}" + (" published" if c in from_published else ""),
                            (xi, share[c]), textcoords="offset points", xytext=(0, 6), ha="center",
                            va="bottom", rotation=90, fontsize=FONT - 3)
        gaps += [c for c, keep in ok.items() if not keep]
    if not drawn:
        return _no_data(title, "no share has a value in the data")
    ax.set_xticks(range(len(cycles)), [str(c) for c in cycles])
    ax.set_xlim(-0.5, len(cycles) - 0.5)
    ax.set_xlabel("Action plan cycle (start year)", fontsize=FONT)
    ax.set_ylabel("% of the commitments with a value", fontsize=FONT)
    # Room above 100% for the labels of the points at the top.
    ax.set_ylim(0, 135)
    ax.set_yticks(range(0, 101, 20))
    ax.tick_params(labelsize=FONT)
    ax.legend(fontsize=FONT - 1, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2)
    ax.set_title(_plan_title(frame, title) + f" ({_ASSESSOR.get(str(frame['assessor'].iloc[0]), '')})",
                 fontsize=FONT + 2)
    ax.spines[["top", "right"]].set_visible(False)
    n = int(_values(frame[frame["field"] == "commitments"]).sum())
    missing = sorted(set(cycles) - {c for c in cycles if c not in gaps or gaps.count(c) < drawn})
    from_ir = sorted(set(published) & set(cycles))
    _caption(fig, frame, n, snapshot, "labels: count / commitments with a value"
             + (f"; no value in the data for the plans of {', '.join(map(str, missing))}" if missing else "")
             + (f"; high completion of {', '.join(map(str, from_ir))} computed from the IRM's published "
                "counts" if from_ir else ""))
    return fig


PLOTS = {
    "completion": plot_completion,
    "diog-by-value": plot_diog_by_value,
    "ambition-completion": plot_ambition_completion,
    "policy-areas": plot_policy_areas,
    "cross-cycle": plot_cross_cycle,
}


# --- Co-creation process ----------------------------------------------------------------

_SECTOR_COLOURS = {"government": OKABE_ITO[4], "civil_society": OKABE_ITO[0], "other": OKABE_ITO[8],
                   "unknown": OKABE_ITO[7]}
_SECTOR_NAMES = {"government": "Government", "civil_society": "Civil society", "other": "Other",
                 "unknown": "Sector not known"}


def plot_attendance(frame: pd.DataFrame, snapshot: str | None = None) -> Figure:
    """Attendance by sector per meeting, over time, with the civil society share (`process.attendance`).

    Bars stack the attendees by sector; the label above names the civil society share with both
    counts. A meeting counted from its list of people (not stated counts) is hatched.

    Args:
        frame: the output of `analysis.process.attendance`.
        snapshot: the data's capture date(s) for the caption.
    """
    title = "Attendance by sector"
    if frame is None or frame.empty:
        return _no_data(title, "no attendance in the meeting records")
    frame = frame.assign(_meeting=frame["meeting_ids"].map(lambda m: m[0]))
    meetings = list(dict.fromkeys(frame["_meeting"]))
    first = frame.drop_duplicates("_meeting").set_index("_meeting")
    dates = first["meeting_date"].astype(str)
    stated = first["count_basis"].astype(str).str.startswith("as the record")
    fig = _new(3.6)
    ax = fig.add_subplot()
    x = np.arange(len(meetings))
    bottom = np.zeros(len(meetings))
    handles: list = []
    for sector, colour in _SECTOR_COLOURS.items():
        vals = []
        for m in meetings:
            got = frame[(frame["_meeting"] == m) & (frame["field"] == f"attendees:{sector}")]
            vals.append(float(got["value"].iloc[0]) if not got.empty else 0.0)
        if not any(vals):
            continue
        hatches = ["" if stated[m] else "//" for m in meetings]
        bars = ax.bar(x, vals, bottom=bottom, color=colour)
        for bar, hatch in zip(bars, hatches, strict=True):
            bar.set_hatch(hatch)
        handles.append(Patch(facecolor=colour, label=_SECTOR_NAMES[sector]))
        bottom += np.array(vals)
    for i, m in enumerate(meetings):
        share = frame[(frame["_meeting"] == m) & (frame["field"] == "civil_society_share")]
        if not share.empty:
            r = share.iloc[0]
            ax.annotate(f"civil society {int(r['numerator'])} of {int(r['denominator'])}",
                        (x[i], bottom[i]), ha="center", va="bottom", fontsize=FONT - 1,
                        xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(x, [dates[m] for m in meetings], fontsize=FONT)
    ax.set_xlabel("Meeting date", fontsize=FONT)
    ax.set_ylabel("Attendees", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.set_ylim(0, max(bottom.max() * 1.15, 1))
    ax.legend(handles=handles, fontsize=FONT - 1, frameon=False)
    ax.set_title(_plan_title(frame, title), fontsize=FONT + 2)
    ax.spines[["top", "right"]].set_visible(False)
    _caption(fig, frame, len(meetings), snapshot, unit="meetings with attendance in the data", extra="hatched: "
             "counted from the record's list of people, not stated by it")
    return fig


def plot_meeting_timeline(frame: pd.DataFrame, snapshot: str | None = None) -> Figure:
    """The plan's meetings on a time line by kind (`process.meeting_timeline`); filled: record published.

    Args:
        frame: the output of `analysis.process.meeting_timeline`.
        snapshot: the data's capture date(s) for the caption.
    """
    title = "Meetings in the data"
    if frame is None or frame.empty:
        return _no_data(title, "no meeting records in the data")
    dated = frame[frame["meeting_date"].notna()].copy()
    undated = frame[frame["meeting_date"].isna()]
    extra = "filled: the meeting's record is published; open: no published record in the data"
    if not undated.empty:
        extra += "; not drawn (no date): " + ", ".join(undated["Title"].astype(str))
    if dated.empty:
        return _no_data(title, "no dated meeting in the data")
    # A month (or year) precision date is drawn at its middle.
    when = [pd.Timestamp(d if len(d) == 10 else d + ("-15" if len(d) == 7 else "-07-01"))
            for d in dated["meeting_date"].astype(str)]
    kinds = list(dict.fromkeys(dated["Meeting"]))
    fig = _new(1.9 + 0.4 * len(kinds))
    ax = fig.add_subplot()
    for i, kind in enumerate(kinds):
        mask = (dated["Meeting"] == kind).to_numpy()
        published = dated["Record"].astype(str).str.startswith("http").to_numpy()
        xs = np.array(when, dtype="datetime64[ns]")
        for pub in (True, False):
            sel = mask & (published == pub)
            if sel.any():
                ax.scatter(xs[sel], [i] * int(sel.sum()), s=40, marker="o",
                           facecolors=OKABE_ITO[4] if pub else "none", edgecolors=OKABE_ITO[4])
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_yticks(range(len(kinds)), kinds, fontsize=FONT)
    ax.set_ylim(-0.6, len(kinds) - 0.4)
    ax.set_xlabel("Date", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.set_title(title, fontsize=FONT + 2)
    ax.spines[["top", "right"]].set_visible(False)
    _caption(fig, frame.assign(sources=frame["source_urls"].map("; ".join)), len(frame), snapshot,
             extra, unit="meetings")
    return fig


# --- Progress updates ------------------------------------------------------------

_ASSESSOR.update({k: v for k, v in ASSESSOR_LABELS.items() if k not in _ASSESSOR})
# Whose progress update (a government tracker is not its self-assessment report).
_UPDATER = {**_ASSESSOR, **ASSESSOR_LABELS}





# One colour and line style per assessor, whichever others a chart shows (style for greyscale).
_ASSESSOR_STYLE = {"government": (OKABE_ITO[4], "-"), "civil_society": (OKABE_ITO[0], "--"),
                   "joint": (OKABE_ITO[2], "-."), "irm": (OKABE_ITO[6], ":")}


def _who(assessor: str, scale: str) -> str:
    return (_ASSESSOR if scale == "completion" else _UPDATER).get(assessor, assessor)


def _dates_axis(ax) -> None:
    """Concise date ticks (years, then months) on the x axis."""
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _long_caption(fig: Figure, frame: pd.DataFrame, n: int | None, snapshot: str | None,
                  extra: str) -> None:
    """`_caption`, with room below the axes for a caption of several lines."""
    _caption(fig, frame, n, snapshot, extra)
    lines = len(textwrap.wrap(extra, 120)) + 1
    # Keep the axes above the caption: reserve its lines at the bottom of the figure.
    bottom = min(0.5, lines * (FONT + 1) / 72 / fig.get_figheight())
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom), h_pad=0.04)
# Progress statuses, lowest first (Okabe-Ito): grey, vermillion, sky blue, blue, bluish green
# (a status named on the scale gets its colour by name, so a new status never shifts the others).
_PROGRESS_COLOURS = {"Not started": OKABE_ITO[8], "Behind schedule": OKABE_ITO[5],
                     "On track": OKABE_ITO[1], "Ahead of schedule": OKABE_ITO[4],
                     "Completed": OKABE_ITO[2]}
assert set(_PROGRESS_COLOURS) == set(SCALES["progress"].values), "a progress status has no colour"
_COMPLETION_COLOURS = dict(zip(SCALES["completion"].values,
                               (OKABE_ITO[8], OKABE_ITO[0], OKABE_ITO[6], OKABE_ITO[4]), strict=True))


def _undated_lines(undated: pd.DataFrame | None, limit: int = 6) -> str:
    """'Undated (not on the time axis): ...' for a caption; empty when there is nothing undated."""
    if undated is None or undated.empty:
        return ""
    items = []
    for r in undated.itertuples():
        stage = STAGE_LABELS.get(r.stage, str(r.stage).replace("_", " ")) if r.stage else ""
        what = f"{_who(r.assessor, r.scale)} {r.scale}" + (f" ({stage})" if stage else "")
        shown = r.value if isinstance(r.value, str) else (
            r.value_printed if isinstance(r.value_printed, str)
            else "no value (" + MISSING_LABELS.get(r.missing_reason,
                                                   str(r.missing_reason).replace("_", " ")) + ")")
        items.append(f"{r.commitment_id} {what}: {shown}")
    more = f" (+{len(items) - limit} more)" if len(items) > limit else ""
    return "undated, not on the time axis: " + "; ".join(items[:limit]) + more


def plot_milestone_completion(frame: pd.DataFrame, undated: pd.DataFrame | None = None,
                              snapshot: str | None = None) -> Figure:
    """Share of milestones completed over time, one step line per assessor (`milestone_completion`).

    Each step is labelled with both counts (completed / with a status at that date).

    Args:
        frame: the output of `analysis.progress.milestone_completion`.
        undated: undated timeline entries to list in the caption (`analysis.progress.undated`).
        snapshot: the data's capture date(s) for the caption.
    """
    title = "Milestones completed over time"
    if frame is None or frame.empty:
        return _no_data(title, "no dated milestone updates for this plan")
    fig = _new(3.6)
    ax = fig.add_subplot()
    parts = []
    for who, sub in frame.groupby("assessor", sort=True):
        x = date_axis(sub["field"], sub["date_precision"])
        y = pd.to_numeric(sub["share"], errors="coerce") * 100
        colour, style = _ASSESSOR_STYLE.get(who, (OKABE_ITO[7], ":"))
        ax.step(x, y, where="post", color=colour, linestyle=style, linewidth=1.8,
                label=_UPDATER.get(who, who))
        ax.plot(x, y, "o", color=colour, markersize=4)
        for xi, yi, k, n in zip(x, y, sub["completed"], sub["with_status"], strict=True):
            if pd.notna(yi):
                ax.annotate(f"{k}/{n}", (xi, yi), textcoords="offset points", xytext=(0, 6),
                            ha="center", fontsize=FONT - 1.5, color=colour)
        blanks = int(sub["without_status"].sum())
        parts.append(f"{_UPDATER.get(who, who)}: {sub['with_status'].max()} milestones"
                     + (f", {blanks} blank cell(s) left out" if blanks else ""))
    ax.set_ylim(0, 109)
    _dates_axis(ax)
    ax.set_ylabel("Milestones completed (%)", fontsize=FONT)
    ax.set_xlabel("Status as of", fontsize=FONT)
    ax.tick_params(labelsize=FONT)
    ax.legend(fontsize=FONT - 1, frameon=False, loc="upper left")
    ax.set_title(_plan_title(frame, title), fontsize=FONT + 2)
    ax.spines[["top", "right"]].set_visible(False)
    extra = ("labels: completed / milestones with a status at that date (Closed, Withdrawn, "
             "In progress, On track: not completed); " + "; ".join(parts))
    gone = _undated_lines(undated)
    _long_caption(fig, frame, int(frame["with_status"].max()), snapshot,
                  extra + (f"; {gone}" if gone else ""))
    return fig


# Complexity: one lane per milestone, assessor and scale, drawn and labelled in one figure.
def plot_commitment_timeline(frame: pd.DataFrame, snapshot: str | None = None) -> Figure:  # noqa: C901
    """A commitment's status timeline: one lane per milestone / assessor / scale (`commitment_timeline`).

    Progress statuses are coloured on the progress scale, IRM and government completion on the
    completion scale (two legends: the scales stay apart); off-scale answers and words from
    notes are hollow markers with their text; year-only dates are drawn as a bar over the year.
    Undated entries are listed in the caption, never on the time axis.

    Args:
        frame: the output of `analysis.progress.commitment_timeline`.
        snapshot: the data's capture date(s) for the caption.
    """
    cid = str(frame["commitment_id"].iloc[0]) if frame is not None and not frame.empty else ""
    title = f"Status timeline: {cid}" if cid else "Status timeline"
    if frame is None or frame.empty:
        return _no_data(title, "no progress updates or assessments")
    dated = frame[frame["date"].notna()].copy()
    if dated.empty:
        fig = _no_data(title, "no dated entries")
        _caption(fig, frame, len(frame), snapshot, _undated_lines(frame))
        return fig
    dated["xpos"] = date_axis(dated["date"], dated["date_precision"])
    who = pd.Series([_who(a, sc) for a, sc in zip(dated["assessor"], dated["scale"], strict=True)],
                    index=dated.index)
    dated["lane"] = (dated["milestone_ref"].map(lambda m: f"Milestone {m}" if m else None)
                      .fillna(dated["scale"].map({"progress": "Whole commitment", "completion": "Completion"}))
                      + " (" + who + ")")
    lanes = list(dict.fromkeys(dated.sort_values(["scale", "milestone_ref"], na_position="last",
                                                 kind="stable")["lane"]))
    fig = _new(max(2.6, 1.6 + 0.36 * len(lanes)))
    ax = fig.add_subplot()
    notes: list[str] = []
    marks: dict[tuple, list[str]] = {}
    for r in dated.itertuples():
        y = lanes.index(r.lane)
        colours = _PROGRESS_COLOURS if r.scale == "progress" else _COMPLETION_COLOURS
        marker = "o" if r.scale == "progress" else "s"
        if r.date_precision == "year":
            year = int(str(r.date)[:4])
            ax.plot([pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-12-31")], [y, y],
                    color="#BBBBBB", linewidth=5, solid_capstyle="butt", zorder=1)
        if r.value_kind == "scale":
            ax.plot(r.xpos, y, marker, color=colours.get(r.value, OKABE_ITO[7]), markersize=8,
                    zorder=3)
        elif r.value_kind == "missing":
            ax.plot(r.xpos, y, "x", color="#777777", markersize=6, zorder=3)
        else:
            ax.plot(r.xpos, y, marker, markerfacecolor="white", markeredgecolor=OKABE_ITO[7],
                    markersize=8, zorder=3)
            if r.value_kind == "narrative":
                notes.append(f"[{len(notes) + 1}] {r.date}: \u201c{r.value_printed}\u201d")
                marks.setdefault((r.xpos, y), []).append(str(len(notes)))
            else:
                ax.annotate(textwrap.fill(str(r.value or r.value_printed), 10), (r.xpos, y),
                            textcoords="offset points", xytext=(0, 6), ha="center", va="bottom",
                            fontsize=FONT - 2.5, linespacing=0.9)
    for (xpos, y), numbers in marks.items():  # several notes of one day share one label
        ax.annotate(f"[{','.join(numbers)}]", (xpos, y), textcoords="offset points",
                    xytext=(0, 7), ha="center", fontsize=FONT - 1.5)
    ax.set_yticks(range(len(lanes)), [textwrap.shorten(lane, 48) for lane in lanes], fontsize=FONT - 1)
    ax.set_ylim(len(lanes) - 0.4, -0.7)
    _dates_axis(ax)
    ax.tick_params(labelsize=FONT - 1)
    ax.grid(axis="x", color="#EEEEEE")
    ax.spines[["top", "right"]].set_visible(False)
    handles = []
    used = set(dated.loc[dated["value_kind"] == "scale", "value"])
    for label, colour in _PROGRESS_COLOURS.items():
        if label in used and (dated["scale"] == "progress").any():
            handles.append(Line2D([], [], marker="o", linestyle="", color=colour,
                                  label=f"{label} (progress)"))
    for label, colour in _COMPLETION_COLOURS.items():
        if label in set(dated.loc[dated["scale"] == "completion", "value"]):
            handles.append(Line2D([], [], marker="s", linestyle="", color=colour,
                                  label=f"{label} (completion)"))
    kinds = set(dated["value_kind"])
    if kinds & {"off_scale", "narrative", "unknown"}:
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                              markeredgecolor=OKABE_ITO[7], label="Off the scale or a note's words"))
    if "missing" in kinds:
        handles.append(Line2D([], [], marker="x", linestyle="", color="#777777", label="No status"))
    if handles:
        ax.legend(handles=handles, fontsize=FONT - 1.5, frameon=False, loc="upper left",
                  bbox_to_anchor=(1.0, 1.0))
    name = frame["title"].dropna().iloc[0] if frame["title"].notna().any() else ""
    ax.set_title(textwrap.shorten(f"{title} {name}", 90), fontsize=FONT + 1)
    extra = "; ".join(x for x in [
        "grey bar: dated to the year only",
        " ".join(notes),
        _undated_lines(frame[frame["date"].isna()]),
    ] if x)
    _long_caption(fig, frame.assign(sources=frame["source_type"]), len(frame), snapshot, extra)
    return fig


PLOTS["milestone-completion"] = plot_milestone_completion
