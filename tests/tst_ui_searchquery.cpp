#include "uistore.h"

#include "ui/searchquery.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

class tst_SearchQuery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("search");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("route");
        QTest::addColumn<QStringList>("fields"); // "field=value"
        QTest::addColumn<int>("problems");
        QTest::addRow("free text") << u"invoice refund"_s << u"invoice refund"_s << QString() << QString()
                                   << QStringList() << 0;
        QTest::addRow("fields") << u"from:ada subject:invoice"_s << QString() << QString() << QString()
                                << QStringList { u"from=ada"_s, u"subject=invoice"_s } << 0;
        QTest::addRow("quoted value") << u"subject:\"billed twice\" refund"_s << u"refund"_s << QString() << QString()
                                      << QStringList { u"subject=billed twice"_s } << 0;
        QTest::addRow("status synonyms") << u"status:invalid"_s << QString() << u"failed"_s << QString()
                                         << QStringList() << 0;
        QTest::addRow("is: alias") << u"is:quarantined"_s << QString() << u"quarantined"_s << QString() << QStringList()
                                   << 0;
        QTest::addRow("bad status") << u"status:bogus"_s << QString() << QString() << QString() << QStringList() << 1;
        QTest::addRow("has attachment") << u"has:attachments"_s << QString() << QString() << QString()
                                        << QStringList { u"has=attachment"_s } << 0;
        QTest::addRow("has other") << u"has:pony"_s << QString() << QString() << QString() << QStringList() << 1;
        QTest::addRow("route") << u"route:billing to:support@app"_s << QString() << QString() << u"billing"_s
                               << QStringList { u"to=support@app"_s } << 0;
        QTest::addRow("url stays text") << u"https://example.com/x"_s << u"https://example.com/x"_s << QString()
                                        << QString() << QStringList() << 0;
        QTest::addRow("unknown field stays text")
            << u"color:red"_s << u"color:red"_s << QString() << QString() << QStringList() << 0;
        QTest::addRow("id scheme path") << u"id:evt_1 scheme:mailparse path:/hooks"_s << QString() << QString()
                                        << QString()
                                        << QStringList { u"id=evt_1"_s, u"scheme=mailparse"_s, u"path=/hooks"_s } << 0;
        QTest::addRow("code") << u"code:401 code:4XX"_s << QString() << QString() << QString()
                              << QStringList { u"code=401"_s, u"code=4xx"_s } << 0;
        QTest::addRow("bad codes") << u"code:99 code:4x code:600 code:abc"_s << QString() << QString() << QString()
                                   << QStringList() << 4;
    }

    void quickFiltersRewriteOnlyTheirTerm_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::addRow("added") << u"invoice"_s << u"code"_s << u"4xx"_s << u"invoice code:4xx"_s;
        QTest::addRow("replaced") << u"code:200 invoice CODE:500"_s << u"code"_s << u"401"_s << u"invoice code:401"_s;
        QTest::addRow("removed") << u"scheme:stripe from:ada"_s << u"scheme"_s << QString() << u"from:ada"_s;
        QTest::addRow("quotes kept") << u"subject:\"a b\" \"two words\" code:5xx"_s << u"code"_s << QString()
                                     << u"subject:\"a b\" \"two words\""_s;
        QTest::addRow("other fields untouched")
            << u"schemes:x scheme:svix"_s << u"scheme"_s << u"stripe"_s << u"schemes:x scheme:stripe"_s;
        QTest::addRow("empty") << QString() << u"code"_s << QString() << QString();
    }
    void quickFiltersRewriteOnlyTheirTerm()
    {
        QFETCH(QString, text);
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        const QString result = withFilter(text, field, value);
        QCOMPARE(result, expected);
        QCOMPARE(filterValue(result, field), value);
        // What the rest said is still said.
        QCOMPARE(parseSearch(result).query.search, parseSearch(text).query.search);
    }
    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QString, search);
        QFETCH(QString, status);
        QFETCH(QString, route);
        QFETCH(QStringList, fields);
        QFETCH(int, problems);
        const ParsedSearch p = parseSearch(text);
        QCOMPARE(p.query.search, search);
        QCOMPARE(p.query.status, status);
        QCOMPARE(p.query.route, route);
        QStringList got;
        for (const auto& f : p.query.fields)
            got << f.field + u'=' + f.value;
        QCOMPARE(got, fields);
        QCOMPARE(p.problems.size(), problems);
    }

    void keepsTheViewsStatusUnlessTold()
    {
        store::EventQuery base;
        base.status = u"verified"_s;
        base.orderBy = u"size"_s;
        QCOMPARE(parseSearch(u"from:ada"_s, base).query.status, u"verified"_s);
        QCOMPARE(parseSearch(u"from:ada"_s, base).query.orderBy, u"size"_s);
        QCOMPARE(parseSearch(u"status:failed"_s, base).query.status, u"failed"_s);
    }

    void filtersInTheStore_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected");
        // 300 events (tests/uistore.h): from senderN@ with N = i % 13, to toK@ with K = i % 3,
        // attachments i % 4, path /hooks/(i % 4), subject "Subject i".
        QTest::addRow("from") << u"from:sender12@"_s << qint64(23);
        QTest::addRow("from by name") << u"from:\"Sender 12\""_s << qint64(23);
        QTest::addRow("to") << u"to:to0@"_s << qint64(100);
        QTest::addRow("subject") << u"subject:\"Subject 29\""_s << qint64(11); // 29 and 290..299
        QTest::addRow("has attachment") << u"has:attachment"_s << qint64(225);
        QTest::addRow("path") << u"path:/hooks/3"_s << qint64(75);
        QTest::addRow("id by store id") << u"id:42"_s << qint64(1);
        QTest::addRow("id by provider id") << u"id:evt_123"_s << qint64(1);
        QTest::addRow("id by message id") << u"id:m77@x"_s << qint64(1);
        QTest::addRow("scheme") << u"scheme:mailparse"_s << qint64(300);
        QTest::addRow("scheme none") << u"scheme:stripe"_s << qint64(0);
        QTest::addRow("combined") << u"has:attachment status:verified path:/hooks/1"_s << qint64(25);
        QTest::addRow("free text") << u"sender3@"_s << qint64(23);
        // Deliveries answered 401 for i % 4 == 0, 500 for i % 4 == 1, else 200 (below).
        QTest::addRow("code exact") << u"code:401"_s << qint64(75);
        QTest::addRow("code class") << u"code:5xx"_s << qint64(75);
        QTest::addRow("code 2xx") << u"code:2xx"_s << qint64(150);
        QTest::addRow("code none") << u"code:404"_s << qint64(0);
        QTest::addRow("code and status") << u"code:4xx status:verified"_s << qint64(25);
    }
    void filtersInTheStore()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        test::UiStore s;
        s.addEvents(1, 300);
        s.exec(u"INSERT INTO deliveries (event_id, seq, received_us, raw_head, status_code) SELECT id, 1, received_us, "
               u"X'', CASE id % 4 WHEN 0 THEN 401 WHEN 1 THEN 500 ELSE 200 END FROM events"_s);
        const ParsedSearch p = parseSearch(text);
        QVERIFY(p.problems.isEmpty());
        auto n = s.store().count(p.query);
        QVERIFY2(n.has_value(), n ? "" : qPrintable(n.error()));
        QCOMPARE(*n, expected);
        auto rows = s.store().list(p.query);
        QVERIFY(rows.has_value());
    }
};

QTEST_MAIN(tst_SearchQuery)
#include "tst_ui_searchquery.moc"
