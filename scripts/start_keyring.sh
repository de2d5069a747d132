#!/usr/bin/env bash
# For the tests of passwords kept in the keyring (a store added on the review page): install Debian's
# gnome-keyring when missing (as root) and start a throwaway session bus with an unlocked Secret
# Service on it, its files in a folder of its own; print the bus address. Prints nothing (exit 0)
# where that is not possible. Stop it by killing the pids in its folder (dbus.pid, keyring.pid).
set -uo pipefail
if ! command -v gnome-keyring-daemon >/dev/null || ! command -v dbus-daemon >/dev/null; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then exit 0; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnome-keyring dbus-daemon >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnome-keyring dbus-daemon >/dev/null 2>&1; } || exit 0
fi
DIR=$(mktemp -d /tmp/agent-keyring.XXXXXX)
mkdir -p "$DIR/data" "$DIR/run" && chmod 700 "$DIR/run"
out=$(dbus-daemon --session --fork --print-address=1 --print-pid=1 2>/dev/null) || exit 0
addr=$(echo "$out" | sed -n 1p)
echo "$out" | sed -n 2p >"$DIR/dbus.pid"
# the keyring's own (encrypted) files under DIR; unlocked with a throwaway password
echo -n "throwaway-$$" | DBUS_SESSION_BUS_ADDRESS="$addr" XDG_DATA_HOME="$DIR/data" XDG_RUNTIME_DIR="$DIR/run" \
  gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 0
pgrep -n -f "gnome-keyring-daemon --unlock" >"$DIR/keyring.pid" 2>/dev/null
echo "$addr"
