# `./studio.sh package` (cpack in the build folder) makes build/spiking-diffusion-studio_<version>_amd64.deb;
# dpkg-shlibdeps (dpkg-dev) fills in Depends from the binaries' shared libraries.
include(GNUInstallDirs)
# Bundled models and statistics, found at run time by sdm::findResource (core/util/resources.h).
install(DIRECTORY ${CMAKE_SOURCE_DIR}/resources/models DESTINATION ${CMAKE_INSTALL_DATADIR}/spiking-diffusion-studio
        FILES_MATCHING PATTERN "*.pt" PATTERN "*.npz" PATTERN "*.md")
install(FILES ${CMAKE_SOURCE_DIR}/packaging/spiking-diffusion-studio.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
# AppStream wants the metainfo file named after the component id (launchable: the desktop entry).
install(FILES ${CMAKE_SOURCE_DIR}/packaging/spiking-diffusion-studio.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo
        RENAME io.github.sdm.SpikingDiffusionStudio.metainfo.xml)
# The icon (packaging/icons: the SVG and PNGs rendered from it) and the .pt / .pth MIME type.
foreach(size 16 32 48 64 128 256)
  install(FILES ${CMAKE_SOURCE_DIR}/packaging/icons/${size}x${size}/spiking-diffusion-studio.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
install(FILES ${CMAKE_SOURCE_DIR}/packaging/icons/spiking-diffusion-studio.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/spiking-diffusion-studio-mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME spiking-diffusion-studio.xml)
set(CPACK_PACKAGE_NAME spiking-diffusion-studio)
set(CPACK_PACKAGE_VENDOR "Spiking Diffusion Studio developers")
set(CPACK_PACKAGE_CONTACT "Spiking Diffusion Studio <studio@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Desktop studio for spiking diffusion models (SDDPM / SDM): generate, inspect spikes, train")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libblas.so.3 is dlopen'ed through the alternatives system: OpenBLAS makes Linear layers ~30x faster.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp, dataset-fashion-mnist")
set(CPACK_STRIP_FILES ON)
include(CPack)
