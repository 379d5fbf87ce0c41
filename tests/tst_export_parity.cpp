// One export, two front ends: `hookscope export` (the real binary) and the window's Export… (MainWindow over the
// same store) are given the same request — the same events, format and destination — and must write the same
// files, with the same bytes, and the same audit entries. The table covers where the files go: an existing
// folder, a path that does not exist yet, a file name, one event and several.
#include "testsupport.h"

#include "ui/eventlistmodel.h"
#include "ui/exportdialog.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"

#include "core/store/auditlog.h"
#include "core/store/eventstore.h"

#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

const QByteArray kSecret = "whsec_export_parity";

/** Every file under `root`, by its path relative to `root`, with its bytes (MIME boundaries made comparable). */
QMap<QString, QByteArray> filesUnder(const QString& root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        QByteArray bytes = f.readAll();
        // A MIME message built from event JSON gets fresh multipart boundaries each time it is built.
        static const QRegularExpression boundary(u"boundary=\"?([^\";\\r\\n]+)\"?"_s);
        QString text = QString::fromLatin1(bytes);
        QStringList seen;
        for (auto m = boundary.globalMatch(text); m.hasNext();)
            seen << m.next().captured(1);
        for (qsizetype i = 0; i < seen.size(); ++i)
            text.replace(seen.at(i), u"BOUNDARY-%1"_s.arg(i));
        files.insert(QDir(root).relativeFilePath(path), seen.isEmpty() ? bytes : text.toLatin1());
    }
    return files;
}

/** The audit entries newer than `afterId`, oldest first, as comparable text (no ids, no times). */
QStringList auditAfter(const QString& db, qint64 afterId, qint64* lastId = nullptr)
{
    auto store = store::EventStore::open(db, true);
    if (!store)
        return { u"(cannot open the store: %1)"_s.arg(store.error()) };
    auto entries = store::AuditLog::read((*store)->database());
    if (!entries)
        return { u"(cannot read the audit log: %1)"_s.arg(entries.error()) };
    QStringList out;
    for (const store::AuditEntry& e : std::as_const(*entries)) {
        if (lastId)
            *lastId = std::max(*lastId, e.id);
        if (e.id <= afterId)
            continue;
        out.prepend(u"%1 event %2 %3"_s.arg(e.action)
                        .arg(e.eventRowId)
                        .arg(QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact))));
    }
    return out;
}

/** A sample event carrying two attachments (one name twice, so the later one is numbered). */
QByteArray eventWithAttachments(const QString& id)
{
    QJsonObject event = QJsonDocument::fromJson(test::sampleEvent(id, u"Subject "_s + id)).object();
    QJsonArray attachments;
    for (const QByteArray& data : { QByteArray("%PDF-1.4 one"), QByteArray("%PDF-1.4 two") }) {
        attachments.append(
            QJsonObject { { u"filename"_s, u"invoice.pdf"_s }, { u"contentType"_s, u"application/pdf"_s },
                { u"size"_s, int(data.size()) }, { u"dataBase64"_s, QString::fromLatin1(data.toBase64()) } });
    }
    event.insert(u"attachments"_s, attachments);
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

qint64 lastAuditId(const QString& db)
{
    qint64 id = 0;
    auditAfter(db, std::numeric_limits<qint64>::max(), &id);
    return id;
}

} // namespace

class tst_ExportParity : public QObject {
    Q_OBJECT

    test::ServeProcess m_serve;
    std::unique_ptr<ui::StoreReader> m_reader;
    std::unique_ptr<ui::MainWindow> m_window;
    QList<qint64> m_ids; ///< the two events, in the list's order

    /** Selects the first `count` events of the list; their ids, in list order. */
    QList<qint64> select(int count)
    {
        ui::EventListModel* model = m_window->eventModel();
        if (!test::waitFor([&] { return !model->isLoading() && model->rowCount() == 2; }, "the two events listed"))
            return {};
        QTableView* view = m_window->eventView();
        view->clearSelection();
        for (int row = 0; row < count; ++row)
            view->selectionModel()->select(
                model->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QList<qint64> ids;
        for (const store::EventRow& e : m_window->selectedEvents())
            ids << e.id;
        return ids;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_serve.start({ u"--secret"_s, QString::fromLatin1(kSecret) }, false), m_serve.log().constData());
        for (const QString& id : { u"evt_parity_a"_s, u"evt_parity_b"_s })
            QCOMPARE(test::sendSigned(m_serve.url(), eventWithAttachments(id), kSecret).status, 200);
        m_serve.stop();
        m_reader = std::make_unique<ui::StoreReader>(m_serve.dbPath());
        m_window = std::make_unique<ui::MainWindow>(*m_reader, nullptr);
        m_window->resize(1200, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanupTestCase() { m_window.reset(); }

    void sameFilesAndAuditBothWays_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("events");
        QTest::addColumn<QString>("destination"); ///< relative to a fresh folder
        QTest::addColumn<bool>("existingFolder"); ///< the destination is made as an empty folder first
        QTest::addColumn<bool>("attachments"); ///< the attachments are saved too (into "files")

        QTest::newRow("eml, two, existing empty folder") << u"eml"_s << 2 << u"out"_s << true << false;
        QTest::newRow("eml, two, new path") << u"eml"_s << 2 << u"out"_s << false << false;
        QTest::newRow("har, two, .har file name") << u"har"_s << 2 << u"capture.har"_s << false << false;
        QTest::newRow("har, two, existing folder") << u"har"_s << 2 << u"out"_s << true << false;
        QTest::newRow("har, one, existing folder") << u"har"_s << 1 << u"out"_s << true << false;
        QTest::newRow("json, one, existing folder") << u"json"_s << 1 << u"out"_s << true << false;
        QTest::newRow("json, one, file name") << u"json"_s << 1 << u"event.json"_s << false << false;
        QTest::newRow("raw, two, new path") << u"raw"_s << 2 << u"requests"_s << false << false;
        QTest::newRow("json, two, new path, attachments") << u"json"_s << 2 << u"out"_s << false << true;
        QTest::newRow("eml, one, file name, attachments") << u"eml"_s << 1 << u"mail.eml"_s << false << true;
        QTest::newRow("curl, one, existing folder") << u"curl"_s << 1 << u"scripts"_s << true << false;
        // A folder typed with its trailing slash names files without a doubled one ("out//11.har").
        QTest::newRow("har, one, existing folder/") << u"har"_s << 1 << u"out/"_s << true << false;
        QTest::newRow("json, two, new path/, attachments/") << u"json"_s << 2 << u"out/"_s << false << true;
    }
    void sameFilesAndAuditBothWays()
    {
        QFETCH(QString, format);
        QFETCH(int, events);
        QFETCH(QString, destination);
        QFETCH(bool, existingFolder);
        QFETCH(bool, attachments);
        const QList<qint64> ids = select(events);
        QCOMPARE(ids.size(), events);
        const QString db = m_serve.dbPath();

        QTemporaryDir root;
        const QString out = root.filePath(destination);
        const QString files
            = attachments ? root.filePath(destination.endsWith(u'/') ? u"files/"_s : u"files"_s) : QString();
        const auto prepare = [&] {
            QDir(root.path()).removeRecursively();
            QDir().mkpath(root.path());
            if (existingFolder)
                QDir().mkpath(out);
        };

        // The command line.
        prepare();
        qint64 before = lastAuditId(db);
        QStringList args { u"export"_s };
        for (qint64 id : ids)
            args << QString::number(id);
        args << u"--format"_s << format << u"--out"_s << out << u"--redact-auth"_s << u"--db"_s << db;
        if (attachments)
            args << u"--attachments"_s << files;
        const test::CliResult cli = test::runCli(args, m_serve.env());
        QVERIFY2(cli.exitCode == 0,
            qPrintable(u"hookscope export exited %1: %2"_s.arg(cli.exitCode).arg(QString::fromUtf8(cli.err))));
        const QMap<QString, QByteArray> cliFiles = filesUnder(root.path());
        QVERIFY2(!cli.out.contains("//"), cli.out.constData());
        const QStringList cliAudit = auditAfter(db, before);

        // The window, the same request.
        prepare();
        before = lastAuditId(db);
        QSignalSpy finished(m_window.get(), &ui::MainWindow::exportFinished);
        m_window->exportSelected(format, out, true, files);
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the window's export to finish"));
        QCOMPARE(finished.first().at(1).toString(), QString());
        const QMap<QString, QByteArray> windowFiles = filesUnder(root.path());
        const QStringList windowAudit = auditAfter(db, before);
        QStringList reported = finished.first().first().toStringList();
        for (const QString& file : std::as_const(reported))
            QVERIFY2(!file.contains(u"//"_s), qPrintable(file));
        QVERIFY2(!m_window->statusBar()->currentMessage().contains(u"//"_s),
            qPrintable(m_window->statusBar()->currentMessage()));
        for (QString& file : reported)
            file = QDir(root.path()).relativeFilePath(file);

        QVERIFY(!cliFiles.isEmpty());
        if (attachments) // two attachments per event, the second one numbered
            QVERIFY2(cliFiles.contains(
                         events == 1 ? u"files/invoice (2).pdf"_s : u"files/%1/invoice (2).pdf"_s.arg(ids.first())),
                qPrintable(cliFiles.keys().join(u", "_s)));
        QCOMPARE(windowFiles.keys(), cliFiles.keys());
        for (auto it = cliFiles.cbegin(); it != cliFiles.cend(); ++it)
            QVERIFY2(windowFiles.value(it.key()) == it.value(), qPrintable(u"%1 differs"_s.arg(it.key())));
        QStringList exported = windowFiles.keys(); // the files reported: the export's, not the attachments
        exported.removeIf([](const QString& file) { return file.startsWith(u"files/"_s); });
        QCOMPARE(reported.size(), exported.size());
        for (const QString& file : std::as_const(reported))
            QVERIFY2(windowFiles.contains(file), qPrintable(file));
        QCOMPARE(cliAudit.size(), events);
        QCOMPARE(windowAudit, cliAudit);
    }

    /** The Export… dialog offers what `export --attachments DIR` does. */
    void dialogSavesAttachments()
    {
        QCOMPARE(select(1).size(), 1);
        QTemporaryDir root;
        bool filled = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<ui::ExportDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->setFormat(u"json"_s);
            dialog->setPath(root.filePath(u"event.json"_s));
            dialog->setAttachmentsFolder(root.filePath(u"files"_s));
            filled = true;
            dialog->accept();
        });
        QSignalSpy finished(m_window.get(), &ui::MainWindow::exportFinished);
        m_window->exportAction()->trigger();
        QVERIFY(filled);
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the window's export to finish"));
        QCOMPARE(finished.first().at(1).toString(), QString());
        const QMap<QString, QByteArray> files = filesUnder(root.path());
        QCOMPARE(files.keys(), (QStringList { u"event.json"_s, u"files/invoice (2).pdf"_s, u"files/invoice.pdf"_s }));
        QCOMPARE(files.value(u"files/invoice.pdf"_s), QByteArray("%PDF-1.4 one"));
        QCOMPARE(files.value(u"files/invoice (2).pdf"_s), QByteArray("%PDF-1.4 two"));
    }
};

QTEST_MAIN(tst_ExportParity)
#include "tst_export_parity.moc"
