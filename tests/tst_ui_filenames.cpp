#include "ui/attachmentspane.h"
#include "ui/filenames.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

class tst_FileNames : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sanitizes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::addRow("plain") << u"invoice.pdf"_s << u"invoice.pdf"_s;
        QTest::addRow("unix path") << u"../../etc/passwd"_s << u"_._etc_passwd"_s;
        QTest::addRow("windows path") << u"..\\..\\boot.ini"_s << u"_._boot.ini"_s;
        QTest::addRow("absolute") << u"/tmp/x.sh"_s << u"_tmp_x.sh"_s;
        QTest::addRow("dot dot only") << u".."_s << u"attachment"_s;
        QTest::addRow("hidden") << u".bashrc"_s << u"bashrc"_s;
        QTest::addRow("control chars") << u"a\nb\tc\u0007.txt"_s << u"a_b_c_.txt"_s;
        QTest::addRow("bidi override") << u"photo\u202Egpj.exe"_s << u"photo_gpj.exe"_s;
        QTest::addRow("empty") << QString() << u"attachment"_s;
        QTest::addRow("reserved chars") << u"a:b*c?.txt"_s << u"a_b_c_.txt"_s;
        QTest::addRow("unicode kept") << u"résumé 履歴書.pdf"_s << u"résumé 履歴書.pdf"_s;
        QTest::addRow("trailing dots") << u"report.pdf..."_s << u"report.pdf"_s;
    }
    void sanitizes()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        const QString safe = sanitizeFileName(name);
        QCOMPARE(safe, expected);
        QVERIFY(!safe.contains(u'/'));
        QVERIFY(!safe.contains(u'\\'));
        QVERIFY(!safe.contains(u".."_s));
    }

    void longNamesKeepTheirExtension()
    {
        const QString safe = sanitizeFileName(QString(400, u'x') + u".pdf"_s);
        QVERIFY(safe.toUtf8().size() <= 200);
        QVERIFY(safe.endsWith(u".pdf"_s));
    }

    void neverOverwrites()
    {
        QTemporaryDir dir;
        QFile existing(dir.filePath(u"invoice.pdf"_s));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("original");
        existing.close();
        QCOMPARE(QFileInfo(uniqueFilePath(dir.path(), u"invoice.pdf"_s)).fileName(), u"invoice (2).pdf"_s);
        QFile second(dir.filePath(u"invoice (2).pdf"_s));
        QVERIFY(second.open(QIODevice::WriteOnly));
        second.close();
        QCOMPARE(QFileInfo(uniqueFilePath(dir.path(), u"invoice.pdf"_s)).fileName(), u"invoice (3).pdf"_s);
        QCOMPARE(QFileInfo(uniqueFilePath(dir.path(), u"../invoice.pdf"_s)).dir().absolutePath(),
            QDir(dir.path()).absolutePath());
    }

    void paneSavesUnderASafeNameBesideExistingFiles()
    {
        QTemporaryDir dir;
        QFile existing(dir.filePath(u"_._evil.sh"_s));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me");
        existing.close();
        AttachmentsPane pane;
        EventDetails d;
        d.found = true;
        email::EmailMessage m;
        email::Attachment a;
        a.filename = u"../../evil.sh"_s;
        a.contentType = u"application/x-sh"_s;
        a.data = "echo pwned";
        m.attachments << a;
        d.email = m;
        pane.setDetails(d);
        QCOMPARE(pane.list()->topLevelItemCount(), 1);
        const QString path = pane.saveTo(0, dir.path());
        QCOMPARE(QFileInfo(path).fileName(), u"_._evil (2).sh"_s);
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), QByteArray("echo pwned"));
        QFile kept(existing.fileName());
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("keep me"));
    }
};

QTEST_MAIN(tst_FileNames)
#include "tst_ui_filenames.moc"
