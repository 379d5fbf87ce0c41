#include "jsonmembers.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace hookscope::email::adapters {

std::optional<QList<std::pair<QString, QString>>> jsonObjectMembers(QByteArrayView json)
{
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(json.data(), size_t(json.size()));
    if (doc.HasParseError() || !doc.IsObject())
        return std::nullopt;
    QList<std::pair<QString, QString>> members;
    for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
        const QString name = QString::fromUtf8(it->name.GetString(), qsizetype(it->name.GetStringLength()));
        if (it->value.IsString()) {
            members.append({ name, QString::fromUtf8(it->value.GetString(), qsizetype(it->value.GetStringLength())) });
            continue;
        }
        rapidjson::StringBuffer text;
        rapidjson::Writer<rapidjson::StringBuffer> writer(text);
        it->value.Accept(writer);
        members.append({ name, QString::fromUtf8(text.GetString(), qsizetype(text.GetSize())) });
    }
    return members;
}

} // namespace hookscope::email::adapters
