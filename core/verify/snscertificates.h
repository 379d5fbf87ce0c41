#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QString>

// Amazon SNS signing certificates: which SigningCertURL may be fetched at all, and a process-wide cache of the
// certificates fetched.
namespace hookscope::verify::sns {

/**
 * Why `url` may not be used as a signing certificate's address; empty when it may: https, no user information, the
 * default port, a host `sns.<region>.amazonaws.com` (or `.amazonaws.com.cn`), a path ending in `.pem`. Decided on the
 * text alone, before anything touches the network.
 */
QString certificateUrlProblem(const QString& url);

/**
 * The PEM certificate at `url`: from the cache, else fetched over HTTPS (certificate checked by TLS, no redirects
 * followed, at most 10 s and 64 KiB) on a thread of its own while the caller waits, and cached. Refuses a URL
 * certificateUrlProblem() objects to without fetching.
 */
Result<QByteArray> certificate(const QString& url);

/**
 * The GET behind certificate(), without its URL rule or cache: the PEM certificate at `url` (HTTP 200, no redirect
 * followed, at most 10 s and 64 KiB, TLS checked). Only certificate() calls it with a provider's URL.
 */
Result<QByteArray> download(const QString& url);

/** How many fetches were attempted since the process started (tests assert that a refusal made none). */
int fetchAttempts();

} // namespace hookscope::verify::sns
