#!/bin/sh
# Runs a command on a fresh virtual X display (Xvfb) with a real XEmbed system tray (trayer), as
# a desktop session has one. The command waits for the tray itself (it polls for the tray's
# X selection); this script only starts it and stops it afterwards.
set -eu
exec xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
  trayer --edge top --align right --SetDockType true --height 24 --widthtype request >/dev/null 2>&1 &
  tray=$!
  set +e
  "$@"
  rc=$?
  kill "$tray" 2>/dev/null
  exit $rc' with-tray "$@"
