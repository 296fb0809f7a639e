# Peer-fixture tests: mxdig lint / --zone on the MX test data of peer
# projects (BIND, Knot, validns, ldns, NSD, PowerDNS, Zonemaster,
# dnscontrol, Exim), one CTest test per peer.  See tests/peer/peer.sh.
#
# The fixtures live outside the repository, at ../shared/peer-data relative
# to the repository root (here and in CI).  When the directory is missing
# the tests are still registered and skipped (exit 77) with a message
# naming the directory, never passed or failed.  -DMXDIG_PEER_DATA=DIR
# points elsewhere.

get_filename_component(MXDIG_PEER_DATA_DEFAULT
  "${PROJECT_SOURCE_DIR}/../shared/peer-data" ABSOLUTE)
set(MXDIG_PEER_DATA "${MXDIG_PEER_DATA_DEFAULT}" CACHE PATH
  "Directory of the peer projects' MX fixtures (tests/peer)")

# absent fixtures make the peer/* tests skipped (exit 77), not
# failed, so that the suite runs from any layout; `ctest -LE peer` leaves
# them out altogether.
if(NOT IS_DIRECTORY "${MXDIG_PEER_DATA}")
  message(STATUS "Peer fixtures not found at ${MXDIG_PEER_DATA}: "
    "the peer/* tests will be skipped (-DMXDIG_PEER_DATA=DIR).")
endif()

foreach(peer bind9 knot validns ldns nsd pdns zonemaster dnscontrol exim)
  add_test(NAME peer/${peer}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/peer/peer.sh
            $<TARGET_FILE:mxdig-cli> ${MXDIG_PEER_DATA} ${peer})
  set_tests_properties(peer/${peer} PROPERTIES TIMEOUT 60 LABELS peer
    SKIP_RETURN_CODE 77)
endforeach()
