#pragma once

// The signature vectors of the provider schemes added with the email providers (tests/data/signatures/
// provider_vectors.json, written by tests/tools/make_provider_vectors.py): the shared vectors' fields plus the
// expected reason code.

#include "signaturevectors.h"

namespace hookscope::test {

struct ProviderVector {
    SignatureVector vector;
    QString expectedReason;
};

inline QList<ProviderVector> loadProviderVectors(QString* error = nullptr)
{
    QFile file(QStringLiteral(HOOKSCOPE_TEST_DATA) + QStringLiteral("/signatures/provider_vectors.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.fileName() + QStringLiteral(": ") + file.errorString();
        return {};
    }
    QList<ProviderVector> out;
    for (const QJsonValue& value : QJsonDocument::fromJson(file.readAll()).array()) {
        const QJsonObject o = value.toObject();
        ProviderVector p;
        SignatureVector& v = p.vector;
        v.id = o.value(QStringLiteral("id")).toString();
        v.scheme = o.value(QStringLiteral("scheme")).toString();
        v.secrets << o.value(o.contains(QStringLiteral("public_key")) ? QStringLiteral("public_key")
                                                                      : QStringLiteral("secret"))
                         .toString()
                         .toUtf8();
        const QJsonObject headers = o.value(QStringLiteral("headers")).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it)
            v.headers.append({ it.key().toLatin1(), it.value().toString().toUtf8() });
        v.body = o.value(QStringLiteral("body")).toString().toUtf8();
        v.url = o.value(QStringLiteral("url")).toString();
        v.expectedValid = o.value(QStringLiteral("expected_valid")).toBool();
        p.expectedReason = o.value(QStringLiteral("expected_reason")).toString();
        out << p;
    }
    return out;
}

} // namespace hookscope::test
