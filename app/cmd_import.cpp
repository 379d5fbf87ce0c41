#include "cli.h"

#include "core/export/importer.h"
#include "core/store/storewriter.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

int runImport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"FILE…"_s, u".har or .eml files."_s);
    parser.addOption({ u"json"_s, u"Report the imported event IDs as JSON."_s });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Takes .har and .eml files into the store as deliveries of events (route 'imported', unverified), so "
            u"they show in list and show. All or nothing: when one file or entry is refused, none is imported."_s,
            u"  hookscope import capture.har\n  hookscope import fixtures/*.eml"_s, exit))
        return exit;
    const QString cmd = u"import"_s;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return error(cmd, u"give at least one .har or .eml file"_s);
    const QString path = databasePath(parser);
    // The process's one writer.
    auto writer = store::StoreWriter::shared(path);
    if (!writer)
        return error(cmd, writer.error(), No);
    exporting::Importer importer(path, **writer);
    // All or nothing: a bad file (or entry) anywhere means no file is imported.
    auto results = importer.importFiles(files);
    if (!results) {
        writer->reset();
        return error(cmd, results.error() + u"; nothing was imported"_s);
    }
    QJsonArray report;
    for (const auto& r : std::as_const(*results)) {
        QJsonArray ids;
        QStringList idText;
        for (qint64 id : r.eventRowIds) {
            ids.append(double(id));
            idText << QString::number(id);
        }
        report.append(QJsonObject { { u"file"_s, r.file }, { u"requests"_s, r.requests }, { u"events"_s, ids } });
        if (!parser.isSet(u"json"_s))
            printOut(u"%1: %2 request(s) -> event(s) %3"_s.arg(r.file).arg(r.requests).arg(idText.join(u", "_s)));
    }
    writer->reset();
    if (parser.isSet(u"json"_s))
        printOut(QJsonDocument(report).toJson(QJsonDocument::Indented));
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(import, "import", ".har and .eml files into the store", hookscope::cli::runImport);
