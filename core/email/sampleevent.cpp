#include "sampleevent.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace hookscope::email {

namespace {

/** An image carried as a resource (rendered once: the command line draws nothing). */
QByteArray sampleImage(const QString& name)
{
    QFile f(u":/sample/"_s + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

QByteArray SampleEmail::toJson() const
{
    QJsonArray files;
    for (const auto& a : attachments) {
        QJsonObject o { { u"filename"_s, a.filename }, { u"contentType"_s, a.contentType },
            { u"size"_s, double(a.data.size()) }, { u"dataBase64"_s, QString::fromLatin1(a.data.toBase64()) } };
        if (!a.contentId.isEmpty())
            o.insert(u"contentId"_s, a.contentId);
        files.append(o);
    }
    const QDateTime at = receivedAt.isValid() ? receivedAt : QDateTime::currentDateTimeUtc();
    const QJsonObject o {
        { u"id"_s, id },
        { u"messageId"_s, u"<%1@mail.customer.example>"_s.arg(id) },
        { u"receivedAt"_s, at.toUTC().toString(Qt::ISODate) },
        { u"from"_s, QJsonObject { { u"address"_s, fromAddress }, { u"name"_s, fromName } } },
        { u"to"_s, QJsonArray { QJsonObject { { u"address"_s, toAddress }, { u"name"_s, u"Support"_s } } } },
        { u"cc"_s, QJsonArray {} },
        { u"subject"_s, subject },
        { u"text"_s, text },
        { u"html"_s, html },
        { u"attachments"_s, files },
        { u"headers"_s,
            QJsonObject { { u"content-type"_s, u"multipart/related"_s }, { u"x-mailer"_s, u"Example Mail 4.2"_s },
                { u"dkim-signature"_s, u"v=1; a=rsa-sha256; d=customer.example; s=mail"_s } } },
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString newSampleEventId()
{
    return u"evt_sample_"_s + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

SampleEmail sampleEmail(const QString& id)
{
    SampleEmail m;
    m.id = id;
    m.text = u"Hi team,\n\nI was charged twice for invoice #1042 (see the attached screenshot of my card "
             u"statement). Could you refund the second charge?\n\nThanks,\nAda"_s;
    m.html = uR"(<!DOCTYPE html><html><head><style>
body{font-family:Helvetica,Arial,sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
.card{max-width:560px;margin:16px auto;background:#fff;border:1px solid #d0d7de;border-radius:8px}
.head{background:#0b5cad;color:#fff;padding:14px 20px;border-radius:8px 8px 0 0}
.body{padding:8px 20px 16px 20px;line-height:1.5}
table.items{border-collapse:collapse;width:100%}
table.items td{border-bottom:1px solid #eaeef2;padding:6px 4px}
</style></head><body><div class="card">
<div class="head"><img src="cid:logo" width="120" height="32" alt="Customer Co"></div>
<div class="body"><p>Hi team,</p>
<p>I was charged <b>twice</b> for invoice <b>#1042</b>. The statement is attached; the duplicate line is below.</p>
<table class="items"><tr><td>2026-04-02</td><td>Pro plan (monthly)</td><td align="right">$49.00</td></tr>
<tr><td>2026-04-02</td><td style="color:#c01c28">Pro plan (monthly) — duplicate</td><td align="right" style="color:#c01c28">$49.00</td></tr></table>
<p><img src="cid:statement" width="240" alt="statement"></p>
<p>Could you refund the second charge?</p><p>Thanks,<br>Ada</p>
<p style="font-size:12px;color:#656d76"><img src="https://tracker.example/open.gif?u=ada" width="1" height="1" alt="">
Sent from Example Mail</p></div></div></body></html>)"_s;
    m.attachments = {
        { u"logo.png"_s, u"image/png"_s, u"logo"_s, sampleImage(u"logo.png"_s) },
        { u"statement.png"_s, u"image/png"_s, u"statement"_s, sampleImage(u"statement.png"_s) },
        { u"invoice-1042.pdf"_s, u"application/pdf"_s, QString(),
            QByteArray("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n") },
        { u"notes.txt"_s, u"text/plain"_s, QString(),
            QByteArray("Order: 1042\nCard: **** 4242\nCharged: 2026-04-02 09:14 and 09:15 UTC\n") },
    };
    return m;
}

} // namespace hookscope::email
