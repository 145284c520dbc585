"""Take the README's screenshot of `newsgraph view` (tests/view/seeds.png).

Builds tests/corpus with the release binary, writes the page, opens it in Debian's headless
Chromium (as tests/consumers/test_view.py does), clicks the MET_WITH relation of Cai
Jianing so that the side panel shows its evidence, and saves a 1200x800 PNG.

    .venv/bin/python tests/view/screenshot.py [--bin target/release/newsgraph] [--out tests/view/seeds.png]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=str(target / "release" / "newsgraph"))
    ap.add_argument("--out", default=str(ROOT / "tests" / "view" / "seeds.png"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        graph, page = Path(tmp) / "graph", Path(tmp) / "graph.html"
        subprocess.run([a.bin, "build", str(ROOT / "tests" / "corpus"), "--out", str(graph), "--quiet"], check=True)
        subprocess.run([a.bin, "view", "--graph", str(graph), "--out", str(page)], check=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=a.chromium, args=ARGS)
            pg = browser.new_page(viewport={"width": 1200, "height": 800})
            pg.goto(page.as_uri())
            pg.wait_for_function("window.newsgraphView && window.newsgraphView.ready")
            pg.evaluate("""() => {
                const v = window.newsgraphView;
                const e = v.data.edges.find(e => e.type === 'MET_WITH' &&
                    (e.source === 'person:cai-jianing' || e.target === 'person:cai-jianing'));
                v.showEdge(e.id);
                v.cy.elements().removeClass('faded');  // as after a click on the background
            }""")
            pg.screenshot(path=a.out)
            browser.close()
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
