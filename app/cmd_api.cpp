#include "cli.h"

#include "core/api/token.h"

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

int runApi(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"token"_s, u"Prints the local API's bearer token (made on first use)."_s);
    parser.addOption({ u"api-token-file"_s,
        u"The token's file (default: api-token in the data directory; the same option of serve)."_s, u"FILE"_s });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"The local API that `serve --api PORT` runs on 127.0.0.1. `hookscope api token` prints the token every "
            u"call carries as Authorization: Bearer TOKEN; it is made on first use, in a file only you can read."_s,
            u"  hookscope api token\n"
            u"  curl -H \"Authorization: Bearer $(hookscope api token)\" http://127.0.0.1:8090/api/v1/events"_s,
            exit))
        return exit;
    const QStringList pos = parser.positionalArguments();
    if (pos != QStringList { u"token"_s })
        return error(u"api"_s, u"the one subcommand is 'token'"_s);
    const QString path
        = parser.isSet(u"api-token-file"_s) ? parser.value(u"api-token-file"_s) : api::defaultTokenPath();
    auto token = api::loadOrCreateToken(path);
    if (!token)
        return error(u"api"_s, token.error(), No);
    printOut(QString::fromLatin1(*token));
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(api, "api", "the local API's token", hookscope::cli::runApi);
