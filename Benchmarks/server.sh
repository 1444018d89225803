# Sourced by Benchmarks/run.sh and Benchmarks/g1.sh: a private ClickHouse 26.9 (chdb-core, through
# scripts/chdb_server.py) on free loopback ports, removed with its data when the script exits.
#
#   start_bench_server NAME   # sets DIR (its data, /tmp/NAME.XXXXXX), PORT, HTTP and SERVER_PID
# Needs PY (the Python with chdb-core and clickhouse-driver).

start_bench_server() {
    DIR=$(mktemp -d "/tmp/${1:-chbench}.XXXXXX")
    PORT=$(pick_free_port); HTTP=$(pick_free_port)
    setsid nohup "$PY" scripts/chdb_server.py --dir "$DIR" --tcp-port "$PORT" --http-port "$HTTP" --pid-file "$DIR/pid" >"$DIR/launcher.log" 2>&1 &
    trap stop_bench_server EXIT
    for _ in $(seq 1 120); do
        "$PY" -c "from clickhouse_driver import Client; Client('127.0.0.1', port=$PORT).execute('SELECT 1')" 2>/dev/null && break
        sleep 0.5
    done
    SERVER_PID=$(cat "$DIR/pid" 2>/dev/null || true)
}

stop_bench_server() {
    [ -f "$DIR/pid" ] && kill -9 -- "-$(cat "$DIR/pid")" 2>/dev/null
    kill -9 "$(cat "$DIR/pid" 2>/dev/null)" 2>/dev/null
    rm -rf "$DIR"
}

pick_free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
