"""`newsgraph view` pages in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright; no browser is downloaded).

The pages of the bundled corpus and of the hostile articles are opened from file:// with
every network request refused and recorded. Each must load without a console error or page
error, lay out exactly the entities and relations of the export, find names by search,
and show an entity's or a relation's details when it is clicked.

Without /usr/bin/chromium the module is skipped, except in CI (CI=true), where that is a
failure: `.ci/run` installs it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEWSGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1200, "height": 800}


@pytest.fixture(scope="module")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        why = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why}: .ci/run should have installed it")
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def write_view(binary: str, graph: Path, out: Path, *extra: str) -> Path:
    p = subprocess.run([binary, "view", "--graph", str(graph), "--out", str(out), *extra],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, f"newsgraph view failed ({p.returncode}):\n{p.stderr}"
    return out


class Page:
    """A page opened in a fresh context, with what went wrong recorded."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "assert") and self.errors.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r):
            url = r.request.url
            if url.startswith("file:") or url.startswith("data:"):
                r.continue_()
            else:
                self.requests.append(url)
                r.abort()

        self.page.route("**/*", route)
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.newsgraphView && window.newsgraphView.ready", timeout=30_000)

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def panel(self) -> dict:
        return self.js("""() => { const p = document.getElementById('panel');
            return {kind: p.dataset.kind || null, id: p.dataset.id || null, text: p.textContent,
                    title: (p.querySelector('h2') || {}).textContent || null,
                    evidence: [...p.querySelectorAll('blockquote.evidence')].map(q => q.firstChild.textContent)}; }""")

    def click_node(self, node_id: str) -> None:
        """A real mouse click on the node's rendered position."""
        self.js("id => { const cy = window.newsgraphView.cy; cy.zoom(1.5); cy.center(cy.getElementById(id)); }", node_id)
        x, y = self.rendered(f"cy => {{ const p = cy.getElementById({node_id!r}).renderedPosition(); return [p.x, p.y]; }}")
        self.page.mouse.click(x, y)

    def click_edge(self, ref: str) -> None:
        self.js("ref => { const cy = window.newsgraphView.cy; const e = cy.getElementById('~' + ref); cy.zoom(1.5); cy.center(e); }", ref)
        x, y = self.rendered(f"cy => {{ const p = cy.getElementById('~' + {ref!r}).renderedMidpoint(); return [p.x, p.y]; }}")
        self.page.mouse.click(x, y)

    def rendered(self, fn: str) -> tuple[float, float]:
        box = self.page.locator("#cy").bounding_box()
        x, y = self.js(f"() => ({fn})(window.newsgraphView.cy)")
        return box["x"] + x, box["y"] + y

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def corpus_page_file(corpus_export, newsgraph_bin, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("view") / "corpus.html"
    return write_view(newsgraph_bin, corpus_export.dir, out)


@pytest.fixture
def corpus_page(browser, corpus_page_file):
    p = Page(browser, corpus_page_file)
    yield p
    p.close()


def test_the_corpus_page_loads_cleanly_with_every_entity_and_relation(corpus_page, corpus_export):
    p = corpus_page
    n, e = p.js("() => [window.newsgraphView.cy.nodes().length, window.newsgraphView.cy.edges().length]")
    assert (n, e) == (len(corpus_export.nodes), len(corpus_export.rels))
    assert p.page.inner_text("#count-nodes") == str(n)
    assert p.page.inner_text("#count-edges") == str(e)
    ids = set(p.js("() => window.newsgraphView.cy.nodes().map(n => n.id())"))
    assert ids == set(corpus_export.nodes)
    # Laid out: every node placed inside the canvas, not all on one spot.
    pos = p.js("() => window.newsgraphView.cy.nodes().map(n => [n.renderedPosition().x, n.renderedPosition().y])")
    box = p.page.locator("#cy").bounding_box()
    assert all(-1 <= x <= box["width"] + 1 and -1 <= y <= box["height"] + 1 for x, y in pos)
    assert len({(round(x), round(y)) for x, y in pos}) > 0.9 * n
    # The legend counts every label.
    legend = p.page.inner_text("#legend-labels")
    for label in ("Person", "Organization", "Country"):
        count = sum(1 for r in corpus_export.node_rows if r[":LABEL"] == f"Entity;{label}")
        assert f"{label} {count}" in legend
    assert p.errors == [] and p.requests == [] and p.dialogs == []


def test_the_layout_is_the_same_at_every_load(browser, corpus_page_file):
    layouts = []
    for _ in range(2):
        p = Page(browser, corpus_page_file)
        layouts.append(p.js("() => window.newsgraphView.cy.nodes().map(n => [n.id(), Math.round(n.position().x), Math.round(n.position().y)])"))
        p.close()
    assert layouts[0] == layouts[1]


def test_search_highlights_and_enter_shows_the_entity(corpus_page):
    p = corpus_page
    p.page.fill("#search", "cai")
    matched = p.js("() => window.newsgraphView.cy.nodes('.match').map(n => n.id())")
    assert "person:cai-jianing" in matched
    assert p.page.inner_text("#search-count") == f"{len(matched)} match" + ("" if len(matched) == 1 else "es")
    # Accents, case and punctuation are ignored, aliases count.
    assert "person:cai-jianing" in p.js("() => window.newsgraphView.search('ddg CAI-jianing')")
    p.page.fill("#search", "")
    p.page.type("#search", "Cai Jianing")
    p.page.press("#search", "Enter")
    panel = p.panel()
    assert (panel["kind"], panel["id"], panel["title"]) == ("node", "person:cai-jianing", "Cai Jianing")
    assert "Person" in panel["text"] and "Relations" in panel["text"]
    # Centred on it (on its box, which holds the label under the node).
    box = p.page.locator("#cy").bounding_box()
    x, y = p.js("() => { const q = window.newsgraphView.cy.getElementById('person:cai-jianing').renderedPosition(); return [q.x, q.y]; }")
    assert abs(x - box["width"] / 2) < 2 and abs(y - box["height"] / 2) < 30
    assert p.js("() => window.newsgraphView.search('no such name at all')") == []
    assert p.errors == []


def test_clicking_a_node_shows_its_panel(corpus_page, corpus_export):
    p = corpus_page
    p.click_node("person:cai-jianing")
    panel = p.panel()
    assert (panel["kind"], panel["id"]) == ("node", "person:cai-jianing")
    e = corpus_export.entities["person:cai-jianing"]
    for alias in e["aliases"]:
        assert alias in panel["text"]
    for doc in e["sources"]:
        assert doc in panel["text"]
    # Its relations are listed with the other ends' names.
    for (s, t, o), rel in corpus_export.relations.items():
        if "person:cai-jianing" in (s, o):
            other = o if s == "person:cai-jianing" else s
            assert corpus_export.entities[other]["name"] in panel["text"]
    assert p.errors == []


def test_clicking_a_relation_shows_its_evidence(corpus_page, corpus_export):
    p = corpus_page
    edges = p.js("() => window.newsgraphView.data.edges.map(e => [e.id, e.source, e.type, e.target])")
    ref, s, t, o = next(e for e in edges if e[2] == "MET_WITH")
    p.click_edge(ref)
    panel = p.panel()
    assert (panel["kind"], panel["id"]) == ("edge", ref)
    rel = corpus_export.relations[(s, t, o)]
    assert panel["evidence"] == [ev["sentence"] for ev in rel["evidence"][:5]]
    for doc in rel["docs"]:
        assert doc in panel["text"]
    assert p.errors == []


def test_a_neighbourhood_page(browser, corpus_export, newsgraph_bin, tmp_path):
    out = write_view(newsgraph_bin, corpus_export.dir, tmp_path / "cai.html", "--around", "Cai Jianing", "--depth", "1")
    p = Page(browser, out)
    try:
        ids = set(p.js("() => window.newsgraphView.cy.nodes().map(n => n.id())"))
        near = {o if s == "person:cai-jianing" else s for (s, _, o) in corpus_export.relations if "person:cai-jianing" in (s, o)}
        assert ids == near | {"person:cai-jianing"}
        assert "Around Cai Jianing" in p.page.inner_text("#notice")
        assert p.errors == [] and p.requests == []
    finally:
        p.close()


def test_hostile_names_are_shown_as_text(browser, hostile_export, newsgraph_bin, tmp_path):
    out = write_view(newsgraph_bin, hostile_export.dir, tmp_path / "hostile.html")
    p = Page(browser, out)
    try:
        assert p.js("() => window.newsgraphView.cy.nodes().length") == len(hostile_export.nodes)
        assert p.js("() => window.newsgraphView.cy.edges().length") == len(hostile_export.rels)
        # Every name reaches the page exactly, and a panel shows it as text.
        names = p.js("() => Object.fromEntries(window.newsgraphView.cy.nodes().map(n => [n.id(), n.data('name')]))")
        assert names == {i: e["name"] for i, e in hostile_export.entities.items()}
        for node_id in sorted(hostile_export.entities)[:10]:
            p.js("id => window.newsgraphView.showNode(id)", node_id)
            panel = p.panel()
            assert panel["title"] == hostile_export.entities[node_id]["name"]
            assert hostile_export.entities[node_id]["sources"][0] in panel["text"]
        assert p.page.locator("#panel script, #panel img").count() == 0
        assert p.errors == [] and p.requests == [] and p.dialogs == []
    finally:
        p.close()
