// newsgraph: load this export into FalkorDB with LOAD CSV.
//
// Same statements as load.cypher, adapted to FalkorDB: Neo4j 5's CREATE CONSTRAINT ...
// REQUIRE and CALL { } IN TRANSACTIONS do not parse there, so the script creates a plain
// index on :Entity(id) (FalkorDB's uniqueness constraints need the GRAPH.CONSTRAINT
// command) and runs each LOAD CSV as one statement.
//
// Start FalkorDB with IMPORT_FOLDER set to this folder (redis-server --loadmodule
// falkordb.so IMPORT_FOLDER /path/to/this/folder/), then send each statement with
// GRAPH.QUERY <graph> "<statement>". Every statement ends with ';' at the end of a line
// (split on that, not on every ';': split(..., ';') is part of the statements). Re-running
// is safe: nodes and relationships are MERGEd, then SET; only CREATE INDEX then reports
// that the index exists.

CREATE INDEX FOR (n:Entity) ON (n.id);

LOAD CSV WITH HEADERS FROM 'file:///nodes_person.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Person,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place;

LOAD CSV WITH HEADERS FROM 'file:///nodes_organization.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Organization,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place;

LOAD CSV WITH HEADERS FROM 'file:///nodes_country.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Country,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place;

LOAD CSV WITH HEADERS FROM 'file:///nodes_agreement.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Agreement,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place;

LOAD CSV WITH HEADERS FROM 'file:///nodes_event.csv' AS row
MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Event,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place;

LOAD CSV WITH HEADERS FROM 'file:///rels_met_with.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:MET_WITH]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';');

LOAD CSV WITH HEADERS FROM 'file:///rels_signed.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:SIGNED]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';');

LOAD CSV WITH HEADERS FROM 'file:///rels_attended.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:ATTENDED]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';');

LOAD CSV WITH HEADERS FROM 'file:///rels_affiliated_with.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:AFFILIATED_WITH]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';');

LOAD CSV WITH HEADERS FROM 'file:///rels_based_in.csv' AS row
MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:BASED_IN]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';');
