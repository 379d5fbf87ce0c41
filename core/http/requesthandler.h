#pragma once

#include "delivery.h"
#include "httpresponse.h"

namespace hookscope::http {

/** Receives every request the listener framed (and every one it refused, for the record). */
class RequestHandler {
public:
    virtual ~RequestHandler() = default;
    /** Handle a complete request; call `reply` exactly once, from any thread. */
    virtual void handle(Delivery delivery, ReplyFunction reply) = 0;
    /** A request the listener refused (413, 431, 408, 400) and already answered: record it. */
    virtual void record(Delivery delivery) = 0;
    /**
     * Called on the listener's thread once it has handed over every request it read in one pass of its
     * event loop: a handler that holds requests back to pass them on together does it now.
     */
    virtual void endOfPass() { }
};

} // namespace hookscope::http
