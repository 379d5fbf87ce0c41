#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace hookscope::email::adapters {

/**
 * The members of a JSON object in order, duplicate names included (QJsonDocument keeps only the last of
 * them), with their values as text (strings as they are, anything else as compact JSON). nullopt when the
 * text is no JSON object. Read with RapidJSON, whose objects keep every member.
 */
std::optional<QList<std::pair<QString, QString>>> jsonObjectMembers(QByteArrayView json);

} // namespace hookscope::email::adapters
