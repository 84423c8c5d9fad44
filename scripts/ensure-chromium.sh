#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (no browser download is possible). Before `npm test`,
# install it when it is missing and this machine can (root with apt-get); otherwise say how.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$chromium_path" ]] && exit 0
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $chromium_path: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
