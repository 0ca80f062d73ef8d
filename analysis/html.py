"""A self-contained HTML page: sections of text, PNG figures embedded as base64, tables."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; }
table { border-collapse: collapse; font-size: .85em; margin: .6em 0 1.2em; }
th, td { border: 1px solid #ddd; padding: .25em .5em; text-align: right; }
th { background: #f3f3f3; } td:first-child, th:first-child { text-align: left; }
img { max-width: 100%; border: 1px solid #eee; margin: .5em 0; }
.note { color: #555; font-size: .9em; } code { background: #f5f5f5; padding: 0 .2em; }
"""
MAX_ROWS = 60  # longer tables are cut in the page; the CSV beside it has every row


@dataclass
class Table:
    """A table shown in the page and written as CSV beside it."""

    title: str
    frame: pd.DataFrame
    csv_name: str
    show_rows: int = MAX_ROWS
    shown: pd.DataFrame | None = None  # what the page shows, if not the first rows of frame


@dataclass
class Section:
    """One heading with paragraphs, figures (PNG paths) and tables."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def embedded_image(path: Path) -> str:
    """An ``<img>`` with the PNG inlined as a data URI."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'


def table_html(table: Table) -> str:
    """A table's heading, its first rows as HTML and a link to the full CSV."""
    frame = table.frame
    link = f'<a href="tables/{html.escape(table.csv_name)}">{html.escape(table.csv_name)}</a>'
    if table.show_rows == 0:
        return f"<p class='note'>{html.escape(table.title)}, {len(frame)} rows: CSV {link}</p>"
    shown = (frame if table.shown is None else table.shown).head(table.show_rows)
    cut = f" (first {len(shown)} of {len(frame)} rows)" if len(shown) < len(frame) else ""
    body = shown.to_html(index=False, float_format=lambda v: f"{v:.4g}", na_rep="", border=0)
    return f"<h3>{html.escape(table.title)}</h3>\n<p class='note'>CSV: {link}{cut}</p>\n{body}"


def section_html(section: Section) -> str:
    """One section as HTML (paragraphs are trusted HTML written by the report)."""
    parts = [f"<h2>{html.escape(section.title)}</h2>"]
    parts += [f"<p>{text}</p>" for text in section.paragraphs]
    parts += [embedded_image(path) for path in section.figures]
    parts += [table_html(table) for table in section.tables]
    return "\n".join(parts)


def write_tables(sections: list[Section], folder: Path) -> list[Path]:
    """Write every table of every section as CSV into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section in sections:
        for table in section.tables:
            path = folder / table.csv_name
            table.frame.to_csv(path, index=False)
            written.append(path)
    return written


def render_page(title: str, sections: list[Section]) -> str:
    """The whole page."""
    body = "\n".join(section_html(s) for s in sections)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>\n"
        f"<body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n"
    )
