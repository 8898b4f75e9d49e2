"""Find measured-looking numbers typed into the markdown of the notebooks.

Every number the book measures is rendered from its results by a code cell, never typed. A number may stand in
markdown only where it is plainly not this book's measurement:
  - inside inline code or math (a setting, a formula, a worked example): `alpha = 0.9`, $d = 0.961$;
  - inside double quotes, as a quotation of a source: the essay's "7.2% vs 7.1%";
  - on a line that cites its source: a parenthesis with a year, (Hinton et al. 2015), or an arXiv id;
  - as a version or an identifier: Python 3.11, arXiv:1804.06876.
What counts as measured-looking: decimals (0.72, .906) and percentages (40%). Whole numbers are not checked.

    python tools/typed_numbers.py [notebook ...]   # lists each typed number with its notebook, cell and line
"""
from __future__ import annotations
import json
import re
import sys
from pathlib import Path

NUMBER = re.compile(r'(?<![\w.])(\d+\.\d+|\.\d+|\d+(?:\.\d+)?\s?%)(?![\w])')
CITATION = re.compile(r'\([^()]*\b(?:19|20)\d{2}[a-z]?\b[^()]*\)|arXiv', re.I)
STRIP = [re.compile(p, re.S) for p in (r'```.*?```', r'<!--.*?-->', r'`[^`]*`', r'\$\$.*?\$\$', r'\$[^$]*\$',
                                       r'"[^"]{0,300}"', r'“[^”]{0,300}”', r'\]\([^)\s]*\)', r'https?://\S+',
                                       r'\b(?:Python|version|v|arXiv:?)\s?\d+(?:\.\d+)+')]


def _blank(m) -> str: return '\n' * m.group(0).count('\n') + ' '  # keeps the line structure


def typed_numbers(path) -> list[tuple[int, str, str]]:
    "(cell index, number, line) for each measured-looking number typed into the markdown of notebook `path`."
    cells = json.loads(Path(path).read_text())['cells']
    found = []
    for i, c in enumerate(cells):
        if c['cell_type'] != 'markdown': continue
        text = ''.join(c['source'])
        bare = text
        for rx in STRIP: bare = rx.sub(_blank, bare)
        for line, rest in zip(text.splitlines(), bare.splitlines(), strict=True):
            if CITATION.search(line): continue
            found += [(i, m, line.strip()) for m in NUMBER.findall(rest)]
    return found


if __name__ == '__main__':
    paths = [Path(p) for p in sys.argv[1:]] or sorted(Path(__file__).resolve().parent.parent.glob('nbs/*.ipynb'))
    total = 0
    for p in paths:
        for i, num, line in typed_numbers(p):
            total += 1
            print(f"{p.name} cell {i}: {num!r} in: {line[:160]}")
    print(f"{total} typed number(s)")
    sys.exit(1 if total else 0)
