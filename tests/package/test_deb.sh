#!/usr/bin/env bash
# The Debian package, checked like a user gets it: CPack makes the .deb from the build folder,
# dpkg-deb unpacks it into an empty prefix, its files and metadata are checked, and the INSTALLED
# sdm-cli and sdm-studio run from outside the source tree and find the bundled demo model only
# under that prefix (SDM_NO_SOURCE_RESOURCES=1 hides the source tree's copy).
# Usage: test_deb.sh BUILD_DIR [CPACK]
set -euo pipefail
build=$(readlink -f "$1")
cpack=${2:-cpack}
here=$(dirname "$(readlink -f "$0")")
tmp=$(readlink -f "$(mktemp -d /tmp/sdm-deb-test.XXXXXX)")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "cpack"
"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; fail "cpack failed"; }
debs=("$tmp"/out/spiking-diffusion-studio_*_amd64.deb)
if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ]; then fail "expected one .deb in $tmp/out: $(ls "$tmp/out")"; fi
deb=${debs[0]}
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes"

step "control fields"
dpkg-deb -f "$deb" Package Version Architecture Depends
[ "$(dpkg-deb -f "$deb" Package)" = spiking-diffusion-studio ] || fail "package name"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libstdc++6 libqt6widgets6 libtorch; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib (dpkg-shlibdeps did not run?): $depends"
done

step "files"
root="$tmp/root"
dpkg-deb -x "$deb" "$root"
share="$root/usr/share"
expected=(
  usr/bin/sdm-cli usr/bin/sdm-studio
  usr/share/spiking-diffusion-studio/models/demo.pt
  usr/share/applications/spiking-diffusion-studio.desktop
  usr/share/metainfo/io.github.sdm.SpikingDiffusionStudio.metainfo.xml
  usr/share/mime/packages/spiking-diffusion-studio.xml
  usr/share/icons/hicolor/scalable/apps/spiking-diffusion-studio.svg
)
for s in 16 32 48 64 128 256; do
  expected+=("usr/share/icons/hicolor/${s}x${s}/apps/spiking-diffusion-studio.png")
done
for f in "${expected[@]}"; do [ -s "$root/$f" ] || fail "missing from the package: $f"; done
for b in sdm-cli sdm-studio; do [ -x "$root/usr/bin/$b" ] || fail "usr/bin/$b is not executable"; done
if find "$root" -path '*/tests/*' -o -name 'test_*' | grep -q .; then fail "test files packaged"; fi
echo "${#expected[@]} expected files present"

step "metadata"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$share/applications/spiking-diffusion-studio.desktop"
else echo "desktop-file-validate not installed: skipped"; fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$share/metainfo/io.github.sdm.SpikingDiffusionStudio.metainfo.xml"
  appstreamcli validate-tree --no-net "$root"  # metainfo, desktop entry and icon agree
else echo "appstreamcli not installed: skipped"; fi
grep -qx 'MimeType=application/x-pytorch-checkpoint;' "$share/applications/spiking-diffusion-studio.desktop" ||
  fail "the desktop entry does not name the checkpoint MIME type"
if command -v update-mime-database >/dev/null; then
  mkdir -p "$tmp/mime/packages"
  cp "$share/mime/packages/spiking-diffusion-studio.xml" "$tmp/mime/packages/"
  XDG_DATA_DIRS="$tmp" update-mime-database "$tmp/mime"
  grep -qx 'application/x-pytorch-checkpoint:\*.pt' <(cut -d: -f2,3 "$tmp/mime/globs2") ||
    fail "*.pt is not application/x-pytorch-checkpoint: $(cat "$tmp/mime/globs2")"
else echo "update-mime-database not installed: skipped"; fi

step "installed binaries, outside the source tree"
mkdir -p "$tmp/work" "$tmp/home" "$tmp/runtime"
chmod 700 "$tmp/runtime"
cd "$tmp/work"
run() {
  env -u SDM_RESOURCES SDM_NO_SOURCE_RESOURCES=1 HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" \
    XDG_DATA_HOME="$tmp/home/.local/share" XDG_CACHE_HOME="$tmp/home/.cache" \
    XDG_RUNTIME_DIR="$tmp/runtime" QT_QPA_PLATFORM=offscreen "$@"
}
demo="$share/spiking-diffusion-studio/models/demo.pt"
run "$root/usr/bin/sdm-cli" info "$demo" --json >"$tmp/info.json" || fail "sdm-cli info failed"
python3 - "$tmp/info.json" "$demo" <<'PY'
import hashlib, json, sys
info, demo = json.load(open(sys.argv[1])), sys.argv[2]
assert info["file"] == demo, f"sdm-cli read {info['file']}, not {demo}"
assert info["sha256"] == hashlib.sha256(open(demo, "rb").read()).hexdigest(), "sha256 differs"
print(f"sdm-cli info: {info['file']} ({info['bytes']} bytes, sha256 {info['sha256'][:12]}...)")
PY
run "$root/usr/bin/sdm-studio" --solver ddim --steps 4 --batch 4 --size 1200x800 \
  --screenshot "$tmp/work/shot.png" >"$tmp/studio.log" 2>&1 ||
  { cat "$tmp/studio.log" >&2; fail "sdm-studio --screenshot failed"; }
grep -F "$demo" "$tmp/studio.log" | head -n 2
grep -qF "$demo" "$tmp/studio.log" ||
  { cat "$tmp/studio.log" >&2; fail "the studio did not open the packaged demo model $demo"; }
python3 "$here/png_check.py" "$tmp/work/shot.png" 1200 800 50
echo "PASS"
