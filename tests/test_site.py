"The offline docs site: built from the committed notebooks, then read in headless Chromium as a reader would."
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from conftest import in_ci

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tools'))
import build_site  # noqa: E402  (tools/ is not a package)

ARTIFACTS = Path(os.environ.get('KD_NOTES_ARTIFACTS', ROOT / '.artifacts'))


def test_directives_and_links():
    assert build_site.directives('#| echo: false\n#| output: asis\nshow_doc(f)') == {'echo': 'false', 'output': 'asis'}
    assert build_site.directives('x = 1\n#| echo: false') == {}
    html = '<a href="00_core.ipynb">a</a> <a href="10_kd.ipynb#loss">b</a> <a href="https://x.org/y.ipynb">c</a>'
    assert build_site._local_links(html, '.html') == \
        '<a href="00_core.html">a</a> <a href="10_kd.html#loss">b</a> <a href="https://x.org/y.ipynb">c</a>'


def test_quarto_options_hide_what_they_say():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_raw_cell('---\ndescription: x\n---'),
                nbformat.v4.new_code_cell('#| echo: false\nprint(1)'),
                nbformat.v4.new_code_cell('#| include: false\nsecret = 1'),
                nbformat.v4.new_code_cell('#| output: false\nshown = 2')]
    nb.cells[3].outputs = [nbformat.v4.new_output('stream', text='hidden output')]
    out, _ = build_site.QuartoOptions().preprocess(nb, {})
    assert [c.cell_type for c in out.cells] == ['code', 'code']
    assert out.cells[0].metadata['transient'] == {'remove_source': True}
    assert out.cells[1].source == 'shown = 2' and out.cells[1].outputs == []


def _expected(nb_path: Path) -> dict:
    "What the page of a notebook must show: its title, its second-level headings, its figures."
    nb = json.loads(nb_path.read_text())
    md = '\n'.join(''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'markdown')
    h2 = re.findall(r'^##\s+(.+)$', md, re.M)
    figures = sum(1 for c in nb['cells'] for o in c.get('outputs', [])
                  if any(k in o.get('data', {}) for k in ('image/png', 'image/jpeg', 'image/svg+xml')))
    return dict(title=build_site.title_of(nb_path)[0], h2=h2, figures=figures)


@pytest.fixture(scope='module')
def site():
    out = Path(tempfile.mkdtemp(prefix='kd_notes-site-'))
    build_site.build_site(out)
    yield out
    shutil.rmtree(out, ignore_errors=True)


def test_site_has_a_page_per_notebook_and_a_front_page_linking_all(site):
    nbs = build_site.notebooks()
    assert {p.name for p in site.glob('*.html')} == {build_site.page_name(p) for p in nbs}
    index = (site / 'index.html').read_text()
    for p in nbs: assert f'href="{build_site.page_name(p)}"' in index, p.name


def test_chapters_link_their_exercise_notebooks_inside_the_site(site):
    "A chapter with exercises links its exercise and solutions notebooks, and the site holds them."
    chapters = [p for p in build_site.notebooks() if (ROOT / 'exercises' / p.name).exists()]
    assert len(chapters) >= 5, chapters
    for p in chapters:
        page = (site / build_site.page_name(p)).read_text()
        for folder in build_site.WORKSHOP:
            assert f'href="{folder}/{p.name}"' in page, (p.name, folder)
            assert (site / folder / p.name).read_text() == (ROOT / folder / p.name).read_text()
    assert build_site._local_links('<a href="../exercises/a.ipynb">x</a>', '.html') == '<a href="../exercises/a.ipynb">x</a>'


def _browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    chrome = next((shutil.which(n) for n in ('chromium', 'chromium-browser', 'google-chrome') if shutil.which(n)), None)
    driver = shutil.which('chromedriver')
    if not (chrome and driver):
        msg = 'headless Chromium not found: apt-get install chromium chromium-driver'
        if in_ci(): pytest.fail(msg)
        pytest.skip(msg)
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
              '--disable-background-networking', '--disable-component-update', '--disable-sync',
              '--disable-dev-shm-usage', '--window-size=1300,1800', f'--user-data-dir={tempfile.mkdtemp()}'):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service(executable_path=driver), options=opts)


@pytest.mark.browser
def test_site_in_a_browser(site):
    from selenium.webdriver.common.by import By
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nbs = build_site.notebooks()
    b = _browser()
    try:
        b.get((site / 'index.html').as_uri())
        nav = [a.get_attribute('href').rsplit('/', 1)[-1] for a in b.find_elements(By.CSS_SELECTOR, 'nav.kd-nav a')]
        assert nav == [build_site.page_name(p) for p in nbs], 'the sidebar must link every chapter in reading order'
        b.save_screenshot(str(ARTIFACTS / 'site-index.png'))
        for p in nbs:
            want = _expected(p)
            b.get((site / build_site.page_name(p)).as_uri())
            assert b.find_element(By.CSS_SELECTOR, 'header.kd-title h1').text == want['title']
            h2 = [e.text.strip().rstrip('¶').strip() for e in b.find_elements(By.CSS_SELECTOR, 'main h2')]
            for h in want['h2']: assert any(h.replace('`', '') in x for x in h2), (p.name, h, h2)
            imgs = b.find_elements(By.CSS_SELECTOR, 'main img, main .jp-RenderedSVG svg')
            loaded = [i for i in imgs if i.tag_name != 'img' or b.execute_script('return arguments[0].naturalWidth', i) > 0]
            assert len(loaded) >= want['figures'], f'{p.name}: {len(loaded)} figures shown, {want["figures"]} in the notebook'
            body = b.find_element(By.TAG_NAME, 'body').text
            assert 'Traceback (most recent call last)' not in body, f'{p.name} shows a Python traceback'
            assert not b.find_elements(By.CSS_SELECTOR, '[data-mime-type="application/vnd.jupyter.stderr"] .ansi-red-fg'), p.name
        b.get((site / build_site.page_name(nbs[-1])).as_uri())
        b.save_screenshot(str(ARTIFACTS / f'site-{nbs[-1].stem}.png'))
    finally:
        b.quit()
