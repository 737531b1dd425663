#!/usr/bin/env bash
# Builds the .deb from a configured build directory and checks it as a user's machine would see
# it: the archive (dpkg-deb), Debian's policy (lintian, no errors), the desktop file and the
# AppStream metainfo, that apt can resolve its dependencies on Debian 12, and that the programs
# run from an unpacked root. Usage: check-deb.sh <build-dir>
set -euo pipefail
build="$(cd "$1" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
deb="$(ls "$work"/out/gpufailover_*_amd64.deb)"
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

dpkg-deb --info "$deb" >"$work/info"
dpkg-deb --contents "$deb" >"$work/contents"
grep -E '^ (Package|Version|Architecture|Depends|Recommends):' "$work/info"
for path in ./usr/bin/gpufailover ./usr/bin/gpufailoverd ./usr/bin/gpufailoverctl ./usr/bin/gpufailover-sim \
  ./usr/share/applications/io.github.gpufailover.GpuFailover.desktop \
  ./usr/share/metainfo/io.github.gpufailover.GpuFailover.metainfo.xml \
  ./usr/share/icons/hicolor/scalable/apps/io.github.gpufailover.GpuFailover.svg \
  ./usr/share/icons/hicolor/48x48/apps/io.github.gpufailover.GpuFailover.png \
  ./usr/share/icons/hicolor/scalable/status/io.github.gpufailover.GpuFailover-failing.svg \
  ./usr/lib/systemd/user/gpufailoverd.service \
  ./usr/share/gpufailover/grafana-dashboard.json \
  ./usr/share/doc/gpufailover/copyright ./usr/share/doc/gpufailover/changelog.Debian.gz \
  ./usr/share/doc/gpufailover/docs/disaster-recovery.md; do
  grep -q " $path\$" "$work/contents" || { echo "missing from the package: $path" >&2; exit 1; }
done
for lib in libqt6widgets6 libqt6charts6 libqt6network6 libssh-4 libqt6keychain1 rsync openssh-client; do
  grep -q "Depends:.*\b$lib\b" "$work/info" || { echo "not a dependency: $lib" >&2; exit 1; }
done

# Debian policy: errors fail, warnings are shown.
lintian --fail-on error --suppress-tags no-manual-page "$deb"

dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/io.github.gpufailover.GpuFailover.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/io.github.gpufailover.GpuFailover.metainfo.xml"

# apt resolves every dependency on this Debian 12 machine (simulated: nothing is installed).
apt-get install --simulate --no-install-recommends "$deb" >"$work/apt" 2>&1 || { cat "$work/apt" >&2; exit 1; }

# The programs run from where the package puts them.
"$work/root/usr/bin/gpufailover" --version
"$work/root/usr/bin/gpufailoverd" --version
"$work/root/usr/bin/gpufailoverctl" --version
echo "package checks passed"
