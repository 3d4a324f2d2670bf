#!/usr/bin/env bash
# Build the desktop app with ui/dist embedded.
#   bash scripts/desktop-build.sh          debug binary for the real-window tests:
#                                          target/debug/cunwu-desktop (~30 s after a debug build)
# (target/ is $CARGO_TARGET_DIR when that is set.)
#   bash scripts/desktop-build.sh release  optimised binary: target/release/cunwu-desktop
#   bash scripts/desktop-build.sh deb      the installer too: target/release/bundle/deb/*.deb
#                                          (release builds: ~6 min from clean on 2 cores)
# Set CUNWU_SKIP_UI_BUILD=1 when ui/dist was just built.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/target-dir.sh

TAURI=ui/node_modules/.bin/tauri
if [ ! -x "$TAURI" ]; then
  echo "缺少 Tauri 命令行工具（$TAURI）：请先运行 bash scripts/setup.sh" >&2
  exit 1
fi
if [ "${CUNWU_SKIP_UI_BUILD:-0}" != 1 ] || [ ! -f ui/dist/index.html ]; then
  echo "== 界面构建（npm --prefix ui run build）"
  npm --prefix ui run build
fi

# The Tauri CLI reads src-tauri/tauri.conf.json (frontendDist: ../ui/dist) and
# builds the workspace's target/ ($TARGET) with `--features tauri/custom-protocol`, so
# the binary serves the embedded ui/dist instead of the dev server.
cd src-tauri
case "${1:-debug}" in
  deb)
    echo "== 安装包构建（tauri build --bundles deb）"
    "../$TAURI" build --bundles deb
    ls -l "$TARGET"/release/cunwu-desktop "$TARGET"/release/bundle/deb/*.deb
    ;;
  release)
    echo "== 桌面程序构建（tauri build --no-bundle）"
    "../$TAURI" build --no-bundle
    ls -l "$TARGET"/release/cunwu-desktop
    ;;
  debug)
    echo "== 桌面程序调试构建（tauri build --debug --no-bundle）"
    "../$TAURI" build --debug --no-bundle
    ls -l "$TARGET"/debug/cunwu-desktop
    ;;
  *)
    echo "用法：bash scripts/desktop-build.sh [debug|release|deb]" >&2
    exit 2
    ;;
esac
