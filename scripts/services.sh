#!/usr/bin/env bash
# Makes sure PostgreSQL and NATS (with JetStream) answer on 127.0.0.1: starts them when they
# are down and installs them from Debian's packages when they are missing.
set -euo pipefail

PG_PORT=${HYPERFLEET_PG_PORT:-5432}
NATS_PORT=${HYPERFLEET_NATS_PORT:-4222}
NATS_STORE=${HYPERFLEET_NATS_STORE:-/var/lib/nats-server}

log() { echo "[services] $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 60); do
    port_open "$port" && return 0
    sleep 0.5
  done
  log "$name did not come up on 127.0.0.1:$port"
  return 1
}

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "$* missing and not root: install it with: sudo apt-get install -y $*"
    exit 1
  fi
  log "installing $* from Debian's packages"
  if [ -z "${HYPERFLEET_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    export HYPERFLEET_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  if port_open "$PG_PORT"; then return 0; fi
  local fresh=0
  if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    apt_install postgresql
    fresh=1
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  wait_port "$PG_PORT" PostgreSQL
  if [ "$fresh" = 1 ]; then
    # A fresh install only lets the postgres OS user in; give the role the password the
    # default DATABASE_URL uses (machines with trust auth ignore it).
    su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\""
  fi
}

ensure_nats() {
  if port_open "$NATS_PORT"; then return 0; fi
  if ! command -v nats-server >/dev/null && [ ! -x /usr/sbin/nats-server ]; then
    apt_install nats-server
  fi
  local bin
  bin=$(command -v nats-server || echo /usr/sbin/nats-server)
  mkdir -p "$NATS_STORE"
  log "starting nats-server with JetStream (store $NATS_STORE)"
  if command -v start-stop-daemon >/dev/null; then
    start-stop-daemon --start --oknodo --background --exec "$bin" -- \
      -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$NATS_STORE" -l /var/log/nats-server.log
  else
    nohup "$bin" -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$NATS_STORE" >/tmp/nats-server.log 2>&1 &
  fi
  wait_port "$NATS_PORT" NATS
}

ensure_postgres
ensure_nats
log "PostgreSQL on 127.0.0.1:$PG_PORT and NATS on 127.0.0.1:$NATS_PORT are up"
