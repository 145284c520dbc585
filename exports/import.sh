#!/bin/sh
# Import this newsgraph export into a new Neo4j 5 database with neo4j-admin.
#
#   NEO4J_HOME=/path/to/neo4j sh import.sh
#
# (without NEO4J_HOME, the neo4j-admin on PATH is used)
# neo4j-admin writes the store of database 'neo4j' (edit the name below for another one):
# stop the server first; the database must not exist yet (or add
# --overwrite-destination=true). For a name other than the default database, run
# CREATE DATABASE <name> afterwards. Indexes and constraints are not built by the import:
# afterwards run
#   CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
# File paths are relative to this folder (the script changes into it). Arrays and labels are
# separated by ';' (never part of an element); no field spans lines.
set -eu
if [ -n "${NEO4J_HOME:-}" ]; then NEO4J_HOME=$(cd "$NEO4J_HOME" && pwd); fi
cd "$(dirname "$0")"
"${NEO4J_HOME:+$NEO4J_HOME/bin/}neo4j-admin" database import full neo4j \
  --nodes=nodes_person.csv \
  --nodes=nodes_organization.csv \
  --nodes=nodes_country.csv \
  --nodes=nodes_agreement.csv \
  --nodes=nodes_event.csv \
  --relationships=rels_met_with.csv \
  --relationships=rels_signed.csv \
  --relationships=rels_attended.csv \
  --relationships=rels_affiliated_with.csv \
  --relationships=rels_based_in.csv \
  --delimiter=',' --array-delimiter=';' --quote='"' --id-type=string \
  --multiline-fields=false --ignore-empty-strings=false --trim-strings=false \
  --skip-duplicate-nodes=false --skip-bad-relationships=false \
  --input-encoding=UTF-8
