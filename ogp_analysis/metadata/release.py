"""The IRM data release's columns: how each maps into the model, and those deliberately not imported.

The crosswalk is data: one `ReleaseColumn` per imported column says where its value lands
(`target`) and under which name. `ogp_analysis.ingest.release` reads it; the data dictionary
renders it. Every column of a release file is either here or in `NOT_IMPORTED_COLUMNS`; any
other column is reported as `unknown_column` (never silently ignored). The columns are checked
as a set: each `REQUIRED_COLUMNS` present, no column twice (both refused, naming the column),
and a mapped column the file lacks is a `missing_column` warning (`build --strict` refuses it).

Stages: `design_stage` is `design` on legacy plans (cycle <= 2019) and `action_plan_review` on
refresh plans (2020 on). OGP's derived columns are imported under indicators marked `derived`
in `scales.INDICATORS`: kept as published, never used as inputs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReleaseColumn:
    """One imported column of the IRM data release.

    target:
        key: the commitment ID (`Commitment Unique Identifier`) or the page URL (member slug).
        commitment: an attribute of the commitment (`name`: the commitments-part field).
        member: an attribute of the member (`member_name`, `member_code`, `region`, ...).
        cycle / end_year: the plan's start / end year.
        plan_name: an `action_plan_names` row (`name`: its name_type).
        date: `start_date` / `end_date` at the printed precision (numeric dates are M/D/YYYY).
        institution: a `commitment_institutions` row (`name`: the role).
        irm_reports / irm_cluster: joined into that commitment attribute as `Column: value`.
        assessment: an `assessments` row (`name`: the indicator; `stage`; `ogp_value`).
        ogp_value: a `commitment_ogp_values` row (`name`: the OGP value code).
        policy_area: a `commitment_policy_areas` row (vocabulary `irm_data_release`) for a 1.
    """

    column: str
    target: str
    name: str | None = None
    stage: str | None = None
    ogp_value: str | None = None
    note: str = ""


# The ~80 policy-area 0/1 columns, as the release prints them (vocabulary `irm_data_release`,
# never cross-walked to the page vocabulary).
POLICY_AREA_COLUMNS: tuple[str, ...] = (
    "Anti-Corruption and Integrity", "Anti-corruption Institutions", "Anti-Corruption Strategies",
    "Asset Disclosure", "Audits", "Beneficial Ownership", "Conflicts Of Interest", "Elections",
    "Political Finance", "Lobbying", "Open Contracting", "Public Procurement",
    "Right To Information", "Whistleblower Protections", "Civic Space and Enabling Environment",
    "Freedom of Assembly", "Freedom of Association", "Freedom of Expression",
    "Democratizing Decision-Making", "Digital Participation", "Mainstreaming Participation",
    "Regulatory Governance", "Social Accountability", "Digital Governance",
    "Automated Decision-making", "Data Stewardship and Privacy", "Digital Inclusion",
    "Disinformation/Misinformation", "Online Civic Space", "Environment & Climate",
    "Climate Finance", "Climate Mitigation and Adaptation", "Environmental Regulation",
    "International Environmental Agreements", "Fiscal Openness",
    "Publication Of Budget/Fiscal Information", "Public Participation In Budget/Fiscal Policy",
    "Oversight Of Budget/Fiscal Policies", "Stimulus and Economic Recovery", "Tax", "Debt",
    "Inclusion", "Gender", "Gender-Based Violence", "Economic Inclusion", "LGBTQIA+",
    "People with Disabilities", "Youth", "Justice", "Access to Justice", "Open Justice",
    "Policing & Corrections", "Judiciary", "Open Parliaments", "Public Service Delivery",
    "Citizenship & Immigration", "Education", "Health & Nutrition", "Infrastructure & Transport",
    "Water & Sanitation", "Capacity Building", "Digital Transformation", "Legislation",
    "Regulation", "Legislative Oversight", "Open Data", "Public Participation", "Aid", "Energy",
    "Extractive Industries", "Land and Spatial Planning", "Media & Telecommunications",
    "Science & Technology", "Security & Public Safety", "Labor", "Private Sector", "Subnational",
    "Human Rights", "Open Parliament Plan", "Sustainable Development Goals",
    "Open Data (Water/Sanitation)", "Open Data (Health)", "Open Data (Education)",
    "Participation in Lawmaking", "Access to information", "Money in Politics",
)

_C = ReleaseColumn
RELEASE_COLUMNS: dict[str, ReleaseColumn] = {
    c.column: c
    for c in [
        _C("Commitment Unique Identifier", "key", "commitment_id", note="Upper-cased."),
        _C("URL", "key", "member", note="The member slug is read from `/members/<slug>/`; the "
           "commitment page URL itself is not stored (the ID rebuilds it)."),
        _C("Country/Locality", "member", "member_name"),
        _C("Code", "member", "member_code"),
        _C("Region", "member", "region"),
        _C("National Or Local", "member", "national_or_local"),
        _C("Year Of Submission", "cycle", "cycle", note="The plan's start year: the cycle."),
        _C("Action Plan End Year", "end_year", "end_year"),
        _C("Action Plan ID", "plan_name", "release_action_plan_id", note="e.g. AP_GBR02."),
        _C("Action Plan Number", "plan_name", "release_action_plan_number",
           note="The plan's number for its member (1 = first plan)."),
        _C("Theme", "commitment", "theme"),
        _C("Commitment Number", "commitment", "commitment_number", note="The leading integer ('3.2' is 3); the OGP commitment ID stays the key."),
        _C("Commitment Title", "commitment", "title"),
        _C("Full Text", "commitment", "description"),
        _C("Start Date", "date", "start_date", note="Several formats; numeric dates are M/D/YYYY "
           "(a day/month that could be swapped is flagged `ambiguous_date`)."),
        _C("End Date", "date", "end_date", note="As Start Date."),
        _C("Lead Institution", "institution", "lead", note="Also the commitment's lead_institution. "
           "One row as printed (names contain commas)."),
        _C("Supporting Institution(s)", "institution", "support", note="One row as printed."),
        _C("Report Publication Year (Progress Report)", "irm_reports", "irm_reports"),
        _C("Report Publication Year (End Of Term)", "irm_reports", "irm_reports"),
        _C("Latest IRM Report", "irm_reports", "irm_reports"),
        _C("Compound", "irm_cluster", "irm_cluster"),
        _C("Cluster", "irm_cluster", "irm_cluster"),
        _C("Cluster (AP Review)", "irm_cluster", "irm_cluster"),
        _C("Cluster Commitment ID(s)", "irm_cluster", "irm_cluster"),
        _C("Specificity", "assessment", "specificity", "design_stage"),
        _C("Verifiable", "assessment", "verifiable", "design_stage"),
        _C("OGP Value Access To Information", "ogp_value", "access_to_information"),
        _C("OGP Value Civic Participation", "ogp_value", "civic_participation"),
        _C("OGP Value Public Accountability", "ogp_value", "public_accountability"),
        _C("OGP Value Technology", "ogp_value", "technology_innovation"),
        _C("Potential Impact", "assessment", "potential_impact", "design_stage"),
        _C("Potential for Results", "assessment", "potential_for_results", "design_stage"),
        _C("Completion (Progress Report)", "assessment", "completion", "midterm"),
        _C("Completion (End Of Term)", "assessment", "completion", "end_of_term"),
        _C("Early Results", "assessment", "early_results", "results"),
        _C("Did It Open Government (Overall)", "assessment", "diog", "end_of_term"),
        _C("Did It Open Government (Access To Information)", "assessment", "diog", "end_of_term",
           "access_to_information"),
        _C("Did It Open Government (Civic Participation)", "assessment", "diog", "end_of_term",
           "civic_participation"),
        _C("Did It Open Government: Public Accountability", "assessment", "diog", "end_of_term",
           "public_accountability"),
        _C("Carried Forward", "assessment", "carried_forward", "end_of_term"),
        _C("Starred (2015 Only)", "assessment", "starred_2015_only", "latest",
           note="OGP-derived; follows the older (moderate or transformative) rule despite its name."),
        _C("Starred (Current Formula) Progress Report", "assessment", "starred_current_progress",
           "midterm", note="OGP-derived (transformative rule)."),
        _C("Starred (Current Formula) End of Term", "assessment", "starred_current_end_of_term",
           "end_of_term", note="OGP-derived (transformative rule); the published end-of-term star."),
        _C("Change In Completion", "assessment", "change_in_completion", "latest", note="OGP-derived."),
        _C("High Completion", "assessment", "high_completion", "latest", note="OGP-derived."),
        _C("Max Completion", "assessment", "max_completion", "latest", note="OGP-derived."),
        _C("High Ambition", "assessment", "high_ambition", "latest", note="OGP-derived."),
        _C("IRM-Based Score", "assessment", "irm_based_score", "latest", note="OGP-derived."),
        *[_C(col, "policy_area", col) for col in POLICY_AREA_COLUMNS],
    ]
}

# Columns a release file must have: without them no row can be keyed (its commitment, its plan's
# start year, its member). A missing one refuses the file, naming it; any other mapped column
# that is missing is a `missing_column` warning naming the rows that lose its value.
REQUIRED_COLUMNS: tuple[str, ...] = ("Commitment Unique Identifier", "Year Of Submission",
                                     "Country/Locality")
# What each required column gives, for the refusal's message.
REQUIRED_BECAUSE = {"Commitment Unique Identifier": "the commitment IDs",
                    "Year Of Submission": "each commitment's plan start year",
                    "Country/Locality": "each commitment's member"}

_CODE = "OGP's numeric code of the labelled column beside it, which is imported as printed"
_DERIVED = "OGP's derived bookkeeping flag, recomputable from the imported indicators"

# column -> why it is not imported (listed in the data dictionary)
NOT_IMPORTED_COLUMNS: dict[str, str] = {
    "Short Title": "OGP's abbreviated title; `Commitment Title` is the title kept.",
    "Commitment Dummy": "Always 1 (a counting helper column).",
    "Action Plan Duration (Years)": "end_year - cycle, recomputable.",
    "_Specificity": _CODE + " (Specificity).",
    "_Relevant": "OGP's 0/1 'relevant to at least one value' code; recomputed from the four OGP "
    "value columns (commitments.is_relevant).",
    "_Potential Impact": _CODE + " (Potential Impact).",
    "_CompletionProgress": _CODE + " (Completion (Progress Report)).",
    "_Potential for Results": _CODE + " (Potential for Results).",
    "_CompletionEndTerm": _CODE + " (Completion (End Of Term)).",
    "_ChangeCompletion": _CODE + " (Change In Completion).",
    "_Early Results": _CODE + " (Early Results).",
    "_OpenGovernment": _CODE + " (Did It Open Government (Overall)).",
    "_DIOGATI": _CODE + " (Did It Open Government (Access To Information)).",
    "_DIOGCP": _CODE + " (Did It Open Government (Civic Participation)).",
    "_DIOGPA": _CODE + " (Did It Open Government: Public Accountability).",
    "Most Recently Assessed": _DERIVED + " (latest plan of the member).",
    "Star - Most Recently Assessed": _DERIVED + ".",
    "IRM Assessed": _DERIVED + ".",
    "Updated? (Website)": "OGP's website-maintenance date or 0; not about the commitment.",
    "Active Commitment": _DERIVED + " (plan still running).",
    "Max star": _DERIVED + " (any star); the starred columns are imported.",
    "Ambition Assessed": _DERIVED + ".",
    "Comp Assessed": _DERIVED + ".",
    "DIOG Assessed": _DERIVED + ".",
    "Midterm Only": _DERIVED + ".",
    "Raw Completion": "OGP's numeric latest-completion code; `Max Completion` is imported.",
    "High DIOG": _DERIVED + " (Major or Outstanding).",
    "Ambitious and complete, or DIOG": _DERIVED + ".",
    "Ambitious but not complete": _DERIVED + ".",
    "Complete but not ambitious": _DERIVED + ".",
    "Not complete or ambitious": _DERIVED + ".",
    "Not reviewed": _DERIVED + "; the ND/NR codes of the indicators say it per value.",
    "CHECKSUM": "A spreadsheet consistency check, not data.",
    "Binding constraint": "OGP's label of the star criterion a commitment failed; recomputed in "
    "the analysis layer.",
    "Subnational in NAPs": _DERIVED + ".",
    "id": "The spreadsheet's row number.",
}


def _check() -> None:
    both = set(RELEASE_COLUMNS) & set(NOT_IMPORTED_COLUMNS)
    if both:
        raise KeyError(f"release columns both mapped and not imported: {sorted(both)}")
    if not set(REQUIRED_COLUMNS) <= set(RELEASE_COLUMNS):
        raise KeyError("a required release column is not mapped")


_check()
