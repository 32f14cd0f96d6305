#!/usr/bin/env bash
# The board report tests read the PDFs with poppler's pdftotext and pdfinfo (and docs screenshots
# come from its pdftoppm). Installs `poppler-utils` with apt-get when missing and running as root;
# otherwise says in one line what to install.
set -euo pipefail
say() { printf '[poppler] %s\n' "$*" >&2; }
command -v pdftotext >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  say "installing poppler-utils with apt-get"
  # Another apt-get may hold the lock (e.g. a parallel checkout installing the same): wait for it.
  (apt-get install -y -qq -o DPkg::Lock::Timeout=300 poppler-utils >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq -o DPkg::Lock::Timeout=300 poppler-utils >/dev/null 2>&1; }) \
    || { say "apt-get could not install poppler-utils: install it (Debian: apt-get install poppler-utils)"; exit 1; }
else
  say "pdftotext is not installed: install poppler-utils (Debian: sudo apt-get install poppler-utils; macOS: brew install poppler)"
  exit 1
fi
