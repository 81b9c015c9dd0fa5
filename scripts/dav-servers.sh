#!/usr/bin/env bash
# Installs, starts and stops the two real WebDAV servers that the integration tests
# run against (see shared/reference/test-servers.md):
#
#   WsgiDAV 4.4.0 (PyPI, venv)        http://127.0.0.1:18086/exchange/   primary
#   Apache 2.4 mod_dav_fs (Debian)    http://127.0.0.1:18087/exchange/   drops `dt` hints
#
# Usage: scripts/dav-servers.sh start|stop|status|env
#
#   start   install what is missing, (re)start both servers with empty data, wait until
#           each answers OPTIONS, write <repo>/.dav/env
#   stop    stop both (by recorded PID; fine if already stopped)
#   status  say what runs (exit 0 when both run, 3 otherwise)
#   env     print <repo>/.dav/env, the `export` lines for the tests:
#           FB_WSGIDAV_URL FB_APACHE_URL FB_DAV_USER FB_DAV_PASSWORD
#           e.g.  eval "$(scripts/dav-servers.sh env)"
#
# Everything it creates lives under <repo>/.dav/ (gitignored): the venv, data, logs, PIDs.
# Progress goes to stderr. Needs root for apt-get (only when something is missing) and
# for running Apache's children as www-data. Works non-interactively (CI=true, no stdin).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd)
TEMPLATES="$SCRIPT_DIR/dav"
STATE="$REPO/.dav"

DAV_USER=tester
DAV_PASSWORD=s3cret
WSGIDAV_PORT=18086
APACHE_PORT=18087
WSGIDAV_URL="http://127.0.0.1:$WSGIDAV_PORT/exchange/"
APACHE_URL="http://127.0.0.1:$APACHE_PORT/exchange/"
START_TIMEOUT=30

WSGIDAV_PINS=(wsgidav==4.4.0 cheroot==11.1.2 lxml==6.1.3)
VENV="$STATE/venv"
WSGIDAV_ROOT="$STATE/wsgidav-root"
WSGIDAV_CONF="$STATE/wsgidav.yaml"
WSGIDAV_LOG="$STATE/wsgidav.log"
WSGIDAV_PIDFILE="$STATE/wsgidav.pid"

APACHE_BIN=/usr/sbin/apache2
APACHE_MODULES=/usr/lib/apache2/modules
APACHE_DIR="$STATE/apache"            # config, runtime dir (pid, mutexes), htpasswd
APACHE_CONF="$APACHE_DIR/apache2.conf"
APACHE_RUNDIR="$APACHE_DIR/run"
APACHE_PIDFILE="$APACHE_RUNDIR/apache2.pid"
APACHE_HTPASSWD="$APACHE_DIR/htpasswd"
APACHE_LOG="$STATE/apache-error.log"
APACHE_ACCESS_LOG="$STATE/apache-access.log"
APACHE_RUN_USER=www-data

ENV_FILE="$STATE/env"

log() { printf 'dav-servers: %s\n' "$*" >&2; }
die() { printf 'dav-servers: error: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------- installation

APT_UPDATED=
POLICY_RC_D=/usr/sbin/policy-rc.d
POLICY_RC_D_OURS=

cleanup() {
    if [ -n "$POLICY_RC_D_OURS" ]; then rm -f "$POLICY_RC_D"; fi
}
trap cleanup EXIT

apt_install() {
    is_root || die "need root to install $* (apt-get); install them by hand or rerun as root"
    command -v apt-get >/dev/null || die "apt-get not found; install $* by hand"
    export DEBIAN_FRONTEND=noninteractive
    # Keep Debian's maintainer scripts from starting the system-wide service (apache2 on
    # port 80): we run our own instance. Standard Debian mechanism; removed on exit.
    if [ ! -e "$POLICY_RC_D" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC_D"
        chmod 755 "$POLICY_RC_D"
        POLICY_RC_D_OURS=1
    fi
    if [ -z "$APT_UPDATED" ]; then
        log "apt-get update"
        apt-get update -q </dev/null >"$STATE/apt.log" 2>&1 \
            || { tail -n 20 "$STATE/apt.log" >&2; die "apt-get update failed (log: $STATE/apt.log)"; }
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    apt-get install -y -q --no-install-recommends "$@" </dev/null >>"$STATE/apt.log" 2>&1 \
        || { tail -n 20 "$STATE/apt.log" >&2; die "apt-get install $* failed (log: $STATE/apt.log)"; }
    if [ -n "$POLICY_RC_D_OURS" ]; then rm -f "$POLICY_RC_D"; POLICY_RC_D_OURS=; fi
}

ensure_curl() {
    command -v curl >/dev/null || apt_install curl ca-certificates
}

# Sets PYTHON to the system python (Debian's), so that python3-venv from apt applies to it.
PYTHON=
find_python() {
    if [ -x /usr/bin/python3 ]; then
        PYTHON=/usr/bin/python3
    elif command -v python3 >/dev/null; then
        PYTHON=$(command -v python3)
    else
        apt_install python3 python3-venv
        PYTHON=/usr/bin/python3
    fi
}

wsgidav_installed() {
    [ -x "$VENV/bin/python" ] && [ -x "$VENV/bin/wsgidav" ] || return 1
    "$VENV/bin/python" - "${WSGIDAV_PINS[@]}" <<'EOF' 2>/dev/null
import sys, importlib.metadata as md
for pin in sys.argv[1:]:
    name, want = pin.split("==")
    if md.version(name) != want:
        sys.exit(1)
EOF
}

install_wsgidav() {
    if wsgidav_installed; then return; fi
    local t0 py
    t0=$(now)
    find_python
    py=$PYTHON
    log "creating venv $VENV ($py)"
    rm -rf "$VENV"
    if ! "$py" -m venv "$VENV" >"$STATE/venv.log" 2>&1; then
        rm -rf "$VENV"
        log "python venv/ensurepip missing; installing python3-venv"
        apt_install python3-venv
        "$py" -m venv "$VENV" >"$STATE/venv.log" 2>&1 \
            || { cat "$STATE/venv.log" >&2; die "cannot create a venv with $py"; }
    fi
    log "pip install ${WSGIDAV_PINS[*]}"
    "$VENV/bin/python" -m pip install --no-input --disable-pip-version-check -q \
        "${WSGIDAV_PINS[@]}" </dev/null >>"$STATE/venv.log" 2>&1 \
        || { tail -n 20 "$STATE/venv.log" >&2; die "pip install failed (log: $STATE/venv.log)"; }
    wsgidav_installed || die "WsgiDAV installed but versions differ from ${WSGIDAV_PINS[*]}"
    log "WsgiDAV installed in $(elapsed "$t0") s"
}

install_apache() {
    local t0 pkgs=()
    t0=$(now)
    if [ ! -x "$APACHE_BIN" ]; then
        pkgs=(apache2 apache2-utils)
    elif ! command -v htpasswd >/dev/null; then
        pkgs=(apache2-utils)
    else
        return 0
    fi
    apt_install "${pkgs[@]}"
    [ -x "$APACHE_BIN" ] || die "$APACHE_BIN still missing after apt-get install"
    log "Apache installed in $(elapsed "$t0") s"
}

# ---------------------------------------------------------------- processes

# pid_alive PID PATTERN: PID runs and its command line contains PATTERN
# (guards against killing a recycled PID).
pid_alive() {
    local pid=$1 pattern=$2 cmd
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    # a zombie has an empty cmdline
    [[ "$cmd" == *"$pattern"* ]]
}

read_pid() { [ -r "$1" ] && tr -dc '0-9' <"$1" || true; }

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_one() {
    local name=$1 pidfile=$2 pattern=$3 port=$4 pid i
    pid=$(read_pid "$pidfile")
    if pid_alive "$pid" "$pattern"; then
        log "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            pid_alive "$pid" "$pattern" || break
            sleep 0.1
        done
        if pid_alive "$pid" "$pattern"; then
            log "$name (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
        # Apache's children (and the listening socket) go away just after the parent.
        for ((i = 0; i < 50; i++)); do
            port_open "$port" || break
            sleep 0.1
        done
    else
        log "$name not running"
    fi
    rm -f "$pidfile"
}

stop_all() {
    stop_one WsgiDAV "$WSGIDAV_PIDFILE" wsgidav "$WSGIDAV_PORT"
    stop_one Apache "$APACHE_PIDFILE" apache2 "$APACHE_PORT"
    rm -f "$ENV_FILE"
}

# render TEMPLATE OUT NAME=VALUE...: replace @NAME@ by VALUE (no regex, any characters)
render() {
    local template=$1 out=$2 text kv
    shift 2
    text=$(<"$template")
    for kv in "$@"; do
        text=${text//"@${kv%%=*}@"/"${kv#*=}"}
    done
    printf '%s\n' "$text" >"$out"
}

start_wsgidav() {
    rm -rf "$WSGIDAV_ROOT"
    mkdir -p "$WSGIDAV_ROOT"
    render "$TEMPLATES/wsgidav.yaml.in" "$WSGIDAV_CONF" \
        "PORT=$WSGIDAV_PORT" "DAVROOT=$WSGIDAV_ROOT" "USER=$DAV_USER" "PASSWORD=$DAV_PASSWORD"
    : >"$WSGIDAV_LOG"
    log "starting WsgiDAV on $WSGIDAV_URL (log: $WSGIDAV_LOG)"
    # setsid: own session, so the server outlives this script and its terminal. The
    # inner shell records its own PID, then execs the server (same PID).
    # shellcheck disable=SC2016  # $$ and $1 are the inner shell's
    setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$WSGIDAV_PIDFILE" \
        "$VENV/bin/wsgidav" --config="$WSGIDAV_CONF" </dev/null >>"$WSGIDAV_LOG" 2>&1 &
}

# Apache's children run as www-data and must reach the data folders. If www-data cannot
# get into <repo>/.dav (e.g. the repo is under /root), keep the Apache data in /tmp.
apache_data_dir() {
    local dir="$APACHE_DIR/data"
    if is_root && id "$APACHE_RUN_USER" >/dev/null 2>&1 \
        && ! setpriv --reuid="$APACHE_RUN_USER" --regid="$APACHE_RUN_USER" --clear-groups \
            test -x "$STATE" 2>/dev/null; then
        dir="/tmp/fb-dav-apache-$(printf '%s' "$STATE" | cksum | cut -d' ' -f1)"
        log "note: $APACHE_RUN_USER cannot enter $STATE; Apache data goes to $dir"
    fi
    echo "$dir"
}

start_apache() {
    local data docroot lockdir usergroup
    data=$(apache_data_dir)
    docroot="$data/htdocs"
    lockdir="$data/lock"
    rm -rf "$data" "$APACHE_RUNDIR"
    mkdir -p "$docroot/exchange" "$lockdir" "$APACHE_RUNDIR"
    for m in mpm_prefork authz_core authn_core authn_file auth_basic authz_user dav dav_fs; do
        [ -r "$APACHE_MODULES/mod_$m.so" ] || die "missing $APACHE_MODULES/mod_$m.so"
    done
    htpasswd -bc "$APACHE_HTPASSWD" "$DAV_USER" "$DAV_PASSWORD" 2>/dev/null \
        || die "htpasswd failed"
    chmod 644 "$APACHE_HTPASSWD"
    if is_root; then
        usergroup="User $APACHE_RUN_USER
Group $APACHE_RUN_USER"
        chown -R "$APACHE_RUN_USER:$APACHE_RUN_USER" "$docroot" "$lockdir"
    else
        usergroup="# not root: children run as $(id -un)"
    fi
    render "$TEMPLATES/apache2.conf.in" "$APACHE_CONF" \
        "SERVERROOT=$APACHE_DIR" "PORT=$APACHE_PORT" "RUNDIR=$APACHE_RUNDIR" \
        "ERRORLOG=$APACHE_LOG" "ACCESSLOG=$APACHE_ACCESS_LOG" "USERGROUP=$usergroup" \
        "LOCKDIR=$lockdir" "DOCROOT=$docroot" "HTPASSWD=$APACHE_HTPASSWD"
    : >"$APACHE_LOG"
    : >"$APACHE_ACCESS_LOG"
    log "starting Apache on $APACHE_URL (log: $APACHE_LOG)"
    # env -i: Debian's apache2 must not pick up APACHE_* variables from the caller.
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C \
        "$APACHE_BIN" -d "$APACHE_DIR" -f "$APACHE_CONF" -k start \
        </dev/null >>"$APACHE_LOG" 2>&1 \
        || { tail -n 20 "$APACHE_LOG" >&2; die "Apache failed to start (config: $APACHE_CONF, log: $APACHE_LOG)"; }
}

# answers URL: the server answers an authenticated OPTIONS with 2xx
answers() {
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X OPTIONS \
        -u "$DAV_USER:$DAV_PASSWORD" "$1" 2>/dev/null) || true
    [[ "$code" == 2* ]]
}

# wait_ready NAME URL PIDFILE PATTERN LOG
wait_ready() {
    local name=$1 url=$2 pidfile=$3 pattern=$4 logfile=$5 t0 deadline pid
    t0=$(now)
    deadline=$(($(date +%s) + START_TIMEOUT))
    while :; do
        if answers "$url"; then
            log "$name ready (pid $(read_pid "$pidfile")) after $(elapsed "$t0") s"
            return 0
        fi
        pid=$(read_pid "$pidfile")
        # Apache writes its PID file a moment after `-k start` returns.
        if [ -n "$pid" ] && ! pid_alive "$pid" "$pattern"; then
            tail -n 20 "$logfile" >&2 || true
            die "$name exited before answering OPTIONS on $url; see $logfile"
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            tail -n 20 "$logfile" >&2 || true
            die "$name did not answer OPTIONS on $url within $START_TIMEOUT s; see $logfile"
        fi
        sleep 0.1
    done
}

write_env() {
    cat >"$ENV_FILE.tmp" <<EOF
export FB_WSGIDAV_URL=$WSGIDAV_URL
export FB_APACHE_URL=$APACHE_URL
export FB_DAV_USER=$DAV_USER
export FB_DAV_PASSWORD=$DAV_PASSWORD
EOF
    mv "$ENV_FILE.tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------- commands

# EXIT trap while starting: a failed start leaves nothing running.
on_start_exit() {
    local rc=$?
    if [ "$rc" -ne 0 ]; then
        log "start failed; stopping what was started"
        stop_all || true
    fi
    cleanup
}

cmd_start() {
    local t0 port
    mkdir -p "$STATE"
    [ -f "$TEMPLATES/wsgidav.yaml.in" ] && [ -f "$TEMPLATES/apache2.conf.in" ] \
        || die "templates missing under $TEMPLATES"
    t0=$(now)
    ensure_curl
    install_wsgidav
    install_apache
    log "installation checked in $(elapsed "$t0") s"

    stop_all
    for port in "$WSGIDAV_PORT" "$APACHE_PORT"; do
        if port_open "$port"; then
            die "port 127.0.0.1:$port is in use by another process (not started by this script)"
        fi
    done

    t0=$(now)
    # If anything below fails, do not leave half of it running.
    trap on_start_exit EXIT
    start_wsgidav
    start_apache
    wait_ready WsgiDAV "$WSGIDAV_URL" "$WSGIDAV_PIDFILE" wsgidav "$WSGIDAV_LOG"
    wait_ready Apache "$APACHE_URL" "$APACHE_PIDFILE" apache2 "$APACHE_LOG"
    write_env
    trap cleanup EXIT
    log "both servers up in $(elapsed "$t0") s; environment in $ENV_FILE"
}

cmd_stop() {
    stop_all
}

cmd_status() {
    local all=0 pid
    pid=$(read_pid "$WSGIDAV_PIDFILE")
    if pid_alive "$pid" wsgidav; then
        echo "WsgiDAV: running (pid $pid) at $WSGIDAV_URL, log $WSGIDAV_LOG"
    else
        echo "WsgiDAV: not running"; all=3
    fi
    pid=$(read_pid "$APACHE_PIDFILE")
    if pid_alive "$pid" apache2; then
        echo "Apache:  running (pid $pid) at $APACHE_URL, log $APACHE_LOG"
    else
        echo "Apache:  not running"; all=3
    fi
    return $all
}

cmd_env() {
    [ -f "$ENV_FILE" ] || die "no $ENV_FILE: run '$0 start' first"
    cat "$ENV_FILE"
}

usage() {
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
}

[ $# -eq 1 ] || usage
case "$1" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) cmd_env ;;
    -h | --help | help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) usage ;;
esac
