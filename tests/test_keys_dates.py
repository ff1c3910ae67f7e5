"""Shared keys (IDs, slugs, member lookup) and dates kept at their printed precision."""

from __future__ import annotations

import pytest

from ogp_analysis.dates import parse_partial_date
from ogp_analysis.errors import NotFoundError, OGPAnalysisError
from ogp_analysis.keys import (
    action_plan_id,
    check_member_slug,
    normalise_commitment_id,
    resolve_member,
    slugify,
)

MEMBERS = [("united-kingdom", "United Kingdom"), ("buenos-aires-argentina", "Buenos Aires, Argentina")]


@pytest.mark.parametrize("text", ["uk0075", " UK0075 ", "Uk0075"])
def test_commitment_ids_are_upper_cased(text):
    assert normalise_commitment_id(text) == "UK0075"


@pytest.mark.parametrize("text", ["../UK0075", "UK75", "UK0075/..", "", "UK 0075"])
def test_bad_commitment_ids_are_refused_before_becoming_file_names(text):
    with pytest.raises(OGPAnalysisError, match="not a commitment ID"):
        normalise_commitment_id(text)


@pytest.mark.parametrize("slug", ["../etc", "United Kingdom", "a/b", ""])
def test_bad_member_slugs_are_refused(slug):
    with pytest.raises(OGPAnalysisError):
        check_member_slug(slug)


def test_slug_and_plan_id():
    assert slugify("United Kingdom") == "united-kingdom"
    assert slugify("Côte d'Ivoire") == "cote-d-ivoire"
    assert action_plan_id("united-kingdom", 2016) == "united-kingdom-2016"


@pytest.mark.parametrize("text", ["united-kingdom", "United Kingdom", "UNITED KINGDOM", " united kingdom "])
def test_member_lookup_accepts_slug_or_name_case_insensitively(text):
    assert resolve_member(text, MEMBERS) == "united-kingdom"


def test_unknown_member_lists_the_valid_ones():
    with pytest.raises(NotFoundError, match=r"'Narnia'.*united-kingdom \(United Kingdom\)"):
        resolve_member("Narnia", MEMBERS)


@pytest.mark.parametrize("text, meant", [
    pytest.param("scotland", "scotland-united-kingdom", id="part-of-a-slug"),
    pytest.param("Untied Kingdom", "united-kingdom", id="misspelt-name"),
])
def test_an_unknown_member_names_the_member_the_user_probably_meant(text, meant):
    members = [("united-kingdom", "United Kingdom"), ("scotland-united-kingdom", "Scotland, United Kingdom"),
               ("ukraine", "Ukraine")]
    with pytest.raises(NotFoundError, match=rf"unknown member '{text}' \(did you mean {meant}\?\); members in"):
        resolve_member(text, members)


def test_an_unknown_member_with_nothing_close_suggests_nothing():
    with pytest.raises(NotFoundError) as got:
        resolve_member("Narnia", MEMBERS)
    assert "did you mean" not in str(got.value)


@pytest.mark.parametrize(
    "text, value, precision, ambiguous",
    [
        pytest.param("May 2016", "2016-05", "month", False, id="month-name-year"),
        pytest.param("June 2018", "2018-06", "month", False, id="june"),
        pytest.param("2016", "2016", "year", False, id="year"),
        pytest.param("2016-05-01", "2016-05-01", "day", False, id="iso"),
        pytest.param("12/31/2020", "2020-12-31", "day", False, id="release-mdy"),
        pytest.param("4/1/2022", "2022-04-01", "day", True, id="release-ambiguous"),
        pytest.param("1 May 2016", "2016-05-01", "day", False, id="day-month-year"),
        pytest.param("September 30, 2019", "2019-09-30", "day", False, id="us-long"),
    ],
)
def test_dates_keep_their_printed_precision(text, value, precision, ambiguous):
    d = parse_partial_date(text)
    assert (d.value, d.precision, d.ambiguous) == (value, precision, ambiguous)


@pytest.mark.parametrize("text", [None, "", "NA", "ND", "NR"])
def test_date_placeholders_are_none(text):
    assert parse_partial_date(text) is None


@pytest.mark.parametrize("text", ["soon", "13/13/2020", "2020-02-30"])
def test_impossible_dates_raise(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_day_month_order_is_swapped_only_when_forced():
    d = parse_partial_date("31/12/2020")  # cannot be M/D: read as D/M and say so
    assert d.value == "2020-12-31" and d.note and not d.ambiguous
