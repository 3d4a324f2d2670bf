#!/usr/bin/env bash
# The front ends go through one door: crates/cli and src-tauri may use
# cunwu-app (and the CLI cunwu-hub for `cunwu hub …`), never a lower cunwu
# crate (core, store, sheet, ledger, sync). While the move is under way,
# the files below still import lower crates; the list may only shrink:
# - a file not listed that imports a lower crate fails (new commands go
#   through cunwu_app);
# - a listed file that no longer does fails too (take it off the list);
# - once the list is empty, Cargo.toml must not name a lower crate either.
set -euo pipefail
cd "$(dirname "$0")/.."

LOWER='cunwu_(core|store|sheet|ledger|sync)\b'
LOWER_DEP='^cunwu-(core|store|sheet|ledger|sync)[. =]'

# Files that still reach past the façade (to be emptied; never added to).
LEGACY=(
  crates/cli/src/commands/bundle.rs
  crates/cli/src/commands/coop/duplicates.rs
  crates/cli/src/commands/coop/intake.rs
  crates/cli/src/commands/coop/lot.rs
  crates/cli/src/commands/coop/lot_view.rs
  crates/cli/src/commands/coop/mod.rs
  crates/cli/src/commands/coop/surplus.rs
  crates/cli/src/commands/demo.rs
  crates/cli/src/commands/demo_exit.rs
  crates/cli/src/commands/household.rs
  crates/cli/src/commands/hub.rs
  crates/cli/src/commands/ledger/check.rs
  crates/cli/src/commands/ledger/mod.rs
  crates/cli/src/commands/ledger/report.rs
  crates/cli/src/commands/member.rs
  crates/cli/src/commands/mod.rs
  crates/cli/src/commands/sync.rs
  src-tauri/src/sync_task.rs
)

fail=0
is_legacy() {
  local f
  for f in "${LEGACY[@]}"; do [[ "$f" == "$1" ]] && return 0; done
  return 1
}

while IFS= read -r f; do
  if ! is_legacy "$f"; then
    echo "层次检查：$f 直接使用了底层 crate（$(grep -oE "$LOWER" "$f" | sort -u | tr '\n' ' ')），请改为调用 cunwu_app（需要的类型在 cunwu-app 里重新导出）。" >&2
    fail=1
  fi
done < <(grep -rlE "$LOWER" crates/cli/src src-tauri/src | sort)

for f in "${LEGACY[@]}"; do
  if [[ ! -f "$f" ]] || ! grep -qE "$LOWER" "$f"; then
    echo "层次检查：$f 已不再直接使用底层 crate，请把它从 scripts/check-layers.sh 的 LEGACY 列表中删去。" >&2
    fail=1
  fi
done

if [[ ${#LEGACY[@]} -eq 0 ]]; then
  for toml in crates/cli/Cargo.toml src-tauri/Cargo.toml; do
    deps=$(sed -n '/^\[dependencies\]/,/^\[/p' "$toml" | grep -E "$LOWER_DEP" || true)
    if [[ -n "$deps" ]]; then
      echo "层次检查：$toml 仍依赖底层 crate：$deps" >&2
      fail=1
    fi
  done
fi

if [[ $fail -ne 0 ]]; then
  exit 1
fi
echo "层次检查通过：命令行和桌面程序只经 cunwu-app（仍待迁移 ${#LEGACY[@]} 个文件）。"
