"""graph.gexf read by networkx: node and edge counts, names, colours per label, sizes, and
the documented timeline (`start`) of nodes and edges."""

import pytest

from conftest import Export, gexf_date, xml_clean

COLOURS = {  # documented: matplotlib tab10
    "Person": (31, 119, 180),
    "Organization": (255, 127, 14),
    "Country": (44, 160, 44),
    "Agreement": (214, 39, 40),
    "Event": (148, 103, 189),
}


@pytest.fixture(scope="session")
def gexf_graph(export: Export):
    import networkx as nx

    return nx.read_gexf(str(export.dir / "graph.gexf"))


def _edges(g):
    if g.is_multigraph():
        return [(u, v, d) for u, v, _, d in g.edges(data=True, keys=True)]
    return list(g.edges(data=True))


def test_counts_and_names(export: Export, gexf_graph):
    g = gexf_graph
    assert g.graph.get("mode") == "dynamic"
    assert g.number_of_nodes() == len(export.nodes)
    assert len(_edges(g)) == len(export.rels)
    assert set(g.nodes) == set(export.nodes)
    for id_, e in export.entities.items():
        d = g.nodes[id_]
        assert d["label"] == xml_clean(e["name"]), id_
        assert d["kind"] == e["label"], id_
        assert d["named"] is e["named"], id_
        for k in ("aliases", "sources"):
            assert d.get(k) == (xml_clean("; ".join(e[k])) if e[k] else None), (id_, k)
    seen = set()
    for u, v, d in _edges(g):
        key = (u, d["type"], v)
        assert key in export.relations and key not in seen, key
        seen.add(key)
        r = export.relations[key]
        assert d["label"] == r["type"]
        assert d["weight"] > 0 and d["weight"] == len(r["evidence"]), key
        assert d["evidence"] == xml_clean(r["evidence"][0]["sentence"]), key
        assert d["docs"] == xml_clean("; ".join(r["docs"])), key
        assert d.get("urls") == (xml_clean("; ".join(r["urls"])) if r["urls"] else None), key


def test_viz_colours_and_sizes(export: Export, gexf_graph):
    for id_, d in gexf_graph.nodes(data=True):
        viz = d.get("viz")
        assert viz and "color" in viz and "size" in viz, id_
        c = viz["color"]
        assert (c["r"], c["g"], c["b"]) == COLOURS[export.entities[id_]["label"]], id_
        assert viz["size"] >= 10, id_


def test_dates_are_the_documented_timeline(export: Export, gexf_graph):
    """An edge starts at its own date, else at the date of an Event at either end; a node at
    the earliest of its own date and its edges' starts; no date, no start."""
    edge_start = {}
    for key, r in export.relations.items():
        s = gexf_date(r["date"])
        if s is None:
            ends = [export.entities[x] for x in (r["source"], r["target"])]
            cands = [gexf_date(e["date"]) for e in ends if e["label"] == "Event"]
            cands = [c for c in cands if c]
            s = min(cands) if cands else None
        edge_start[key] = s
    for u, v, d in _edges(gexf_graph):
        assert d.get("start") == edge_start[(u, d["type"], v)], (u, d["type"], v)
    dated = 0
    for id_, e in export.entities.items():
        starts = [gexf_date(e["date"])] + [s for k, s in edge_start.items() if id_ in (k[0], k[2])]
        starts = [s for s in starts if s]
        expected = min(starts) if starts else None
        assert gexf_graph.nodes[id_].get("start") == expected, id_
        if e["date"] and gexf_date(e["date"]):
            dated += 1
            # the CSV has a date: the node is on the timeline no later than that date
            assert gexf_graph.nodes[id_]["start"] <= gexf_date(export.nodes[id_]["date"]), id_
    if export.name == "corpus":
        assert dated > 0, "no dated node in the corpus export"
