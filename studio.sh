#!/usr/bin/env bash
# Spiking Diffusion Studio: one entry point for users and CI.
#   ./studio.sh            install what is missing, build, open the studio (extra args go to it)
#   ./studio.sh build      install what is missing and build
#   ./studio.sh test       install what is missing, build, run the whole CTest suite
#   ./studio.sh test --sanitize   the core, CLI and training suites built with ASan + UBSan (build-asan)
#   ./studio.sh test --tsan       the engine, generation, job-queue and load suites under ThreadSanitizer
#   ./studio.sh package    install what is missing, build, make build/spiking-diffusion-studio_<version>_amd64.deb
#   ./studio.sh install    the same, then install that .deb with apt-get (its dependencies come from Debian)
#   ./studio.sh fuzz [S]   build the libFuzzer targets with clang (ASan + UBSan) in build-fuzz, run each S s
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

# Every Debian 12 package the project needs, in one place (DESIGN.md says which serves what).
PACKAGES=(
  # toolchain
  cmake ninja-build ccache g++ pkg-config
  # Qt 6: Widgets, Concurrent, Test, PrintSupport, LinguistTools (lupdate/lrelease)
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  # plots
  libqcustomplot-dev libqcustomplot2.1-qt6
  # LibTorch (CPU) + Gloo headers for c10d data-parallel training + a fast BLAS behind libblas.so.3
  libtorch-dev libgloo-dev libopenblas0-openmp
  # oneDNN headers: the fast / bf16 / int8 inference paths call the library LibTorch already uses
  libdnnl-dev
  # images, logging, command line, JSON, PNG text chunks, gzip datasets, SHA-256
  libopencv-dev libspdlog-dev libcli11-dev nlohmann-json3-dev libpng-dev zlib1g-dev libssl-dev
  # data for training and metrics
  dataset-fashion-mnist
  # headless GUI tests, fonts, Python interop tests (Debian's torch reads/writes .pt like users' PyTorch)
  xvfb xauth fonts-dejavu-core fonts-wqy-microhei python3-torch python3-numpy python3-scipy
  # the .deb: dpkg-shlibdeps (Depends) and file (CPack finds the ELF files with it), validators for the desktop entry, AppStream metadata, MIME type
  dpkg-dev file desktop-file-utils appstream shared-mime-info
)

log() { printf '\033[1m[studio]\033[0m %s\n' "$*" >&2; }

# Runs a command as root: directly, or through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    command -v sudo >/dev/null || { log "error: need root or sudo to run: $*"; exit 1; }
    sudo "$@"
  fi
}

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${#missing[@]} Debian package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# build [TARGET...]: configure once, then build everything or only the targets named.
build() {
  local gen_args=(-G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}")
  command -v ccache >/dev/null && gen_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [ ! -f build/CMakeCache.txt ]; then
    log "configuring"
    cmake -S . -B build "${gen_args[@]}"
  fi
  log "building with $(nproc) job(s)"
  cmake --build build -j "$(nproc)" ${1:+--target "$@"}
}

# The .deb of what `cmake --install` installs (cmake/Packaging.cmake); prints its path.
package() {
  build sdm-cli sdm-studio >&2  # stdout is the path alone
  rm -f build/spiking-diffusion-studio_*.deb
  log "packaging with CPack"
  (cd build && cpack -G DEB) >&2
  local debs=(build/spiking-diffusion-studio_*.deb)
  [ -f "${debs[0]}" ] || { log "error: CPack made no .deb"; exit 1; }
  readlink -f "${debs[0]}"
}

install_package() {
  local deb
  deb=$(package)
  log "installing $deb"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb"
}

# libFuzzer targets of the checkpoint reader (fuzz/), each run for $1 seconds (default 60) on the
# seed corpus in fuzz/corpus plus what earlier runs found (build-fuzz/corpus); crashes land in
# build-fuzz/crashes.
fuzz() {
  local seconds=${1:-60}
  local missing=()
  for p in clang libclang-rt-14-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" || true
  fi
  if [ ! -f build-fuzz/CMakeCache.txt ]; then
    cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ \
      -DSDM_FUZZ=ON ${CCACHE:+-DCMAKE_CXX_COMPILER_LAUNCHER=ccache}
  fi
  cmake --build build-fuzz -j "$(nproc)" --target fuzz_zip fuzz_unpickler fuzz_checkpoint
  mkdir -p build-fuzz/crashes
  local status=0
  for t in zip unpickler checkpoint; do
    mkdir -p "build-fuzz/corpus/$t"
    log "fuzzing $t for ${seconds} s"
    build-fuzz/bin/fuzz_$t -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 \
      -artifact_prefix="build-fuzz/crashes/$t-" "build-fuzz/corpus/$t" "fuzz/corpus/$t" || status=1
  done
  return $status
}

# The Qt-free suites (core, CLI, training) built with AddressSanitizer + UBSan in build-asan.
sanitized_tests() {
  if [ ! -f build-asan/CMakeCache.txt ]; then
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSDM_SANITIZE=ON \
      -DSDM_BUILD_GUI=OFF ${CCACHE:+-DCMAKE_CXX_COMPILER_LAUNCHER=ccache}
  fi
  cmake --build build-asan -j "$(nproc)"
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}"
  ctest --test-dir build-asan --output-on-failure --timeout 3600 "$@"
}

# The threaded parts -- engine, generation, job queue, the load test -- built with
# ThreadSanitizer in build-tsan. LibTorch, OpenMP and Qt are not instrumented: their internal
# synchronisation is invisible to TSan, so reports from inside them are suppressed
# (tests/tsan.supp); races between our own accesses are all reported.
tsan_tests() {
  if [ ! -f build-tsan/CMakeCache.txt ]; then
    cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSDM_TSAN=ON \
      ${CCACHE:+-DCMAKE_CXX_COMPILER_LAUNCHER=ccache}
  fi
  local suites=(test_sampler_golden test_gui_jobs test_gui_studio test_gui_load)
  cmake --build build-tsan -j "$(nproc)" --target "${suites[@]}" sdm-cli
  export TSAN_OPTIONS="${TSAN_OPTIONS:-suppressions=$PWD/tests/tsan.supp halt_on_error=1 second_deadlock_stack=1}"
  # One OpenMP thread: libgomp's fork/join is invisible to TSan, so every parallel_for would be
  # reported; the races that matter are between our own threads (engine, GUI, job runner).
  export OMP_NUM_THREADS=1
  # TSan runs the instrumented model code ~50x slower: the GUI suites' waits stretch with it.
  export SDM_TEST_WAIT_SCALE="${SDM_TEST_WAIT_SCALE:-20}"
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/sdm-xdg.XXXXXX)}"
  chmod 700 "$XDG_RUNTIME_DIR"
  ctest --test-dir build-tsan --output-on-failure --timeout 7200 -R "^($(IFS='|'; echo "${suites[*]}"))\$" "$@"
}

run_tests() {
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/sdm-xdg.XXXXXX)}"
  chmod 700 "$XDG_RUNTIME_DIR"
  log "running tests"
  ctest --test-dir build --output-on-failure --timeout 900 "$@"
}

open_studio() {
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    log "no display found: starting the studio inside Xvfb (set DISPLAY to use your own)"
    exec xvfb-run -a -s "-screen 0 1600x1000x24" build/bin/sdm-studio "$@"
  fi
  exec build/bin/sdm-studio "$@"
}

mode="${1:-open}"
case "$mode" in
  build) install_missing; build ;;
  test)
    shift
    install_missing
    if [ "${1:-}" = --sanitize ]; then
      shift
      CCACHE=$(command -v ccache || true) sanitized_tests "$@"
    elif [ "${1:-}" = --tsan ]; then
      shift
      CCACHE=$(command -v ccache || true) tsan_tests "$@"
    else
      build
      run_tests "$@"
    fi ;;
  package) install_missing; package ;;
  install) install_missing; install_package ;;
  fuzz) shift; install_missing; CCACHE=$(command -v ccache || true) fuzz "$@" ;;
  open) install_missing; build; open_studio ;;
  -*|*.pt) install_missing; build; open_studio "$@" ;;
  *) log "unknown command '$mode' (use: ./studio.sh [build|test|package|install|fuzz])"; exit 2 ;;
esac
