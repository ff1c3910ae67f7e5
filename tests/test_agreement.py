"""One answer everywhere, on every plan of the shared release and the bundled data.

Each question (a count per label, a kind of answer, a share's two counts, whether a star is
stated) is asked of the irm_* columns of `commitments`, the figures, the plan shares, the
notebook helper and the CLI's CSV, and must get the same number; `check` agrees with counts made
from the release's raw columns. Two tests make one function disagree and show the check fails.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from ogp_analysis.analysis import assessors as AS
from ogp_analysis.analysis import at_a_glance
from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis import glance as G
from ogp_analysis.analysis import summaries as S
from ogp_analysis.analysis.check import Checker, read_published
from ogp_analysis.analysis.facts import plan_facts
from ogp_analysis.analysis.plan import coverage as plan_coverage
from ogp_analysis.analysis.questions import count_shares, indicator_values
from ogp_analysis.ingest import read_bundled
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.rules import HIGH_COMPLETION, STRONG_RESULTS, counted_labels
from ogp_analysis.normalise import build_tables
from ogp_analysis.paths import Paths


@pytest.fixture(scope="module")
def bundled_tables():
    return build_tables(read_bundled(Paths.default().bundled))[0]


@pytest.fixture(scope="module")
def release_tables(release_built_tables):
    """The session's one release build (`build --no-bundled --irm-data ...`), shared with the report tests."""
    return release_built_tables


@pytest.fixture(scope="module")
def release_checker(release_tables):
    """One checker for the module: each plan's At a Glance is computed once and shared."""
    return Checker(release_tables)


# The questions asked of each plan: field of at-a-glance -> the commitments column that answers it.
COVERAGE_COLUMNS = {
    "coverage:completion_midterm": "irm_completion_midterm",
    "coverage:completion_end_of_term": "irm_completion_end_of_term",
    "coverage:completion_latest": "irm_completion_latest",
    "coverage:potential_impact": "irm_potential_impact",
    "coverage:specificity": "irm_specificity",
    "coverage:diog": "irm_diog_overall",
    "coverage:starred": "irm_is_starred",
    "coverage:carried_forward": "irm_is_carried_forward",
    "coverage:ogp_values": "irm_is_relevant",
}


def _column_counts(com: pd.DataFrame) -> dict[str, int]:
    """At-a-glance counts made from the irm_* columns of one plan's commitments.

    A flag counts only where a source states it (`== True`): an unknown star is neither
    starred nor not starred.
    """
    out: dict[str, int] = {}
    latest = com["irm_completion_latest"].astype(object)
    for label in counted_labels("completion"):
        out[f"completion_latest:{label}"] = int((latest == label).sum())
    out["high_completion"] = int(latest.isin(HIGH_COMPLETION).sum())
    diog = com["irm_diog_overall"].astype(object)
    for label in counted_labels("diog"):
        out[f"diog:{label}"] = int((diog == label).sum())
    out["diog_strong"] = int(diog.isin(STRONG_RESULTS).sum())
    for field, column in (("starred", "irm_is_starred"), ("relevant", "irm_is_relevant"),
                          ("carried_forward", "irm_is_carried_forward")):
        out[field] = int((com[column] == True).sum())  # noqa: E712 - NA is neither
    for field, column in COVERAGE_COLUMNS.items():
        out[field] = int(com[column].notna().sum())
    return out


def _same(what, figure, column, bad: list) -> None:
    """Record a disagreement: an NA figure matches a column count of 0 (nothing to count)."""
    if figure is None or pd.isna(figure):
        if column != 0:
            bad.append((*what, "NA", column))
    elif int(figure) != column:
        bad.append((*what, int(figure), column))


def plan_disagreements(tables, checker=None, cli_csv: dict | None = None) -> tuple[int, list]:
    """Ask every plan's questions of the columns, the figures, the shares, the helpers and the CLI CSV.

    Returns:
        (questions asked, [(member, cycle, question, one answer, the other), ...]).
    """
    com = tables["commitments"]
    shares = S.plan_shares(tables).set_index(["member", "cycle", "share"])
    member_frames = {ind: G.cross_member(tables, ind).set_index(["member", "cycle", "field"])["value"]
                     for ind in ("completion", "diog")}
    answers = F.answers(tables)
    helper = count_shares(indicator_values(tables), by=["member", "cycle"]).drop_duplicates(["member", "cycle"])
    helper = helper.set_index(["member", "cycle"])["denominator"]
    coverage_kinds = {m: plan_coverage(tables, m).groupby(["cycle", "assessor", "indicator", "kind"])["value"].sum()
                for m in com["member"].astype(str).unique()}
    bad: list = []
    asked = 0
    for (member, cycle), plan in com.groupby(["member", "cycle"], observed=True):
        cycle = int(cycle)
        frame = (checker.computed("at-a-glance", member, cycle, "irm") if checker
                 else G.at_a_glance(tables, member, cycle))
        glance = frame.set_index("field")["value"]
        columns = _column_counts(plan)
        for field, n in columns.items():
            _same((member, cycle, f"at-a-glance {field} vs column"), glance[field], n, bad)
        # The completion figure and who-assessed-it give every kind the same count, adding up.
        completion = G.completion_distribution(tables, member, cycle)
        completion = completion[completion["assessor"] == "irm"].set_index("field")["value"]
        coverage = AS.assessor_coverage(tables, member, cycle, ("irm",)).set_index("field")["value"]
        for kind in R.ANSWER_KINDS:
            _same((member, cycle, f"completion kind:{kind} vs assessor-coverage"),
                  completion[f"kind:{kind}"], int(coverage[kind]), bad)
        _same((member, cycle, "kinds add up to the plan"),
              sum(int(coverage[k]) for k in R.ANSWER_KINDS), len(plan), bad)
        _same((member, cycle, "assessor-coverage counted vs column"),
              sum(int(coverage[k]) for k in R.COUNTED_KINDS), columns["coverage:completion_latest"], bad)
        # The coverage figure: every question's kinds add up to the plan, and its counted kinds
        # are the column's answers.
        cov = coverage_kinds[str(member)].loc[cycle]
        for (who, name), kinds in cov.groupby(level=["assessor", "indicator"]):
            _same((member, cycle, f"coverage {who} {name}: kinds add up to the plan"),
                  int(kinds.sum()), len(plan), bad)
        irm = cov.loc["irm"]
        for field in COVERAGE_COLUMNS:
            name = field.removeprefix("coverage:")
            _same((member, cycle, f"coverage {name} counted vs column"),
                  int(irm.loc[name].reindex(list(R.COUNTED_KINDS), fill_value=0).sum()), columns[field], bad)
        # The cross-member figure and the notebook helper over the same plan.
        for ind, column in (("completion", "irm_completion_latest"), ("diog", "irm_diog_overall")):
            _same((member, cycle, f"cross-member {ind} assessed vs column"),
                  member_frames[ind].get((member, cycle, "assessed")), int(plan[column].notna().sum()), bad)
        _same((member, cycle, "questions.shares denominator vs column"), int(helper.get((member, cycle), 0)),
              columns["coverage:completion_latest"], bad)
        # Plan shares: both counts from the same answers as the columns.
        for share, num, den in (("high_completion", "high_completion", "coverage:completion_latest"),
                                ("diog_strong", "diog_strong", "coverage:diog"),
                                ("starred", "starred", "coverage:starred")):
            row = shares.loc[(member, cycle, share)]
            _same((member, cycle, f"plan share {share} count"), row["count"], columns[num], bad)
            _same((member, cycle, f"plan share {share} denominator"), row["denominator"], columns[den], bad)
        # A star is never counted where no source states one.
        stated = set(plan.loc[plan["irm_is_starred"].notna(), "commitment_id"])
        starred_ids = set(frame.set_index("field").loc["starred", "commitment_ids"])
        if not starred_ids <= stated:
            bad.append((member, cycle, "a star counted where none is stated", sorted(starred_ids - stated), []))
        listed = set(AS.starred_commitments(tables, member, cycle)["field"])
        yes = answers[(answers["member"] == member) & (answers["cycle"] == cycle)
                      & answers["indicator"].isin([*R.STAR_RULES, "starred"])
                      & answers["kind"].isin(R.COUNTED_KINDS) & (answers["value"] == "Yes")]
        if listed != set(yes["commitment_id"]):
            bad.append((member, cycle, "starred commitments vs the answer table", sorted(listed),
                        sorted(yes["commitment_id"])))
        # The plan's facts, which every report section prints, from the same answers.
        facts = plan_facts(tables, member, cycle)
        _same((member, cycle, "facts commitments vs column"), facts.n, len(plan), bad)
        for kind in R.ANSWER_KINDS:
            _same((member, cycle, f"facts irm kind:{kind} vs assessor-coverage"),
                  facts.coverage_of("irm").count(kind), int(coverage[kind]), bad)
        numbers = plan["commitment_number"].dropna() if "commitment_number" in plan else []
        _same((member, cycle, "facts highest commitment number vs column"), facts.highest_number,
              int(max(numbers)) if len(numbers) else 0, bad)
        if facts.size_bound is not None and facts.size_bound.number <= len(plan):
            bad.append((member, cycle, "a size bound no larger than the data's count", facts.size_bound, len(plan)))
        # The CLI's CSV of the same figure.
        if cli_csv is not None:
            for ind, column in (("completion", "irm_completion_latest"), ("diog", "irm_diog_overall")):
                got = cli_csv[ind].get((member, str(cycle), "assessed"))
                _same((member, cycle, f"CLI cross-member {ind} assessed vs column"),
                      None if got in (None, "", "NA") else int(got), int(plan[column].notna().sum()), bad)
        asked += len(columns) + 3 * len(R.ANSWER_KINDS) + 16 + len(cov) + len(COVERAGE_COLUMNS)
    return asked, bad


def _cli_csv(tables, tmp_path, capsys) -> dict:
    """The CLI's cross-member CSV (completion, did it open government) over every plan."""
    from ogp_analysis.cli import main
    from ogp_analysis.storage import write_tables

    data = write_tables(tables, tmp_path / "processed")
    out = {}
    for ind in ("completion", "diog"):
        assert main(["figures", "cross-member", "--indicator", ind, "--format", "csv",
                     "--data", str(data)]) == 0
        rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
        out[ind] = {(r["member"], r["cycle"], r["field"]): r["value"] for r in rows}
    return out


def test_every_bundled_plan_gives_one_answer_everywhere(bundled_tables, tmp_path, capsys):
    asked, bad = plan_disagreements(bundled_tables, cli_csv=_cli_csv(bundled_tables, tmp_path, capsys))
    assert asked > 200
    assert not bad, bad[:5]


def test_every_release_plan_gives_one_answer_everywhere(release_tables, release_checker, tmp_path, capsys):
    asked, bad = plan_disagreements(release_tables, release_checker,
                                    cli_csv=_cli_csv(release_tables, tmp_path, capsys))
    assert asked > 10000
    assert not bad, bad[:5]


def test_the_check_fails_when_one_function_counts_a_kind_it_should_not(bundled_tables, monkeypatch):
    """Make the figures count every kind of answer (not yet, no data, ...) as a counted one."""
    from ogp_analysis.analysis import cache

    cache.clear()
    monkeypatch.setattr(F.Answers, "counted", lambda self: self)
    _, bad = plan_disagreements(bundled_tables)
    cache.clear()
    assert any("at-a-glance coverage:" in b[2] for b in bad)


def test_the_check_fails_when_unknown_stars_are_counted_as_not_starred(bundled_tables, monkeypatch):
    """The bug the issue found in `plan_shares`: an unknown star filled with False."""
    original = S.plan_shares

    def fills_unknown_stars(tables):
        out = original(tables)
        sizes = tables["commitments"].groupby(["member", "cycle"], observed=True).size()
        star = out["share"] == "starred"
        out.loc[star, "denominator"] = [int(sizes[(m, c)]) for m, c in
                                        zip(out.loc[star, "member"], out.loc[star, "cycle"], strict=True)]
        return out

    monkeypatch.setattr(S, "plan_shares", fills_unknown_stars)
    _, bad = plan_disagreements(bundled_tables)
    assert any(b[2] == "plan share starred denominator" for b in bad)


def test_2011_star_is_not_stated(bundled_tables):
    com = bundled_tables["commitments"]
    plan = com[com["cycle"] == 2011]
    assert len(plan) == 41
    assert plan["irm_is_starred"].isna().all()
    glance = at_a_glance(bundled_tables, "united-kingdom", 2011).set_index("field")["value"]
    assert pd.isna(glance["starred"])


def _raw_counts(path, tables) -> list[dict]:
    """Per plan, counts straight from the release's raw columns (NA where no commitment has an answer)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    members = tables["commitments"].set_index("commitment_id")["member"]
    raw["member"] = raw["Commitment Unique Identifier"].str.upper().map(members)
    rows = []
    specs = [("Completion (End Of Term)", "completion_end_of_term", counted_labels("completion")),
             ("Completion (Progress Report)", "completion_midterm", counted_labels("completion")),
             ("Did It Open Government (Overall)", "diog", counted_labels("diog"))]
    for (member, cycle), g in raw.groupby(["member", "Year Of Submission"]):
        for column, field, labels in specs:
            answers = g[column].str.strip()
            answers = answers[answers.isin(labels)]
            for label in labels:
                value = str(int((answers == label).sum())) if len(answers) else "NA"
                rows.append({"member": member, "cycle": cycle, "assessor": "irm",
                             "figure": "at-a-glance", "field": f"{field}:{label}", "value": value})
    return rows


def test_check_agrees_with_counts_from_the_release_columns(release_tables, release_checker,
                                                          release_csv, tmp_path):
    published = tmp_path / "published.csv"
    rows = _raw_counts(release_csv, release_tables)
    with published.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    results = [(row, *release_checker.check(row)) for row in read_published(published)]
    # Refresh-era plans have no mid-term report: the figure is NA there by era, while the raw
    # column may be blank for the whole plan (also NA); every other row must match exactly.
    bad = [(r["line"], msg) for r, status, msg in results if status != "match"]
    assert len(results) == len(rows) > 1000
    assert not bad, bad[:5]
