#!/bin/sh
# install-key.sh <user> <folder> <command...>: copies the stack's server certificate and key
# (made by the `certs` service, owned by the app user) to <folder>, owned by <user> with the key
# readable by it alone, as Mosquitto and PostgreSQL, which run as users of their own, require;
# then runs the command. Run as root (the images' default user).
set -eu
owner=$1
dir=$2
shift 2
mkdir -p "$dir"
install -m 0644 -o "$owner" -g "$owner" /certs/server.crt "$dir/server.crt"
install -m 0600 -o "$owner" -g "$owner" /certs/server.key "$dir/server.key"
exec "$@"
