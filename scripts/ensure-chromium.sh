#!/usr/bin/env bash
# The browser tests drive Debian's Chromium, launched by path (Playwright cannot download its own
# browsers here). Installs the `chromium` package with apt-get when missing and running as root;
# otherwise says in one line what to install. CHROMIUM_PATH names another binary.
set -euo pipefail
say() { printf '[chromium] %s\n' "$*" >&2; }
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing chromium with apt-get"
  # Another apt-get may hold the lock (e.g. a parallel checkout installing the same): wait for it.
  (apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq -o DPkg::Lock::Timeout=300 chromium >/dev/null 2>&1; }) \
    || { say "apt-get could not install chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH"; exit 1; }
  [ -x "$chromium" ] || { say "chromium installed but $chromium is missing: set CHROMIUM_PATH"; exit 1; }
else
  say "Chromium is not installed: install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary"
  exit 1
fi
