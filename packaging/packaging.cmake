# Desktop integration (desktop file, AppStream metainfo, hicolor icons), the man page, and the Debian
# package. Build the package from a release build:
#   cmake --preset release && cmake --build --preset release && (cd build/release && cpack -G DEB)
# packaging/test-deb.sh builds it and installs it on a clean Debian 12.
include(GNUInstallDirs)

set(HOOKSCOPE_APP_ID io.github.hookscope.Hookscope)
set(HOOKSCOPE_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(HOOKSCOPE_ICON_SIZES 16 32 48 64 128 256)
set(_out ${CMAKE_BINARY_DIR}/packaging)

# Directories the package creates must be 0755 whatever the builder's umask (lintian: non-standard-dir-perm).
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

install(FILES ${HOOKSCOPE_PACKAGING_DIR}/${HOOKSCOPE_APP_ID}.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${HOOKSCOPE_PACKAGING_DIR}/${HOOKSCOPE_APP_ID}.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${HOOKSCOPE_PACKAGING_DIR}/icons/${HOOKSCOPE_APP_ID}.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# The PNG icons are rendered from the one SVG, so there is a single drawing to keep up to date.
find_program(HOOKSCOPE_RSVG_CONVERT rsvg-convert)
set(_generated)
if(HOOKSCOPE_RSVG_CONVERT)
    foreach(size IN LISTS HOOKSCOPE_ICON_SIZES)
        set(_png ${_out}/icons/${size}x${size}/${HOOKSCOPE_APP_ID}.png)
        add_custom_command(OUTPUT ${_png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${_out}/icons/${size}x${size}
            COMMAND ${HOOKSCOPE_RSVG_CONVERT} --width ${size} --height ${size} --format png
                    --output ${_png} ${HOOKSCOPE_PACKAGING_DIR}/icons/${HOOKSCOPE_APP_ID}.svg
            DEPENDS ${HOOKSCOPE_PACKAGING_DIR}/icons/${HOOKSCOPE_APP_ID}.svg
            COMMENT "Rendering the ${size}x${size} icon"
            VERBATIM)
        list(APPEND _generated ${_png})
        install(FILES ${_png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
else()
    message(WARNING "rsvg-convert (Debian: librsvg2-bin) not found: the PNG icons are neither built nor installed")
endif()

# Debian wants man pages and the changelog compressed with gzip -9n (no name, no time stamp: reproducible).
find_program(HOOKSCOPE_GZIP gzip REQUIRED)
foreach(pair "hookscope.1|${_out}/hookscope.1.gz" "changelog|${_out}/changelog.gz")
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 _source)
    list(GET pair 1 _gz)
    add_custom_command(OUTPUT ${_gz}
        COMMAND ${HOOKSCOPE_GZIP} -9nc ${HOOKSCOPE_PACKAGING_DIR}/${_source} > ${_gz}
        DEPENDS ${HOOKSCOPE_PACKAGING_DIR}/${_source}
        COMMENT "Compressing ${_source}")
    list(APPEND _generated ${_gz})
endforeach()
add_custom_target(hookscope_packaging_files ALL DEPENDS ${_generated})

install(FILES ${_out}/hookscope.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${HOOKSCOPE_PACKAGING_DIR}/copyright ${_out}/changelog.gz ${PROJECT_SOURCE_DIR}/README.md
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hookscope)
# Help ▸ Documentation reads them there (their links as in the sources; the screenshots stay out of the package).
file(GLOB HOOKSCOPE_DOCS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${HOOKSCOPE_DOCS} DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/hookscope/docs)

# Quick checks of the packaging files in the ordinary test run (the full install test is test-deb.sh).
if(HOOKSCOPE_BUILD_TESTS)
    find_package(Python3 COMPONENTS Interpreter)
    if(Python3_Interpreter_FOUND)
        foreach(check desktop metainfo manpage cli)
            add_test(NAME packaging_${check}
                COMMAND ${Python3_EXECUTABLE} ${HOOKSCOPE_PACKAGING_DIR}/check-packaging.py --check ${check}
                        --binary $<TARGET_FILE:hookscope> --source ${HOOKSCOPE_PACKAGING_DIR}
                        --app-id ${HOOKSCOPE_APP_ID} --version ${PROJECT_VERSION})
            set_tests_properties(packaging_${check} PROPERTIES LABELS packaging TIMEOUT 120 SKIP_RETURN_CODE 77)
        endforeach()
    else()
        message(WARNING "python3 not found: the packaging checks are not registered")
    endif()
endif()

# The Debian package.
set(HOOKSCOPE_PACKAGE_MAINTAINER "Hookscope developers <hookscope@example.org>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hookscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Hookscope")
set(CPACK_PACKAGE_CONTACT "${HOOKSCOPE_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "inspector for signed inbound-email webhooks")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${HOOKSCOPE_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The extended description of the control file (CPack indents it and turns the empty line into " .").
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Hookscope is a desktop tool for developers of inbound-email webhook receivers.
It receives webhooks over HTTP and HTTPS, stores every request's exact bytes
in SQLite, checks signatures (mailparse, Standard Webhooks, Svix, Stripe,
GitHub, Slack and more) and explains why one fails, shows the email inside,
and replays and exports events.

Every window action also has a headless command (hookscope serve, list,
show, verify, replay, export, ...), for scripts and CI.")
# The programs (app/CMakeLists.txt): /usr/bin/hookscope and /usr/libexec/hookscope/hookscope-window.
# dpkg-shlibdeps finds the libraries the programs link (the window's: Gui, Widgets, WebEngine), not the plugins Qt loads at run time. Traced
# (strace -e openat) on Debian 12 for serve, send and the window under Xvfb, they are: the SQLite driver
# (sqldrivers/libqsqlite.so, in libqt6sql6-sqlite: not seen by shlibdeps), the OpenSSL TLS backend
# (tls/libqopensslbackend.so, in libqt6network6, which shlibdeps finds) and the xcb or offscreen platform
# (platforms/, in libqt6gui6, found too; Debian 12's qt6-qpa-plugins holds only vnc and tuiotouch).
# WebEngine's helper (QtWebEngineProcess, libqt6webenginecore6-bin) and data come with
# libqt6webenginewidgets6. The native Wayland platform is qt6-wayland; without it Qt uses XWayland.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")
include(CPack)
