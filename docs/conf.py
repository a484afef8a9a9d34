"""Sphinx configuration: MyST Markdown pages, the furo theme, warnings as errors (-W)."""

project = "twimlkit"
author = "twimlkit developers"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "notebooks"]
html_theme = "furo"
html_title = "twimlkit"
myst_heading_anchors = 3
# Code examples are Python sessions; the test suite runs them (pytest --doctest-glob).
highlight_language = "pycon"
