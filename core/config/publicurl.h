#pragma once

#include "route.h"

#include "core/http/delivery.h"

namespace hookscope::config {

/**
 * The URL a provider signed for this delivery (Twilio, `{url}` templates): the route's public URL (the tunnel's
 * https:// address) with the request's path and query, X-Forwarded-Proto/-Host when the route trusts them, else
 * what the listener saw (Host header).
 */
QString signedUrl(const Route& route, const http::Delivery& delivery);

} // namespace hookscope::config
