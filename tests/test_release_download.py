"""`build --irm-data URL`: the release is downloaded through the project's client into data/raw/releases/ and the build reads it from there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from http_site import Reply, Site

from ogp_analysis.errors import FetchError
from ogp_analysis.fetch.release import download_release
from ogp_analysis.paths import Paths
from ogp_analysis.pipeline import build

RELEASE = (b"Commitment Unique Identifier,Country/Locality,URL,Year Of Submission,Commitment Title,"
           b"Completion (End Of Term)\n"
           b"AA0001,Aland,https://www.opengovpartnership.org/members/aland/commitments/AA0001/,2014,"
           b"One,Complete\n")


@pytest.fixture
def project(tmp_path) -> Paths:
    paths = Paths.from_root(tmp_path / "project")
    paths.bundled.mkdir(parents=True)
    return paths


def test_a_release_url_is_kept_with_its_provenance_and_built_from_there(project, tmp_path):
    with Site() as site:
        site.page("/data/release.csv", RELEASE, content_type="text/csv")
        url = site.url + "/data/release.csv"
        result = build(irm_data=[url], bundled=False, raw_dir=tmp_path / "no-pages",
                       out=tmp_path / "out", paths=project, progress=False)
    stored = list(project.releases.glob("*.csv"))
    assert len(stored) == 1 and stored[0].read_bytes() == RELEASE
    meta = json.loads(stored[0].with_suffix(".json").read_text())
    assert meta["url"] == url and meta["status"] == 200 and meta["sha256"] == stored[0].stem
    src = result.tables["sources"]
    row = src[src["source_type"] == "irm_data_release"].iloc[0]
    assert row["source_url"] == url  # the rows cite the URL the user gave, not a local path
    assert row["raw_path"] == f"data/raw/releases/{stored[0].name}"
    assert row["retrieved_at"] is not None
    assert list(result.tables["commitments"]["commitment_id"]) == ["AA0001"]
    # The stored copy rebuilds with no network: the same tables from the file.
    again = build(irm_data=[stored[0]], bundled=False, raw_dir=tmp_path / "no-pages",
                  out=tmp_path / "out2", paths=project, progress=False)
    assert list(again.tables["commitments"]["commitment_id"]) == ["AA0001"]


def test_a_redirect_goes_only_to_a_declared_host(tmp_path):
    with Site() as storage, Site() as site:
        storage.page("/blob.csv", RELEASE, content_type="text/csv")
        site.script("/release.csv", Reply(302, headers={"Location": storage.url + "/blob.csv"}))
        with pytest.raises(FetchError, match="off-host"):
            download_release(site.url + "/release.csv", tmp_path / "releases")
        assert storage.hits_to("/blob.csv") == []
        path, meta = download_release(site.url + "/release.csv", tmp_path / "releases",
                                      redirect_hosts=[storage.url])
    assert path.read_bytes() == RELEASE and meta["final_url"] == storage.url + "/blob.csv"


def test_robots_txt_is_not_applied_to_a_file_the_user_names(tmp_path):
    with Site() as site:
        site.page("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
        site.page("/release.csv", RELEASE, content_type="text/csv")
        path, _ = download_release(site.url + "/release.csv", tmp_path / "releases")
        assert site.hits_to("/robots.txt") == []
    assert Path(path).is_file()


def test_a_failed_download_names_the_url_and_the_status(tmp_path):
    with Site() as site:
        site.script("/gone.csv", Reply(404, b"not here"))
        with pytest.raises(FetchError, match=r"gone\.csv: HTTP 404"):
            download_release(site.url + "/gone.csv", tmp_path / "releases")
    assert not list(tmp_path.rglob("*.csv"))  # nothing kept of a failed download
