#!/usr/bin/env bash
# The site's clock, never the machine's: the tests marked `dates` run again with the machine's clock a
# year ahead and a year behind (libfaketime). Debian's faketime is installed when missing and root.
set -euo pipefail
PY=${1:-.venv/bin/python}
if ! command -v faketime >/dev/null && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "faketime: installing Debian's faketime for the date runs"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
fi
if ! command -v faketime >/dev/null; then
  echo "faketime: not found. Run 'sudo apt-get install -y faketime' (Debian/Ubuntu), then retry." >&2
  exit 2
fi
for offset in +365d -365d; do
  echo "dates: the machine's clock at $offset"
  faketime -f "$offset" "$PY" -m pytest -q -n 2 -m dates -p no:cacheprovider tests
done
