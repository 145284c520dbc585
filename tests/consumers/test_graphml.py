"""graph.graphml: valid against the GraphML XSD (lxml, vendored schema), read by networkx and
igraph with the CSV's node and edge counts, typed values as declared, labels everywhere,
positive weights, parallel edges of different types kept, and the exact values."""

import re
from collections import defaultdict

import pytest

from conftest import XSD, Export, xml_clean

NS = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="session")
def graphml_path(export: Export):
    return export.dir / "graph.graphml"


@pytest.fixture(scope="session")
def nx_graph(graphml_path):
    import networkx as nx

    return nx.read_graphml(str(graphml_path))


@pytest.fixture(scope="session")
def ig_graph(graphml_path):
    import igraph

    return igraph.Graph.Read_GraphML(str(graphml_path))


def test_valid_against_graphml_xsd(graphml_path):
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(XSD)))
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.parse(str(graphml_path), parser)
    assert schema.validate(doc), "\n".join(str(e) for e in schema.error_log)


def test_declared_types_are_respected(graphml_path):
    from lxml import etree

    root = etree.parse(str(graphml_path)).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(NS + "key")}
    assert keys, "no <key>"
    for _, (_, name, ty) in keys.items():
        assert name and ty in ("string", "boolean", "int", "long", "float", "double"), (name, ty)
    checks = {
        "boolean": lambda v: v in ("true", "false"),
        "int": lambda v: re.fullmatch(r"-?[0-9]+", v),
        "long": lambda v: re.fullmatch(r"-?[0-9]+", v),
        "double": lambda v: re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", v),
        "float": lambda v: re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", v),
        "string": lambda v: True,
    }
    for el in ("node", "edge"):
        for item in root.iter(NS + el):
            datas = item.findall(NS + "data")
            seen = [d.get("key") for d in datas]
            assert len(seen) == len(set(seen)), f"{el} {item.get('id')}: a key twice"
            for d in datas:
                dom, name, ty = keys[d.get("key")]
                assert dom == el, f"{el} {item.get('id')}: key {d.get('key')} is for {dom}"
                text = d.text or ""
                assert text != "" or ty == "string", f"{el} {item.get('id')}: empty {name}"
                assert checks[ty](text), f"{el} {item.get('id')}: {name}={text!r} is not {ty}"


def test_networkx_reads_it_with_the_csv_counts_and_values(export: Export, nx_graph):
    g = nx_graph
    assert g.is_directed()
    assert g.number_of_nodes() == len(export.nodes)
    assert g.number_of_edges() == len(export.rels)
    assert set(g.nodes) == set(export.nodes)
    for id_, e in export.entities.items():
        d = g.nodes[id_]
        assert d.get("label") == xml_clean(e["name"]), id_
        assert d["kind"] == e["label"], id_
        assert d["named"] is e["named"], id_
        for k in ("aliases", "sources"):
            assert d.get(k) == (xml_clean("; ".join(e[k])) if e[k] else None), (id_, k)
        for k in ("country", "date", "place"):
            assert d.get(k) == (xml_clean(e[k]) if e[k] else None), (id_, k)
    edges = g.edges(data=True, keys=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
    seen = set()
    for u, v, _, d in edges:
        key = (u, d["type"], v)
        assert key in export.relations and key not in seen, key
        seen.add(key)
        r = export.relations[key]
        assert d["label"] == r["type"], key
        assert isinstance(d["evidence_count"], int) and d["evidence_count"] == len(r["evidence"]), key
        assert isinstance(d["weight"], float) and d["weight"] > 0, key
        assert d["weight"] == float(len(r["evidence"])), key
        assert d["evidence"] == xml_clean(r["evidence"][0]["sentence"]), key
        assert d["docs"] == xml_clean("; ".join(r["docs"])), key
        assert d.get("title") == (xml_clean(r["title"]) if r["title"] else None), key
        assert d.get("date") == (xml_clean(r["date"]) if r["date"] else None), key
        assert d.get("urls") == (xml_clean("; ".join(r["urls"])) if r["urls"] else None), key
    assert seen == set(export.relations)


def test_igraph_reads_it_with_the_csv_counts_and_values(export: Export, ig_graph):
    g = ig_graph
    assert g.is_directed()
    assert g.vcount() == len(export.nodes)
    assert g.ecount() == len(export.rels)
    ids = g.vs["id"]
    assert set(ids) == set(export.nodes)
    for v in g.vs:
        e = export.entities[v["id"]]
        assert v["label"] == xml_clean(e["name"]), v["id"]
        assert v["kind"] == e["label"]
        assert v["aliases"] == xml_clean("; ".join(e["aliases"])), v["id"]  # igraph: "" when absent
        assert v["sources"] == xml_clean("; ".join(e["sources"])), v["id"]
    seen = set()
    for ed in g.es:
        key = (ids[ed.source], ed["type"], ids[ed.target])
        assert key in export.relations and key not in seen, key
        seen.add(key)
        r = export.relations[key]
        assert ed["label"] == r["type"], key
        assert ed["weight"] > 0 and ed["weight"] == len(r["evidence"]), key
        assert ed["evidence_count"] == len(r["evidence"]), key  # igraph reads ints as floats
        assert ed["evidence"] == xml_clean(r["evidence"][0]["sentence"]), key
    assert seen == set(export.relations)


def test_every_node_and_edge_has_a_label(nx_graph, ig_graph):
    assert all(d.get("label") for _, d in nx_graph.nodes(data=True))
    assert all(d.get("label") for *_, d in nx_graph.edges(data=True))
    assert all(ig_graph.vs["label"]) and all(ig_graph.es["label"])


def parallel_pairs(export: Export) -> dict:
    """Unordered entity pairs linked by relations of more than one type."""
    types = defaultdict(set)
    for r in export.rels:
        types[frozenset((r[":START_ID(Entity)"], r[":END_ID(Entity)"]))].add(r[":TYPE"])
    return {p: t for p, t in types.items() if len(t) > 1}


def test_parallel_edges_of_different_types_are_kept(export: Export, nx_graph, ig_graph):
    pairs = parallel_pairs(export)
    if export.name == "hostile":
        assert pairs, "the hostile corpus is meant to hold a pair linked by two relation types"
    ids = ig_graph.vs["id"]
    for pair, types in pairs.items():
        a, b = sorted(pair)
        nx_types = {d["type"] for u, v, d in nx_graph.edges(data=True) if {u, v} == {a, b}}
        assert nx_types == types, (a, b)
        ig_types = {e["type"] for e in ig_graph.es if {ids[e.source], ids[e.target]} == {a, b}}
        assert ig_types == types, (a, b)


def test_edges_are_numbered_in_csv_order(export: Export, graphml_path):
    from lxml import etree

    root = etree.parse(str(graphml_path)).getroot()
    edges = list(root.iter(NS + "edge"))
    assert [e.get("id") for e in edges] == [f"e{i}" for i in range(len(edges))]
    keys = [
        (e.get("source"), e.find(f"{NS}data[@key='type']").text, e.get("target")) for e in edges
    ]
    # "in CSV order": within each type, the order of that type's relationship file
    for t in {k[1] for k in keys} | {r[":TYPE"] for r in export.rels}:
        assert [k for k in keys if k[1] == t] == [Export.rel_key(r) for r in export.rels if r[":TYPE"] == t], t
