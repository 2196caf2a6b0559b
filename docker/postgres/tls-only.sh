#!/bin/sh
# Runs once, when the image initialises the database: connections over the network must use TLS
# (`hostssl`); the image's own rule for other hosts is `host`, which also takes plain text.
set -e
hba="$PGDATA/pg_hba.conf"
sed -i -E 's/^host([[:space:]]+all[[:space:]]+all[[:space:]]+all[[:space:]])/hostssl\1/' "$hba"
grep -q '^hostssl' "$hba" || echo 'hostssl all all all scram-sha-256' >>"$hba"
