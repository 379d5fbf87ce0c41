#pragma once

// Internal: what reading a message (mimeparser.cpp), its part tree (parttree.cpp) and its addresses
// (addresses.cpp) share about the parts GMime found. Not part of core's public interface.

#include "gmimeutil.h"
#include "payload.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace hookscope::email::detail {

// What a part's header block says (mimeparts.cpp).

/** Python's get_content_type(): lower-case "type/subtype", text/plain when the declared one is not one. */
QByteArray lowerType(GMimeObject* object);
/** The first `name` header, unfolded by GMime and trimmed; empty when absent. */
QByteArray headerValue(GMimeObject* object, const char* name);
bool hasHeader(GMimeObject* object, const char* name);
/** A Content-Type parameter as GMime decoded it; empty when absent. */
QByteArray contentTypeParameter(GMimeObject* object, const char* name);
/** The raw (undecoded, folded) values of every header called `name`, each followed by a line feed. */
QByteArray rawHeaderValues(GMimeObject* object, const char* name);
/** The raw value of the first header called `name`; empty when absent. */
QByteArray firstRawHeader(GMimeObject* object, const char* name);
/** The part's file name (Content-Disposition filename, else Content-Type name), decoded and trimmed. */
QString partFilename(GMimeObject* object);
/** The Content-Id without its angle brackets; null when absent. */
QString contentIdOf(GMimeObject* object);

// Where parts are and which is the body (parttree.cpp).

/** email.message.MIMEPart._find_body: the best part for `preference` (a text subtype), depth first. */
void findBody(GMimeObject* part, QByteArrayView preference, GMimeObject*& found);

/** A part with no parts of its own, as Python's walk() reaches it. */
struct Leaf {
    GMimeObject* object = nullptr;
    GMimeObject* parent = nullptr; ///< the enclosing multipart, if any
    QString path;
};

/** A multipart whose boundary never shows is a single leaf, as in Python (its payload stays text). */
bool isContainer(GMimeObject* object);
/** Every leaf under `object`, depth first, with its IMAP-style path below `path`. */
void collectLeaves(GMimeObject* object, GMimeObject* parent, const QString& path, QList<Leaf>& out);
/** The (transfer-encoded) bytes of a leaf as they stand in the source; `ok` false when they cannot be found. */
QByteArrayView leafContent(const QByteArray& raw, const Leaf& leaf, bool& ok);

// Addresses (addresses.cpp).

/** GMime's addresses, with display names read as Python reads them when the two agree on the mailboxes. */
void appendAddresses(InternetAddressList* list, const QByteArray& rawHeader, QList<Address>& out);

} // namespace hookscope::email::detail
