"""Page parsers: pure functions from an OGP page (HTML or its text rendering) to `Records`; no network.

- `parse_listing(html_or_text, url)`: a member listing -> `listing` rows and the next-page URL.
- `parse_commitment(html_or_text, url)`: a commitment page -> commitment, assessments, long tables.
- `parse_document(text, url, kind)`: whatever the document holds (the seed text is a commitment
  page followed by the listing), with the disagreements between its parts.
- `records_from_label_values(triples, ...)`: the label-based core both the page parser and the
  bundled dataset use (see `ogp_analysis.parse.core`).
"""

from ogp_analysis.parse.commitment import parse_commitment
from ogp_analysis.parse.core import records_from_label_values
from ogp_analysis.parse.document import parse_document
from ogp_analysis.parse.listing import parse_listing

__all__ = ["parse_commitment", "parse_document", "parse_listing", "records_from_label_values"]
