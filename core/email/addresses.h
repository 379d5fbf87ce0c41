#pragma once

#include "payload.h"

#include <QByteArray>
#include <QList>

namespace hookscope::email {

/** An address list header value ("Ana <ana@example.org>, bob@example.com", RFC 2047 names) as addresses. */
QList<Address> parseAddresses(const QByteArray& value);

} // namespace hookscope::email
