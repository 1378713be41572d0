#!/usr/bin/env bash
# Makes sure the browser tests (dev/local) have Chromium and a ChromeDriver of the same version
# before they run; `./mvnw verify` calls it, so the README's test command does its own set-up.
#
#   CHROMIUM_PATH       the browser     (default /usr/bin/chromium, Debian's package chromium)
#   CHROMEDRIVER_PATH   its driver      (default /usr/bin/chromedriver, Debian's chromium-driver)
#
# Both present: nothing to do. Missing, on a Debian-like machine as root (this project's machines
# and CI): installs Debian's chromium and chromium-driver, which are built from one source at one
# version. Missing otherwise: stops at once with the exact command to run. Never skips the tests.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
driver="${CHROMEDRIVER_PATH:-/usr/bin/chromedriver}"

present() { [ -x "$chromium" ] && [ -x "$driver" ]; }

present && exit 0

install_command="apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver"
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "ensure-browser: $chromium or $driver is missing; installing Debian's chromium and chromium-driver" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver >&2
  present && exit 0
  echo "ensure-browser: installed Debian's chromium and chromium-driver, but $chromium or $driver" \
    "is still missing: set CHROMIUM_PATH and CHROMEDRIVER_PATH to where they are." >&2
  exit 1
fi

{
  echo "ensure-browser: the browser tests need Chromium and a ChromeDriver of the same version;"
  echo "  missing: $( [ -x "$chromium" ] || printf '%s ' "$chromium")$( [ -x "$driver" ] || printf '%s' "$driver")"
  if command -v apt-get >/dev/null 2>&1; then
    echo "  run once:  sudo sh -c '$install_command'"
  else
    echo "  install Chromium and its ChromeDriver (same version) with your package manager,"
  fi
  echo "  or set CHROMIUM_PATH and CHROMEDRIVER_PATH to a matching pair you already have."
} >&2
exit 1
