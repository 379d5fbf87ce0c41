#pragma once

// The window's listener on a free port over a fresh store, with the window's reader: what a window test starts from.

#include "testsupport.h"

#include "core/email/sampleevent.h"
#include "ui/capturecontrol.h"
#include "ui/storereader.h"

#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace hookscope::test {

/** A plain email in the guide's event schema: from ada@example.org, `subject`, a one-line text body. */
inline QByteArray plainEvent(const QString& id, const QString& subject)
{
    email::SampleEmail m;
    m.id = id;
    m.subject = subject;
    m.fromAddress = QStringLiteral("ada@example.org");
    m.text = QStringLiteral("body of ") + id;
    return m.toJson();
}

struct WindowCapture {
    QTemporaryDir home;
    ingest::CaptureSettings settings;
    std::unique_ptr<ui::CaptureControl> capture;
    std::unique_ptr<ui::StoreReader> reader;

    /** The default route verifies with `secret`; HTTPS is off. Call capture->start() to listen. */
    explicit WindowCapture(const QByteArray& secret, quint16 httpPort = freePort())
    {
        settings.databasePath = home.filePath(QStringLiteral("events.db"));
        settings.listener.httpPort = httpPort;
        settings.listener.httpsPort = 0;
        config::Route route;
        route.secrets << secret;
        settings.routes << route;
        capture = std::make_unique<ui::CaptureControl>(settings, QString());
        reader = std::make_unique<ui::StoreReader>(settings.databasePath);
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/webhooks/email").arg(settings.listener.httpPort));
    }
};

} // namespace hookscope::test
