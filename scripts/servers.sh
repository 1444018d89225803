#!/usr/bin/env bash
# Real ClickHouse servers for tests, all state under <repo>/.servers/.
#
#   bash scripts/servers.sh start    # install what is missing, start (or re-use) both servers
#   bash scripts/servers.sh stop     # stop both (idempotent)
#   bash scripts/servers.sh status   # show whether each is up (exit 1 if one is down)
#   bash scripts/servers.sh env      # print .servers/env (source it: `. .servers/env`)
#   bash scripts/servers.sh restart
#
# Servers:
#   ch26 - ClickHouse 26.9 embedded in PyPI `chdb-core`, run by scripts/chdb_server.py
#          (native TCP + HTTP, no TLS).
#   ch18 - ClickHouse 18.16 from Debian `clickhouse-server`, native TCP + HTTP + native TLS
#          (tcp_port_secure) with a certificate signed by a generated test CA.
#
# Environment knobs: PYTHON (default python3), CH_SERVERS_DIR (default <repo>/.servers),
# CH_START_TIMEOUT (seconds per server, default 120).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
SRV=${CH_SERVERS_DIR:-$ROOT/.servers}
PY=${PYTHON:-python3}
START_TIMEOUT=${CH_START_TIMEOUT:-120}
HOST=127.0.0.1
TEST_USER=test_user
TEST_PASSWORD=test_password

ENV_FILE=$SRV/env
TLS_REGENERATED=0
CH26_DIR=$SRV/ch26
CH18_DIR=$SRV/ch18
TLS_DIR=$SRV/tls
CH26_PID_FILE=$SRV/ch26.pid
CH18_PID_FILE=$SRV/ch18.pid

APT_PACKAGES=(clickhouse-server clickhouse-client openssl stunnel4)
PIP_PACKAGES=(chdb-core clickhouse-driver lz4 zstd clickhouse-cityhash)
PIP_MODULES="chdb clickhouse_driver lz4 zstd clickhouse_cityhash"

log() { echo "servers.sh: $*" >&2; }
die() { echo "servers.sh: error: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
    else die "need root to run: $*"; fi
}

# ---------------------------------------------------------------- installation

modules_present() { # cheap check (importing chdb loads the whole engine)
    "$PY" -c 'import importlib.util, sys
sys.exit(0 if all(importlib.util.find_spec(m) for m in sys.argv[1:]) else 1)' $PIP_MODULES >/dev/null 2>&1
}

ensure_deps() {
    local missing=() p
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if ! command -v "$PY" >/dev/null 2>&1; then
        missing+=(python3 python3-pip)
    elif ! "$PY" -m pip --version >/dev/null 2>&1; then
        missing+=(python3-pip)
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing apt packages: ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if ! modules_present; then
        log "installing pip packages: ${PIP_PACKAGES[*]}"
        local flags=(-q --disable-pip-version-check --no-input)
        local help
        help=$("$PY" -m pip install --help 2>/dev/null || true)
        if [ -n "$(ls /usr/lib/python3*/EXTERNALLY-MANAGED "$("$PY" -c 'import sysconfig;print(sysconfig.get_paths()["stdlib"])')/EXTERNALLY-MANAGED" 2>/dev/null)" ] \
            && grep -q -- --break-system-packages <<<"$help"; then
            flags+=(--break-system-packages)
        fi
        if [ "$(id -u)" = 0 ]; then
            grep -q -- --root-user-action <<<"$help" && flags+=(--root-user-action=ignore)
        else
            flags+=(--user)
        fi
        "$PY" -m pip install "${flags[@]}" "${PIP_PACKAGES[@]}"
        modules_present || die "pip packages still not importable with $PY"
    fi
}

# ---------------------------------------------------------------- helpers

pid_alive() { # pidfile pattern
    local pid
    [ -s "$1" ] || return 1
    pid=$(cat "$1")
    [ -d "/proc/$pid" ] || return 1
    # guard against pid reuse: the command line must mention our marker
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2"
}

env_get() { # KEY -> value from the env file (empty if none)
    [ -f "$ENV_FILE" ] || return 0
    sed -n "s/^export $1=//p" "$ENV_FILE" | tail -n1 | tr -d "'\""
}

# Pick free loopback ports. Arguments: preferred ports (may be empty strings) - one
# port is returned per argument; a preferred port is kept if it is still free.
pick_ports() {
    "$PY" - "$@" <<'EOF'
import random, socket, sys
def free(p, taken):
    if not p or p in taken:
        return False
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", p))
        return True
    except OSError:
        return False
    finally:
        s.close()
taken, out = set(), []
for arg in sys.argv[1:]:
    p = int(arg) if arg.isdigit() else 0
    # below the Linux ephemeral range (32768+) so client sockets never collide
    while not free(p, taken):
        p = random.randint(20000, 32000)
    taken.add(p)
    out.append(str(p))
print(" ".join(out))
EOF
}

# health KIND PORT -> prints version, exit 0 if the server on PORT is ours and answers
health() {
    local marker
    if [ "$1" = ch26 ]; then marker="$CH26_DIR/data/"; else marker="$CH18_DIR"; fi
    "$PY" - "$1" "$2" "$marker" <<'EOF' 2>/dev/null
import sys
from clickhouse_driver import Client
kind, port, marker = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = Client("127.0.0.1", port=port, connect_timeout=2, send_receive_timeout=10, sync_request_timeout=5)
try:
    ver = c.execute("SELECT version()")[0][0]
    if kind == "ch26":
        mine = c.execute("SELECT path FROM system.disks WHERE name = 'default'")[0][0]
    else:
        rows = c.execute("SELECT substitution FROM system.macros WHERE macro = 'servers_dir'")
        mine = rows[0][0] if rows else ""
    if mine.rstrip("/") != marker.rstrip("/"):
        sys.exit(3)  # somebody else's server on that port
    print(ver)
finally:
    c.disconnect()
EOF
}

tail_logs() {
    local f
    for f in "$@"; do
        [ -s "$f" ] || continue
        echo "----- tail of $f -----" >&2
        tail -n 30 "$f" >&2
    done
}

wait_ready() { # KIND PORT PIDFILE MARKER LOGS...
    local kind=$1 port=$2 pidfile=$3 marker=$4; shift 4
    local deadline=$((SECONDS + START_TIMEOUT)) ver
    while :; do
        if ver=$(health "$kind" "$port"); then
            log "$kind up on $HOST:$port (version $ver, $((SECONDS - t0))s)"
            return 0
        fi
        if ! pid_alive "$pidfile" "$marker"; then
            tail_logs "$@"
            die "$kind exited during start-up (logs above)"
        fi
        if [ $SECONDS -ge $deadline ]; then
            tail_logs "$@"
            stop_one "$kind" "$pidfile" "$marker"
            die "$kind did not answer on $HOST:$port within ${START_TIMEOUT}s (logs above)"
        fi
        sleep 0.3
    done
}

stop_one() { # KIND PIDFILE MARKER
    local kind=$1 pidfile=$2 marker=$3 pid i
    if pid_alive "$pidfile" "$marker"; then
        pid=$(cat "$pidfile")
        # started with setsid, so pid == process group id
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for i in $(seq 1 100); do
            [ -d "/proc/$pid" ] || break
            sleep 0.1
        done
        if [ -d "/proc/$pid" ]; then
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
        fi
        log "$kind stopped (pid $pid)"
    fi
    rm -f "$pidfile"
}

# ---------------------------------------------------------------- TLS material

tls_ok() {
    local f
    for f in ca.pem ca.key server.pem server.key wrong-host.pem wrong-host.key expired.pem expired.key; do
        [ -s "$TLS_DIR/$f" ] || return 1
    done
    # server cert must verify against the CA and stay valid for at least a day
    openssl verify -CAfile "$TLS_DIR/ca.pem" "$TLS_DIR/server.pem" >/dev/null 2>&1 &&
        openssl x509 -in "$TLS_DIR/server.pem" -noout -checkend 86400 >/dev/null 2>&1
}

gen_tls() {
    tls_ok && return 0
    TLS_REGENERATED=1
    log "generating test CA and certificates in $TLS_DIR"
    rm -rf "$TLS_DIR"
    mkdir -p "$TLS_DIR/ca-db/newcerts"
    # explicit `|| exit 1`s: set -e does not apply inside `if ! ( ... )`
    if ! (
        cd "$TLS_DIR" || exit 1
        umask 077
        : >ca-db/index.txt
        echo 1000 >ca-db/serial
        cat >openssl.cnf <<'EOF'
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ./ca-db
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_localhost ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName = DNS:localhost, IP:127.0.0.1
[ v3_wrong ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
subjectAltName = DNS:wrong.example
EOF
        openssl req -config openssl.cnf -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
            -subj "/O=datalake tests/CN=datalake test CA" -extensions v3_ca \
            -keyout ca.key -out ca.pem || exit 1
        leaf() { # name CN extensions [startdate enddate]
            openssl req -config openssl.cnf -new -newkey rsa:2048 -nodes -sha256 \
                -subj "/O=datalake tests/CN=$2" -keyout "$1.key" -out "$1.csr" || return 1
            local validity=(-days 3650)
            if [ $# -ge 5 ]; then validity=(-startdate "$4" -enddate "$5"); fi
            openssl ca -batch -notext -config openssl.cnf -cert ca.pem -keyfile ca.key \
                -extensions "$3" "${validity[@]}" -in "$1.csr" -out "$1.pem" || return 1
            rm -f "$1.csr"
        }
        leaf server localhost v3_localhost || exit 1
        leaf wrong-host wrong.example v3_wrong || exit 1
        leaf expired localhost v3_localhost 20200101000000Z 20210101000000Z || exit 1
        chmod 644 ./*.pem
    ) >"$SRV/tls-gen.log" 2>&1; then
        tail_logs "$SRV/tls-gen.log"
        die "TLS generation failed"
    fi
    tls_ok || die "TLS generation failed (server.pem does not verify)"
    local out
    out=$(openssl verify -CAfile "$TLS_DIR/ca.pem" "$TLS_DIR/expired.pem" 2>&1 || true)
    grep -q 'certificate has expired' <<<"$out" || die "expired.pem is not reported as expired: $out"
}

# ---------------------------------------------------------------- ch26 (chdb)

CH26_MARKER=$CH26_DIR

start_ch26() { # TCP HTTP
    mkdir -p "$CH26_DIR"
    t0=$SECONDS
    # setsid: own session/process group (so stop can kill the group, and CI job
    # control / terminal hangups do not reach it); stdin from /dev/null.
    setsid nohup "$PY" "$SCRIPT_DIR/chdb_server.py" --dir "$CH26_DIR" \
        --tcp-port "$1" --http-port "$2" --listen-host "$HOST" \
        --pid-file "$CH26_PID_FILE" </dev/null >"$CH26_DIR/stdout.log" 2>&1 9>&- &
    echo $! >"$CH26_PID_FILE"
    wait_ready ch26 "$1" "$CH26_PID_FILE" "$CH26_MARKER" \
        "$CH26_DIR/stdout.log" "$CH26_DIR/server.err.log" "$CH26_DIR/server.log"
}

# ---------------------------------------------------------------- ch18 (Debian)

CH18_MARKER=$CH18_DIR/etc/config.xml

start_ch18() { # TCP TLS HTTP
    local etc=$CH18_DIR/etc
    mkdir -p "$etc/config.d" "$etc/users.d" "$CH18_DIR/data" "$CH18_DIR/log"
    cp /etc/clickhouse-server/config.xml "$etc/config.xml"
    cp /etc/clickhouse-server/users.xml "$etc/users.xml"
    cat >"$etc/config.d/zz-datalake-tests.xml" <<EOF
<?xml version="1.0"?>
<!-- generated by scripts/servers.sh -->
<yandex>
    <logger>
        <level>information</level>
        <log>$CH18_DIR/log/clickhouse-server.log</log>
        <errorlog>$CH18_DIR/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>3</count>
    </logger>
    <listen_host>$HOST</listen_host>
    <tcp_port>$1</tcp_port>
    <tcp_port_secure>$2</tcp_port_secure>
    <http_port>$3</http_port>
    <interserver_http_port remove="remove"/>
    <path>$CH18_DIR/data/</path>
    <tmp_path>$CH18_DIR/data/tmp/</tmp_path>
    <user_files_path>$CH18_DIR/data/user_files/</user_files_path>
    <format_schema_path>$CH18_DIR/data/format_schemas/</format_schema_path>
    <users_config>$etc/users.xml</users_config>
    <openSSL>
        <server>
            <certificateFile>$TLS_DIR/server.pem</certificateFile>
            <privateKeyFile>$TLS_DIR/server.key</privateKeyFile>
            <dhParamsFile remove="remove"/>
        </server>
    </openSSL>
    <macros>
        <servers_dir>$CH18_DIR</servers_dir>
    </macros>
</yandex>
EOF
    cat >"$etc/users.d/zz-datalake-tests.xml" <<EOF
<?xml version="1.0"?>
<!-- generated by scripts/servers.sh: default has no password, $TEST_USER/$TEST_PASSWORD -->
<yandex>
    <users>
        <$TEST_USER>
            <password_sha256_hex>$(printf %s "$TEST_PASSWORD" | sha256sum | cut -d' ' -f1)</password_sha256_hex>
            <networks><ip>::/0</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </$TEST_USER>
    </users>
</yandex>
EOF
    t0=$SECONDS
    setsid nohup clickhouse-server --config-file="$etc/config.xml" \
        </dev/null >"$CH18_DIR/log/stdout.log" 2>&1 9>&- &
    echo $! >"$CH18_PID_FILE"
    wait_ready ch18 "$1" "$CH18_PID_FILE" "$CH18_MARKER" \
        "$CH18_DIR/log/stdout.log" "$CH18_DIR/log/clickhouse-server.err.log" "$CH18_DIR/log/clickhouse-server.log"
}

# ---------------------------------------------------------------- env file

write_env() {
    local tmp=$ENV_FILE.tmp
    cat >"$tmp" <<EOF
# generated by scripts/servers.sh - source it: . $ENV_FILE
export CH26_HOST=$HOST
export CH26_PORT=$CH26_PORT
export CH26_HTTP_PORT=$CH26_HTTP_PORT
export CH18_HOST=$HOST
export CH18_PORT=$CH18_PORT
export CH18_HTTP_PORT=$CH18_HTTP_PORT
export CH18_TLS_PORT=$CH18_TLS_PORT
export CH_TLS_CA=$TLS_DIR/ca.pem
export CH_TLS_SERVER_CERT=$TLS_DIR/server.pem
export CH_TLS_SERVER_KEY=$TLS_DIR/server.key
export CH_TLS_WRONG_HOST_CERT=$TLS_DIR/wrong-host.pem
export CH_TLS_WRONG_HOST_KEY=$TLS_DIR/wrong-host.key
export CH_TLS_EXPIRED_CERT=$TLS_DIR/expired.pem
export CH_TLS_EXPIRED_KEY=$TLS_DIR/expired.key
export CH_TEST_USER=$TEST_USER
export CH_TEST_PASSWORD=$TEST_PASSWORD
export CH26_PID_FILE=$CH26_PID_FILE
export CH18_PID_FILE=$CH18_PID_FILE
export CH_SERVERS_DIR=$SRV
EOF
    mv -f "$tmp" "$ENV_FILE"
}

# ---------------------------------------------------------------- commands

cmd_start() {
    ensure_deps
    gen_tls
    CH26_PORT=$(env_get CH26_PORT); CH26_HTTP_PORT=$(env_get CH26_HTTP_PORT)
    CH18_PORT=$(env_get CH18_PORT); CH18_TLS_PORT=$(env_get CH18_TLS_PORT)
    CH18_HTTP_PORT=$(env_get CH18_HTTP_PORT)

    local run26=1 run18=1 ports
    if pid_alive "$CH26_PID_FILE" "$CH26_MARKER" && [ -n "$CH26_PORT" ] && health ch26 "$CH26_PORT" >/dev/null; then
        log "ch26 already running on $HOST:$CH26_PORT (pid $(cat "$CH26_PID_FILE"))"; run26=0
    else
        stop_one ch26 "$CH26_PID_FILE" "$CH26_MARKER"
    fi
    if [ "$TLS_REGENERATED" = 0 ] && pid_alive "$CH18_PID_FILE" "$CH18_MARKER" &&
        [ -n "$CH18_PORT" ] && health ch18 "$CH18_PORT" >/dev/null; then
        log "ch18 already running on $HOST:$CH18_PORT (pid $(cat "$CH18_PID_FILE"))"; run18=0
    else
        stop_one ch18 "$CH18_PID_FILE" "$CH18_MARKER"
    fi

    # Previous ports (from .servers/env) are kept when still free, so the env stays
    # stable across restarts. Slots of a server that is already running are passed
    # empty and their picks ignored (its ports are busy, so never handed out).
    if [ $run26 = 1 ] || [ $run18 = 1 ]; then
        ports=$(pick_ports \
            "$([ $run26 = 1 ] && echo "$CH26_PORT")" "$([ $run26 = 1 ] && echo "$CH26_HTTP_PORT")" \
            "$([ $run18 = 1 ] && echo "$CH18_PORT")" "$([ $run18 = 1 ] && echo "$CH18_TLS_PORT")" \
            "$([ $run18 = 1 ] && echo "$CH18_HTTP_PORT")")
        read -r p1 p2 p3 p4 p5 <<<"$ports"
        if [ $run26 = 1 ]; then CH26_PORT=$p1; CH26_HTTP_PORT=$p2; fi
        if [ $run18 = 1 ]; then CH18_PORT=$p3; CH18_TLS_PORT=$p4; CH18_HTTP_PORT=$p5; fi
    fi
    # (plain if-blocks, not `&&` lists: set -e stays active inside the functions)
    if [ $run26 = 1 ]; then start_ch26 "$CH26_PORT" "$CH26_HTTP_PORT"; fi
    if [ $run18 = 1 ]; then start_ch18 "$CH18_PORT" "$CH18_TLS_PORT" "$CH18_HTTP_PORT"; fi
    write_env
    log "env written to $ENV_FILE"
    return 0
}

cmd_stop() {
    stop_one ch26 "$CH26_PID_FILE" "$CH26_MARKER"
    stop_one ch18 "$CH18_PID_FILE" "$CH18_MARKER"
}

cmd_status() {
    local rc=0 kind port pidfile marker ver
    for kind in ch26 ch18; do
        if [ $kind = ch26 ]; then port=$(env_get CH26_PORT); pidfile=$CH26_PID_FILE; marker=$CH26_MARKER
        else port=$(env_get CH18_PORT); pidfile=$CH18_PID_FILE; marker=$CH18_MARKER; fi
        if pid_alive "$pidfile" "$marker" && [ -n "$port" ] && ver=$(health $kind "$port"); then
            echo "$kind: up   pid $(cat "$pidfile")  $HOST:$port  version $ver"
        elif pid_alive "$pidfile" "$marker"; then
            echo "$kind: running (pid $(cat "$pidfile")) but not answering on $HOST:${port:-?}"; rc=1
        else
            echo "$kind: down"; rc=1
        fi
    done
    return $rc
}

cmd_env() {
    [ -f "$ENV_FILE" ] || die "no $ENV_FILE; run: bash $SCRIPT_DIR/servers.sh start"
    cat "$ENV_FILE"
}

main() {
    local cmd=${1:-}
    case "$cmd" in
        start|stop|restart)
            mkdir -p "$SRV"
            # serialise concurrent start/stop calls
            exec 9>"$SRV/.lock"
            if command -v flock >/dev/null 2>&1; then flock -w 300 9; fi
            case "$cmd" in
                start) cmd_start ;;
                stop) cmd_stop ;;
                restart) cmd_stop; cmd_start ;;
            esac
            ;;
        status) cmd_status ;;
        env) cmd_env ;;
        *) echo "usage: bash $0 start|stop|restart|status|env" >&2; exit 2 ;;
    esac
}

main "$@"
