#!/usr/bin/env bash
# The browser tests' one system dependency: Debian's chromium (playwright-core drives it and downloads no
# browser) and a CJK font, so that pages in Chinese render as text in the screenshots and axe-core measures
# real glyphs. Installed with apt-get when missing (as root on Debian, as infra/redis/run does for Redis).
#
#   test/browser/ensure-chromium.sh      prints the browser's path on stdout
set -euo pipefail

log() { echo "[ensure-chromium] $*" >&2; }

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[[ -x "$CHROMIUM" ]] || missing+=(chromium)
# fc-list comes with fontconfig (a chromium dependency); without it, check the font package's own file.
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q .; } \
  && [[ ! -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]]; then
  missing+=(fonts-wqy-zenhei)
fi

if ((${#missing[@]})); then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian packages: ${missing[*]} ..."
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
      log "install failed; running apt-get update and retrying ..."
      apt-get update -q >&2
      apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    fi
  else
    log "missing: ${missing[*]}. Install them, e.g.: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

[[ -x "$CHROMIUM" ]] || { log "no chromium at $CHROMIUM after installing"; exit 1; }
echo "$CHROMIUM"
