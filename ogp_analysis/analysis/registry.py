"""The figure registry: every figure and each of its fields declared once, with its reader label.

A figure is a function of the analysis layer that returns a tidy frame of one shape, declared
here (`FRAME_COLUMNS`, `SHARE_COLUMNS`) and given by `frames.shaped`. Its entry here says
what a reader calls it, what it counts (a count, a share and over what), whose assessment it
is, which chart draws it and how it is computed. The CLI (`figures`, `check`), the reports,
the notebooks and `docs/figures.md` (generated: `python -m ogp_analysis.analysis.registry`)
all read it. Adding a figure = one entry here + one function + its test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata.rules import KIND_LABELS
from ogp_analysis.metadata.scales import INDICATOR_LABELS, MISSING_LABELS, STAGE_LABELS


@dataclass(frozen=True)
class FieldSpec:
    """One field (or family of fields `<key>:<label>`) of a figure."""

    key: str
    label: str
    unit: str = "count"  # count (of commitments), agreement (1/0), share
    denominator: str = "commitments of the plan with a value"
    short: str | None = None  # a narrow table header
    explanation: str = ""


@dataclass(frozen=True)
class Figure:
    """One figure: its CLI name, reader title, function, whose assessment, chart and explanation."""

    name: str
    title: str
    target: str  # "module.function" of `ogp_analysis.analysis`, imported when first called
    assessor: str
    unit: str
    explanation: str
    fields: tuple[FieldSpec, ...] = ()
    chart: str | None = None  # the `ogp_analysis.plots` function that draws it
    checkable: bool = True  # `ogp-analysis check` can compare published counts with it
    shares: bool = False  # its frame has SHARE_COLUMNS (filled on the share rows)

    @property
    def function(self) -> Callable:
        """The function that computes the figure (its module imported on first use).

        The registry is read at every CLI start (for the figure names in `--help`); importing
        the analysis modules (pandas) only when a figure is computed keeps that start quick.
        """
        from importlib import import_module

        module, attr = self.target.rsplit(".", 1)
        return getattr(import_module(f"ogp_analysis.analysis.{module}"), attr)


# The shape of every figure frame, declared once. Each figure's frame has these columns first, in
# this order and of these types (`frames.shaped` gives them); a share figure adds SHARE_COLUMNS.
# `docs/figures.md` prints them; tests/test_frame_shape.py checks every registered figure.
FRAME_COLUMNS: dict[str, tuple[str, str]] = {
    "member": ("text", "the member's slug"),
    "cycle": ("whole number", "the plan's start year"),
    "assessor": ("text", "whose assessment (`irm`, `government`, ...); empty for the meeting records"),
    "figure": ("text", "the figure's CLI name"),
    "field": ("text", "what the row counts (`completion_latest:Complete`); never a value, a share or "
              "a kind's reader label"),
    "value": ("whole number", "a number in every figure: a count (of commitments, meetings, attendees, "
              "milestones) or, in a figure of answers (`completion-by-commitment`, `progress-timeline`, "
              "`process-judgements`, `process-standards`), the answer's rank on its scale, NA when it has "
              "none; the answer itself is in `label`. A share is never here: it is in `share`"),
    "kind": ("text", "the kind of answer the row counts or holds (`rules.ANSWER_KINDS`), else empty"),
    "label": ("text", "the answer, status or kind the row is about, as a reader reads it, else empty"),
    "commitment_ids": ("list of text", "the sorted IDs behind the number; in CSV one cell, "
                       "space-separated (`frames.ids_text`, the one writer)"),
    "stage": ("text", "the stages read, in preference order"),
    "basis": ("text", "whose assessment, which stage, which sources"),
    "sources": ("text", "the source types behind the number"),
}
SHARE_COLUMNS: dict[str, tuple[str, str]] = {
    "numerator": ("whole number", "the count the share is of (the row's `value`)"),
    "denominator": ("whole number", "what the share is over (the figure's `over` says what)"),
    "share": ("fraction", "numerator / denominator, 0 to 1; NA when the denominator is 0"),
}


NA_TEXT = (
    "A count is NA when no commitment of the plan has a value or a stated answer off the scale "
    "for it: every answer is typed by kind in the answer table (`ogp_analysis.answers`), and a "
    "count is taken over the counted kinds only. The kinds: "
    + "; ".join(f"`{k}` ({KIND_LABELS[k]}): {v}" for k, v in R.ANSWER_KINDS.items()) + ".\n\n"
    "Not applicable by era (`rules.ERA_NOT_APPLICABLE`): "
    + "; ".join(f"{era} plans have no " + ", ".join(
        f"{ind}" + ("" if m == "*" else f" at {m}") for ind, m in pairs)
        for era, pairs in R.ERA_NOT_APPLICABLE.items())
    + ". Not applicable by assessor (`rules.ASSESSOR_INDICATORS`): "
    + "; ".join(f"{who} is asked {', '.join(inds)} only" for who, inds in R.ASSESSOR_INDICATORS.items())
    + ".\n\nA published `NA` matches only a computed NA in `ogp-analysis check`.\n"
)
DERIVED_TEXT = (
    "`derived_check` recomputes the data release's derived columns from the SAME release row's\n"
    'underlying values and compares them with the published ones. Status: `agree`, `disagree`,\n'
    '`published_missing`, `recomputed_missing`, `both_missing`; the agreement rate is agree over\n'
    'agree + disagree: the rows with a value on both sides (a value on one side only, such as a\n'
    'High Completion of 0 where completion is not reviewed, is counted apart, never an agreement).\n'
    '\n'
    '| release column | our rule |\n'
    '|---|---|\n'
    '| `High Completion` | latest completion on the scale (end of term, else mid-term) is Substantial or Complete; no completion on the scale: not recomputed (the release prints 0), not compared |\n'
    '| `Max Completion` | that latest value coded Not Started 0, Limited 1, Substantial 2, Complete 3 (the latest, not the maximum: End of Term Not Started after mid-term Substantial is 0); none: missing |\n'
    '| `Change In Completion` | end-of-term rank vs mid-term rank: Increase / No Change / Decrease; either missing or off the scale: missing |\n'
    '| `Starred (2015 Only)` | the older four-criteria rule: specificity Medium/High; relevant to access to information, civic participation or public accountability; potential impact Moderate or Transformative; mid-term completion Substantial/Complete |\n'
    '| `Starred (Current Formula) Progress Report` | as above but impact Transformative |\n'
    '| `Starred (Current Formula) End of Term` | impact Transformative, end-of-term completion |\n'
    '\n'
    'For the stars, the release leaves the value `ND` whenever specificity, potential impact or the\n'
    "stage's completion is missing, even when another criterion already fails; we do the same\n"
    '(a star with an input missing is undecided).\n'
    '\n'
    '### Measured on `irm_data_release_open_parliament.csv` (558 rows)\n'
    '\n'
    'Through the real pipeline (`ingest.release.read_release` + `normalise.build_tables`), asserted\n'
    'by `tests/test_derived.py::test_release_agreement_is_as_measured`:\n'
    '\n'
    '| indicator | agree | disagree | published only | recomputed only | both missing | rate |\n'
    '|---|---|---|---|---|---|---|\n'
    '| High Completion | 558 | 0 | 0 | 0 | 0 | 100% |\n'
    '| Max Completion | 403 | 0 | 0 | 0 | 155 | 100% |\n'
    '| Change In Completion | 142 | 2 | 1 | 0 | 413 | 97.9% |\n'
    '| Starred (2015 Only) | 206 | 0 | 0 | 7 | 345 | 96.7% |\n'
    '| Starred (Current Formula) Progress Report | 206 | 0 | 0 | 7 | 345 | 96.7% |\n'
    '| Starred (Current Formula) End of Term | 148 | 0 | 1 | 22 | 387 | 86.5% |\n'
    '\n'
    'Every disagreement:\n'
    '\n'
    '- **Change In Completion, BG0028** (Bulgaria 2014): mid-term Substantial, end of term\n'
    '  Substantial, published `Increase`. Data error at source: the two completions are equal.\n'
    '- **Change In Completion, FR0026** (France 2015): Substantial -> Complete, published\n'
    '  `No Change`. Data error at source.\n'
    '- **Change In Completion and Starred (Current Formula) End of Term, GT0066** (Guatemala 2016):\n'
    '  Complete -> Complete, minor impact; both derived columns printed `ND`. Gap at source: the\n'
    '  inputs are there (we compute No Change and No).\n'
    '- **Starred (2015 Only) and Starred (Current Formula) Progress Report, 7 rows** (BG0039,\n'
    '  BUE0009, MAD0005, SCO0001, SCO0005, US0005, US0017): the release prints 0 although the\n'
    '  mid-term completion (BG0039, BUE0009, MAD0005, SCO0001, SCO0005) or the potential impact\n'
    '  (US0005, US0017) is missing, and BUE0009 also lacks specificity. Our rule: a star with an\n'
    '  input missing is undecided, as the release itself does on 345 other rows. The release is\n'
    '  inconsistent at source here: for five of them (SCO0001, SCO0005, US0005, US0017: Low\n'
    '  specificity; and the current formula for BG0039 and MAD0005: Moderate impact) another\n'
    '  criterion fails, so 0 follows whatever the missing value; for BUE0009 and the 2014 rule (release column "2015 Only") on\n'
    '  BG0039 and MAD0005 the missing mid-term completion alone decides, and 0 cannot be recomputed.\n'
    '- **Starred (Current Formula) End of Term, 22 rows** (AR0045, AR0048, AR0055, AR0077, EE0050,\n'
    '  GH0021, GH0025, IL0030, LR0028, LR0032, LV0028, NG0008, PE0074, SK0059, SK0088, SK0113-SK0119):\n'
    '  plans of 2017-2018 whose specificity is `ND` (the IRM had replaced it with Verifiable; all\n'
    '  are verifiable). The release decided these stars without specificity (21 No, and AR0045 Yes:\n'
    '  transformative, access to information, Substantial), but left 153 similar rows (verifiable, specificity\n'
    '  `ND`, end-of-term completion present) `ND`. Our rule needs specificity, so these are undecided (our rule; the release applies its\n'
    '  own inconsistently). Treating Verifiable Yes as passing the specificity criterion was\n'
    '  measured too: it decides those 22 but then disagrees on 105 rows the release left `ND`\n'
    '  (rate 61.8%), so it was not adopted.\n'
)
_LATEST = ", else ".join(STAGE_LABELS[s] for s in R.completion_stages("irm", "latest"))

FIGURES: dict[str, Figure] = {f.name: f for f in [
    Figure(
        "at-a-glance", "At a Glance", "glance.at_a_glance", "per assessor (IRM or government)", "count",
        "The IRM report's At a Glance table of one action plan: how many commitments, their "
        "completion at each stage, relevance, ambition, stars, did it open government, carried "
        "forward. A count is NA, never 0, when the era or the assessor has no such indicator or "
        "no commitment of the plan has a value (see `coverage`).",
        (
            FieldSpec("commitments", "Commitments in the plan", denominator="",
                      explanation="every commitment of the plan in `commitments`, assessed or not"),
            FieldSpec("completion_midterm", "Completion at mid-term", short="Mid-term",
                      explanation="completion at stage `midterm`, per label"),
            FieldSpec("completion_end_of_term", "Completion at end of term", short="End of term",
                      explanation="completion at `end_of_term`, else `results` (the refresh Results "
                      "Report); government: its `self_assessment` (\"Completed\" reads as Complete)"),
            FieldSpec("completion_latest", "Completion at the latest stage assessed", short="Latest",
                      explanation="completion at the latest stage assessed: " + _LATEST),
            FieldSpec("high_completion", "Substantial or complete (latest stage)",
                      explanation="OGP's rule: the latest stage assessed is Substantial or Complete"),
            FieldSpec("relevant", "Relevant to an OGP value",
                      explanation="relevant to at least one OGP value (a page's bare 'Yes' included)"),
            FieldSpec("transformative", "Transformative potential impact",
                      explanation="potential impact Transformative (legacy)"),
            FieldSpec("all_three", "Relevant, transformative and substantial or complete",
                      explanation="relevant and transformative and high completion"),
            FieldSpec("starred", INDICATOR_LABELS["starred"],
                      explanation="the published star, the first a source states of: "
                      + ", ".join(R.STAR_INDICATORS) + " (a page's Starred row or the listing's "
                      "'Starred commitment' prefix; a listing without it states nothing)"),
            *(FieldSpec(rule, INDICATOR_LABELS[rule], explanation=f"the release's `{rule}` star")
              for rule in R.STAR_RULES),
            FieldSpec("diog", "Did it open government", short="DIOG",
                      explanation="did it open government, overall; where a commitment has no DIOG "
                      "row, an older page's 'Early Results' row read on the DIOG scale. Counted "
                      "for 2020+ plans where the release prints it"),
            FieldSpec("diog_strong", "Strong results (major or outstanding)",
                      explanation="OGP's strong results: DIOG Major or Outstanding"),
            FieldSpec("carried_forward", "Carried forward to the next plan",
                      explanation="carried forward = Yes"),
            FieldSpec("coverage", "Commitments with a value for", denominator="",
                      explanation="commitments with an answer for each input above, and for "
                      "specificity, verifiable, ambition, potential for results, promising, early "
                      "results, OGP values"),
        ),
        chart="plot_completion",
    ),
    Figure(
        "completion", "Completion by assessor", "glance.completion_distribution",
        "IRM and government side by side", "count",
        "Completion at the latest stage assessed, per label, for the IRM and (where the plan has "
        "government rows) the government, then the commitments per kind of answer (they add up "
        "to the plan).",
        (FieldSpec("completion", "Completion"),
         FieldSpec("kind", "Commitments by kind of answer", denominator="commitments of the plan",
                   explanation="; ".join(f"`{k}`: {v}" for k, v in R.ANSWER_KINDS.items()))),
        chart="plot_completion",
    ),
    Figure(
        "diog-by-value", "Did it open government, by OGP value", "glance.diog_by_value", "IRM", "count",
        "Did it open government per label, overall and per OGP value (access to information, "
        "civic participation, public accountability; technology where the data has it).",
        (FieldSpec("overall", "Overall"),
         FieldSpec("access_to_information", "Access to information"),
         FieldSpec("civic_participation", "Civic participation"),
         FieldSpec("public_accountability", "Public accountability"),
         FieldSpec("technology_innovation", "Technology and innovation")),
        chart="plot_diog_by_value",
    ),
    Figure(
        "ambition-completion", "Ambition and completion", "glance.ambition_completion",
        "IRM ambition; completion per assessor", "count",
        "Counts per (ambition, completion) cell. Ambition is the era's indicator with any value: "
        "legacy potential impact, refresh potential for results, else a page's 'Ambition' row; "
        "the frame names it (`ambition_indicator`). Commitments without a value on an axis are "
        "counted under '(none)', so the cells add up to the plan.",
        chart="plot_ambition_completion", checkable=False,
    ),
    Figure(
        "policy-areas", "Policy areas", "glance.policy_areas", "none (as each source lists them)", "count",
        "Commitments per policy area and cycle, in each source's own vocabulary (commitment "
        "page, member listing, IRM data release), never cross-walked.",
        chart="plot_policy_areas", checkable=False,
    ),
    Figure(
        "cross-cycle", "Plans side by side", "glance.cross_cycle", "per assessor", "count",
        "The At a Glance counts of each of a member's plans (commitments, latest completion, "
        "high completion, starred, strong results, carried forward, completion coverage).",
        chart="plot_cross_cycle",
    ),
    Figure(
        "cross-member", "Members side by side", "glance.cross_member", "per assessor", "count and share",
        "One indicator across every member's plans: counts per label at the latest stage "
        "assessed, the commitments `assessed`, and each label's `share` of the assessed.",
        (FieldSpec("assessed", "Commitments with a value", denominator="commitments of the plan"),),
        checkable=False, shares=True,
    ),
    Figure(
        "coverage", "Coverage of the data", "plan.coverage", "IRM and government", "count",
        "Per plan, assessor and question of the answer table (`COVERAGE_QUESTIONS`): the "
        "commitments with each kind of answer (" + ", ".join(KIND_LABELS.values()) + "), in "
        "fields `<question>:<kind>` with a `kind` column; each question's kinds add up to the "
        "plan's commitments in the data (`commitments`). The value and off-scale counts are the "
        "at-a-glance `coverage:<question>`.",
        checkable=False,
    ),
    Figure(
        "assessor-coverage", "Who assessed the plan", "assessors.assessor_coverage", "IRM and government",
        "count",
        "Per assessor: whether it assessed the plan (a report on it is named in the data, or any "
        "commitment has a value from it) and its commitments' latest completion counted by kind "
        "of answer (they add up to the plan).",
        tuple(FieldSpec(kind, R.KIND_LABELS[kind].capitalize(), denominator="commitments of the plan",
                        explanation=meaning) for kind, meaning in R.ANSWER_KINDS.items()),
        checkable=False,
    ),
    Figure(
        "completion-by-commitment", "Completion, commitment by commitment",
        "assessors.completion_by_commitment", "IRM and government", "value",
        "Each commitment's completion per assessor at mid-term, end of term and the latest stage, "
        "or the kind of answer (" + ", ".join(R.KIND_LABELS.values()) + ").",
        checkable=False,
    ),
    Figure(
        "assessor-differences", "Where the government and the IRM differ", "assessors.assessor_differences",
        "IRM and government", "count",
        "Commitments whose latest completion the government and the IRM both give, and give "
        "differently. A value on one side only is not a difference.",
        checkable=False,
    ),
    Figure(
        "starred-commitments", "Starred commitments", "assessors.starred_commitments", "IRM", "count",
        "The plan's commitments starred under any star a source states (" + ", ".join(
            INDICATOR_LABELS[s] for s in (*R.STAR_RULES, "starred")) + "), each naming its stars "
        "and the criteria the data shows it meeting, or 'criteria not in the data'.",
        checkable=False,
    ),
    Figure(
        "derived-check", "OGP's derived indicators, recomputed", "plan.derived_check", "IRM",
        "agreement",
        DERIVED_TEXT,
        checkable=False,
    ),
    # --- Progress updates ---
    Figure(
        "milestone-completion", "Milestones completed over time", "progress.milestone_completion",
        "per assessor of the progress updates (government tracker, civil society, joint)", "share",
        "Per plan and assessor, at each date of a milestone update: the milestones whose progress "
        f"status is {R.PROGRESS_COMPLETED!r} (or an alias of it) over the milestones with a status "
        "at that date: `share`, beside `numerator` (the completed, also `value` and `completed`) "
        "and `denominator` (also `with_status`); `without_status` counts the blank cells. "
        "Off-scale answers (Closed, "
        "Withdrawn, In progress) and unknown labels are statuses but never completed; 'On track' "
        "is never a completion level. Whole-commitment updates (meeting notes) and undated ones "
        "are not milestones on the time axis.",
        (FieldSpec("with_status", "Milestones with a status at that date",
                   denominator="milestones of the assessor's updates"),),
        chart="plot_milestone_completion", checkable=False, shares=True,
    ),
    Figure(
        "progress-timeline", "Progress timeline", "progress.progress_timeline",
        "every assessor (progress updates; IRM and government completion)", "status",
        "One row per entry of the timeline view (`analysis.progress.timeline`, never a stored "
        "copy): each progress update at its own date, and each completion assessment of "
        "`assessments` dated by the rule: " + "; ".join(text for _, text in R.TIMELINE_DATE_RULE) + ". An end-of-term assessment "
        "(IRM end of term, results report, government self-assessment) reviews the whole plan, "
        "so the end of its period is the plan's end. Undated entries are listed beside a chart, "
        "never on its time axis. The progress scale and the completion scale stay apart.",
        chart="plot_commitment_timeline", checkable=False,
    ),
]}


# --- Co-creation process -------------------------------------------------------------
_MEETINGS_IN_DATA = "meetings in the data (not every meeting held)"
FIGURES.update({f.name: f for f in [
    Figure(
        "process-meetings", "Meetings per phase", "process.meetings_per_phase", "none (meeting records)",
        "count",
        "Meetings in the data per plan and per phase of that plan (co-creation, implementation, "
        "the IRM's monitoring, self-assessment), from the meeting records. A meeting about two "
        "plans counts for each, and each plan says how many of its meetings also served another "
        "(so plans' counts are never added). 0 means no meeting in the data, not that none was "
        "held.",
        (FieldSpec("meetings", "Meetings in the data", denominator=""),
         FieldSpec("phase", "Meetings in the data, by phase", denominator=""),
         FieldSpec("shared_with_other_plans", "Meetings that also served another plan",
                   denominator="")),
        checkable=False,
    ),
    Figure(
        "process-attendance", "Attendance by sector", "process.attendance", "none (meeting records)",
        "count and share",
        "Per meeting, over time: attendees by sector (government, civil society, other) and the "
        "civil society share with both counts. The counts the record states where it states "
        "them; else the people it lists, counted here (`count_basis` says which; a count is "
        "never stored from a list).",
        (FieldSpec("attendees", "Attendees", denominator=""),
         FieldSpec("civil_society_share", "Civil society share of attendees", unit="share",
                   denominator="attendees of the meeting (stated total, else those counted)")),
        chart="plot_attendance", checkable=False, shares=True,
    ),
    Figure(
        "process-records", "Meetings with a published record", "process.published_records",
        "none (meeting records)", "count and share",
        "Per plan: the meetings in the data, those whose own record (note, read-out, minutes) "
        "has a known published URL, and the share. It is the share of the meetings in the data, "
        "not of all the meetings held.",
        (FieldSpec("meetings_in_data", "Meetings in the data", denominator=""),
         FieldSpec("with_published_record", "With a published record", denominator=""),
         FieldSpec("share_with_published_record", "Share of the meetings in the data with a "
                   "published record", unit="share", denominator=_MEETINGS_IN_DATA)),
        checkable=False, shares=True,
    ),
    Figure(
        "process-judgements", "The IRM's process judgements", "process.process_judgements", "IRM",
        "value",
        "Per plan, the IRM's process findings as its reports state them (a multi-stakeholder "
        "forum, the level of public influence on the IAP2 spectrum, acted contrary to / "
        "according to OGP process: two wordings of opposite sense, never inverted into one), "
        "the dates under review, amendments, and the plan's publication and coordinator, each "
        "with its report and source.",
        checkable=False,
    ),
    Figure(
        "process-standards", "The Participation and Co-Creation Standards", "process.standards",
        "IRM findings and meeting records", "status",
        "Per plan and requirement: what the data shows and met / not met / cannot tell / no "
        "evidence in the data / not in force / the IRM's judgement. Which plans: "
        f"{R.standards_rule_text()}. For another plan every requirement is not in force and what "
        "the data shows (the forum's cadence: the longest gap between consecutive forum "
        "meetings, no evidence with fewer than two) is information; a row the IRM judged shows "
        "the IRM's judgement, in its words. The forum must meet at least every "
        f"{R.FORUM_MAX_GAP_MONTHS} months within the plan's period (its start and end count); "
        "dates at month precision are compared at month precision (cannot tell when the gap "
        "could be either side). No records is 'no evidence in the data', never 'not met'; "
        "'met' always has a source. The IRM's own finding decides the forum and process rows.",
        checkable=False,
    ),
]})


# What each figure holds, in one line (`ogp-analysis figures --help` lists them).
SUMMARIES = {
    "at-a-glance": "one plan's At a Glance counts (completion, relevance, stars, results), one assessor",
    "completion": "one plan's completion per label at the latest stage, IRM and government side by side",
    "diog-by-value": "one plan's did-it-open-government answers per label, overall and per OGP value",
    "ambition-completion": "one plan's commitments per (ambition, completion) cell",
    "policy-areas": "a member's commitments per policy area and plan, in each source's vocabulary",
    "cross-cycle": "a member's plans side by side: the At a Glance counts of each plan",
    "cross-member": "every member's plans side by side: one indicator's counts and shares per label",
    "coverage": "per indicator: commitments with a value, and those missing by kind",
    "assessor-coverage": "one plan, per assessor: did it assess the plan, and how many commitments have a value",
    "completion-by-commitment": "one plan, commitment by commitment: completion per assessor and stage",
    "assessor-differences": "one plan's commitments whose latest completion the IRM and the government give differently",
    "starred-commitments": "one plan's starred commitments with the criteria the data shows",
    "derived-check": "OGP's derived release columns recomputed and compared with the published ones",
    "milestone-completion": "one plan's milestones completed over time, per assessor of the progress updates",
    "progress-timeline": "one plan's progress updates and completion assessments, commitment by commitment, in time",
    "process-meetings": "meetings in the data per plan and per phase",
    "process-attendance": "attendance per meeting by sector, with the civil society share",
    "process-records": "per plan: the meetings in the data with a published record, and their share",
    "process-judgements": "per plan: the IRM's process findings as its reports state them",
    "process-standards": "per plan: each Participation and Co-Creation Standard met, not met or cannot tell",
}


# The questions whose coverage is counted (the `coverage` figure, per kind of answer; the
# `coverage:<name>` fields of at-a-glance, the counted kinds): name -> (indicator, moment) of
# the answer table. A name is also its reader label's key in `scales.INDICATOR_LABELS`.
COVERAGE_QUESTIONS = {
    **{f"completion_{moment}": ("completion", moment) for moment in R.COMPLETION_MOMENTS},
    **{name: (name, "any") for name in ("specificity", "verifiable", "potential_impact", "ambition",
                                         "potential_for_results", "promising", "early_results",
                                         "diog", "starred", *R.STAR_RULES, "carried_forward")},
    "ogp_values": ("relevant", "any"),
}


# The At a Glance fields a cross-cycle comparison shows per plan (counts; their shares are
# computed over the commitments with a value or a stated answer off the scale), and those drawn
# as lines. Each share's denominator is the coverage of what it counts, never the whole plan: a
# star no source states is in neither count. Each star rule the release states is its own share.
SHARE_QUESTIONS = {
    "high_completion": ("completion", "latest"),
    "starred": ("starred", "any"),
    **{rule: (rule, "any") for rule in R.STAR_RULES},
    "diog_strong": ("diog", "any"),
    "carried_forward": ("carried_forward", "any"),
}
SHARE_DENOMINATORS = {field: "coverage:" + (f"{ind}_{moment}" if ind == "completion" else ind)
                      for field, (ind, moment) in SHARE_QUESTIONS.items()}
CROSS_CYCLE_SHARES = tuple(SHARE_DENOMINATORS)
CROSS_CYCLE_FIELDS = tuple(dict.fromkeys(("commitments", *SHARE_DENOMINATORS,
                                          *SHARE_DENOMINATORS.values())))


def figure_names() -> tuple[str, ...]:
    """The CLI names of every figure."""
    return tuple(FIGURES)


def field_spec(field_name: str) -> FieldSpec | None:
    """The registry entry of a figure field (`completion_latest:Complete` -> completion_latest)."""
    head = str(field_name).split(":", 1)[0]
    for fig in FIGURES.values():
        for spec in fig.fields:
            if spec.key == head:
                return spec
    return None


def _part_label(text: str) -> str:
    """A reader label for the part after ':' (a scale label, an indicator, a missing reason)."""
    if text in INDICATOR_LABELS:
        return INDICATOR_LABELS[text]
    if text.startswith("missing:"):
        reason = text.removeprefix("missing:")
        return "missing: " + MISSING_LABELS.get(reason, reason.replace("_", " "))
    return {"with_value": "with a value", "unknown": "value not understood"}.get(text, text)


def field_label(field_name: str) -> str:
    """The reader label of a figure field: 'Completion at end of term: Substantial'.

    Args:
        field_name: a figure frame's `field` (`completion_end_of_term:Substantial`).
    """
    head, _, rest = str(field_name).partition(":")
    spec = field_spec(head)
    name = spec.label if spec else INDICATOR_LABELS.get(head, head.replace("_", " ").capitalize())
    if not rest:
        return name
    return f"{name}: " + ": ".join(_part_label(p) for p in _split_rest(rest))


def _split_rest(rest: str) -> list[str]:
    return [rest] if rest.startswith("missing:") else rest.split(":")


def render_markdown() -> str:
    """`docs/figures.md`, generated from this registry and `metadata/rules.py`."""
    out = [
        "# How each figure is computed",
        "",
        "Generated from `ogp_analysis/analysis/registry.py` and `ogp_analysis/metadata/rules.py` "
        "(`python -m ogp_analysis.analysis.registry`); a test fails when this file is stale.",
        "",
        "Every figure is one function of `ogp_analysis.analysis`, printed by `ogp-analysis "
        "figures NAME`. Each returns a tidy frame of one shape (`registry.FRAME_COLUMNS`, given "
        "by `frames.shaped`; `tests/test_frame_shape.py` checks every figure): these columns "
        "first, in this order, then the figure's own.",
        "",
        "| column | type | holds |",
        "|---|---|---|",
        *(f"| `{c}` | {t} | {d} |" for c, (t, d) in FRAME_COLUMNS.items()),
        "",
        "A figure with a share (marked *Shares* below) also has, on its share rows:",
        "",
        "| column | type | holds |",
        "|---|---|---|",
        *(f"| `{c}` | {t} | {d} |" for c, (t, d) in SHARE_COLUMNS.items()),
        "",
        "`ogp-analysis figures NAME --format csv` writes `" + ",".join(
            [*list(FRAME_COLUMNS)[:list(FRAME_COLUMNS).index("commitment_ids") + 1], *SHARE_COLUMNS])
        + "` for every figure (NA as `NA`); `ogp-analysis check --published` reads its first six "
        "columns.",
        "",
        "## Picking one value per commitment",
        "",
        R.PICK_RULE_TEXT[0].upper() + R.PICK_RULE_TEXT[1:] + ".",
        "",
        "Stage preference (`rules.COMPLETION_STAGES`):",
        "",
        "| assessor | moment | stages, preferred first |",
        "|---|---|---|",
    ]
    for who, moments in R.COMPLETION_STAGES.items():
        for moment, stages in moments.items():
            out.append(f"| {who} | {moment} | {', '.join(stages)} |")
    out += ["", f"Any other indicator: {', '.join(R.ANY_STAGE)}. Did it open government: "
            f"{', '.join(R.DIOG_STAGES)}.", "", "## NA is not 0", "", NA_TEXT, ""]
    for fig in FIGURES.values():
        fn = fig.target
        out += [f"## {fig.title} (`{fig.name}`, `{fn}`)", "",
                f"Whose: {fig.assessor}. Unit: {fig.unit}."
                + (f" Chart: `plots.{fig.chart}`." if fig.chart else "")
                + (" Checkable with `ogp-analysis check`." if fig.checkable else "")
                + (" Shares: `numerator`, `denominator`, `share`." if fig.shares else ""), "",
                fig.explanation, ""]
        if fig.fields:
            out += ["| field | reader label | unit | over | computed as |", "|---|---|---|---|---|"]
            for s in fig.fields:
                key = f"`{s.key}`" if s.key in ("commitments", "high_completion", "relevant",
                                                 "transformative", "all_three", "starred",
                                                 "diog_strong", "carried_forward", *R.STAR_RULES,
                                                 *R.ANSWER_KINDS,
                                                 "assessed") else f"`{s.key}:<label>`"
                out.append(f"| {key} | {s.label} | {s.unit} | {s.denominator or '-'} | "
                           f"{s.explanation or '-'} |")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover - the generator of docs/figures.md
    import sys
    from pathlib import Path

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "docs" / "figures.md"
    target.write_text(render_markdown(), encoding="utf-8")
