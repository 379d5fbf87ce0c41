#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QString>

namespace hookscope::store {

/**
 * The file holding a store's credential key: beside the store, `<store>.credential-key`, 0600. It is kept out of
 * the store on purpose: a store file shared on its own carries keyed hashes nobody can test passwords against.
 */
QString credentialKeyPath(const QString& storePath);

/** The store's credential key (32 random bytes), made on first use. */
Result<QByteArray> credentialKey(const QString& storePath);

/** The store's credential key if it exists; fails (saying why) when it does not or cannot be read. */
Result<QByteArray> existingCredentialKey(const QString& storePath);

} // namespace hookscope::store
