#pragma once

#include "capturedrequest.h"
#include "outgoingrequest.h"
#include "replayspec.h"

#include "core/common/result.h"

#include <optional>

namespace hookscope::replay {

/**
 * Turns a captured request into the request to send to `to`, per `spec`:
 * - as captured: captured method, path and query (unless `to` has a path of its own; an absolute-form
 *   target is reduced to its path and query, see originFormTarget; `*` stays), end-to-end
 *   headers in order with repeats, body; hop-by-hop headers dropped, `Host` and `Content-Length`
 *   recomputed in place; nothing added.
 * - re-signed: the scheme's sign() sets a fresh timestamp and signature (over `to` for Twilio, inside
 *   the body for Mailgun); an error says why the scheme cannot sign.
 * - edited: spec.headers/body/method replace the captured ones first, then signing applies.
 * - negative: signed with a wrong secret, an hour-old timestamp, or with the signature removed.
 */
Result<OutgoingRequest> buildRequest(
    const CapturedRequest& captured, const QUrl& to, const ReplaySpec& spec, qint64 nowMs);

/** Whether a header is hop-by-hop (never forwarded as is): RFC 9110 §7.6.1 plus the legacy ones. */
bool isHopByHop(QByteArrayView name);

/** The Host header value for a URL: host, plus the port when it is not the scheme's default. */
QByteArray hostHeader(const QUrl& url);

/**
 * The origin (`http[s]://host[:port]`, no path) a captured `Host` value names, built with QUrl from its
 * validated parts; nullopt when the value is anything but host[:port]: user info (`user@host`), a path, query
 * or fragment, spaces, several ports, a non-ASCII or percent-encoded name, a port outside 1-65535. The sender
 * chose these bytes, so nothing else is trusted to pick where a replay, a cURL command or a HAR URL points.
 */
std::optional<QUrl> originFromHost(QByteArrayView host, bool tls);

/**
 * The path and query of a request target, so that the target can never choose the host: origin-form
 * (`/path?query`) as is, absolute-form (`http://other/path?q`) reduced to `/path?q`, anything else
 * (`*`, authority-form) to `/`. Bytes are kept as they are.
 */
QByteArray originFormTarget(QByteArrayView target);

} // namespace hookscope::replay
