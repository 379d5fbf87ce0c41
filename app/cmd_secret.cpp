#include "cli.h"

#include "core/config/secretstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

namespace {

/** The secret from stdin: a typed line without echo on a terminal, else everything piped in. */
QByteArray readSecret(const QString& what)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    QByteArray value;
    if (::isatty(STDIN_FILENO)) {
        printErr(u"Secret for %1 (not echoed): "_s.arg(what));
        termios saved {};
        const bool haveTerm = ::tcgetattr(STDIN_FILENO, &saved) == 0;
        if (haveTerm) {
            termios quiet = saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
        value = in.readLine();
        if (haveTerm)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        printErr(QString());
    } else {
        value = in.readAll();
    }
    // One trailing newline is the end of the line typed or echoed, not part of the secret.
    if (value.endsWith("\r\n"))
        value.chop(2);
    else if (value.endsWith('\n'))
        value.chop(1);
    return value;
}

} // namespace

int runSecret(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"action"_s, u"set ROUTE, list, or remove ROUTE."_s, u"set|list|remove"_s);
    parser.addOptions({
        { u"name"_s,
            u"Another secret for the same route, for rotation: stored as ROUTE/NAME; every secret of a route may match and the one that did is recorded."_s,
            u"NAME"_s },
        { u"json"_s, u"list: print JSON."_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Stores the secrets routes verify with, in the system keyring or, where none runs, a 0600 file in the "
            u"config directory "
            u"(HOOKSCOPE_SECRETS_BACKEND=file|keyring forces one). The value is read from stdin and never printed. "
            u"A route uses the secrets named in its secretNames, or else every secret stored under its name."_s,
            u"  printf %s \"$GITHUB_WEBHOOK_SECRET\" | hookscope secret set github\n"
            u"  hookscope secret set github --name next     (type it; it is not echoed)\n"
            u"  hookscope secret list\n"
            u"  hookscope secret remove github --name next"_s,
            exit))
        return exit;
    const QString cmd = u"secret"_s;
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    config::SecretStore store;
    if (action == u"list"_s) {
        if (args.size() != 1)
            return error(cmd, u"list takes no route"_s);
        auto keys = store.keys();
        if (!keys)
            return error(cmd, keys.error(), No);
        if (parser.isSet(u"json"_s)) {
            QJsonArray list;
            for (const QString& k : *keys) {
                const qsizetype slash = k.indexOf(u'/');
                list.append(QJsonObject { { u"route"_s, slash < 0 ? k : k.left(slash) },
                    { u"name"_s, slash < 0 ? QString() : k.mid(slash + 1) }, { u"key"_s, k } });
            }
            printOut(QJsonDocument(QJsonObject { { u"backend"_s, store.backendName() }, { u"secrets"_s, list } })
                         .toJson(QJsonDocument::Indented));
            return Ok;
        }
        printOut(u"backend: "_s + store.backendName());
        for (const QString& k : *keys)
            printOut(k);
        return Ok;
    }
    if (action != u"set"_s && action != u"remove"_s)
        return error(cmd,
            action.isEmpty() ? u"say set, list or remove"_s : u"unknown action '%1' (set, list, remove)"_s.arg(action));
    if (args.size() != 2 || args.at(1).isEmpty())
        return error(cmd, u"%1 takes one route name"_s.arg(action));
    const QString route = args.at(1);
    if (route.contains(u'/') || parser.value(u"name"_s).contains(u'/'))
        return error(cmd, u"route and secret names cannot contain '/'"_s);
    const QString key = config::SecretStore::key(route, parser.value(u"name"_s));
    if (action == u"remove"_s) {
        auto removed = store.remove(key);
        if (!removed)
            return error(cmd, removed.error(), No);
        printOut(u"removed secret %1"_s.arg(key));
        return Ok;
    }
    const QByteArray value = readSecret(key);
    if (value.isEmpty())
        return error(cmd, u"no secret on stdin"_s);
    auto stored = store.set(key, value);
    if (!stored)
        return error(cmd, stored.error(), No);
    printOut(u"stored secret %1 in the %2"_s.arg(key, store.backendName()));
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(
    secret, "secret", "stores route secrets in the keyring or the secrets file", hookscope::cli::runSecret);
