"""One answer per commitment: each example of issue 24, on the shared IRM release and the bundled UK data.

Every count below is asked of two or more places (a column of `commitments`, a figure, a report
section, the answer table) and must give the same number, from the one answer table.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ogp_analysis.analysis import assessors as AS
from ogp_analysis.analysis import frames as F
from ogp_analysis.analysis import glance as G
from ogp_analysis.analysis import summaries as S
from ogp_analysis.ingest import read_bundled
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.scales import INDICATOR_LABELS
from ogp_analysis.normalise import build_tables
from ogp_analysis.paths import Paths

UK = "united-kingdom"


@pytest.fixture(scope="module")
def bundled():
    return build_tables(read_bundled(Paths.default().bundled))[0]


@pytest.fixture(scope="module")
def release(release_tables):
    return release_tables  # the session's one in-memory release build (conftest)


def _fields(frame: pd.DataFrame, assessor: str = "irm") -> pd.Series:
    return frame[frame["assessor"] == assessor].set_index("field")["value"]


def test_uk_2013_commitments_without_an_irm_value_are_one_kind_in_completion_and_assessor_coverage(bundled):
    completion = G.completion_distribution(bundled, UK, 2013)
    coverage = AS.assessor_coverage(bundled, UK, 2013)
    by_completion = completion[(completion["assessor"] == "irm")
                               & (completion["field"] == "kind:not_in_data")]
    by_coverage = coverage[(coverage["assessor"] == "irm") & (coverage["field"] == "not_in_data")]
    assert int(by_completion["value"].iloc[0]) == int(by_coverage["value"].iloc[0]) == 18
    assert by_completion["commitment_ids"].iloc[0] == by_coverage["commitment_ids"].iloc[0]
    # Every kind agrees, and the kinds add up to the plan in both.
    for kind in R.ANSWER_KINDS:
        assert _fields(completion)[f"kind:{kind}"] == _fields(coverage)[kind], kind
    assert sum(int(_fields(coverage)[k]) for k in R.ANSWER_KINDS) == 21


def test_unclear_end_of_term_answers_are_counted_by_the_column_and_the_figures_alike(release):
    com = release["commitments"].set_index("commitment_id")
    assert list(com.loc[["NO0063", "PY0052"], "irm_completion_end_of_term"]) == ["Unclear", "Unclear"]
    figure_total = 0
    for (member, cycle), plan in com.groupby(["member", "cycle"], observed=True):
        glance = G.at_a_glance(release, member, int(cycle)).set_index("field")["value"]
        with_value = int(glance["coverage:completion_end_of_term"])
        assert with_value == int(plan["irm_completion_end_of_term"].notna().sum()), (member, cycle)
        figure_total += with_value
        unclear = glance["completion_end_of_term:Unclear"]
        assert (0 if pd.isna(unclear) else int(unclear)) == int(
            (plan["irm_completion_end_of_term"] == "Unclear").sum())
    assert figure_total == int(com["irm_completion_end_of_term"].notna().sum()) == 343
    # An off-scale answer is in a share's denominator, never its numerator.
    no = G.at_a_glance(release, "norway", int(com.loc["NO0063", "cycle"])).set_index("field")
    assert "NO0063" not in no.loc["high_completion", "commitment_ids"]
    assert "NO0063" in no.loc["coverage:completion_latest", "commitment_ids"]


def test_no_early_results_yet_is_not_yet_in_the_column_the_figures_and_the_summary(release):
    answers = F.answers(release)
    diog = F.question(answers, "diog")
    not_yet = diog[diog["value"] == "No early results to report yet"]
    assert len(not_yet) == 22 and set(not_yet["kind"]) == {"not_yet"}
    com = release["commitments"]
    ukraine = com[com["member"] == "ukraine"]
    member = G.cross_member(release, "diog", members=["ukraine"])
    assessed = member[member["field"] == "assessed"]
    assert int(assessed["value"].sum()) == int(ukraine["irm_diog_overall"].notna().sum()) == 19
    glance = G.at_a_glance(release, "ukraine", 2020).set_index("field")["value"]
    assert "diog:No early results to report yet" not in glance.index
    assert int(glance["coverage:diog"]) == int(
        ukraine.loc[ukraine["cycle"] == 2020, "irm_diog_overall"].notna().sum()) == 4
    said = " ".join(AS.summary_sentences(release, "ukraine", 2020))
    assert "0 of the 4 commitments with a did-it-open-government value" in said


def test_an_unknown_star_is_never_counted_as_not_starred(release):
    com = release["commitments"]
    ukraine = com[com["member"] == "ukraine"]
    late = ukraine[ukraine["cycle"] >= 2018]
    assert late["irm_is_starred"].isna().all()
    # Selecting the starred and the not starred leaves the unknown out of both.
    assert not (late["irm_is_starred"] == True).any() and not (late["irm_is_starred"] == False).any()  # noqa: E712
    shares = S.plan_shares(release)
    mine = shares[(shares["member"] == "ukraine") & shares["share"].str.startswith("starred")]
    for cycle in (2018, 2020, 2023):
        rows = mine[mine["cycle"] == cycle]
        assert (rows["denominator"] == 0).all() and rows["value"].isna().all(), cycle
    # Every plan's star share is over the commitments a source states a star for.
    star = shares[shares["share"] == "starred"].set_index(["member", "cycle"])
    stated = com.groupby(["member", "cycle"], observed=True)["irm_is_starred"].count()
    starred = com.groupby(["member", "cycle"], observed=True)["irm_is_starred"].sum()
    assert (star["denominator"] == stated.reindex(star.index)).all()
    assert (star["count"] == starred.reindex(star.index)).all()


def test_uk0051_shows_its_2015_rule_star(bundled):
    from ogp_analysis.report.implementation import commitment_sections_html

    answers = F.plan_answers(bundled, UK, 2013)
    assert AS.stars_stated(answers, "UK0051")[0] == (INDICATOR_LABELS["starred_2015_only"], "Yes")
    stars = AS.starred_commitments(bundled, UK, 2013).set_index("field")
    assert stars.loc["UK0051", "stars"] == INDICATOR_LABELS["starred_2015_only"]
    html = str(commitment_sections_html(bundled, UK, 2013, ("irm", "government")))
    section = html[html.index("UK0051:"):]
    section = section[:section.index("</section>")]
    assert f"{INDICATOR_LABELS['starred_2015_only']}: Yes" in section
    assert "Starred: No" not in section


def test_ukraine_cross_cycle_shows_no_star_share_where_the_release_states_none(release):
    from ogp_analysis.analysis.registry import field_label
    from ogp_analysis.report.cross_cycle import plans_table

    cycles = [2012, 2014, 2016, 2018, 2020, 2023]
    from ogp_analysis.report.cross_cycle import STARS_BY_RULE

    table = plans_table(release, "ukraine", cycles)
    note = table.attrs["note"]
    plans = dict(part.split(": ", 1) for part in note.removesuffix(".").split(": ", 1)[1].split(". "))
    for i in (3, 4, 5):  # 2018, 2020, 2023: no star share, and no star rule stated
        assert " of " not in table.iloc[i][field_label("starred")]
        assert table.iloc[i]["Plan"] not in plans
    assert table.iloc[3][field_label("starred")] == R.KIND_LABELS["no_data"]
    assert table.iloc[4][field_label("starred")] == R.KIND_LABELS["not_applicable"]
    # 2012: the release states stars under the 2014 rule and at mid-term, not at end of term.
    first = table.iloc[0]
    assert first[field_label("starred")] == R.KIND_LABELS["no_data"]
    assert note.startswith(STARS_BY_RULE)
    assert plans[first["Plan"]] == (f"{INDICATOR_LABELS['starred_2015_only']}: 4 of 7 (57%); "
                                    f"{INDICATOR_LABELS['starred_current_progress']}: 1 of 7 (14%)")
    standing = S.member_standing(release, "ukraine").set_index("share")
    assert "2018" not in standing.loc["starred", "member_plans"]
    assert "2012: 4 of 7" in standing.loc["starred_2015_only", "member_plans"]


def test_every_question_has_one_answer_per_commitment_and_kinds_add_up(release, bundled):
    for tables in (release, bundled):
        answers = F.answers(tables)
        n = len(tables["commitments"])
        per_question = answers.groupby(["assessor", "indicator", "moment", "ogp_value"],
                                       dropna=False).size()
        assert (per_question == n).all()
        assert not answers.duplicated(["commitment_id", "assessor", "indicator", "moment",
                                       "ogp_value"]).any()
        assert set(answers["kind"]) <= set(R.ANSWER_KINDS)


def test_uk_2013_stars_name_their_rule_and_denominator_wherever_they_are_counted(bundled):
    """Summary, starred section, cross-cycle table and star list: each star rule over its own denominator."""
    from ogp_analysis.analysis.registry import field_label
    from ogp_analysis.report.cross_cycle import STARS_BY_RULE, plans_table, stars_table
    from ogp_analysis.report.implementation import starred_html

    glance = G.at_a_glance(bundled, UK, 2013).set_index("field")["value"]
    counts = {q: (int(glance[q]), int(glance[f"coverage:{q}"])) for q in (*R.STAR_RULES, "starred")}
    assert counts == {"starred_2015_only": (2, 3), "starred_current_progress": (1, 3),
                      "starred_current_end_of_term": (1, 3), "starred": (4, 11)}
    summary = AS.summary_sentences(bundled, UK, 2013)
    section = str(starred_html(bundled, UK, 2013))
    sentence = AS.star_sentence(bundled, UK, 2013)
    assert sentence in section.replace("&#39;", "'")
    plans = plans_table(bundled, UK, [2013])
    row, plans_note = plans.iloc[0], plans.attrs["note"]
    assert plans_note.startswith(STARS_BY_RULE)
    listed = stars_table(bundled, UK, [2013])
    for q, (n, d) in counts.items():
        label = INDICATOR_LABELS[q]
        assert f"{label}: {n} of the {d} commitment{'s' if d != 1 else ''} whose star a source states" in " ".join(summary)
        assert f"{label}: {n} of {d}" in sentence
        assert f"{label}: {n} of {d}" in listed.attrs["note"]
        if q in R.STAR_RULES:
            assert f"{label}: {n} of {d}" in plans_note
    assert row[field_label("starred")].startswith("4 of 11")
    # The starred list holds every commitment starred under any rule: the sentence counts them.
    assert f"{len(listed)} commitments carry a star under at least one of them" in sentence
    assert set(listed["Commitment"]) == {"UK0047", "UK0048", "UK0051", "UK0055", "UK0062"}
    assert AS.published_star_words() in sentence


def test_uk_2021_summary_and_commitment_list_give_the_irms_completion_the_same_kinds(bundled):
    """The issue's example: the list said 'IRM: not reviewed' (one commitment's kind) for the plan."""
    from ogp_analysis.report.implementation import commitments_html

    latest = G.completion_distribution(bundled, UK, 2021)
    kinds = {f.split(":")[1]: int(v) for f, v in zip(latest["field"], latest["value"], strict=True)
             if f.startswith("kind:") and v}
    assert sum(kinds.values()) == 5 and len(kinds) > 1  # several kinds: never one for the plan
    from ogp_analysis.analysis.facts import plan_facts

    phrase = plan_facts(bundled, UK, 2021).coverage_of("irm").missing_words()
    for kind, n in kinds.items():
        assert f"{n} {R.KIND_LABELS[kind]}" in phrase
    listing = str(commitments_html(bundled, UK, 2021, ("irm", "government")))
    summary = " ".join(AS.summary_sentences(bundled, UK, 2021))
    assert f"IRM: {phrase}" in listing and f"(their completion: {phrase})" in summary


def test_the_release_2015_only_star_is_labelled_by_the_rule_it_follows(release_csv):
    """The release's 'Starred (2015 Only)' stars moderate-impact commitments (the 2014 rule): never labelled 2015."""
    import csv as _csv

    from ogp_analysis.metadata.scales import INDICATOR_LABELS

    with release_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(_csv.DictReader(fh))
    moderate = [r for r in rows if r["Starred (2015 Only)"].strip() in ("1", "Yes")
                and r["Potential Impact"].strip() == "Moderate"]
    assert moderate  # the release stars moderate impact under this column
    label = INDICATOR_LABELS["starred_2015_only"]
    assert "2015" not in label and "2014" in label
