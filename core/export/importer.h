#pragma once

#include "core/common/result.h"

#include <QList>
#include <QString>

namespace hookscope::store {
class StoreWriter;
}

namespace hookscope::exporting {

/** What one imported file became. */
struct ImportResult {
    QString file;
    int requests = 0;
    QList<qint64> eventRowIds; ///< in file order, repeats when several requests joined one event
};

/**
 * Takes `.har` and `.eml` files into the store as deliveries of events (route `imported`, not
 * verified), so they show in list/show like captures and can be shared as fixtures. A HAR entry
 * becomes the request it describes; an .eml becomes a `POST /imported` of `message/rfc822`.
 * The email fields are filled in before this returns.
 *
 * All or nothing: every file is read and checked first (a HAR entry whose method, URL or headers hold CR,
 * LF or NUL is refused with the entry named, as is anything the listener's parser would not take as one
 * request head); nothing is written unless all of them are good, and then every request goes to the writer
 * in one submission, which it commits in one transaction (up to the writer's batch of 1024 requests).
 */
class Importer final {
public:
    Importer(QString databasePath, store::StoreWriter& writer);
    Result<QList<ImportResult>> importFiles(const QStringList& files);

private:
    QString m_path;
    store::StoreWriter& m_writer;
};

} // namespace hookscope::exporting
