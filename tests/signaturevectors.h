#pragma once

// The shared signature vectors (../shared/testdata/signatures/vectors.json), read at run time.

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace hookscope::test {

struct SignatureVector {
    QString id;
    QString scheme;
    QList<QByteArray> secrets;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString url;
    std::optional<qint64> nowMs;
    std::optional<qint64> toleranceMs;
    bool expectedValid = false;
};

inline QList<SignatureVector> loadSignatureVectors(QString* error = nullptr)
{
    QFile file(QStringLiteral(HOOKSCOPE_SHARED_DIR) + QStringLiteral("/testdata/signatures/vectors.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.fileName() + QStringLiteral(": ") + file.errorString();
        return {};
    }
    QList<SignatureVector> out;
    const QJsonArray all = QJsonDocument::fromJson(file.readAll()).array();
    for (const QJsonValue& value : all) {
        const QJsonObject o = value.toObject();
        SignatureVector v;
        v.id = o.value(QStringLiteral("id")).toString();
        v.scheme = o.value(QStringLiteral("scheme")).toString();
        // SendGrid verifies with the public key; a Shopify rotation fallback is a second secret.
        if (o.value(QStringLiteral("public_key")).isString())
            v.secrets << o.value(QStringLiteral("public_key")).toString().toUtf8();
        else if (o.value(QStringLiteral("secret")).isString())
            v.secrets << o.value(QStringLiteral("secret")).toString().toUtf8();
        if (o.value(QStringLiteral("secret_fallback")).isString())
            v.secrets << o.value(QStringLiteral("secret_fallback")).toString().toUtf8();
        const QJsonObject headers = o.value(QStringLiteral("headers")).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it)
            v.headers.append({ it.key().toLatin1(), it.value().toString().toUtf8() });
        if (o.value(QStringLiteral("body")).isString())
            v.body = o.value(QStringLiteral("body")).toString().toUtf8();
        else
            v.body = QByteArray::fromBase64(o.value(QStringLiteral("body_base64")).toString().toLatin1());
        v.url = o.value(QStringLiteral("url")).toString();
        if (o.value(QStringLiteral("now_ms")).isDouble())
            v.nowMs = qint64(o.value(QStringLiteral("now_ms")).toDouble());
        else if (o.value(QStringLiteral("now")).isDouble())
            v.nowMs = qint64(o.value(QStringLiteral("now")).toDouble()) * 1000; // the vectors give seconds
        if (o.value(QStringLiteral("tolerance_ms")).isDouble())
            v.toleranceMs = qint64(o.value(QStringLiteral("tolerance_ms")).toDouble());
        else if (o.value(QStringLiteral("tolerance_seconds")).isDouble())
            v.toleranceMs = qint64(o.value(QStringLiteral("tolerance_seconds")).toDouble() * 1000);
        v.expectedValid = o.value(QStringLiteral("expected_valid")).toBool();
        out << v;
    }
    return out;
}

} // namespace hookscope::test
