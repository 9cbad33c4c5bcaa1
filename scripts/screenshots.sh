#!/usr/bin/env bash
# Refreshes docs/screenshots/*.png: runs the browser tests (Russian and English) and saves a picture of each step.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f docs/screenshots/*.png
APIKEYS_SCREENSHOTS="$PWD/docs/screenshots" dotnet test ApiKeys.Tests --filter "FullyQualifiedName~ApiKeys.Tests.Browser"
ls -1 docs/screenshots
