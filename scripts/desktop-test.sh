#!/usr/bin/env bash
# Real-window smoke test: build the debug desktop app (ui/dist embedded),
# then drive it in a private Xvfb display through tauri-driver and
# WebKitWebDriver (ui/e2e-window/smoke.test.mjs). Screenshots: artifacts/.
# CUNWU_SKIP_DESKTOP_BUILD=1 tests target/debug/cunwu-desktop as it is
# (target/ is $CARGO_TARGET_DIR when that is set; CUNWU_DESKTOP_BIN names
# another binary).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/target-dir.sh

for tool in Xvfb WebKitWebDriver import xwininfo; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "缺少 $tool：请先运行 bash scripts/setup.sh" >&2
    exit 1
  fi
done
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "缺少 tauri-driver：请先运行 bash scripts/setup.sh（cargo install tauri-driver --locked）" >&2
  exit 1
fi

if [ "${CUNWU_SKIP_DESKTOP_BUILD:-0}" != 1 ]; then
  bash scripts/desktop-build.sh
fi
export CUNWU_DESKTOP_BIN="${CUNWU_DESKTOP_BIN:-$TARGET/debug/cunwu-desktop}"
echo "== 桌面窗口冒烟测试（Xvfb + tauri-driver + WebKitWebDriver）"
rm -f artifacts/desktop-first-start.png artifacts/desktop-visit-timeline.png artifacts/desktop-after-restart.png \
  artifacts/desktop-newer-database.png artifacts/desktop-failure.png \
  artifacts/desktop-coop-lots.png artifacts/desktop-coop-lot.png artifacts/desktop-coop-books.png \
  artifacts/desktop-demo-exit-confirm.png artifacts/desktop-demo-exit-real-village.png \
  artifacts/desktop-need-closed.png artifacts/desktop-need-failure.png
node --test --test-concurrency=1 ui/e2e-window/smoke.test.mjs ui/e2e-window/demo-exit.test.mjs ui/e2e-window/needs.test.mjs
echo "截图：artifacts/desktop-first-start.png desktop-visit-timeline.png desktop-after-restart.png desktop-newer-database.png desktop-coop-lots.png desktop-coop-lot.png desktop-coop-books.png desktop-need-closed.png"
