"""Hostile text: names, aliases, document ids and evidence holding quotes, separators, XML
markup, CDATA terminators, emoji, right-to-left scripts, combining marks, spreadsheet-formula
prefixes and a very long name — extracted from tests/consumers/hostile/ (built under the
hostile file names of conftest.HOSTILE_FILE_NAMES) and checked, value by value, through every
consumer. Where the exporter documents a replacement (`;` inside an array element becomes
`,`; a backslash before `"` becomes U+FF3C in the CSVs), the documented form is expected."""

import json
import subprocess
import unicodedata

import pytest

from conftest import HOSTILE_FILE_NAMES, Export, clean_element, clean_scalar, newsgraph_path

HEB = "\u05e6\u05d4\"\u05dc"  # a Hebrew acronym written with '"' (gershayim), as Hebrew does
ARABIC = "\u0641\u0627\u0631\u0648\u0642"
LONG = (
    "International Organization for the Aardvark Bellwether Cormorant Dandelion Eiderdown "
    "Firmament Gossamer Halcyon Iridescence Juniper Kestrel Labyrinth Marigold Nightingale "
    "Obsidian Periwinkle Quicksilver Rosemary Saffron Tamarind Umbrella Verbena Wisteria "
    "Xylophone Yarrow Zephyr Amberwood Bluebell Chamomile Driftwood Evergreen Foxglove "
    "Goldenrod Hawthorn Ironwood Jasmine Kingfisher Larkspur Meadowsweet Nettlebloom "
    "Oleander Primrose"
)

# exact entity names the extractor must produce from the hostile articles (CSV form = same)
NAMES = {
    f"Yossi Al-{HEB}": ['"', "rtl"],
    "Zo\u00eb O'Neil-Smith": ["'"],
    f"Ahmad Al-{ARABIC}": ["rtl"],
    "University 2;3": [";"],
    "Agency 4,5": [","],
    "Ministry of Science & Technology": ["&"],
    "AT&T Foundation": ["&"],
    "Ka\u0331ni Ng\u0169g\u0129 Wa\u0331ngari": ["combining"],
    "Zoq\u0301 B\u0155\u0308\u01eb": ["combining"],
    f"Talks between Yossi Al-{HEB} and Zo\u00eb O'Neil-Smith": ['"', "'", "rtl"],
    LONG: ["long"],
}

# exact aliases -> their documented CSV form
ALIASES = {
    "MO;ST": "MO,ST",  # ';' in an array element becomes ','
    "FO|SA": "FO|SA",
    "NR<C>": "NR<C>",
    "IA]]>S": "IA]]>S",
    "CU \U0001F680 X": "CU \U0001F680 X",
    'TA"U': 'TA"U',
    'NS\\"A': 'NS\uff3c"A',  # a backslash before '"' becomes U+FF3C
}

# exact first-evidence sentences -> their documented CSV form
EVIDENCE = {
    f"=Minister Zo\u00eb O'Neil-Smith met with Ahmad Al-{ARABIC} again; the cooperation ]]> "
    "\"matters\" & will continue | \U0001F680 done.": None,
    "-Minister Ka\u0331ni Ng\u0169g\u0129 Wa\u0331ngari met with Director Zoq\u0301 B\u0155\u0308\u01eb in Nairobi.": None,
    "@Minister Li Hua signed the Agreement on Ocean Research.": None,
    "+Minister Tamar Cohen signed the Agreement on Science Cooperation.": None,
    'Director Zoq\u0301 B\u0155\u0308\u01eb of the National Space Agency (NS\\"A) met with David Levi.':
        'Director Zoq\u0301 B\u0155\u0308\u01eb of the National Space Agency (NS\uff3c"A) met with David Levi.',
}
EVIDENCE = {k: (v if v is not None else k) for k, v in EVIDENCE.items()}
assert all(clean_scalar(k) == v for k, v in EVIDENCE.items())
assert all(clean_element(k) == v for k, v in ALIASES.items())

SOURCES = {doc: clean_element(doc) for doc in HOSTILE_FILE_NAMES.values()}

CONSUMERS = ["csv", "ladybug", "falkordb", "graphml-networkx", "graphml-igraph", "gexf-networkx"]


def test_the_articles_really_yield_the_hostile_values(hostile_export: Export):
    ex = hostile_export
    names = {e["name"] for e in ex.entities.values()}
    missing = [n for n in NAMES if n not in names]
    assert not missing, f"the extractor no longer yields {missing}; got {sorted(names)}"
    aliases = {a for e in ex.entities.values() for a in e["aliases"]}
    assert not [a for a in ALIASES if a not in aliases], sorted(aliases)
    sources = {s for e in ex.entities.values() for s in e["sources"]}
    assert sources == set(SOURCES)
    firsts = {r["evidence"][0]["sentence"] for r in ex.relations.values()}
    assert not [s for s in EVIDENCE if s not in firsts], sorted(firsts)
    # what the values hold, all together
    everything = "\n".join([*names, *aliases, *sources, *firsts])
    for needle in ['"', "'", ",", ";", "|", "\t", "<", ">", "&", "]]>", "\U0001F680"]:
        assert needle in everything, needle
    assert any(unicodedata.bidirectional(c) in ("R", "AL") for c in everything), "no RTL text"
    assert any(unicodedata.combining(c) for n in names for c in n), "no combining mark in a name"
    assert any(unicodedata.bidirectional(c) == "AL" for n in names for c in n), "no Arabic name"
    assert any(unicodedata.bidirectional(c) == "R" for n in names for c in n), "no Hebrew name"
    for lead in "=+-@":
        assert any(s.startswith(lead) for s in firsts), f"no evidence starting with {lead}"
        assert any(s.startswith(lead) for s in sources), f"no document id starting with {lead}"
    assert max(len(n) for n in names) >= 300
    assert any("\t" in s for s in sources)


def _view(consumer, ex, request):
    """(names, alias elements or joined alias texts, source texts, evidence texts) as the
    consumer reads them; for XML the list values are the '; '-joined texts."""
    if consumer == "csv":
        rows = ex.node_rows
        return (
            {r["name"] for r in rows},
            {a for r in rows for a in r["aliases:string[]"].split(";") if a},
            {s for r in rows for s in r["sources:string[]"].split(";") if s},
            {r["evidence"] for r in ex.rels},
        )
    if consumer == "ladybug":
        db = request.getfixturevalue("ladybug_for")(ex)
        nodes = db.rows("MATCH (n:Entity) RETURN n.name, n.aliases, n.sources")
        return (
            {n for n, _, _ in nodes},
            {a for _, al, _ in nodes if al for a in al.split(";")},
            {s for _, _, so in nodes for s in so.split(";")},
            {e for (e,) in db.rows("MATCH ()-[r]->() RETURN r.evidence")},
        )
    if consumer == "falkordb":
        g = request.getfixturevalue("falkordb_for")(ex)
        nodes = g.rows("MATCH (n:Entity) RETURN n.name, n.aliases, n.sources")
        return (
            {n for n, _, _ in nodes},
            {a for _, al, _ in nodes for a in (al or [])},
            {s for _, _, so in nodes for s in so},
            {e for (e,) in g.rows("MATCH ()-[r]->() RETURN r.evidence")},
        )
    if consumer in ("graphml-networkx", "gexf-networkx"):
        import networkx as nx

        f = ex.dir / ("graph.graphml" if consumer.startswith("graphml") else "graph.gexf")
        g = nx.read_graphml(str(f)) if consumer.startswith("graphml") else nx.read_gexf(str(f))
        return (
            {d["label"] for _, d in g.nodes(data=True)},
            {d["aliases"] for _, d in g.nodes(data=True) if "aliases" in d},
            {d["sources"] for _, d in g.nodes(data=True)},
            {d["evidence"] for *_, d in g.edges(data=True)},
        )
    if consumer == "graphml-igraph":
        import igraph

        g = igraph.Graph.Read_GraphML(str(ex.dir / "graph.graphml"))
        return set(g.vs["label"]), set(g.vs["aliases"]), set(g.vs["sources"]), set(g.es["evidence"])
    raise AssertionError(consumer)


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_hostile_values_round_trip(consumer, hostile_export: Export, request):
    names, aliases, sources, evidence = _view(consumer, hostile_export, request)
    for n in NAMES:
        assert n in names, f"{consumer}: name {n!r} not read back unchanged"
    xml = "ml-" in consumer or consumer.startswith("gexf")
    for raw, csv_form in ALIASES.items():
        if xml:  # XML keeps the exact value; lists are joined with "; "
            assert any(raw in text.split("; ") for text in aliases), f"{consumer}: alias {raw!r}"
        else:
            assert csv_form in aliases, f"{consumer}: alias {csv_form!r} (documented form of {raw!r})"
    for raw, csv_form in SOURCES.items():
        if xml:
            assert any(raw == text or text.startswith(raw + "; ") or text.endswith("; " + raw) or ("; " + raw + "; ") in text
                       for text in sources), f"{consumer}: document id {raw!r}"
        else:
            assert csv_form in sources, f"{consumer}: document id {csv_form!r} (documented form of {raw!r})"
    for raw, csv_form in EVIDENCE.items():
        expected = raw if xml else csv_form
        assert expected in evidence, f"{consumer}: evidence {expected!r}"


def test_queries_resolve_hostile_names_and_return_exact_values(hostile_export: Export):
    ex = hostile_export
    by_name = {e["name"]: e for e in ex.entities.values()}
    for name in ["Ministry of Science & Technology", "National Space Agency", f"Yossi Al-{HEB}",
                 "University 2;3", "Zoq\u0301 B\u0155\u0308\u01eb", LONG]:
        p = subprocess.run([ex.bin, "show", name, "--graph", str(ex.dir), "--json"],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, f"show {name!r}: {p.stderr}"
        got = json.loads(p.stdout)["entity"]
        want = by_name[name]
        # `show` reads the export back (evidence.jsonl restores what the CSV had to change)
        assert {k: got[k] for k in want} == want, name


def test_path_between_hostile_names_agrees_with_ladybug(hostile_export: Export, ladybug_for):
    from test_ladybug import ladybug_hops

    ex = hostile_export
    a, b = f"Yossi Al-{HEB}", f"Ahmad Al-{ARABIC}"
    doc = newsgraph_path(ex.bin, ex.dir, a, b)
    assert doc is not None, f"no path between {a!r} and {b!r}"
    assert (doc["from"]["name"], doc["to"]["name"]) == (a, b)
    path = doc["paths"][0]
    assert [n["name"] for n in path["nodes"]][:: len(path["nodes"]) - 1] == [a, b]
    assert len(path["hops"]) >= 2
    assert ladybug_hops(ladybug_for(ex), doc["from"]["id"], doc["to"]["id"]) == len(path["hops"])
