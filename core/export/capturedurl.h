#pragma once

#include <QByteArray>
#include <QUrl>

namespace hookscope::store {
struct DeliveryRow;
}

namespace hookscope::exporting {

/** Where a delivery was sent, as far as its bytes can be trusted to say. */
struct CapturedOrigin {
    QUrl origin; ///< scheme://host[:port], no path
    bool fromHost = false; ///< the captured Host named it; false: the listener's own address stands in
};

/**
 * The origin of a delivery: its captured Host when that is a host[:port] (replay::originFromHost), https
 * when it came over TLS; else (no Host, user info, a path, a query, …) the listener that captured it,
 * `127.0.0.1:<local port>`. The request target never takes part.
 */
CapturedOrigin deliveryOrigin(const store::DeliveryRow& delivery);

/**
 * `origin` with the path and query of `target` (absolute-form reduced to them, replay::originFormTarget),
 * built with QUrl from percent-encoded parts: bytes a URL cannot carry as they are (not UTF-8, controls,
 * spaces, `#`, `[`, …) become %XX, existing %XX stay, dot segments are kept.
 */
QUrl urlWithTarget(const QUrl& origin, QByteArrayView target);

/** The URL a delivery was sent to: deliveryOrigin() with the captured target (urlWithTarget), fully encoded. */
QString deliveryUrl(const store::DeliveryRow& delivery);

} // namespace hookscope::exporting
