#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope::email {

/** One field of an HTML form post: a value, or a file with its name and type. */
struct FormField {
    QString name;
    QByteArray value; ///< decoded bytes (transfer encoding removed)
    QString filename; ///< files only
    QString contentType; ///< lower-case; files only (or when the part declared one)
    QByteArray charset; ///< the part's declared charset, if any
    bool isFile = false;
};

/** multipart/form-data (RFC 7578), read with GMime; fails on a missing boundary or truncated body. */
Result<QList<FormField>> readMultipartForm(QByteArrayView contentType, const QByteArray& body);

/** application/x-www-form-urlencoded; fails when the body is not one. */
Result<QList<FormField>> readUrlEncodedForm(QByteArrayView body);

/** Cheap structural check for the ingest path: a boundary, and a closing delimiter at the end. */
bool looksLikeMultipartForm(QByteArrayView contentType, QByteArrayView body);
/** Cheap check: name=value pairs separated by '&', only URL-safe bytes. */
bool looksLikeUrlEncodedForm(QByteArrayView body);

/** The boundary parameter of a multipart Content-Type; empty when absent. */
QByteArray boundaryOf(QByteArrayView contentType);

} // namespace hookscope::email
