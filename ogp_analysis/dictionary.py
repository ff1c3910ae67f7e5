"""Render docs/data_dictionary.md from the registries (a test fails when the committed copy is stale)."""

from __future__ import annotations

from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata import scales as S
from ogp_analysis.metadata.fields import FIELDS
from ogp_analysis.metadata.release import NOT_IMPORTED_COLUMNS, POLICY_AREA_COLUMNS, RELEASE_COLUMNS
from ogp_analysis.metadata.tables import ANSWER_TABLE_COLUMNS, TABLES

# How the CSV copies are written (`storage.write_csv`).
CSV_FORMAT = """The CSV copies are UTF-8 with a header row. Every value that is not a number is in
double quotes: texts and codes (a quote inside is doubled, so a comma or a line break stays in
its field), booleans `"True"`/`"False"` and timestamps `"YYYY-MM-DDTHH:MM:SSZ"` (UTC). Numbers
are bare, and a missing value is an empty field (an empty text would be `""`). Spreadsheets and
CSV readers take the quotes as part of the format, not of the value. The text is kept exactly
as the source printed it, even a text a spreadsheet would run as a formula (one beginning with
`=`, `+`, `-` or `@`): these tables are data. The files meant for spreadsheets (a report's figure
CSVs, `figures`/`diff --format csv`) neutralise such cells with a leading `'`
(`ogp_analysis.spreadsheet`)."""

HEADER = """# Data dictionary

Generated from `ogp_analysis/metadata/` by `python -m ogp_analysis.dictionary > docs/data_dictionary.md`.
Do not edit by hand: `tests/test_schema.py` fails when this file is out of date.

Every table is written by `ogp-analysis build` to `data/processed/<table>.parquet` and
`<table>.csv`, with `manifest.json` (sources, snapshot range, row counts). Load them typed with
`ogp_analysis.load_tables()`. Reading the CSV with pandas? Pass `keep_default_na=False,
na_values=[""]`: "NA", "ND" and "NR" are codes of the IRM data release and "None" is a real value
of the specificity and potential-impact scales. `ogp-analysis export --format xlsx` writes every
table into one workbook (read it with `pd.read_excel` and the same arguments).

""" + CSV_FORMAT + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type(f) -> str:
    if f.type == "scale" and f.answers:
        return f"`{f.scale}` answers (its values, then its counted off-scale answers; unordered)"
    if f.type == "scale":
        return f"ordered `{f.scale}`"
    if f.type == "code":
        return "code: " + ", ".join(f"`{c}`" for c in f.codes)
    return f.type


def render() -> str:
    """The data dictionary as Markdown, from the registries."""
    out = [HEADER]
    out.append("## Tables\n")
    for t in TABLES.values():
        out.append(f"### `{t.name}`\n\n{t.description}\n")
        pk = ", ".join(f"`{k}`" for k in t.primary_key) or "(none)"
        out.append(f"Primary key: {pk}\n")
        out.append("| field | type | nullable | description |\n|---|---|---|---|")
        for name in t.fields:
            f = FIELDS[name]
            nullable = "yes" if (f.nullable or name in t.nullable) else "no"
            out.append(f"| `{name}` | {_md(_type(f))} | {nullable} | {_md(f.description)} |")
        out.append("")
    out.append("## The answer table (computed, never stored)\n")
    out.append("One answer per commitment, assessor, indicator and moment, typed by kind: "
               "`ogp_analysis.answers.answer_table`, computed once per loaded tables "
               "(`analysis.frames.answers`). The `irm_*` columns of `commitments` are read from it, "
               "and every figure, share and report section counts from it. Every commitment has "
               "one row per question, so each question's kinds add up to the commitments.\n")
    out.append("| column | description |\n|---|---|")
    out.extend(f"| `{k}` | {_md(v)} |" for k, v in ANSWER_TABLE_COLUMNS.items())
    out.append("\n### Kinds of answer\n")
    out.append("A share is taken over the kinds " + ", ".join(f"`{k}`" for k in R.COUNTED_KINDS)
               + " (its denominator); its numerator never counts an off-scale answer.\n")
    out.append("| kind | reader label | meaning |\n|---|---|---|")
    out.extend(f"| `{k}` | {R.KIND_LABELS[k]} | {_md(v)} |" for k, v in R.ANSWER_KINDS.items())
    out.append("\nOff-scale answers of another kind: "
               + "; ".join(f"{scale}: " + ", ".join(f"'{a}' is `{k}`" for a, k in kinds.items())
                           for scale, kinds in R.OFF_SCALE_KINDS.items())
               + ". Missing reasons: " + ", ".join(f"`{r}` is `{k}`" for r, k in R.MISSING_REASON_KINDS.items())
               + "; any other reason, and no row at all, is `not_in_data`.\n")
    out.append("## Scales (ordered, lowest first)\n")
    out.append("| scale | values | off-scale answers | aliases read | era | description |")
    out.append("|---|---|---|---|---|---|")
    for s in S.SCALES.values():
        aliases = ", ".join(f"{a!r}→{c}" for a, c in s.aliases.items())
        out.append(
            f"| `{s.name}` | {' < '.join(s.values)} | {', '.join(s.off_scale) or '-'} | "
            f"{_md(aliases) or '-'} | {s.era or 'any'} | {_md(s.description)} |"
        )
    out.append("\n## Indicators\n")
    out.append("| indicator | scale(s) | per OGP value | OGP-derived (kept as published) | description |")
    out.append("|---|---|---|---|---|")
    for i in S.INDICATORS.values():
        out.append(
            f"| `{i.name}` | {', '.join(i.scale_names)} | {'yes' if i.per_value else 'no'} | "
            f"{'yes' if i.derived else 'no'} | {_md(i.description)} |"
        )
    for title, codes in [
        ("Missing reasons", S.MISSING_REASONS),
        ("Assessors", S.ASSESSORS),
        ("Stages", S.STAGES),
        ("Eras", S.ERAS),
        ("OGP values", S.OGP_VALUES),
        ("Source types", S.SOURCE_TYPES),
        ("Origins", S.ORIGINS),
        ("Policy-area vocabularies", S.POLICY_AREA_VOCABULARIES),
        ("Data-quality severities", S.SEVERITIES),
        # --- Progress updates ---
        ("Progress status kinds", S.PROGRESS_STATUS_KINDS),
    ]:
        out.extend(_codes(title, codes))
    out.extend(_process_sections())
    out.append("\n## Printed placeholders read as missing reasons\n\n| printed | missing reason |\n|---|---|")
    out.extend(f"| `{k or '(blank)'}` | `{v}` |" for k, v in S.MISSING_TOKENS.items())
    if RELEASE_COLUMNS:
        out.append("\n## IRM data release columns: where each lands\n\n"
                   "`design_stage`: `design` on legacy plans (cycle <= 2019), `action_plan_review` "
                   "on refresh plans.\n\n| column | target | name | stage | OGP value | note |\n"
                   "|---|---|---|---|---|---|")
        for c in RELEASE_COLUMNS.values():
            if c.target == "policy_area":
                continue
            out.append(f"| `{c.column}` | {c.target} | {c.name or '-'} | {c.stage or '-'} | "
                       f"{c.ogp_value or '-'} | {_md(c.note) or '-'} |")
        out.append(f"| the {len(POLICY_AREA_COLUMNS)} policy-area columns | policy_area | the column "
                   "name | - | - | A 1 is a `commitment_policy_areas` row (vocabulary "
                   "`irm_data_release`); 0 records nothing; ND/NA are `missing_value` notes: "
                   + _md(", ".join(f"`{c}`" for c in POLICY_AREA_COLUMNS)) + " |")
    if NOT_IMPORTED_COLUMNS:
        out.append("\n## IRM data release columns deliberately not imported\n\n| column | why |\n|---|---|")
        out.extend(f"| `{k}` | {_md(v)} |" for k, v in NOT_IMPORTED_COLUMNS.items())
    return "\n".join(out) + "\n"


def _codes(title: str, codes: dict) -> list[str]:
    """A code list as a markdown section."""
    return [f"\n## {title}\n\n| code | meaning |\n|---|---|",
            *(f"| `{k}` | {_md(v)} |" for k, v in codes.items())]


def _process_sections() -> list[str]:
    """The co-creation process codes: kinds, phases, sectors, roles, plan indicators."""
    out = []
    for title, codes in [
        ("Meeting kinds", S.MEETING_KINDS),
        ("Plan phases", S.PLAN_PHASES),
        ("Sectors", S.SECTORS),
        ("Participant roles", S.PARTICIPANT_ROLES),
    ]:
        out.extend(_codes(title, codes))
    out.append("\n## Plan process indicators\n\n| indicator | scale | description |\n|---|---|---|")
    out.extend(f"| `{i.name}` | {i.scale or 'as printed'} | {_md(i.description)} |"
               for i in S.PROCESS_INDICATORS.values())
    return out


def field_row(table, name: str) -> tuple[str, str, str, str]:
    """One field of a table as `render` states it: (field, type, nullable yes/no, description)."""
    f = FIELDS[name]
    return name, _type(f), "yes" if (f.nullable or name in table.nullable) else "no", f.description


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
