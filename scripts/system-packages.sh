#!/usr/bin/env bash
# What the tests need beyond Python, checked before they start: Chromium for the browser tests, Java and npm for the
# Nu HTML Checker, Pango and a font for WeasyPrint's PDFs. As root with apt-get (CI, a fresh container) what is
# missing is installed; otherwise the tests stop at once with the one command that installs it.
set -euo pipefail

missing=()
command -v "${CHROMIUM_PATH:-chromium}" >/dev/null || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi . || missing+=(fonts-liberation)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The tests need ${missing[*]}. Install them, then run make test again:" >&2
echo "    sudo apt-get install ${missing[*]}" >&2
exit 1
