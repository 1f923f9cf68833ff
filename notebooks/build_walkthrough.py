"""Writes notebooks/walkthrough.ipynb from the cells below, so the notebook is reviewable as code.

Run: .venv/bin/python notebooks/build_walkthrough.py
"""

from pathlib import Path

import nbformat

CELLS = [
    ("markdown", "# Walkthrough: themes per group from a feedback export\n\n"
     "This notebook uses the library on the bundled sample, a synthetic district survey. "
     "Swap in your own file and column names to analyse your data."),
    ("code", "from pathlib import Path\n"
     "import os\n"
     "os.environ.setdefault('HF_HUB_OFFLINE', '1')\n"
     "from analyzer import AnalysisConfig, ColumnRoles, FeedbackAnalyzer, read_inputs, "
     "write_outputs\n"
     "ROOT = Path.cwd() if (Path.cwd() / 'sample_feedback').exists() else Path.cwd().parent\n"
     "EMBEDDER = os.environ.get('WALKTHROUGH_EMBEDDER', 'minilm')"),
    ("markdown", "## 1. Load\nColumns are named by the header you see in the file. Every row is "
     "accounted for in the ledger."),
    ("code", "roles = ColumnRoles(text=('Comment',), groups=('Role',), id='Response ID', "
     "round='Round')\n"
     "corpus = read_inputs([ROOT / 'sample_feedback' / 'district_survey.csv'], roles)\n"
     "corpus.ledger.summary()"),
    ("markdown", "## 2. Analyse\nThe same seed gives the same themes. `embedder='tfidf'` needs no "
     "model and is quicker; the default ('auto': MiniLM, or a static model above 20,000 "
     "comments) reads meaning better."),
    ("code", "result = FeedbackAnalyzer(AnalysisConfig(embedder=EMBEDDER, seed=42)).fit(corpus)\n"
     "result.themes_frame()[['theme_id', 'label', 'size', 'share', 'keywords']]"),
    ("markdown", "## 3. Inspect a theme\nQuotes are redacted: emails, phones and names never "
     "appear."),
    ("code", "biggest = result.themes[0]\n"
     "print(biggest.label)\n"
     "for quote in biggest.representative_quotes:\n"
     "    print('-', quote)"),
    ("markdown", "## 4. Compare groups\nShare of each group's comments in each theme, with a 95 % "
     "confidence interval; then the themes every group raises."),
    ("code", "result.tables['groups'].head(10)"),
    ("code", "result.tables['common_ground'].head(5)"),
    ("markdown", "## 5. Export\nThe same files the command line writes."),
    ("code", "import tempfile\n"
     "out = Path(tempfile.mkdtemp()) / 'sample'\n"
     "sorted(p.name for p in write_outputs(result, out))"),
]


def build() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    for kind, source in CELLS:
        maker = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        notebook.cells.append(maker(source))
    return notebook


if __name__ == "__main__":
    target = Path(__file__).with_name("walkthrough.ipynb")
    nbformat.write(build(), target)
    print(f"wrote {target}")
