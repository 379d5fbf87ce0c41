// The Email tab of the real window shows the message's own Date header, as written, and the provider's receive
// time as "Received" — for an event-schema payload that kept its headers and for a raw MIME body (which has no
// receive time of its own).
#include "testsupport.h"
#include "testwait.h"
#include "uicapture.h"

#include "ui/capturecontrol.h"
#include "ui/emailpane.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"
#include "ui/tools/seeder.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_email_date";

} // namespace

class tst_EmailDate : public QObject {
    Q_OBJECT

    test::WindowCapture m_fx { kSecret };
    std::unique_ptr<MainWindow> m_window;

    /** The Email tab's envelope of the event with this subject. */
    QString envelopeOf(const QString& subject)
    {
        if (!test::selectSubject(*m_window, subject))
            return {};
        m_window->detailTabs()->setCurrentWidget(m_window->emailPane());
        return m_window->emailPane()->envelope()->text();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.capture->start().has_value());

        const QJsonObject json {
            { u"id"_s, u"evt_dated"_s },
            { u"receivedAt"_s, u"2026-12-01T08:31:07Z"_s },
            { u"from"_s, u"ada@example.com"_s },
            { u"to"_s, QJsonArray { u"support@yourapp.example"_s } },
            { u"subject"_s, u"Dated"_s },
            { u"text"_s, u"hello"_s },
            { u"headers"_s, QJsonObject { { u"date"_s, u"Tue, 01 Dec 2026 09:30:00 +0100"_s } } },
        };
        QCOMPARE(seed::post(m_fx.url(), QJsonDocument(json).toJson(QJsonDocument::Compact), kSecret).status, 200);
        const QByteArray mime = "From: Grace <grace@example.com>\r\nTo: support@yourapp.example\r\n"
                                "Subject: Raw and dated\r\nDate: Wed, 02 Dec 2026 17:05:09 -0500\r\n"
                                "Message-ID: <raw-dated@example.com>\r\nContent-Type: text/plain\r\n\r\nhello\r\n";
        QCOMPARE(
            seed::post(m_fx.url(), mime, kSecret, QDateTime::currentMSecsSinceEpoch(), "message/rfc822").status, 200);

        m_window = m_fx.openWindow();
        QVERIFY(m_window);
        QVERIFY(test::waitFor(
            [&] {
                return m_window->eventModel()->rowCount() == 2 && !m_window->eventModel()->isLoading()
                    && m_window->eventModel()->index(1, EventListModel::Subject).data().toString().size() > 0
                    && m_window->eventModel()->index(0, EventListModel::Subject).data().toString().size() > 0;
            },
            "both events listed with their subjects"));
    }

    void eventJsonShowsItsDateHeaderAndWhenItWasReceived()
    {
        const QString envelope = envelopeOf(u"Dated"_s);
        QVERIFY2(envelope.contains(u"Tue, 01 Dec 2026 09:30:00 +0100"_s), qPrintable(envelope));
        QVERIFY2(
            envelope.contains(u"Received"_s) && envelope.contains(u"2026-12-01T08:31:07Z"_s), qPrintable(envelope));
        // The receive time is not called the Date.
        QVERIFY2(!envelope.contains(u"Date</td><td>2026-12-01T08:31:07Z"_s), qPrintable(envelope));
    }

    void rawMimeShowsItsDateHeader()
    {
        const QString envelope = envelopeOf(u"Raw and dated"_s);
        QVERIFY2(envelope.contains(u"Wed, 02 Dec 2026 17:05:09 -0500"_s), qPrintable(envelope));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_fx.capture->stop();
    }
};

QTEST_MAIN(tst_EmailDate)
#include "tst_ui_emaildate.moc"
