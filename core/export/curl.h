#pragma once

#include "eventbundle.h"

#include "core/common/result.h"

#include <QUrl>

namespace hookscope::exporting {

/**
 * The server a cURL export sends to instead of the captured Host (`export --to`): an http:// or https://
 * URL naming scheme, host and port only. A path, query, fragment or user info is refused, since the
 * request target is always the captured one.
 */
Result<QUrl> curlDestination(const QString& url);

/**
 * A bash script that sends the primary delivery again with curl, byte for byte wherever curl can: method,
 * target and version as captured (`-X`, `--request-target`), every header line verbatim and in order, the
 * exact body (`--data-raw` for short printable text, else standard input from a quoted here-doc, base64 when
 * the body is not plain text: never `@file`, never an argument too long for the kernel). Every argument is
 * quoted for bash (`'…'`, or `$'…'` with `\xNN` for bytes that are not printable ASCII), so nothing in a
 * capture can run as a command. The script's comment lists what curl cannot reproduce for this request.
 *
 * It goes to the captured Host when that is a host[:port], else to the listener that captured it; `to`
 * (from curlDestination) overrides both and the Host header then names `to`.
 *
 * The one renderer of `export --format curl` and the window's Copy as cURL. Always valid UTF-8.
 */
QByteArray toCurl(const EventBundle& bundle, const ExportOptions& options, const QUrl& to = {});

} // namespace hookscope::exporting
