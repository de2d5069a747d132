#!/usr/bin/env bash
# Make a Chromium available to Playwright: Playwright's own build when installed,
# else the system Chromium (/usr/bin/chromium), installed from Debian when missing and root.
set -euo pipefail
PY=${1:-.venv/bin/python}
# Chinese text in screenshots and charts needs a CJK font (Debian: fonts-noto-cjk).
if ! fc-list :lang=zh 2>/dev/null | grep -q . && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "fonts: installing Debian's fonts-noto-cjk for Chinese screenshots and charts"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null) \
    || echo "fonts: could not install fonts-noto-cjk; Chinese text will show as boxes in screenshots" >&2
fi
# A store's own browser runs headed (agent/runtime/display.py): on a machine without a display the
# agent starts a virtual one, Debian's Xvfb.
if ! command -v Xvfb >/dev/null && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "display: installing Debian's xvfb for headed store browsers on a machine without a display"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb >/dev/null) \
    || echo "display: could not install xvfb; stores in browser = \"profile\" need a display" >&2
fi
own=$("$PY" - <<'PYEOF' 2>/dev/null || true
import os
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    path = p.chromium.executable_path
print(path if os.path.exists(path) else "")
PYEOF
)
if [ -n "$own" ]; then echo "chromium: Playwright's own build at $own"; exit 0; fi
# Headless runs use the headless shell (no browser UI processes: less memory) when Debian has it.
if [ ! -x /usr/lib/chromium/chromium-headless-shell ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "chromium: installing Debian's chromium-headless-shell for headless runs"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null) \
    || echo "chromium: chromium-headless-shell not installed; headless runs use the full browser" >&2
fi
if [ -x /usr/bin/chromium ]; then echo "chromium: system build at /usr/bin/chromium"; exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "chromium: installing Debian's chromium package (apt-get install -y chromium)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  [ -x /usr/bin/chromium ] && { echo "chromium: system build at /usr/bin/chromium"; exit 0; }
fi
echo "chromium: none found. Run 'sudo apt-get install -y chromium' (Debian/Ubuntu) or '$PY -m playwright install chromium', then retry." >&2
exit 2
