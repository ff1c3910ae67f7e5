"""The print page a report's PDF is rendered from: markdown and outputs, never the code."""

from __future__ import annotations

import base64

import nbformat

from ogp_analysis.report.pdf import notebook_html


def test_the_print_page_holds_outputs_and_markdown_but_no_code():
    png = base64.b64encode(b"\x89PNG fake").decode()
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("secret_variable = compute()")
    code.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/html": "<table><tr><td>1 of 21</td></tr></table>",
                                                       "text/plain": "<RichHTML>"}),
        nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Image>"},
                               metadata={"image/png": {"alt": "Bar chart of <completion>"}}),
        nbformat.v4.new_output("stream", name="stderr", text="a warning <b>"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "3 < 4"}),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("## 1. Summary\n\nEach commitment *once*."), code,
                nbformat.v4.new_code_cell("no_output = 1")]
    page = notebook_html(nb, title="UK & plan")
    assert "<title>UK &amp; plan</title>" in page
    assert "<h2>1. Summary</h2>" in page and "<em>once</em>" in page
    assert "<td>1 of 21</td>" in page  # HTML output as it is
    assert f'src="data:image/png;base64,{png}"' in page
    assert 'alt="Bar chart of &lt;completion&gt;"' in page
    assert "a warning &lt;b&gt;" in page and "3 &lt; 4" in page  # text is escaped
    assert "secret_variable" not in page and "no_output" not in page
    assert "&lt;RichHTML&gt;" not in page  # the plain-text twin of an HTML output is not shown
