"""Every UK report, rendered once: reader language only, missing never a finding, the numbers computed from the data."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from pypdf import PdfReader

from ogp_analysis.analysis.derived import RELEASE_COLUMNS
from ogp_analysis.cli import main
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata import scales as S
from ogp_analysis.metadata.fields import (
    FIELDS,
    PUBLICATION_FACTS,
    PUBLICATION_KINDS,
    PUBLISHED_FIGURES,
)
from ogp_analysis.metadata.tables import TABLES
from ogp_analysis.storage import load_tables

MEMBER = "united-kingdom"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "processed"
    assert main(["build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def tables(built):
    return load_tables(built)


@pytest.fixture(scope="module")
def reports(built, tmp_path_factory) -> Path:
    """Every UK report, as `make run` writes them (batch, two workers)."""
    out = tmp_path_factory.mktemp("reports")
    assert main(["report", "batch", "--member", MEMBER, "--data", str(built), "--out", str(out),
                 "--jobs", "2"]) == 0
    return out / MEMBER


def _pdfs(reports: Path) -> dict[str, PdfReader]:
    return {p.stem: PdfReader(p) for p in sorted(reports.glob("*.pdf"))}


@pytest.fixture(scope="module")
def texts(reports) -> dict[str, list[str]]:
    """Each PDF's text, page by page."""
    return {name: [page.extract_text() for page in r.pages] for name, r in _pdfs(reports).items()}


def _flat(pages: list[str]) -> str:
    # A word hyphenated at a line end ("per-\ncommitment") is one word again.
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", " ".join(pages)))


def _registry_names() -> set[str]:
    """Every multi-word name of the registries (fields, tables, code-list values, indicators, scales)."""
    names = set(FIELDS) | set(TABLES) | set(S.INDICATORS) | set(S.SCALES) | set(S.MISSING_REASONS)
    names |= set(S.SOURCE_TYPES) | set(S.STAGES) | set(S.ORIGINS) | set(S.OGP_VALUES)
    names |= set(S.PROBLEM_LABELS) | set(R.ANSWER_KINDS)
    for f in FIELDS.values():
        names |= set(f.codes or ())
    return {n for n in names if "_" in n}


# Space forms of registry names that are plain English where a report uses them (reviewed by
# reading the pages): a heading "Data quality", a table column "Lead institution", the source's
# own column name "Start Date", "IRM" beside an indicator in adjacent cells, "IRM reports: ...".
PLAIN_ENGLISH = {"action plans", "data quality", "data-quality", "lead institution", "missing value",
                 "policy area", "self-assessment", "irm reports", "irm ambition", "irm specificity",
                 "irm potential impact", "irm potential for results", "start date",
                 # adjacent headers "Meeting" | "Title"; a note's own title; an organisation's name
                 "meeting title", "meeting note", "working group",
                 # a meeting's own title ("UK Open Government Multistakeholder Forum", June 2018)
                 "multistakeholder forum",
                 # the IRM data release's own column names, as it publishes them (derived check)
                 *(c.casefold() for c in RELEASE_COLUMNS.values()),
                 # the published figures' codes are the publications' own words ("starred
                 # commitments", "number of commitments"); their snake_case forms stay refused
                 *(c.replace("_", " ") for c in (*PUBLISHED_FIGURES, *PUBLICATION_FACTS,
                                                  *PUBLICATION_KINDS))}


def _allowed_phrases() -> set[str]:
    """Space forms that are plain English a reader label itself uses ('end of term', 'potential impact')."""
    labels = [*S.INDICATOR_LABELS.values(), *S.STAGE_LABELS.values(), *S.MISSING_LABELS.values(),
              *S.MEETING_KIND_LABELS.values(), *S.PHASE_LABELS.values(), *S.SECTOR_LABELS.values(),
              *S.PROCESS_INDICATOR_LABELS.values(),
              *S.PROGRESS_KIND_LABELS.values(),
              *S.PROBLEM_LABELS.values(), *R.SOURCE_LABELS.values(), *R.KIND_LABELS.values(),
              *(v for v in S.OGP_VALUES.values())]
    return {w.casefold() for w in labels} | PLAIN_ENGLISH


def test_every_uk_plan_has_a_report(reports, tables):
    plans = tables["action_plans"]
    cycles = sorted(plans.loc[plans["member"] == MEMBER, "cycle"])
    assert sorted(p.name for p in reports.glob("*.pdf")) == sorted(
        [f"self-assessment-{c}.pdf" for c in cycles] + ["cross-cycle.pdf"])


def test_no_registry_name_code_or_path_on_any_page(texts):
    names = _registry_names()
    allowed = _allowed_phrases()
    found = []
    for report, pages in texts.items():
        # The data release read is named by its file name (never a path), so a reader sees an extract.
        text = re.sub(r"data release files? [\w.-]+\.csv\b", "data release file", _flat(pages))
        low = text.casefold()
        for name in names:
            forms = {name, name.replace("_", "-"), name.replace("_", " ")}
            for form in forms:
                words = form.replace("-", " ").casefold()
                if form != name and (form.casefold() in allowed or words in allowed
                                     or any(words in a for a in allowed)):
                    continue
                if re.search(rf"(?<![\w-]){re.escape(form.casefold())}(?![\w-])", low):
                    found.append(f"{report}: {form!r}")
        for pattern in (r"/work/", r"/tmp/", r"/home/", r"data/processed", r"\.csv\b", r"AP_[A-Z]{3}"):
            if re.search(pattern, text):
                found.append(f"{report}: {pattern}")
    assert not found, found[:20]


def test_2013_summary_states_the_governments_counts_on_page_one(texts, shared):
    annex = pd.read_csv(shared / "data" / "uk_gov_self_assessment_2013_15.csv", dtype=str)
    counts = annex["self_assessed_status"].str.strip().map(
        lambda v: {"Completed": "complete"}.get(v, v.lower())).value_counts()
    n = len(annex)
    order = [lbl for lbl in ("complete", "substantial", "limited", "not started", "withdrawn")
             if lbl in counts]
    phrase = [f"{counts[lbl]} {lbl}" for lbl in order]
    first, rest = phrase[0].split(" ", 1)
    tail = " and " + phrase[1] if len(phrase) == 2 else ", " + ", ".join(phrase[1:-1]) + " and " + phrase[-1]
    sentence = f"The government reports {first} of the {n} commitments {rest}{tail}."
    assert sentence in _flat(texts["self-assessment-2013"][:1])


def test_2013_commitments_are_never_not_assessed_by_the_irm(texts, tables):
    """The IRM assessed the 2013 plan: its commitments without a value are 'not in the data'."""
    text = _flat(texts["self-assessment-2013"])
    method = text[text.index("How the numbers were computed"):]
    body = text[:text.index("How the numbers were computed")]
    assert "not assessed" not in body.replace("not assessed in the data", "")
    assert "not in the data" in body and "not assessed" in method


def test_2011_report_has_no_image_and_says_there_are_no_irm_values(reports, texts):
    reader = PdfReader(reports / "self-assessment-2011.pdf")
    assert sum(len(page.images) for page in reader.pages) == 0
    first = _flat(texts["self-assessment-2011"][:1])
    assert "no per-commitment IRM completion values" in first
    assert "IRM report on the 2011-13 action plan" in first


def _header_words(reports: Path, name: str) -> set[str]:
    nb = nbformat.read(reports / f"{name}.ipynb", as_version=4)
    words = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            for th in re.findall(r"<th[^>]*>(.*?)</th>", html, flags=re.S):
                words |= {w for w in re.findall(r"[A-Za-z]+", th) if len(w) >= 6}
    return words


def test_no_table_header_is_split_inside_a_word(reports, texts):
    broken = []
    for name, pages in texts.items():
        text = " ".join(pages)
        for word in _header_words(reports, name):
            for k in range(2, len(word) - 1):
                if re.search(rf"\b{word[:k]}[ \n]{word[k:]}\b", text):
                    broken.append(f"{name}: {word[:k]}|{word[k:]}")
    assert not broken, broken


def test_reports_say_whose_assessment_and_record_the_snapshot(texts, built):
    import hashlib

    snap = hashlib.sha256((built / "manifest.json").read_bytes()).hexdigest()[:12]
    first = _flat(texts["self-assessment-2013"][:1])
    assert "IRM: a completion value for 3 of the 21 commitments" in first
    assert "government self-assessment: a completion value for 21 of the 21 commitments" in first
    assert f"Data snapshot {snap}" in first


def test_cross_cycle_shares_show_both_counts(texts, tables):
    text = _flat(texts["cross-cycle"])
    com = tables["commitments"]
    plan = com[com["cycle"] == 2013]
    n = int(plan["irm_completion_latest"].notna().sum())
    high = int(plan["irm_completion_latest"].isin(R.HIGH_COMPLETION).sum())
    assert f"{high} of {n}" in text


def test_figure_data_is_written_beside_the_report(reports, tables):
    cov = pd.read_csv(reports / "self-assessment-2013-figures" / "assessor-coverage.csv")
    com = tables["commitments"]
    n = int(((com["member"] == MEMBER) & (com["cycle"] == 2013)).sum())
    with_value = cov[cov["field"].isin(R.COUNTED_KINDS)].groupby("assessor")["value"].sum()
    assert with_value["government"] == n
    assert with_value["irm"] == int(com.loc[com["cycle"] == 2013, "irm_completion_latest"].notna().sum())


def test_reports_have_their_sections_page_numbers_and_no_code(texts):
    text = _flat(texts["self-assessment-2013"])
    for heading in ("1. Summary", "2. The plan", "3. Co-creation and implementation", "4. Results",
                    "5. The commitments", "Annex A.", "Annex B.", "Annex C.", "Annex D."):
        assert heading in text
    pages = len(texts["self-assessment-2013"])
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text
    assert "import ogp_analysis" not in text and "figures.record" not in text


def _published(shared, cycle: str) -> pd.DataFrame:
    raw = pd.read_csv(shared / "data" / "uk_irm_published_figures.csv", dtype=str, keep_default_na=False)
    return raw[raw["cycle"] == cycle]


def test_2013_first_page_puts_the_irms_published_counts_beside_the_governments(texts, shared):
    """The IRM's End-of-Term counts (6 of 21 ...) and the government's (12 ...) both on page 1, said to differ."""
    rows = _published(shared, "2013-15")
    rows = rows[rows["field"].str.startswith("commitments_")]
    irm = dict(zip(rows["field"].str.replace("commitments_", ""), rows["value"], strict=True))
    phrase = (f"{irm['complete']} complete, {irm['substantial']} substantial, {irm['limited']} "
              f"limited and {irm['withdrawn']} withdrawn")
    title = rows["report"].iloc[0].removeprefix("IRM ")
    first = _flat(texts["self-assessment-2013"][:1])
    assert f"The IRM's {title} counts {phrase}." in first, first[:3000]
    annex = pd.read_csv(shared / "data" / "uk_gov_self_assessment_2013_15.csv", dtype=str)
    gov = annex["self_assessed_status"].str.strip().str.lower().replace({"completed": "complete"}) \
        .value_counts()
    assert (f"The counts of the IRM's {title} differ from the government's self-assessment "
            f"({len(annex)} commitments with a "
            f"value in the data: {gov['complete']} complete, {gov['substantial']} substantial, "
            f"{gov['limited']} limited and {gov['withdrawn']} withdrawn)") in first
    assert f"complete {irm['complete'].split()[0]} against {gov['complete']}" in first
    assert "the government and the IRM agree." not in first  # not on a whole plan they differ on


def test_2021_plan_section_names_every_published_count_with_its_source(texts, shared, tables):
    text = _flat(texts["self-assessment-2021"])
    held = int(((tables["commitments"]["member"] == MEMBER) & (tables["commitments"]["cycle"] == 2021)).sum())
    rows = _published(shared, "2021-23")
    counts = rows.loc[rows["field"] == "number_of_commitments", "value"].str.extract(r"^(\d+)")[0].astype(int)
    # never the data's count as the plan's size: the largest published count bounds it
    assert f"The data holds {held} of the plan's at least {counts.max()} commitments; publications count" in text
    for r in rows[rows["field"] == "number_of_commitments"].itertuples():
        assert r.report in text and r.value in text, (r.report, r.value)
    assert "sets out six commitments" in text  # the plan's own count, from its process facts


def test_cross_cycle_shows_2013_high_completion_from_the_irms_published_counts(texts, shared):
    rows = _published(shared, "2013-15").set_index("field")["value"]
    complete, of = (int(x) for x in rows["commitments_complete"].split(" of "))
    substantial = int(rows["commitments_substantial"])
    text = _flat(texts["cross-cycle"])
    assert (f"{complete + substantial} of {of} ({100 * (complete + substantial) / of:.0f}%) computed from the "
            f"IRM's published counts ({complete} + {substantial} of {of})") in text


def test_uk_reports_show_the_meetings_of_2016_2023_and_the_forums_cadence(texts):
    flat = {name: _flat(pages) for name, pages in texts.items()}
    for report, dates in {"self-assessment-2016": ["2016-11-10", "2017-11-30", "2018-04-09"],
                          "self-assessment-2019": ["2018-06-11", "2018-09-05"],
                          "self-assessment-2021": ["2021-04-27", "2023-04-27", "2024-01-24"],
                          "self-assessment-2023": ["2023-04-27", "2024-01-24"]}.items():
        for date in dates:
            assert date in flat[report], (report, date)
    # Listed or stated, and which; a record with no head count says so.
    assert "counted from the list" in flat["self-assessment-2016"]
    assert "the record states no head count" in flat["self-assessment-2021"]
    # The cadence from the real dates; a plan outside the standards is information only,
    # never scored; the 2021 plan (published 31 January 2022) is held to them.
    assert "longest gap between consecutive forum meetings in the data: 24 months" in \
        flat["self-assessment-2021"]
    assert "They do not apply to this plan" in flat["self-assessment-2016"]
    assert "No requirement is scored" in flat["self-assessment-2016"]
    assert "They apply to this plan" in flat["self-assessment-2021"]
    assert "9 months" in flat["self-assessment-2023"]
