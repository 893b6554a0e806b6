# All third-party packages, found once. Every one is a Debian 12 package installed by studio.sh.
find_package(Torch REQUIRED)
if(Torch_VERSION AND Torch_VERSION VERSION_LESS 1.13)
  message(FATAL_ERROR "LibTorch >= 1.13 is required (found ${Torch_VERSION})")
endif()
find_package(spdlog 1.10 REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs)
find_package(PNG REQUIRED)
find_package(ZLIB REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_package(Threads REQUIRED)
find_package(OpenMP REQUIRED COMPONENTS CXX)  # per-thread team sizes (LibTorch uses libgomp)
# oneDNN (libdnnl-dev), the same library LibTorch runs its convs on: the fast/bf16/int8 paths.
# Found by hand: dnnl-config.cmake would require the OpenCL SDK for Debian's GPU runtime.
find_path(DNNL_INCLUDE_DIR oneapi/dnnl/dnnl.hpp REQUIRED)
find_library(DNNL_LIBRARY NAMES dnnl REQUIRED)
add_library(DNNL::dnnl UNKNOWN IMPORTED)
set_target_properties(DNNL::dnnl PROPERTIES IMPORTED_LOCATION "${DNNL_LIBRARY}"
                                            INTERFACE_INCLUDE_DIRECTORIES "${DNNL_INCLUDE_DIR}")

# c10d's Gloo process group needs the Gloo headers (libgloo-dev); training works without it.
find_path(GLOO_INCLUDE_DIR gloo/rendezvous/store.h)
if(GLOO_INCLUDE_DIR)
  set(SDM_HAVE_GLOO ON)
else()
  set(SDM_HAVE_GLOO OFF)
  message(STATUS "Gloo headers not found: distributed training disabled")
endif()

if(SDM_BUILD_GUI OR SDM_BUILD_TESTS)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Concurrent PrintSupport Test LinguistTools)
  qt_standard_project_setup()
endif()
if(SDM_BUILD_GUI)
  find_package(QCustomPlotQt6 REQUIRED)
endif()
