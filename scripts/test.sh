#!/usr/bin/env bash
# The whole test suite: install what is missing, then formatting, lints,
# every Rust test, the UI's unit and browser tests, and the real-window
# smoke test of the desktop app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
SECONDS=0

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== 层次检查（命令行和桌面程序只经 cunwu-app）"
bash scripts/check-layers.sh

# The desktop shell (src-tauri) embeds ui/dist, so the UI is built before
# any cargo command compiles it.
echo "== UI: type check and build"
npm --prefix ui run build

echo "== cargo clippy (-D warnings)"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
cargo test --workspace

echo "== UI: unit tests (Vitest)"
(cd ui && npm test)
echo "== UI: browser tests (Chromium)"
(cd ui && npm run test:e2e)

echo "== 桌面程序：真实窗口冒烟测试"
CUNWU_SKIP_UI_BUILD=1 bash scripts/desktop-test.sh
echo "== 全部测试通过（用时 ${SECONDS} 秒）"
