#include "captureoptions.h"

#include "cli.h"

#include "core/verify/defaultscheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::cli {

QList<QCommandLineOption> captureOptions()
{
    return {
        { u"http"_s, u"HTTP port (default 8080; 0 turns it off)."_s, u"PORT"_s },
        { u"https"_s, u"HTTPS port (default 8443; 0 turns it off)."_s, u"PORT"_s },
        { u"bind"_s, u"Address to listen on (default 127.0.0.1)."_s, u"ADDR"_s },
        { u"scheme"_s, u"Signature scheme of the default route (default %1)."_s.arg(verify::defaultSchemeName()),
            u"NAME"_s },
        { u"secret"_s, u"Secret of the default route (also HOOKSCOPE_SECRET); repeat for rotation."_s, u"S"_s },
        { u"tolerance"_s, u"Timestamp window in seconds (default: the scheme's own)."_s, u"SEC"_s },
        { u"config"_s, u"Configuration file with routes."_s, u"FILE"_s },
        { u"cert"_s, u"Your own PEM certificate for HTTPS."_s, u"PEM"_s },
        { u"key"_s, u"The private key of --cert (PEM)."_s, u"PEM"_s },
        { u"durability"_s, u"normal (survives a killed process) or full (survives power loss)."_s, u"MODE"_s },
        { u"max-body"_s, u"Largest request body accepted, in bytes (default 52428800 = 50 MiB); larger ones get 413."_s,
            u"BYTES"_s },
        { u"max-connections"_s, u"Concurrent connections served (default 256); more get 503."_s, u"N"_s },
        { u"header-timeout"_s, u"Time for a request's line and headers to arrive (default 10000); then 408."_s,
            u"MS"_s },
        { u"body-timeout"_s, u"Longest pause while a body arrives (default 30000); then 408."_s, u"MS"_s },
        { u"clamd"_s,
            u"clamd's socket or HOST:PORT to scan attachments with (default: attachments.clamd, else "
            u"/var/run/clamav/clamd.ctl when it exists); off: none."_s,
            u"SOCKET|HOST:PORT"_s },
    };
}

ingest::CaptureOverrides captureOverrides(const QCommandLineParser& parser)
{
    const auto value = [&parser](const QString& name) -> std::optional<QString> {
        if (!parser.isSet(name))
            return std::nullopt;
        return parser.value(name);
    };
    ingest::CaptureOverrides o;
    o.databasePath = databasePath(parser);
    o.dataDirectory = dataDirectory();
    o.http = value(u"http"_s);
    o.https = value(u"https"_s);
    o.bind = value(u"bind"_s);
    o.scheme = value(u"scheme"_s);
    o.secrets = parser.values(u"secret"_s);
    if (qEnvironmentVariableIsSet("HOOKSCOPE_SECRET"))
        o.environmentSecret = qEnvironmentVariable("HOOKSCOPE_SECRET");
    o.tolerance = value(u"tolerance"_s);
    o.config = value(u"config"_s);
    o.certificate = value(u"cert"_s);
    o.key = value(u"key"_s);
    o.durability = value(u"durability"_s);
    o.maxBody = value(u"max-body"_s);
    o.maxConnections = value(u"max-connections"_s);
    o.headerTimeout = value(u"header-timeout"_s);
    o.bodyTimeout = value(u"body-timeout"_s);
    o.clamd = value(u"clamd"_s);
    return o;
}

int captureError(const QString& command, const Problem& problem)
{
    const int code = problem.isBadInput() ? BadUsage : No;
    if (command.isEmpty()) {
        printErr(u"hookscope: "_s + problem.message);
        return code;
    }
    return error(command, problem.message, code);
}

} // namespace hookscope::cli
