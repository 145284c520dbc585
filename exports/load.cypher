// newsgraph: load this export into an existing Neo4j 5 database with LOAD CSV.
//
// 1. Copy the nodes_*.csv and rels_*.csv files into the server's import directory
//    (server.directories.import; Neo4j Desktop: "Open folder > Import").
//    Aura cannot read local files: host the CSVs on HTTPS and replace 'file:///' below.
// 2. cypher-shell -u neo4j -p <password> -f load.cypher
//    (Neo4j Browser: prefix each statement with :auto, as CALL { } IN TRANSACTIONS needs
//    an implicit transaction.)
//
// Idempotent: nodes are MERGEd on the id (one uniqueness constraint on :Entity(id)) and
// relationships on (start, type, end), then their properties are SET, so running it again
// updates instead of duplicating. Arrays are split on ';' like neo4j-admin does; an empty
// field is a null, which SET turns into "no property". The script only refers to CSV
// columns: no entity text is ever part of the Cypher.
// For FalkorDB use load.falkordb.cypher.

CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes_person.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Person,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///nodes_organization.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Organization,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///nodes_country.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Country,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///nodes_agreement.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Agreement,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///nodes_event.csv' AS row
CALL { WITH row
  MERGE (n:Entity {id: row.`id:ID(Entity)`})
  SET n:Event,
      n.name = row.name,
      n.named = toBoolean(row.`named:boolean`),
      n.aliases = split(row.`aliases:string[]`, ';'),
      n.sources = split(row.`sources:string[]`, ';'),
      n.country = row.country, n.date = row.date, n.place = row.place
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///rels_met_with.csv' AS row
CALL { WITH row
  MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:MET_WITH]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';')
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///rels_signed.csv' AS row
CALL { WITH row
  MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:SIGNED]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';')
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///rels_attended.csv' AS row
CALL { WITH row
  MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:ATTENDED]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';')
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///rels_affiliated_with.csv' AS row
CALL { WITH row
  MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:AFFILIATED_WITH]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';')
} IN TRANSACTIONS OF 1000 ROWS;

LOAD CSV WITH HEADERS FROM 'file:///rels_based_in.csv' AS row
CALL { WITH row
  MATCH (a:Entity {id: row.`:START_ID(Entity)`})
  MATCH (b:Entity {id: row.`:END_ID(Entity)`})
  MERGE (a)-[r:BASED_IN]->(b)
  SET r.docs = split(row.`docs:string[]`, ';'), r.evidence = row.evidence,
      r.evidence_count = toInteger(row.`evidence_count:int`),
      r.title = row.title, r.date = row.date,
      r.urls = split(row.`urls:string[]`, ';')
} IN TRANSACTIONS OF 1000 ROWS;
