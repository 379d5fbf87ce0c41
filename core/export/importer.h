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
    int requests = 0;
    QList<qint64> eventRowIds; ///< in file order, repeats when several requests joined one event
};

/**
 * Takes `.har` and `.eml` files into the store as deliveries of events (route `imported`, not
 * verified), so they show in list/show like captures and can be shared as fixtures. A HAR entry
 * becomes the request it describes; an .eml becomes a `POST /imported` of `message/rfc822`.
 * The email fields are filled in before this returns.
 */
class Importer final {
public:
    Importer(QString databasePath, store::StoreWriter& writer);
    Result<ImportResult> importFile(const QString& file);

private:
    QString m_path;
    store::StoreWriter& m_writer;
};

} // namespace hookscope::exporting
