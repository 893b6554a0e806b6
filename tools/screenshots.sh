#!/usr/bin/env bash
# Regenerates docs/screenshots with the built studio on the bundled demo model (its model card's
# settings), at 1280×800 (every view) and 1920×1080 (images and spikes). Headless: offscreen Qt.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
studio=build/bin/sdm-studio
out=docs/screenshots
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
shot() {  # name size view [extra args]
  local name=$1 size=$2 view=$3
  shift 3
  "$studio" --screenshot "$out/$name.png" --size "$size" --view "$view" --lang en "$@"
  echo "wrote $out/$name.png"
}
shot studio-demo 1280x800 generate
shot studio-generate 1280x800 generate --view-only
shot studio-spikes 1280x800 spikes
shot studio-compare 1280x800 compare
for v in model jobs log export; do shot "studio-$v" 1280x800 "$v" --view-only; done
shot studio-1920x1080 1920x1080 generate
shot studio-spikes-1920x1080 1920x1080 spikes
"$studio" --screenshot "$out/studio-spikes-zh_CN.png" --size 1280x800 --view spikes --lang zh_CN
# The Study view needs study folders (sdm-cli study; docs/study.md has the commands).
if [ -n "${SDM_STUDY_DIR:-}" ]; then
  shot studio-study 1280x800 study --study "$SDM_STUDY_DIR/solvers"
  shot studio-study-threshold 1280x800 study --study "$SDM_STUDY_DIR/threshold_tsm"
fi
