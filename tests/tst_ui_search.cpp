// The real window's search field over events captured by its own listener: free text finds any part of a provider
// id or a Message-ID, `id:` takes a part of one, and an event whose signature failed (auto-quarantined on arrival)
// is found by its subject and addresses like any other.
#include "testsupport.h"
#include "testwait.h"
#include "uicapture.h"

#include "ui/capturecontrol.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"
#include "ui/tools/seeder.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_search_bar";
const QString kMimeId = u"<CAF7k2.9931@mail.example.org>"_s;

QByteArray eventJson(const QString& id, const QString& from, const QString& subject)
{
    const QJsonObject json {
        { u"id"_s, id },
        { u"from"_s, from },
        { u"to"_s, QJsonArray { u"support@yourapp.example"_s } },
        { u"subject"_s, subject },
        { u"text"_s, u"hello"_s },
    };
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_UiSearch : public QObject {
    Q_OBJECT

    test::WindowCapture m_fx { kSecret };
    std::unique_ptr<MainWindow> m_window;

    /** The events the list shows, each by its provider id (or, without one, its Message-ID), sorted. */
    QStringList listed() const
    {
        EventListModel* model = m_window->eventModel();
        QStringList ids;
        for (int row = 0; row < model->rowCount(); ++row) {
            if (const store::EventRow* e = model->eventAt(row))
                ids << (e->eventId.isEmpty() ? e->messageId : e->eventId);
        }
        ids.sort();
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.capture->start().has_value());
        const QUrl url = m_fx.url();
        QCOMPARE(
            seed::post(url, eventJson(u"evt_stale_003"_s, u"ada@example.com"_s, u"March invoice"_s), kSecret).status,
            200);
        QCOMPARE(
            seed::post(url, eventJson(u"evt_fresh_004"_s, u"grace@example.com"_s, u"Order shipped"_s), kSecret).status,
            200);
        // Signed with another secret: the signature fails (401) and the route quarantines the event on arrival.
        QCOMPARE(
            seed::post(url, eventJson(u"evt_forged_005"_s, u"Mallory <mallory@example.net>"_s, u"Quarterly refund"_s),
                "whsec_not_the_routes_secret")
                .status,
            401);
        const QByteArray mime = "From: Linus <linus@example.org>\r\nTo: support@yourapp.example\r\n"
                                "Subject: Raw hello\r\nMessage-ID: "
            + kMimeId.toUtf8() + "\r\nContent-Type: text/plain\r\n\r\nhello\r\n";
        QCOMPARE(seed::post(url, mime, kSecret, QDateTime::currentMSecsSinceEpoch(), "message/rfc822").status, 200);

        m_window = m_fx.openWindow();
        QVERIFY(m_window);
        QVERIFY(test::waitFor(
            [&] {
                return m_window->eventModel()->rowCount() == 4 && !m_window->eventModel()->isLoading()
                    && listed().contains(kMimeId);
            },
            "the four events listed"));
    }

    void typedSearchListsTheMatches_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QStringList>("expected"); // sorted
        // A part of a provider id, inside one of its words or across them.
        QTest::addRow("a word of a provider id") << u"stale"_s << QStringList { u"evt_stale_003"_s };
        QTest::addRow("across its words") << u"tale_00"_s << QStringList { u"evt_stale_003"_s };
        QTest::addRow("the same end of three ids")
            << u"_00"_s << QStringList { u"evt_forged_005"_s, u"evt_fresh_004"_s, u"evt_stale_003"_s };
        QTest::addRow("a part of a Message-ID") << u"9931@mail"_s << QStringList { kMimeId };
        // id: takes any part of the id, not only all of it.
        QTest::addRow("id: a part") << u"id:fresh"_s << QStringList { u"evt_fresh_004"_s };
        QTest::addRow("id: the beginning") << u"id:evt_st"_s << QStringList { u"evt_stale_003"_s };
        QTest::addRow("id: a part of a Message-ID") << u"id:CAF7k2"_s << QStringList { kMimeId };
        QTest::addRow("id: and a view") << u"id:_00 status:failed"_s << QStringList { u"evt_forged_005"_s };
        // The event whose signature failed, by its email.
        QTest::addRow("failed, by a subject word") << u"refund"_s << QStringList { u"evt_forged_005"_s };
        QTest::addRow("failed, subject:") << u"subject:Quarterly"_s << QStringList { u"evt_forged_005"_s };
        QTest::addRow("failed, from:") << u"from:mallory"_s << QStringList { u"evt_forged_005"_s };
        QTest::addRow("failed, by the sender's name") << u"Mallory"_s << QStringList { u"evt_forged_005"_s };
        QTest::addRow("quarantined, by subject")
            << u"is:quarantined quarterly"_s << QStringList { u"evt_forged_005"_s };
    }

    void typedSearchListsTheMatches()
    {
        QFETCH(QString, typed);
        QFETCH(QStringList, expected);
        QLineEdit* field = m_window->searchField();
        field->setFocus();
        field->clear();
        QTest::keyClicks(field, typed);
        QTest::keyClick(field, Qt::Key_Return); // applies at once
        const bool shown = test::waitFor([&] { return !m_window->eventModel()->isLoading() && listed() == expected; },
            "the search's matches listed");
        QVERIFY2(
            shown, qPrintable(u"'%1' lists %2, not %3"_s.arg(typed, listed().join(u", "_s), expected.join(u", "_s))));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_fx.capture->stop();
    }
};

QTEST_MAIN(tst_UiSearch)
#include "tst_ui_search.moc"
