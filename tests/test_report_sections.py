"""Every plan's report assembled in-process from its sections (no papermill): it never contradicts itself.

Over every plan of the shared release built alone and every bundled UK plan: no number
disagrees with its noun ("1 commitments"); no "no value" sentence of an indicator stands in a
report that shows a value of it; a plan the release numbers beyond the rows it holds says
"at least M"; the release read is named by file name; and the numbers the sections print are
the answer table's.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis.facts import plan_facts
from ogp_analysis.ingest.release import commitment_number
from ogp_analysis.metadata import rules as R
from ogp_analysis.report import sections as S
from ogp_analysis.report.implementation import lead_groups

# The sections whose sentences state the plan's size and its values (the annexes of the
# derived check, coverage and data quality, and the process, are read for the UK plans).
STATED = (S.title, S.summary, S.plan, S.completion, S.completion_chart, S.differences,
          S.other_assessments, S.diog, S.starred, S.commitments, S.annex_completion)

ONE_PLURAL = re.compile(r"\b1 (commitments|values|plans|members|meetings|documents|assessors)\b")
# indicator -> (its "no value" sentence, what a value of it looks like in a report)
NO_VALUE = {
    "did it open government": (r"no did-it-open-government value",
                               r"Did it open government: (Major|Marginal|Outstanding|Did Not Change|Worsens)"),
    "completion": (r"No completion value for any commitment",
                   r"(IRM|Government) (mid-term|end of term|self-assessment) "
                   r"(Complete|Substantial|Limited|Not Started|Withdrawn)\b"),
    "star": (r"states no star for any commitment", r"Starred[^.:]*: Yes"),
    "other IRM assessments": (r"holds no other IRM assessment", r"Assessment Values Commitments with a value"),
}


def text_of(html_text: str) -> str:
    """What a reader reads: tags dropped, entities decoded, spaces folded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", html_text))).strip()


def assemble(tables, member: str, cycle: int, sections=STATED) -> dict[str, str]:
    report = S.plan_report(member, cycle, tables=tables, charts=False)
    return {s.__name__: text_of("" if (got := s(report)) is None else str(got)) for s in sections}


def _plans(tables) -> list[tuple[str, int]]:
    com = tables["commitments"]
    return sorted({(str(m), int(c)) for m, c in zip(com["member"], com["cycle"], strict=True)})


@pytest.fixture(scope="module")
def release_reports(release_built_tables) -> dict:
    return {p: assemble(release_built_tables, *p) for p in _plans(release_built_tables)}


@pytest.fixture(scope="module")
def uk_reports(uk_tables) -> dict:
    return {p: {k: text_of(v) for k, v in S.plan_sections(S.plan_report(*p, tables=uk_tables, charts=False)).items()}
            for p in _plans(uk_tables)}


def _both(release_reports, uk_reports):
    return {**release_reports, **uk_reports}


def test_no_report_section_prints_one_with_a_plural_noun(release_reports, uk_reports):
    bad = [(p, name, m.group(0)) for p, secs in _both(release_reports, uk_reports).items()
           for name, text in secs.items() for m in ONE_PLURAL.finditer(text)]
    assert not bad, bad[:5]


@pytest.mark.parametrize("indicator", list(NO_VALUE))
def test_no_report_says_no_value_beside_a_value(indicator, release_reports, uk_reports):
    none, value = NO_VALUE[indicator]
    bad = [p for p, secs in _both(release_reports, uk_reports).items()
           if re.search(none, " ".join(secs.values())) and re.search(value, " ".join(secs.values()))]
    assert not bad, bad[:5]


def test_canada_2014_says_too_few_values_for_a_chart_never_no_value(release_reports):
    report = " ".join(release_reports[("canada", 2014)].values())
    assert "Did it open government: Major" in report
    assert "Too few did-it-open-government values for a chart (1 value)" in report
    assert "no did-it-open-government value" not in report
    assert "the data holds 1 of the plan's at least 7 commitments" in report
    assert "holds 1 commitments" not in report and "(CA0036 to CA0036)" not in report


def test_a_chart_is_drawn_or_said_too_few_or_said_absent():
    report = S.PlanReport({}, "m", 2014, ["irm"], charts=False)
    never = lambda: pytest.fail("a chart drawn with charts off")  # noqa: E731
    frame = lambda *v: pd.DataFrame({"value": list(v)})  # noqa: E731
    assert "[chart: A]" in str(S.chart_or_note(report, frame(2, 3), never, "A", "x", "None.", "there"))
    few = str(S.chart_or_note(report, frame(1, 0, None), never, "A", "x", "None.", "there"))
    assert "Too few x values for a chart (1 value): there shows it." in few
    assert "None." in str(S.chart_or_note(report, frame(0, None), never, "A", "x", "None.", "there"))


def _release_sizes(release_csv) -> pd.DataFrame:
    """Per plan, straight from the release file: its rows and its highest commitment number."""
    raw = pd.read_csv(release_csv, dtype=str, keep_default_na=False)
    raw["number"] = raw["Commitment Number"].map(commitment_number)
    return raw.groupby(["Country/Locality", "Year Of Submission"]).agg(
        rows=("Commitment Unique Identifier", "size"), highest=("number", "max"),
        cid=("Commitment Unique Identifier", "first")).reset_index()


def test_every_plan_the_release_holds_in_part_says_at_least_its_highest_number(
        release_reports, release_csv, release_built_tables):
    sizes = _release_sizes(release_csv)
    part = sizes[sizes["highest"] > sizes["rows"]]
    members = release_built_tables["commitments"].set_index("commitment_id")["member"]
    assert len(part) > 100
    missing = []
    for r in part.itertuples(index=False):
        plan = (members[r.cid.upper()], int(r[1]))
        report = " ".join(release_reports[plan].values())
        if f"at least {int(r.highest)}" not in report or f"holds {r.rows} commitments (" in report:
            missing.append(plan)
    assert not missing, missing[:5]


def test_every_report_names_the_release_it_read_by_file_name(release_reports, release_csv, uk_reports):
    for plan, secs in release_reports.items():
        assert f"Read from the IRM data release file {release_csv.name}" in secs["title"], plan
        assert str(release_csv.parent) not in " ".join(secs.values()), plan



def test_a_plan_report_names_a_release_only_where_the_plans_rows_came_from_it(uk_reports, uk_tables):
    """UK 2011 holds no row of the bundled release extract: its report never says it was read from it."""
    a = uk_tables["assessments"]
    from_release = a[a["source_type"].astype(str) == "irm_data_release"]
    with_rows = {(m, int(c)) for m, c in zip(from_release["member"], from_release["cycle"], strict=True)}
    assert with_rows and ("united-kingdom", 2011) not in with_rows
    for plan, secs in uk_reports.items():
        assert ("open_parliament_0703.csv" in secs["title"]) == (plan in with_rows), plan


def _count(pattern: str, text: str) -> tuple[int, ...] | None:
    m = re.search(pattern, text)
    return tuple(int(g) for g in m.groups()) if m else None


def test_the_numbers_the_sections_print_are_the_answer_tables(release_built_tables, release_reports,
                                                              uk_tables, uk_reports):
    bad = []
    for tables, reports in ((release_built_tables, release_reports), (uk_tables, uk_reports)):
        com = tables["commitments"]
        for (member, cycle), secs in reports.items():
            plan = com[(com["member"] == member) & (com["cycle"] == cycle)]
            n, with_value = len(plan), int(plan["irm_completion_latest"].notna().sum())
            diog = plan["irm_diog_overall"].dropna().astype(str)
            f = plan_facts(tables, member, cycle)
            said = {
                "title: IRM completion values": (_count(r"IRM: a completion value for (\d+) of", secs["title"]),
                                                 (with_value,) if with_value else None),
                "completion table: IRM with a value": (
                    _count(r"Commitments with a value (\d+) of (\d+)", secs["completion"]),
                    (with_value, n) if any(c.with_value for c in f.coverage) else None),
                "summary: strong results": (
                    _count(r"judged (\d+) of (?:the )?(\d+) commitments? with a did-it", secs["summary"]),
                    (int(diog.isin(R.STRONG_RESULTS).sum()), len(diog)) if len(diog) else None),
                "summary: commitments in the data": (
                    _count(r"^The data holds (\d+)", secs["summary"]), (n,)),
                "facts: highest number": (f.highest_number,
                                          None if plan["commitment_number"].isna().all()
                                          else int(plan["commitment_number"].max())),
            }
            bad += [(member, cycle, what, got, want) for what, (got, want) in said.items() if got != want]
    assert not bad, bad[:5]


def test_the_uk_summary_and_section_5_give_the_same_kinds_of_answer(uk_tables, uk_reports):
    """2019 and 2021: no assessor's completion in the data; both sections give the IRM's kinds alike."""
    for cycle in (2019, 2021, 2023):
        f = plan_facts(uk_tables, "united-kingdom", cycle)
        secs = uk_reports[("united-kingdom", cycle)]
        irm = f.coverage_of("irm")
        assert f"their completion: {irm.missing_words()}" in secs["summary"], cycle
        if not f.coverage_of("government").with_value:
            assert f"IRM: {irm.missing_words()}" in secs["commitments"], cycle


def test_uk_2011_reads_its_end_from_the_named_irm_report(uk_reports):
    secs = uk_reports[("united-kingdom", 2011)]
    assert "when it ends is not in the data" not in secs["plan"]
    assert "runs 2011 to 2013 (the years in “IRM report on the 2011-13 action plan”)" in secs["plan"]
    assert "action plan 2011–2013" in secs["title"]


def test_lead_institutions_fold_their_spellings_and_count_commitments():
    names = pd.Series(["Scottish government", "Scottish Government", "DCMS",
                       "Department for Digital, Culture, Media and Sport (DCMS), in partnership with X",
                       "Ministry of Housing, Communities & Local Government",
                       "Ministry of Housing, Communities and Local Government",
                       "Foreign, Commonwealth and Development Office", "Foreign Commonwealth and Development Office"],
                      index=["A1", "A2", "A3", "A4", "A5", "A5", "A6", "A7"])
    assert lead_groups(names) == [("Scottish government", 2),
                                  ("Department for Digital, Culture, Media and Sport", 2),
                                  ("Foreign, Commonwealth and Development Office", 2),
                                  ("Ministry of Housing, Communities & Local Government", 1)]


def test_the_uk_lead_institutions_say_how_many_commitments_name_one(uk_reports, uk_tables):
    com = uk_tables["commitments"]
    n = int(((com["member"] == "united-kingdom") & (com["cycle"] == 2013)).sum())
    assert re.search(rf"Lead institutions named for \d+ of the {n} commitments",
                     uk_reports[("united-kingdom", 2013)]["plan"])


def test_the_cross_cycle_sections_say_what_a_comparison_rests_on(release_built_tables):
    report = S.member_report("ukraine", tables=release_built_tables, charts=False)
    texts = {k: text_of(v) for k, v in S.member_sections(report).items()}
    plans = F.member_cycles(release_built_tables, "ukraine")
    assert len(plans) >= 2
    sizes = release_built_tables["commitments"].groupby(["member", "cycle"]).size()
    assert f"drawn from data holding the {len(sizes)} plans of" in texts["standing"]
    assert f"{int(sizes.sum())} commitments in all" in texts["standing"]
    assert not [m.group(0) for t in texts.values() for m in ONE_PLURAL.finditer(t)]


def test_every_cross_cycle_report_says_a_plan_held_in_part_and_agrees_in_number(release_built_tables):
    """The cross-cycle sections that state each plan's size, for every member of the release."""
    tables = release_built_tables
    bad = []
    for member in sorted(tables["commitments"]["member"].unique()):
        report = S.member_report(member, tables=tables, charts=False)
        text = " ".join(text_of(str(s(report))) for s in (S.member_title, S.member_summary, S.plans_side_by_side))
        bad += [(member, m.group(0)) for m in ONE_PLURAL.finditer(text)]
        for cycle in report.cycles:
            f = plan_facts(tables, member, cycle)
            if f.is_part and f"the data holds {f.n} of the plan's at least {f.size_bound.number} commitments" not in text:
                bad.append((member, cycle, "no 'at least'"))
    assert not bad, bad[:5]


def test_how_long_one_commitment_took_is_said_in_the_singular():
    from ogp_analysis.analysis.progress import time_to_complete_sentence

    one = time_to_complete_sentence(pd.DataFrame({"days": [None], "start_date": ["2014"], "completed_date": [None]}))
    assert "the one commitment does not have both a start date" in one and "(1 has a start date" in one
    assert not ONE_PLURAL.search(one)


def test_the_completion_table_gives_an_assessor_without_values_the_kinds_the_summary_gives(uk_tables):
    """UK 2023: the IRM's completion is not yet due; its column says so, as the summary does."""
    from ogp_analysis.analysis.facts import plan_facts
    from ogp_analysis.report.implementation import completion_table

    words = plan_facts(uk_tables, "united-kingdom", 2023).coverage_of("irm").missing_words()
    assert words != "not in the data"
    table = completion_table(uk_tables, "united-kingdom", 2023, ("irm", "government"))
    assert set(table["IRM"].iloc[:-1]) == {words}


def test_the_cross_cycle_summary_gives_the_published_count_the_plans_table_gives(uk_tables):
    """UK 2013: the plans table's cell is the IRM's published 17 of 21; the summary above it says it too."""
    from ogp_analysis.report import cross_cycle as X

    cycles = [2011, 2013, 2016, 2019, 2021, 2023]
    table = X.plans_table(uk_tables, "united-kingdom", cycles)
    cell = next(v for v in table.iloc[1] if isinstance(v, str) and "published counts" in v)
    published = cell.split(" computed")[0]  # "17 of 21 (81%)"
    summary = X.change_sentences(uk_tables, "united-kingdom", cycles)
    assert published in summary[1] and "the IRM's published counts" in summary[1]
    assert all("published counts" not in s for i, s in enumerate(summary) if i != 1)


def test_the_data_quality_annex_names_each_finding_field_in_reader_words(uk_tables):
    """A page field ('name', 'lead') is said in words ('the plan's name'), never as the parser's key."""
    from ogp_analysis.metadata.scales import FINDING_FIELD_LABELS
    from ogp_analysis.report.implementation import annex_data_quality

    about = set()
    for member, cycle in _plans(uk_tables):
        about |= set(annex_data_quality(uk_tables, member, cycle)["About"].dropna())
    assert not about & set(FINDING_FIELD_LABELS)
    assert about & set(FINDING_FIELD_LABELS.values())  # the UK pages hold such findings
