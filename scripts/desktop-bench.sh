#!/usr/bin/env bash
# Desktop benchmark on a 3,000-household demo village. Prints JSON and saves
# it to artifacts/desktop-bench.json:
#   - cold start to a usable household list (app process start → list rows
#     rendered), target < 1.5 s;
#   - PSS of the app + WebKitWebProcess + WebKitNetworkProcess with the
#     village open, target < 350 MiB;
#   - release binary and .deb sizes.
# Usage: bash scripts/desktop-bench.sh [--no-build] [--debug] [--runs N]
#   --no-build  measure the binaries already in target/ (no tauri build)
#   --debug     measure target/debug (no installer is built or measured)
# target/ is $CARGO_TARGET_DIR when that is set.
# The release build (tauri build --bundles deb) takes about 6 minutes; this is
# not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/target-dir.sh

BUILD=1
PROFILE=release
RUNS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --debug) PROFILE=debug ;;
    --runs) RUNS="$2"; shift ;;
    *) echo "用法：bash scripts/desktop-bench.sh [--no-build] [--debug] [--runs N]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$BUILD" = 1 ]; then
  if [ "$PROFILE" = release ]; then
    bash scripts/desktop-build.sh deb >&2
    cargo build --release -p cunwu-cli
  else
    bash scripts/desktop-build.sh >&2
    cargo build -p cunwu-cli
  fi
fi
APP="$TARGET/$PROFILE/cunwu-desktop"
CLI="$TARGET/$PROFILE/cunwu"
for f in "$APP" "$CLI"; do
  [ -x "$f" ] || { echo "缺少 $f：去掉 --no-build 重新运行" >&2; exit 1; }
done

DATA=$(mktemp -d /tmp/cunwu-bench.XXXXXX)
trap 'rm -rf "$DATA"' EXIT
echo "== 生成 3000 户演示村（$CLI demo）" >&2
"$CLI" --db "$DATA/cunwu/village.db" demo --households 3000 >/dev/null
load=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== 启动 $RUNS 次并测量" >&2
XDG_DATA_HOME="$DATA" CUNWU_DESKTOP_BIN="$APP" node ui/e2e-window/bench.mjs --runs "$RUNS" >"$DATA/app.json"

DEB=""
if [ "$PROFILE" = release ]; then
  DEB=$(ls -t "$TARGET"/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
fi
mkdir -p artifacts
PROFILE="$PROFILE" APP="$APP" DEB="$DEB" LOAD="$load" node -e '
  const fs = require("fs")
  const app = JSON.parse(fs.readFileSync(process.argv[1], "utf8"))
  const mib = (f) => f && fs.existsSync(f) ? Math.round(fs.statSync(f).size / 104857.6) / 10 : null
  const out = {
    command: "bash scripts/desktop-bench.sh" + (process.env.PROFILE === "debug" ? " --debug" : ""),
    date: new Date().toISOString(),
    machine: { cpus: require("os").cpus().length, cpu: require("os").cpus()[0]?.model, loadAverageAtStart: process.env.LOAD },
    village: { households: 3000 },
    profile: process.env.PROFILE,
    binaryMiB: mib(process.env.APP),
    deb: process.env.DEB ? { file: process.env.DEB, MiB: mib(process.env.DEB) } : null,
    ...app,
  }
  const json = JSON.stringify(out, null, 2)
  fs.writeFileSync("artifacts/desktop-bench.json", json + "\n")
  console.log(json)
' "$DATA/app.json"
