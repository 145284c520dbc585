"""The Neo4j import CSVs read with Python's csv module, checked against the manifest, the
documented header and value rules, and the exact values in evidence.jsonl."""

import json
import re

from conftest import LABELS, TYPES, Export


def test_files_are_utf8_lf_without_bom(export: Export):
    for f in export.node_files() + export.rel_files():
        data = f.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), f"{f.name}: BOM"
        assert b"\r" not in data, f"{f.name}: CR in the file"
        assert data.endswith(b"\n"), f"{f.name}: no final LF"
        data.decode("utf-8")


def test_one_file_per_label_and_type(export: Export):
    assert [f.name for f in export.node_files()] == sorted(f"nodes_{l.lower()}.csv" for l in LABELS)
    assert [f.name for f in export.rel_files()] == sorted(f"rels_{t.lower()}.csv" for t in TYPES)


def test_manifest_matches_the_files(export: Export):
    m = export.manifest
    assert m["format"] == "newsgraph-export" and m["version"] == 1
    assert m["nodes"] == len(export.nodes) > 0
    assert m["relationships"] == len(export.rels) > 0
    files = {f["name"]: f for f in m["files"]}
    for name, rows in export.rows_per_file.items():
        assert files[name]["rows"] == rows, name
    for name, entry in files.items():
        assert (export.dir / name).stat().st_size == entry["bytes"], name


def test_labels_ids_and_typed_columns(export: Export):
    for r in export.node_rows:
        where = f"{r['_file']}:{r['_line']}"
        labels = r[":LABEL"].split(";")
        assert labels[0] == "Entity" and labels[1] in LABELS and len(labels) == 2, where
        assert r["_file"] == f"nodes_{labels[1].lower()}.csv", where
        assert r["named:boolean"] in ("true", "false"), where
        for col in ("aliases:string[]", "sources:string[]"):
            if r[col]:
                for e in r[col].split(";"):
                    assert e and e == e.strip(), f"{where}: {col} element {e!r}"
        assert r["sources:string[]"], f"{where}: no sources"
    for r in export.rels:
        where = f"{r['_file']}:{r['_line']}"
        assert r[":TYPE"] in TYPES and r["_file"] == f"rels_{r[':TYPE'].lower()}.csv", where
        assert r[":START_ID(Entity)"] in export.nodes, f"{where}: unknown start"
        assert r[":END_ID(Entity)"] in export.nodes, f"{where}: unknown end"
        assert re.fullmatch(r"[1-9][0-9]*", r["evidence_count:int"]), where
        assert r["docs:string[]"] and r["evidence"], where
        if r[":TYPE"] == "MET_WITH":
            assert r[":START_ID(Entity)"] < r[":END_ID(Entity)"], f"{where}: MET_WITH not stored once, source < target"
    keys = [Export.rel_key(r) for r in export.rels]
    assert len(keys) == len(set(keys)), "duplicate (start, type, end) rows"


def test_csv_rows_are_the_documented_form_of_the_exact_values(export: Export):
    """Every CSV row equals what the documented rules make of the exact value (from
    evidence.jsonl where the row could not hold it), and every relation is in evidence.jsonl,
    in CSV order."""
    for id_, e in export.entities.items():
        row = {k: v for k, v in export.nodes[id_].items() if not k.startswith("_")}
        assert export.model_entity_csv_row(e) == row, f"{export.nodes[id_]['_file']}: {id_}"
    for id_ in export.entity_records:
        # a record is written only for an entity whose row does not read back exactly
        assert export.csv_entities[id_] != export.entities[id_], \
            f"{id_}: evidence.jsonl record for an entity its CSV row already holds exactly"
    # "in CSV order": each relationship file's rows are in the order of evidence.jsonl
    # (the records interleave the types, so compare per type).
    assert sorted(export.relation_order) == sorted(Export.rel_key(r) for r in export.rels)
    for t in TYPES:
        assert [Export.rel_key(r) for r in export.rels if r[":TYPE"] == t] == \
            [k for k in export.relation_order if k[1] == t], t
    for r in export.rels:
        rel = export.relations[Export.rel_key(r)]
        row = {k: v for k, v in r.items() if not k.startswith("_")}
        assert export.model_relation_csv_row(rel) == row, f"{r['_file']}:{r['_line']}"


def test_evidence_jsonl_is_json_lines(export: Export):
    for n, line in enumerate((export.dir / "evidence.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        assert isinstance(json.loads(line), dict), n
