#!/usr/bin/env bash
# Runs every test of the workspace. Installs what the tests need first:
# the Python `openapi-spec-validator` package, the independent OpenAPI 3.0
# validator that the xtask's tests run both specs through.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
  echo "installing openapi-spec-validator (pip)"
  python3 -m pip install --quiet --disable-pip-version-check 'openapi-spec-validator>=0.7'
fi

cargo test --workspace --all-targets "$@"
# Every vendor area: the answers of all 187 operations parse (the workspace
# build above compiles only the default areas).
cargo test -p sellercloud-api --features full --test answers_from_spec "$@"
# Doc tests are not an --all-targets target; they hold the rustdoc examples.
cargo test --workspace --doc "$@"
