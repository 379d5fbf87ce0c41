#pragma once

#include "core/http/httpheader.h"

#include <QByteArray>
#include <QList>

namespace hookscope::exporting {

/**
 * A stored request head taken apart without losing a byte: the request line's three parts and every
 * header field with the exact line it came from. Exports that must reproduce a capture read this, never
 * the store's text columns (which cannot hold bytes that are not UTF-8).
 */
struct CapturedHead {
    struct Field {
        QByteArray name;
        QByteArray value; ///< without the whitespace around it; folded lines joined with a space
        QByteArray line; ///< the field line as received, without CRLF (the first line when folded)
        bool folded = false; ///< obsolete line folding (RFC 9112 §5.2) continued it on further lines
    };

    QByteArray method;
    QByteArray target;
    QByteArray version; ///< "1.1", "1.0" (from "HTTP/1.1"); empty when the line has none
    QList<Field> fields;

    /** Splits `rawHead` (request line, field lines, blank line); lines that are no field are skipped. */
    static CapturedHead parse(const QByteArray& rawHead);
    http::HttpHeaders headers() const;
};

} // namespace hookscope::exporting
