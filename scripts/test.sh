#!/usr/bin/env bash
# The whole test suite: install what is missing, then formatting, lints,
# every Rust test, and the UI's unit and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy (-D warnings)"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
cargo test --workspace

if [ -f ui/package.json ]; then
  echo "== UI: type check and build"
  (cd ui && npm run build)
  echo "== UI: unit tests (Vitest)"
  (cd ui && npm test)
  echo "== UI: browser tests (Chromium)"
  (cd ui && npm run test:e2e)
fi
echo "== 全部测试通过"
