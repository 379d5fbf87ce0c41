# Event actions, what a user does to stored events: quarantine, release, the bin (discard, restore, purge) and
# the replay jobs, with the one secret policy for re-checking and re-signing.
set(HOOKSCOPE_SOURCES
    eventactions.h eventactions.cpp
    eventusecases.h eventusecases.cpp
    replayjobs.h replayjobs.cpp
    secretpolicy.h secretpolicy.cpp)
