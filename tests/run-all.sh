#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with only the Rust toolchain:
# installs what the browser and validator tests need, then runs
#   1. cargo fmt/clippy checks, unit and integration tests (one test binary),
#   2. a build of the bundled demo programme,
#   3. browser tests (headless Chromium), validators and the search parity test.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
fc-list 2>/dev/null | grep -qi dejavu || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== rust: format, lints, unit and integration tests"
cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo build --release --quiet
cargo test --release --quiet

echo "== demo site"
export SHOWCASE_BIN="$ROOT/target/release/showcase"
export SHOWCASE_DEMO_OUT="$ROOT/target/demo-public"
"$SHOWCASE_BIN" build --root "$ROOT" --output "$SHOWCASE_DEMO_OUT" --date 2026-11-26 --quiet

if [ -f tests/browser/package.json ]; then
  echo "== browser tests"
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
  (cd tests/browser && node --test --test-concurrency=1)
fi
