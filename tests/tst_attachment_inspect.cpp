// Attachment safety without clamd: libmagic's type against the declared one and the name, and each risky-content
// rule, on fixtures made here (scanfixtures.h).
#include "scanfixtures.h"

#include "core/scan/clamdclient.h"
#include "core/scan/inspection.h"
#include "core/scan/scansettings.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

class TestAttachmentInspect : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void flags_data();
    void flags();
    void detectedTypes_data();
    void detectedTypes();
    void reasonsNameWhatWasFound();
    void clamdAddresses_data();
    void clamdAddresses();
    void policyFromConfiguration();
};

namespace {

QStringList ids(const scan::Inspection& i)
{
    QStringList out;
    for (const auto& f : i.flags)
        out << f.id;
    out.sort();
    return out;
}

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

} // namespace

void TestAttachmentInspect::flags_data()
{
    QTest::addColumn<QString>("filename");
    QTest::addColumn<QString>("declared");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QStringList>("expected");

    const QByteArray text = "Meeting notes\nnothing to see here\n";
    const QByteArray html = "<!DOCTYPE html>\n<html><head><title>x</title></head><body><p>hello</p></body></html>\n";
    const QByteArray zeros(10 * 1024 * 1024, '\0');

    // Benign: nothing flagged, mismatches of no consequence included.
    QTest::newRow("clean pdf") << u"report.pdf"_s << u"application/pdf"_s << test::cleanPdf() << QStringList {};
    QTest::newRow("text declared octet-stream")
        << u"notes.txt"_s << u"application/octet-stream"_s << text << QStringList {};
    QTest::newRow("text declared text/csv")
        << u"data.csv"_s << u"text/csv"_s << QByteArray("a,b\n1,2\n") << QStringList {};
    QTest::newRow("csv declared as excel")
        << u"export.csv"_s << u"application/vnd.ms-excel"_s << QByteArray("name,amount\nada,12\n") << QStringList {};
    QTest::newRow("plain zip") << u"photos.zip"_s << u"application/zip"_s
                               << test::makeZip({ { u"a.txt"_s, text }, { u"b.txt"_s, text } }) << QStringList {};
    QTest::newRow("svg without script")
        << u"logo.svg"_s << u"image/svg+xml"_s
        << QByteArray(R"(<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>)")
        << QStringList {};

    // Type mismatch.
    QTest::newRow("elf declared pdf") << u"invoice.pdf"_s << u"application/pdf"_s << test::tinyElf()
                                      << QStringList { u"executable"_s, u"type-mismatch"_s };
    QTest::newRow("html named png") << u"photo.png"_s << u"image/png"_s << html << QStringList { u"type-mismatch"_s };
    QTest::newRow("html named png, declared octet-stream")
        << u"photo.png"_s << u"application/octet-stream"_s << html << QStringList { u"type-mismatch"_s };
    QTest::newRow("pdf declared jpeg") << u"scan.jpg"_s << u"image/jpeg"_s << test::cleanPdf()
                                       << QStringList { u"type-mismatch"_s };

    // Executables and scripts.
    QTest::newRow("elf as octet-stream") << u"tool"_s << u"application/octet-stream"_s << test::tinyElf()
                                         << QStringList { u"executable"_s };
    QTest::newRow("shell script") << u"install.sh"_s << u"application/x-sh"_s
                                  << QByteArray("#!/bin/sh\nrm -rf \"$HOME/tmp\"\necho done\n")
                                  << QStringList { u"script"_s };

    // Markup with script.
    QTest::newRow("svg with script")
        << u"logo.svg"_s << u"image/svg+xml"_s
        << QByteArray(R"(<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>)")
        << QStringList { u"active-content"_s };
    QTest::newRow("html with onload") << u"page.html"_s << u"text/html"_s
                                      << QByteArray("<!DOCTYPE html><html><body onload=\"steal()\">x</body></html>")
                                      << QStringList { u"active-content"_s };

    // Office macros: by name, and by vbaProject.bin inside whatever the name says.
    const QByteArray docm = test::makeZip({ { u"[Content_Types].xml"_s, "<Types/>" },
        { u"word/document.xml"_s, "<w:document/>" }, { u"word/vbaProject.bin"_s, QByteArray(512, 'v') } });
    QTest::newRow("docm") << u"report.docm"_s << u"application/vnd.ms-word.document.macroEnabled.12"_s << docm
                          << QStringList { u"macro"_s };
    QTest::newRow("vbaProject.bin in a docx")
        << u"report.docx"_s << u"application/vnd.openxmlformats-officedocument.wordprocessingml.document"_s << docm
        << QStringList { u"macro"_s };

    // Archives.
    QTest::newRow("zip bomb 1000:1") << u"data.zip"_s << u"application/zip"_s
                                     << test::makeZip({ { u"zeros.bin"_s, zeros } })
                                     << QStringList { u"archive-bomb"_s };
    QTest::newRow("encrypted zip") << u"secret.zip"_s << u"application/zip"_s
                                   << test::makeZip({ { u"a.txt"_s, text } }, "passw0rd")
                                   << QStringList { u"archive-encrypted"_s };
    const QByteArray level3 = test::makeZip({ { u"deep.txt"_s, text } });
    const QByteArray level2 = test::makeZip({ { u"inner.zip"_s, level3 } });
    QTest::newRow("nested three deep") << u"outer.zip"_s << u"application/zip"_s
                                       << test::makeZip({ { u"middle.zip"_s, level2 } })
                                       << QStringList { u"archive-nested"_s };
    QTest::newRow("nested two deep") << u"outer.zip"_s << u"application/zip"_s << level2 << QStringList {};
    QTest::newRow("program inside a zip")
        << u"tools.zip"_s << u"application/zip"_s << test::makeZip({ { u"setup.exe"_s, test::tinyElf() } })
        << QStringList { u"executable"_s };

    // Names.
    QTest::newRow("double extension") << u"invoice.pdf.exe"_s << u"application/octet-stream"_s << test::tinyElf()
                                      << QStringList { u"double-extension"_s, u"executable"_s };
    QTest::newRow("double extension with spaces")
        << u"invoice.pdf     .exe"_s << u"application/octet-stream"_s << test::tinyElf()
        << QStringList { u"double-extension"_s, u"executable"_s };
    QTest::newRow("tar.gz is no double extension")
        << u"backup.tar.gz"_s << u"application/octet-stream"_s << QByteArray() << QStringList {};
    QTest::newRow("right-to-left override")
        << u"invoice\u202Efdp.txt"_s << u"text/plain"_s << text << QStringList { u"rtl-override"_s };
}

void TestAttachmentInspect::flags()
{
    QFETCH(QString, filename);
    QFETCH(QString, declared);
    QFETCH(QByteArray, data);
    QFETCH(QStringList, expected);
    const scan::Inspection found = scan::inspect(filename, declared, data);
    QStringList reasons;
    for (const auto& f : found.flags)
        reasons << f.id + u": "_s + f.reason;
    QVERIFY2(ids(found) == sorted(expected),
        qPrintable(u"detected %1; flags: %2"_s.arg(found.detectedType, reasons.join(u" | "_s))));
    for (const auto& f : found.flags)
        QVERIFY2(!f.reason.isEmpty(), qPrintable(f.id));
}

void TestAttachmentInspect::detectedTypes_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("type");
    QTest::newRow("elf") << test::tinyElf() << u"application/x-executable"_s;
    QTest::newRow("pdf") << test::cleanPdf() << u"application/pdf"_s;
    QTest::newRow("zip") << test::makeZip({ { u"a.txt"_s, "hello" } }) << u"application/zip"_s;
    QTest::newRow("html") << QByteArray("<!DOCTYPE html><html><body>x</body></html>") << u"text/html"_s;
    QTest::newRow("text") << QByteArray("just words\n") << u"text/plain"_s;
}

void TestAttachmentInspect::detectedTypes()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, type);
    QCOMPARE(scan::detectType(data), type);
    QCOMPARE(scan::inspect(u"x"_s, u"application/octet-stream"_s, data).detectedType, type);
}

void TestAttachmentInspect::reasonsNameWhatWasFound()
{
    const auto elf = scan::inspect(u"invoice.pdf"_s, u"application/pdf"_s, test::tinyElf());
    QCOMPARE(elf.flags.first().id, u"type-mismatch"_s);
    QCOMPARE(
        elf.flags.first().reason, u"the content is application/x-executable, but it is declared application/pdf"_s);
    const auto png = scan::inspect(
        u"photo.png"_s, u"application/octet-stream"_s, QByteArray("<!DOCTYPE html><html><body>x</body></html>"));
    QCOMPARE(png.flags.first().reason, u"the content is text/html, but it is named .png (image/png)"_s);
    const auto bomb = scan::inspect(
        u"z.zip"_s, u"application/zip"_s, test::makeZip({ { u"zeros.bin"_s, QByteArray(10 * 1024 * 1024, '\0') } }));
    QVERIFY2(bomb.flags.first().reason.contains(u"to 10.0 MiB"_s), qPrintable(bomb.flags.first().reason));
    const auto rtl = scan::inspect(u"a\u202Etxt.exe"_s, u"text/plain"_s, "x");
    QVERIFY(rtl.has(u"rtl-override"_s));
    for (const auto& f : rtl.flags)
        if (f.id == u"rtl-override"_s)
            QVERIFY2(f.reason.contains(u"U+202E"_s), qPrintable(f.reason));
}

void TestAttachmentInspect::clamdAddresses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("socket");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("socket") << u"/var/run/clamav/clamd.ctl"_s << true << u"/var/run/clamav/clamd.ctl"_s << QString()
                            << 0;
    QTest::newRow("relative socket") << u"./clamd.sock"_s << true << u"./clamd.sock"_s << QString() << 0;
    QTest::newRow("tcp") << u"127.0.0.1:3310"_s << true << QString() << u"127.0.0.1"_s << 3310;
    QTest::newRow("ipv6") << u"[::1]:3310"_s << true << QString() << u"::1"_s << 3310;
    QTest::newRow("no port") << u"localhost"_s << false << QString() << QString() << 0;
    QTest::newRow("bad port") << u"localhost:99999"_s << false << QString() << QString() << 0;
    QTest::newRow("empty") << QString() << false << QString() << QString() << 0;
}

void TestAttachmentInspect::clamdAddresses()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto a = scan::ClamdAddress::parse(text);
    QCOMPARE(bool(a), valid);
    if (!a)
        return;
    QFETCH(QString, socket);
    QFETCH(QString, host);
    QFETCH(int, port);
    QCOMPARE(a->socketPath, socket);
    QCOMPARE(a->host, host);
    QCOMPARE(int(a->port), port);
}

void TestAttachmentInspect::policyFromConfiguration()
{
    const QJsonObject config = QJsonDocument::fromJson(R"({
        "attachments": {"clamd": "127.0.0.1:3310", "quarantineOn": ["infected", "executable"]},
        "routes": [{"name": "billing", "pathPrefix": "/billing", "attachments": {"quarantineOn": ["flagged"]}},
                   {"name": "loose", "pathPrefix": "/loose", "attachments": {"quarantineOn": []}}]
    })")
                                   .object();
    auto s = scan::resolveScanSettings(std::nullopt, config);
    QVERIFY2(s, qPrintable(s ? QString() : s.error()));
    QCOMPARE(s->clamd->toString(), u"127.0.0.1:3310"_s);
    QCOMPARE(s->policyFor(u"default"_s), (QStringList { u"infected"_s, u"executable"_s }));
    QCOMPARE(s->policyFor(u"billing"_s), QStringList { u"flagged"_s });
    QCOMPARE(s->policyFor(u"loose"_s), QStringList {});
    // The option wins over the file; off turns scanning off; nonsense is refused with a sentence.
    QCOMPARE(scan::resolveScanSettings(u"/tmp/c.sock"_s, config)->clamd->socketPath, u"/tmp/c.sock"_s);
    QVERIFY(!scan::resolveScanSettings(u"off"_s, config)->clamd);
    QVERIFY(!scan::resolveScanSettings(u"nonsense"_s, config));
    const auto bad = scan::resolveScanSettings(
        std::nullopt, QJsonDocument::fromJson(R"({"attachments": {"quarantineOn": ["virus"]}})").object());
    QVERIFY(!bad);
    QVERIFY2(bad.error().contains(u"unknown \"virus\""_s), qPrintable(bad.error()));
    // Without any: infected quarantines, the default.
    QCOMPARE(scan::resolveScanSettings(u"off"_s, {})->policyFor(u"default"_s), QStringList { u"infected"_s });
}

QTEST_GUILESS_MAIN(TestAttachmentInspect)
#include "tst_attachment_inspect.moc"
