"""The sources registry: a new source is one registry entry and a reader; everything else follows from it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ogp_analysis.ingest import FOLDER_READERS
from ogp_analysis.metadata import rules as R
from ogp_analysis.metadata import scales as S
from ogp_analysis.metadata import sources
from ogp_analysis.paths import Paths

REPO = Path(__file__).resolve().parent.parent


def test_source_types_origins_precedence_labels_and_folders_come_from_the_registry():
    types = sources.source_types()
    assert list(S.SOURCE_TYPES) == list(types)
    assert list(S.ORIGINS) == [i.name for i in sources.INPUTS]
    assert R.SOURCE_LABELS == {n: t.label for n, t in types.items()}
    assert R.SOURCE_PRECEDENCE == {n: t.precedence for n, t in types.items() if t.precedence is not None}
    paths = Paths.from_root("/p")
    for i in sources.INPUTS:
        if i.folder:
            assert getattr(paths, i.folder) == Path("/p/data/raw") / i.folder
    assert list(FOLDER_READERS) == [name for name, _ in sources.folder_readers()]


def test_data_raw_readme_inputs_table_is_generated_from_the_registry():
    readme = (REPO / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    assert readme == sources.with_inputs_table(readme), (
        "data/raw/README.md's inputs table is stale: python -m ogp_analysis.metadata.sources")


# A contributor's new source: one registry entry (an Input) and its reader, nothing else.
THROWAWAY = r'''
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])  # where the reader module is
from ogp_analysis.metadata import sources
sources.INPUTS = (*sources.INPUTS, sources.Input(
    "scorecards", "Civil-society scorecards put in data/raw/scorecards/.", folder="scorecards",
    readers=(("scorecards", "scorecard_reader:read_scorecards"),),
    types=(sources.SourceType("civil_society_scorecard", "civil society scorecard",
                              "A network's scorecard of a plan's commitments.", precedence=7),),
    tables=(), what="Scorecards of a plan by a civil-society network.", made_by="you"))

from ogp_analysis import build
from ogp_analysis.ingest import FOLDER_READERS
from ogp_analysis.metadata import rules as R, scales as S
from ogp_analysis.paths import Paths

paths = Paths.default()
result = build(out=paths.root / "out", progress=False, bundled=True)
src = result.tables["sources"]
print(json.dumps({
    "source_types": "civil_society_scorecard" in S.SOURCE_TYPES,
    "origins": "scorecards" in S.ORIGINS,
    "precedence": R.SOURCE_PRECEDENCE.get("civil_society_scorecard"),
    "label": R.SOURCE_LABELS.get("civil_society_scorecard"),
    "folder": str(paths.scorecards),
    "reader": "scorecards" in FOLDER_READERS,
    "table": "| `scorecards/` |" in sources.render_inputs_table(),
    "built": src[src["source_type"] == "civil_society_scorecard"]["origin"].astype(str).tolist(),
}))
'''

READER = '''
from ogp_analysis.records import Records, make_source

def read_scorecards(paths):
    out = []
    for path in sorted(paths.scorecards.glob("*.csv")):
        rec = Records(make_source(path.name, source_type="civil_society_scorecard",
                                  origin="scorecards", raw_path=path.name))
        rec.quality("missing_value", f"{path.name}: read by the throwaway reader", severity="info")
        out.append(rec)
    return out
'''


def test_a_throwaway_source_is_one_registry_entry_and_a_reader(tmp_path):
    home = tmp_path / "home"
    (home / "data" / "raw" / "scorecards").mkdir(parents=True)
    (home / "data" / "raw" / "scorecards" / "network-2023.csv").write_text("commitment_id,score\n")
    (home / "data" / "raw" / "bundled").symlink_to(REPO / "data" / "raw" / "bundled")
    (tmp_path / "scorecard_reader.py").write_text(READER)
    env = {"OGP_ANALYSIS_HOME": str(home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", THROWAWAY, str(tmp_path)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got == {"source_types": True, "origins": True, "precedence": 7,
                   "label": "civil society scorecard",
                   "folder": str(home / "data" / "raw" / "scorecards"), "reader": True,
                   "table": True, "built": ["scorecards"]}
