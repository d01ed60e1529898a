#!/usr/bin/env bash
# Creates the topics the stack reads, before the streams app and the connectors start, so that
# nothing depends on the broker's auto-creation (which you usually turn off in production).
# Run by the one-shot create-topics service of docker/docker-compose.yml with the apache/kafka image.
#
#   BOOTSTRAP_SERVERS   the broker                                     (default kafka:19092)
#   TOPICS              comma-separated topic names (from config/)     (required)
#   PARTITIONS          partitions per topic                            (default 3)
#   REPLICATION_FACTOR  1 for the single compose broker; 3 in production (default 1)
#
# Existing topics are left as they are (--if-not-exists). Topics the apps only write to (anomalies,
# late records, dead letters) are created on first write by the broker or by Connect.
set -euo pipefail

bootstrap=${BOOTSTRAP_SERVERS:-kafka:19092}
topics=${TOPICS:?set TOPICS to a comma-separated list}
partitions=${PARTITIONS:-3}
replication=${REPLICATION_FACTOR:-1}

IFS=',' read -r -a names <<<"$topics"
for topic in "${names[@]}"; do
  topic=${topic//[[:space:]]/}
  [[ -z $topic ]] && continue
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$replication"
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --list
