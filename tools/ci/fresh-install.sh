#!/usr/bin/env bash
# What a newcomer does, on a clean clone of this repository's HEAD, with a given Node and pnpm:
#   pnpm install && pnpm start   (waits until it is ready, rates nothing, stops it)
#   pnpm test                    (only with --test)
# The install fails this script if pnpm reports an ignored build script or a package whose
# engines refuse this Node (the ✗ line), even where pnpm itself exits 0.
#
#   tools/ci/fresh-install.sh [--node DIR] [--pnpm BIN] [--test] [--ci]
#     --node DIR   a Node installation (its bin/ is put first on PATH); default: the one on PATH
#     --pnpm BIN   the pnpm to use; default: pnpm on PATH
#     --test       also run `pnpm test` (PGlite) in the clone
#     --ci         run with CI=true (pnpm then refuses to touch the lockfile)
set -euo pipefail
repo=${FRESH_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
node_dir="" pnpm_bin=pnpm run_tests=0 ci=0
while [ $# -gt 0 ]; do
  case "$1" in
    --node) node_dir=$2; shift 2 ;;
    --pnpm) pnpm_bin=$2; shift 2 ;;
    --test) run_tests=1; shift ;;
    --ci) ci=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -n "$node_dir" ]; then export PATH="$node_dir/bin:$PATH"; fi
if [ "$ci" = 1 ]; then export CI=true; else unset CI; fi

work=$(mktemp -d /tmp/kaimen-fresh.XXXXXX)
start_pid=""
cleanup() {
  if [ -n "$start_pid" ]; then stop_start; fi
  rm -rf "$work"
}
# pnpm start runs in its own process group, so stopping it stops tsx and the web app under it.
stop_start() {
  kill -TERM -- "-$start_pid" 2>/dev/null || true
  wait "$start_pid" 2>/dev/null || true
  start_pid=""
}
trap cleanup EXIT
elapsed() { echo $(( $(date +%s) - $1 )); }

git clone --quiet "$repo" "$work/kaimen"
cd "$work/kaimen"
label="node $(node --version), pnpm $("$pnpm_bin" --version), CI=${CI:-unset}"
echo "[fresh] $label"

t=$(date +%s)
set +e
"$pnpm_bin" install 2>&1 | tee "$work/install.log"
status=${PIPESTATUS[0]}
set -e
echo "[fresh] pnpm install: exit $status in $(elapsed "$t") s"
# pnpm 10 warns (WARN Unsupported engine / Ignored build scripts) and exits 0; pnpm 12 prints ✗
# and fails. Both are what a newcomer must never see.
if grep -nE '✗|ERR_PNPM_IGNORED_BUILDS|Ignored build scripts|Unsupported engine' "$work/install.log"; then
  echo "[fresh] FAIL: the install reported an ignored build or an engine this Node does not meet" >&2
  exit 1
fi
[ "$status" = 0 ] || exit "$status"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
api_port=$(free_port)
web_port=$(free_port)
while [ "$web_port" = "$api_port" ]; do web_port=$(free_port); done
t=$(date +%s)
KAIMEN_DATA_DIR="$work/data" API_PORT=$api_port WEB_PORT=$web_port WEB_HOST=127.0.0.1 \
  DEMO_RATINGS=${FRESH_DEMO_RATINGS:-200000} setsid "$pnpm_bin" start >"$work/start.log" 2>&1 &
start_pid=$!
until grep -q 'is running' "$work/start.log"; do
  if ! kill -0 "$start_pid" 2>/dev/null; then
    cat "$work/start.log" >&2
    echo "[fresh] FAIL: pnpm start exited before it was ready" >&2
    exit 1
  fi
  if [ "$(elapsed "$t")" -gt 600 ]; then echo "[fresh] FAIL: not ready after 600 s" >&2; exit 1; fi
  sleep 1
done
echo "[fresh] pnpm start: ready in $(elapsed "$t") s ($(grep -o 'demo seeded in [0-9.]* s' "$work/start.log" || echo 'no seeding'))"
if ! curl -fsS "http://127.0.0.1:$api_port/readyz" >/dev/null || ! curl -fsS -o /dev/null "http://127.0.0.1:$web_port/"; then
  cat "$work/start.log" >&2
  echo "[fresh] FAIL: printed as running, but the API or the web app does not answer" >&2
  exit 1
fi
bytes=$(curl -fsS -H 'Accept-Encoding: br, gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$web_port/")
echo "[fresh] /readyz ok; home page $bytes bytes compressed"
stop_start

if [ "$run_tests" = 1 ]; then
  t=$(date +%s)
  "$pnpm_bin" test 2>&1 | tee "$work/test.log" | sed 's/\x1b\[[0-9;]*m//g' | grep -E '^ *(Test Files|Tests) ' || true
  status=${PIPESTATUS[0]}
  echo "[fresh] pnpm test: exit $status in $(elapsed "$t") s"
  [ "$status" = 0 ] || { tail -60 "$work/test.log" >&2; exit "$status"; }
fi
echo "[fresh] ok: $label"
