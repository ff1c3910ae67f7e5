"""The reports' sections as package functions: each notebook cell calls one of them and decides nothing.

`plan_report(...)` / `member_report(...)` load the tables once and hold what every section
reads (the plan's facts, `analysis.facts.plan_facts`; the figure recorder; whether to draw
charts). Each section function returns its HTML (or a chart) from them: which sentence to say,
whether a chart is worth drawing, and which figure data to record are decided here, once.
"Too few values for a chart" and "no value" are different sentences. With `charts=False` a
chart is not drawn (its place holds its alternative text), so a test can assemble every
section of every plan in-process, quickly (`plan_sections`, `member_sections`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ogp_analysis.analysis import facts as FACTS
from ogp_analysis.analysis.facts import plural
from ogp_analysis.report import html as H
from ogp_analysis.report import implementation as I
from ogp_analysis.report import present as P
from ogp_analysis.report.html import RichHTML, render
from ogp_analysis.report.record import FigureRecorder


@dataclass
class PlanReport:
    """What the sections of one plan's report read: the tables, the plan, its facts, the recorder."""

    tables: dict
    member: str
    cycle: int
    assessors: list[str]
    data: str = ""
    figures: FigureRecorder = field(default_factory=lambda: FigureRecorder(None))
    charts: bool = True
    snapshot: str | None = None
    parts: dict = field(default_factory=dict)  # frames a later section reuses

    @property
    def facts(self) -> FACTS.PlanFacts:
        """The plan's facts (computed once per tables)."""
        return FACTS.plan_facts(self.tables, self.member, self.cycle)


@dataclass
class MemberReport:
    """What the sections of a member's cross-cycle report read."""

    tables: dict
    member: str
    cycles: list[int]
    data: str = ""
    figures: FigureRecorder = field(default_factory=lambda: FigureRecorder(None))
    charts: bool = True
    snapshot: str | None = None
    parts: dict = field(default_factory=dict)

    def facts(self, cycle: int) -> FACTS.PlanFacts:
        """One plan's facts (computed once per tables)."""
        return FACTS.plan_facts(self.tables, self.member, cycle)


def _tables(data: str, tables: dict | None) -> dict:
    import ogp_analysis

    return tables if tables is not None else ogp_analysis.load_tables(data or None)


def _setup(charts: bool, tables: dict, member: str) -> None:
    if charts:
        from ogp_analysis import plots

        P.setup_notebook()
        plots.use_member_name(member, I.member_name(tables, member))


def plan_report(member: str, cycle, assessor: str = "both", data: str = "", figures_dir: str = "",
                *, tables: dict | None = None, charts: bool = True) -> PlanReport:
    """The implementation report's inputs, resolved and checked (the notebook's first cell).

    Args:
        member: slug or OGP name.
        cycle: the plan's start year.
        assessor: irm, government, or both.
        data: folder of processed tables ('' : the default).
        figures_dir: folder for each figure's CSV ('' : none written).
        tables: tables already loaded (a test, a batch); else loaded from `data`.
        charts: draw charts (False: their alternative text only, for tests).
    """
    from ogp_analysis.analysis import frames

    tables = _tables(data, tables)
    member = frames.resolve_member(tables, member)
    cycle = frames.resolve_cycle(tables, member, cycle)
    _setup(charts, tables, member)
    return PlanReport(tables, member, cycle, P.assessors_for(assessor), data,
                      FigureRecorder(figures_dir), charts, P.snapshot_text(tables))


def member_report(member: str, cycles=None, data: str = "", figures_dir: str = "", *,
                  tables: dict | None = None, charts: bool = True) -> MemberReport:
    """The cross-cycle report's inputs, resolved and checked (the notebook's first cell)."""
    from ogp_analysis.analysis import frames

    tables = _tables(data, tables)
    member = frames.resolve_member(tables, member)
    cycles = frames.resolve_cycles(tables, member, cycles)
    _setup(charts, tables, member)
    return MemberReport(tables, member, cycles, data, FigureRecorder(figures_dir), charts,
                        P.snapshot_text(tables))


def _record(report, name: str, make) -> None:
    """Record a figure's data when the report writes figures (`make()` is not called otherwise)."""
    if report.figures.folder is not None:
        report.figures.record(name, make())


def _note(text: str) -> RichHTML:
    return H.html_text(text, css_class="note")


def _chart(report, draw, alt: str):
    """A chart (drawn lazily: `draw()` only runs when charts are on), else its alternative text."""
    if not report.charts:
        return RichHTML(f'<p class="chart-placeholder">[chart: {alt}]</p>')
    return H.chart(draw(), alt)


def _values(frame: pd.DataFrame) -> int:
    return int(pd.to_numeric(frame["value"], errors="coerce").fillna(0).sum()) if len(frame) else 0


def chart_or_note(report, frame: pd.DataFrame, draw, alt: str, what: str, none: str, where: str):
    """The chart when it is worth one; else "too few values for a chart" when there are values, else `none`.

    Args:
        report: the report's inputs.
        frame: the counts the chart would show (column `value`).
        draw: makes the matplotlib figure (called only when drawn).
        alt: the chart's alternative text.
        what: what is counted, in reader words ('completion', 'did-it-open-government').
        none: the sentence when no commitment has a value.
        where: where the values are shown instead ('the table above').
    """
    if P.worth_a_chart(frame):
        return _chart(report, draw, alt)
    n = _values(frame)
    if n:
        return _note(f"Too few {what} values for a chart ({plural(n, 'value')}): {where} "
                     f"{'shows it' if n == 1 else 'shows them all'}.")
    return _note(none)


# --- The implementation report, section by section --------------------------------------------


def title(report: PlanReport) -> RichHTML:
    """The title block: report name, member and period, each assessor's coverage, the release, the snapshot."""
    return I.title_html(report.tables, report.member, report.cycle, report.assessors, report.data)


def summary(report: PlanReport) -> RichHTML:
    """Section 1: the summary (the first sentence is the plan's size, from the facts)."""
    return I.summary_html(report.tables, report.member, report.cycle, report.assessors)


def plan(report: PlanReport) -> RichHTML:
    """Section 2: the plan: period, size, lead institutions, sources, published sizes."""
    return I.plan_html(report.tables, report.member, report.cycle)


def process(report: PlanReport) -> RichHTML:
    """Section 3: the process (`implementation.process_html`), its figure recorded."""
    from ogp_analysis import analysis

    t, m, c = report.tables, report.member, report.cycle
    report.parts["process"] = parts = I.process_parts(t, m, c)
    _record(report, "process-standards", lambda: analysis.figure("process-standards", t, member=m, cycle=c))
    return I.process_html(t, m, c, parts)


def attendance_chart(report: PlanReport):
    """Attendance by sector per meeting: a chart when two meetings or more have attendance, else nothing."""
    from ogp_analysis import plots

    parts = report.parts.get("process") or I.process_parts(report.tables, report.member, report.cycle)
    attendance = parts["attendance"]
    if attendance["meeting_date"].nunique() < 2:
        return None  # one meeting's attendance is in the table above
    return _chart(report, lambda: plots.plot_attendance(attendance, snapshot=report.snapshot),
                  "Attendance by sector per meeting, with the civil society share")


def completion(report: PlanReport) -> RichHTML:
    """Section 4: completion at the latest stage per assessor (table), its figures recorded."""
    from ogp_analysis import analysis

    t, m, c = report.tables, report.member, report.cycle
    _record(report, "assessor-coverage", lambda: analysis.figure("assessor-coverage", t, member=m, cycle=c))
    dist = analysis.completion_distribution(t, m, c)
    report.parts["completion"] = report.figures.record(
        "completion", dist[dist["assessor"].isin(report.assessors)])
    if not _any_completion(report):
        return _note(f"No completion value for any commitment of this plan is in the data "
                     f"({_kinds_said(report)}).")
    return H.html_table(I.completion_table(t, m, c, report.assessors),
                        caption="Commitments by completion at the latest stage")


def _any_completion(report: PlanReport) -> bool:
    return any(report.facts.coverage_of(a).with_value for a in report.assessors)


def _kinds_said(report: PlanReport) -> str:
    """Each assessor's kinds of answer where the data holds no completion value: 'IRM: 5 not yet; Government: ...'."""
    f = report.facts
    return "; ".join(f"{f.coverage_of(a).label}: {f.coverage_of(a).missing_words()}" for a in report.assessors)


def completion_chart(report: PlanReport):
    """The completion chart, or why there is none."""
    from ogp_analysis import analysis, plots

    dist = report.parts.get("completion")
    if dist is None:
        dist = analysis.completion_distribution(report.tables, report.member, report.cycle)
        dist = dist[dist["assessor"].isin(report.assessors)]
    values = dist[~dist["field"].str.startswith("kind:")]
    if not _any_completion(report):
        return None  # the section says so above, with each assessor's kinds of answer
    return chart_or_note(report, values, lambda: plots.plot_completion(dist, snapshot=report.snapshot),
                         "Bar chart of commitments by completion, per assessor", "completion",
                         "No completion value for any commitment of this plan is in the data.",
                         "the table above")


def differences(report: PlanReport):
    """Where the government and the IRM differ (both assessors shown), its figure recorded."""
    from ogp_analysis import analysis

    t, m, c = report.tables, report.member, report.cycle
    _record(report, "assessor-differences", lambda: analysis.figure("assessor-differences", t, member=m, cycle=c))
    return I.differences_html(t, m, c) if set(report.assessors) >= {"irm", "government"} else None


def other_assessments(report: PlanReport) -> RichHTML:
    """The IRM's design and results assessments, or that the data holds none."""
    return H.table_or_note(I.other_assessments_table(report.tables, report.member, report.cycle),
                           "The data holds no other IRM assessment of this plan's commitments.")


def diog(report: PlanReport):
    """Did it open government: the chart, or "too few values for a chart", or that the data holds none."""
    from ogp_analysis import analysis, plots

    frame = report.figures.record("diog-by-value", analysis.diog_by_value(report.tables, report.member, report.cycle))
    return chart_or_note(report, frame[frame["ogp_value"] == "overall"],
                         lambda: plots.plot_diog_by_value(frame, snapshot=report.snapshot),
                         "Stacked bars of did-it-open-government values per OGP value (IRM)",
                         "did-it-open-government",
                         "The data holds no did-it-open-government value for any commitment of this plan.",
                         "each commitment's section (section 5)")


def starred(report: PlanReport) -> RichHTML:
    """The starred commitments, its figure recorded."""
    from ogp_analysis import analysis

    t, m, c = report.tables, report.member, report.cycle
    _record(report, "starred-commitments", lambda: analysis.figure("starred-commitments", t, member=m, cycle=c))
    return I.starred_html(t, m, c)


def commitments(report: PlanReport) -> RichHTML:
    """Section 5: a section per commitment the data says something about, the others listed."""
    from ogp_analysis import analysis

    t, m, c = report.tables, report.member, report.cycle
    _record(report, "completion-by-commitment", lambda: analysis.figure("completion-by-commitment", t, member=m, cycle=c))
    html = ""
    if not _any_completion(report):
        html = render("paragraphs.html.j2", paragraphs=[
            f"No assessor's per-commitment completion is in the data for this plan ({_kinds_said(report)})."])
    return RichHTML(html + str(I.commitment_sections_html(t, m, c, report.assessors)))


def annex_completion(report: PlanReport) -> RichHTML:
    """Annex A: completion side by side."""
    return I.annex_completion_html(report.tables, report.member, report.cycle, report.assessors)


def annex_coverage(report: PlanReport) -> RichHTML:
    """Annex B: commitments with a value per assessor and indicator, its figure recorded."""
    from ogp_analysis import analysis

    t, m, c = report.tables, report.member, report.cycle
    _record(report, "coverage", lambda: analysis.coverage(t, m, c))
    return H.table_or_note(I.annex_coverage_table(t, m, c, report.assessors),
                           "No indicator has a value for any commitment of this plan.")


def annex_data_quality(report: PlanReport) -> RichHTML:
    """Annex C: the plan's data-quality findings, its figure recorded."""
    from ogp_analysis import analysis

    t, m, c = report.tables, report.member, report.cycle
    _record(report, "data-quality", lambda: analysis.plan_data_quality(t, m, c))
    return H.table_or_note(I.annex_data_quality(t, m, c), "No data-quality finding concerns this plan.",
                           links=["Source"])


def annex_derived(report: PlanReport) -> RichHTML:
    """Annex D: OGP's derived indicators recomputed, its figure recorded."""
    from ogp_analysis import analysis

    t, m, c = report.tables, report.member, report.cycle
    _record(report, "derived-check", lambda: analysis.derived_check(t, m, c))
    return I.derived_check_html(t, m, c)


def method(report=None) -> RichHTML:
    """Annex E (the cross-cycle report's Annex B): how the numbers were computed."""
    return I.method_html()


PLAN_SECTIONS = (title, summary, plan, process, attendance_chart, completion, completion_chart,
                 differences, other_assessments, diog, starred, commitments, annex_completion,
                 annex_coverage, annex_data_quality, annex_derived, method)


def plan_sections(report: PlanReport) -> dict[str, str]:
    """Every section of the implementation report, in order, as HTML text (charts as their alternative text)."""
    out = {}
    for section in PLAN_SECTIONS:
        got = section(report)
        out[section.__name__] = "" if got is None else (str(got) if isinstance(got, RichHTML) else
                                                        f"[chart: {getattr(got, 'metadata', {})}]")
    return out


# --- The cross-cycle report ---------------------------------------------------------------------


def member_title(report: MemberReport) -> RichHTML:
    """Title block: the member, its plans, the data snapshot."""
    from ogp_analysis.report import cross_cycle as X

    return X.title_html(report.tables, report.member, report.cycles, report.data)


def member_summary(report: MemberReport) -> RichHTML:
    """Section 1: what changed from plan to plan, the cross-cycle figure recorded."""
    from ogp_analysis import analysis
    from ogp_analysis.report import cross_cycle as X

    report.parts["side"] = side = report.figures.record(
        "cross-cycle", analysis.cross_cycle(report.tables, report.member, report.cycles))
    return X.summary_html(report.tables, report.member, report.cycles, side)


def _side(report: MemberReport) -> pd.DataFrame:
    from ogp_analysis import analysis

    if "side" not in report.parts:
        report.parts["side"] = analysis.cross_cycle(report.tables, report.member, report.cycles)
    return report.parts["side"]


def plans_side_by_side(report: MemberReport) -> RichHTML:
    """Section 2: one row per plan."""
    from ogp_analysis.report import cross_cycle as X

    return H.html_table(X.plans_table(report.tables, report.member, report.cycles, _side(report)),
                        caption="IRM results per plan")


def plans_chart(report: MemberReport):
    """The plans over time: a chart when two plans or more have values, else why not."""
    from ogp_analysis import plots
    from ogp_analysis.report import cross_cycle as X

    side = _side(report)
    if len(report.cycles) < 2:
        return _note("One plan: no chart over time; the table above holds its figures.")
    return chart_or_note(
        report, side[side["field"] == "high_completion"],
        lambda: plots.plot_cross_cycle(side, snapshot=report.snapshot,
                                       published=X.published_points(report.tables, report.member,
                                                                    report.cycles, side)),
        "Commitments, high completion, starred and strong results per plan (IRM)", "high-completion",
        "No plan has a high-completion value in the data: no chart over time.", "the table above")


def member_process(report: MemberReport) -> RichHTML:
    """Section 3: the IRM's judgement of each plan's process and its meetings."""
    from ogp_analysis.analysis.process import cross_cycle_process

    return H.table_or_note(cross_cycle_process(report.tables, report.member).drop(columns=["Sources"]),
                           "The data holds no record of these plans' processes (forum meetings, "
                           "published records) and no IRM judgement of them.", caption="Process per plan")


def standing(report: MemberReport) -> RichHTML:
    """Section 4: among the members in the data, saying how many plans and commitments it rests on."""
    from ogp_analysis.analysis import summaries as S
    from ogp_analysis.report import cross_cycle as X

    _record(report, "plan-shares", lambda: S.plan_shares(report.tables))
    html = str(X.standing_html(report.tables, report.member))
    return RichHTML(html + str(_note(basis_words(report.tables, compared="Plans compared" in html))))


def basis_words(tables: dict, compared: bool = True) -> str:
    """What a comparison among members rests on: plans, members, commitments, and the plans held only in part."""
    sizes = FACTS.plan_numbers(tables)
    members = sizes["member"].nunique()
    part = sizes[sizes["is_part"]]
    text = (f"The comparisons are drawn from data holding the {plural(len(sizes), 'plan')} of "
            f"{plural(members, 'member')}, {plural(int(sizes['commitments'].sum()), 'commitment')} in all"
            + (" (the table's last column counts the plans behind each share)" if compared else ""))
    if len(part):
        text += (f"; for {plural(len(part), 'plan')} the data holds only part of the plan: "
                 f"{int(part['commitments'].sum())} of at least {int(part['highest_number'].sum()):,} "
                 "commitments, by the data release's commitment numbers")
    return text + "."


def policy_areas(report: MemberReport) -> RichHTML:
    """Section 5: commitments per policy area and plan, the figure recorded."""
    from ogp_analysis import analysis
    from ogp_analysis.report import cross_cycle as X

    report.parts["areas"] = report.figures.record(
        "policy-areas", analysis.policy_areas(report.tables, report.member, report.cycles))
    return H.table_or_note(X.policy_area_table(report.tables, report.member, report.cycles),
                           "No policy area is recorded for these plans' commitments.",
                           caption="Commitments per policy area and plan")


def policy_areas_chart(report: MemberReport):
    """Policy areas over time: the chart when worth one, else nothing (the table holds them)."""
    from ogp_analysis import analysis, plots

    areas = report.parts.get("areas")
    if areas is None:
        areas = analysis.policy_areas(report.tables, report.member, report.cycles)
    if not P.worth_a_chart(areas):
        return None
    return _chart(report, lambda: plots.plot_policy_areas(areas, snapshot=report.snapshot),
                  "Stacked bars of commitments per policy area and plan")


def member_stars(report: MemberReport) -> RichHTML:
    """Section 6: the starred commitments of the plans."""
    from ogp_analysis.report import cross_cycle as X

    return H.table_or_note(X.stars_table(report.tables, report.member, report.cycles),
                           "The data states no star for any commitment of these plans.")


def time_to_complete(report: MemberReport) -> RichHTML:
    """Section 7: how long commitments took, the figure recorded."""
    from ogp_analysis.analysis.progress import time_to_complete as ttc
    from ogp_analysis.analysis.progress import time_to_complete_sentence

    return H.html_text(time_to_complete_sentence(report.figures.record("time-to-complete",
                                                                       ttc(report.tables, report.member))))


def threads(report: MemberReport) -> RichHTML:
    """Section 8: carried-forward threads."""
    from ogp_analysis.report import cross_cycle as X

    return H.table_or_note(X.threads_table(report.tables, report.member, report.cycles, _side(report)),
                           "No commitment of these plans is marked carried forward in the data.",
                           links=["Page"])


def member_coverage(report: MemberReport) -> RichHTML:
    """Annex A: coverage per plan, the figure recorded."""
    from ogp_analysis import analysis
    from ogp_analysis.report import cross_cycle as X

    _record(report, "coverage", lambda: analysis.coverage(report.tables, report.member))
    return H.table_or_note(X.coverage_table(report.tables, report.member, report.cycles),
                           "No indicator has an IRM value for any commitment of these plans.")


MEMBER_SECTIONS = (member_title, member_summary, plans_side_by_side, plans_chart, member_process,
                   standing, policy_areas, policy_areas_chart, member_stars, time_to_complete,
                   threads, member_coverage, method)


def member_sections(report: MemberReport) -> dict[str, str]:
    """Every section of the cross-cycle report, in order, as HTML text."""
    return {s.__name__: "" if (got := s(report)) is None else str(got) for s in MEMBER_SECTIONS}
