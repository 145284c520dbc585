"""ladybug (embedded Cypher, maintained Kuzu fork) loads the Neo4j CSVs with its own CSV
reader; counts, values and shortest-path lengths must agree with the CSVs and with
`newsgraph path`."""

from itertools import combinations

from conftest import TYPES, Export, newsgraph_path

MAX_HOPS = 10


def test_counts_equal_csv_rows(export: Export, ladybug_db):
    assert ladybug_db.rows("MATCH (n:Entity) RETURN count(n)")[0][0] == len(export.nodes)
    assert ladybug_db.rows("MATCH ()-[r]->() RETURN count(r)")[0][0] == len(export.rels)
    for t in TYPES:
        expected = sum(1 for r in export.rels if r[":TYPE"] == t)
        assert ladybug_db.rows(f"MATCH ()-[r:{t}]->() RETURN count(r)")[0][0] == expected, t


def test_values_equal_csv_fields(export: Export, ladybug_db):
    def v(x):  # ladybug reads an empty field as NULL
        return x if x is not None else ""

    got = {
        row[0]: row[1:]
        for row in ladybug_db.rows(
            "MATCH (n:Entity) RETURN n.id, n.labels, n.name, n.named, n.aliases, n.sources, "
            "n.country, n.date, n.place"
        )
    }
    assert set(got) == set(export.nodes)
    for id_, r in export.nodes.items():
        labels, name, named, aliases, sources, country, date, place = got[id_]
        assert (labels, name, named) == (r[":LABEL"], r["name"], r["named:boolean"] == "true"), id_
        assert (v(aliases), v(sources), v(country), v(date), v(place)) == (
            r["aliases:string[]"], r["sources:string[]"], r["country"], r["date"], r["place"]), id_
    rels = {
        (row[0], row[1], row[2]): row[3:]
        for row in ladybug_db.rows(
            "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id, label(r), b.id, r.docs, r.evidence, "
            "r.evidence_count, r.title, r.date"
        )
    }
    assert set(rels) == {Export.rel_key(r) for r in export.rels}
    for r in export.rels:
        docs, evidence, count, title, date = rels[Export.rel_key(r)]
        assert (v(docs), v(evidence), count, v(title), v(date)) == (
            r["docs:string[]"], r["evidence"], int(r["evidence_count:int"]), r["title"], r["date"]), Export.rel_key(r)


def components(export: Export) -> dict:
    parent = {n: n for n in export.nodes}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in export.rels:
        parent[find(r[":START_ID(Entity)"])] = find(r[":END_ID(Entity)"])
    return {n: find(n) for n in export.nodes}


def sample_pairs(export: Export) -> list:
    """All pairs of ~14 entities: up to 10 spread over the largest component (paths of every
    length) and one of each of up to 4 other components (no path)."""
    comp = components(export)
    sizes = {}
    for c in comp.values():
        sizes[c] = sizes.get(c, 0) + 1
    largest = max(sizes, key=lambda c: (sizes[c], c))
    big = sorted(i for i in export.nodes if comp[i] == largest)
    pick = big[:: max(1, len(big) // 10)][:10]
    seen = {largest}
    for i in sorted(export.nodes):
        if comp[i] not in seen and len(pick) < 14:
            pick.append(i)
            seen.add(comp[i])
    return list(combinations(pick, 2))


def ladybug_hops(ladybug_db, a: str, b: str):
    rows = ladybug_db.rows(
        f"MATCH p=(a:Entity {{id: $a}})-[* SHORTEST 1..{MAX_HOPS}]-(b:Entity {{id: $b}}) RETURN length(p)",
        {"a": a, "b": b},
    )
    return rows[0][0] if rows else None


def test_shortest_path_lengths_agree_with_newsgraph_path(export: Export, ladybug_db):
    pairs = sample_pairs(export)
    outcomes = {"path": 0, "none": 0, "long": 0}
    for a, b in pairs:
        doc = newsgraph_path(export.bin, export.dir, a, b, "--max-hops", str(MAX_HOPS))
        ours = None
        if doc is not None:
            assert (doc["from"]["id"], doc["to"]["id"]) == (a, b)
            ours = len(doc["paths"][0]["hops"])
            assert ours == doc["paths"][0]["length"]
        theirs = ladybug_hops(ladybug_db, a, b)
        assert ours == theirs, f"{a} -> {b}: newsgraph {ours} hops, ladybug {theirs}"
        outcomes["none" if ours is None else "long" if ours >= 3 else "path"] += 1
    # the sample must exercise both answers (and some longer paths)
    assert outcomes["none"] > 0 and outcomes["path"] + outcomes["long"] > 0, outcomes
    if export.name == "corpus":
        assert outcomes["long"] > 0, outcomes
    print(export.name, len(pairs), "pairs:", outcomes)


def test_one_hop_pairs_are_one_hop(export: Export, ladybug_db):
    # every relationship: both engines say 1 hop between its ends, whatever its direction
    for r in export.rels[:: max(1, len(export.rels) // 12)]:
        a, b = r[":END_ID(Entity)"], r[":START_ID(Entity)"]  # read against the stored direction
        doc = newsgraph_path(export.bin, export.dir, a, b)
        assert doc is not None and len(doc["paths"][0]["hops"]) == 1
        assert ladybug_hops(ladybug_db, a, b) == 1
