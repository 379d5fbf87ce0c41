#include "config.h"

#include "core/email/adapter.h"
#include "core/verify/scheme.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace hookscope::config {

namespace {

// Not AppConfigLocation/AppDataLocation: those add the organization name when one is set (the window sets
// one for QSettings), which put the window's files one folder deeper than the command line's.
QString genericFolder(QStandardPaths::StandardLocation location, const QString& homeRelative)
{
    QString base = QStandardPaths::writableLocation(location);
    if (base.isEmpty())
        base = QDir::homePath() + homeRelative;
    return base + u"/hookscope"_s;
}

} // namespace

QString configDirectory()
{
    const QString dir = genericFolder(QStandardPaths::GenericConfigLocation, u"/.config"_s);
    QDir().mkpath(dir);
    return dir;
}

QString dataDirectory()
{
    const QString dir = genericFolder(QStandardPaths::GenericDataLocation, u"/.local/share"_s);
    QDir().mkpath(dir);
    return dir;
}

QStringList adoptWindowFoldersOfEarlierBuilds()
{
    QStringList said;
    const auto adopt = [&](const QString& to, const QStringList& names) {
        const QString from = to + u"/hookscope"_s;
        if (!QFileInfo(from).isDir())
            return;
        for (const QString& name : names) {
            const QString source = from + u'/' + name;
            if (!QFileInfo::exists(source))
                continue;
            const QString target = to + u'/' + name;
            if (QFileInfo::exists(target)) {
                said << u"%1 was left where an earlier build of the window kept it: %2 already exists"_s.arg(
                    source, target);
                continue;
            }
            if (QDir().rename(source, target))
                said << u"moved %1 to %2, where the command line reads it too"_s.arg(source, target);
            else
                said << u"could not move %1 to %2"_s.arg(source, target);
        }
        QDir().rmdir(from); // only when it is empty now
    };
    const QString data = dataDirectory();
    // The store and its WAL move together: the WAL belongs to the database next to it.
    if (!QFileInfo::exists(data + u"/hookscope.db"_s) || !QFileInfo::exists(data + u"/hookscope/hookscope.db"_s))
        adopt(data,
            { u"hookscope.db"_s, u"hookscope.db-wal"_s, u"hookscope.db-shm"_s, u"hookscope.db.blobs"_s,
                u"hookscope.db.bodies"_s, u"tls"_s });
    else
        adopt(data, { u"hookscope.db"_s }); // names why it stays
    adopt(configDirectory(), { u"config.json"_s, u"secrets.json"_s });
    return said;
}

QString defaultConfigPath()
{
    return configDirectory() + u"/config.json"_s;
}

namespace {

std::pair<int, int> lineColumn(const QByteArray& text, int offset)
{
    int line = 1, column = 1;
    for (int i = 0; i < offset && i < text.size(); ++i) {
        if (text.at(i) == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return { line, column };
}

const QStringList kRouteKeys { u"name"_s, u"pathPrefix"_s, u"scheme"_s, u"schemeOptions"_s, u"secretNames"_s,
    u"toleranceSeconds"_s, u"publicUrl"_s, u"trustForwarded"_s, u"response"_s, u"autoQuarantine"_s, u"payload"_s };

bool isWhole(const QJsonValue& v)
{
    return v.isDouble() && v.toDouble() == double(qint64(v.toDouble()));
}

bool isStatus(const QJsonValue& v)
{
    return isWhole(v) && v.toInt() >= 100 && v.toInt() <= 599;
}

Result<ResponseAction> readAction(const QJsonValue& v, const QString& key)
{
    const QString name = v.toString();
    if (v.isString() && name == u"close"_s)
        return ResponseAction::Close;
    if (v.isString() && name == u"reset"_s)
        return ResponseAction::Reset;
    if (!v.isString())
        return fail(u"%1 must be \"close\" or \"reset\""_s.arg(key));
    return fail(u"%1: unknown action \"%2\" (known: close, reset)"_s.arg(key, name));
}

/**
 * Reads a route's "response" object into `out` (keys absent keep their defaults); the first key at fault
 * is named in the error (`out` then holds what was read before it).
 */
Result<void> readResponse(const QJsonObject& resp, RouteResponse& out)
{
    if (const QJsonValue v = resp.value(u"status"_s); !v.isUndefined()) {
        if (!isWhole(v) || (v.toInt() != 0 && !isStatus(v)))
            return fail(u"response.status must be an HTTP status (100-599)"_s);
        out.status = v.toInt();
    }
    out.body = resp.value(u"body"_s).toString().toUtf8();
    out.contentType = resp.value(u"contentType"_s).toString().toUtf8();
    if (const QJsonValue v = resp.value(u"delayMs"_s); !v.isUndefined()) {
        const QJsonArray range = v.toArray();
        if (isWhole(v)) {
            if (v.toInt() < 0)
                return fail(u"response.delayMs cannot be negative"_s);
            out.delayMs = out.delayMaxMs = v.toInt();
        } else if (v.isArray() && range.size() == 2 && isWhole(range[0]) && isWhole(range[1])) {
            if (range[0].toInt() < 0 || range[1].toInt() < range[0].toInt())
                return fail(u"response.delayMs [min, max] needs 0 <= min <= max (milliseconds)"_s);
            out.delayMs = range[0].toInt();
            out.delayMaxMs = range[1].toInt();
        } else {
            return fail(u"response.delayMs must be milliseconds or a range [min, max] of milliseconds"_s);
        }
    }
    if (const QJsonValue v = resp.value(u"sequence"_s); !v.isUndefined()) {
        if (!v.isArray() || v.toArray().isEmpty())
            return fail(u"response.sequence must be a list of steps such as {\"status\": 500, \"times\": 2}"_s);
        const QJsonArray steps = v.toArray();
        for (int i = 0; i < steps.size(); ++i) {
            const QString where = u"response.sequence[%1]"_s.arg(i);
            if (!steps[i].isObject())
                return fail(u"%1 must be an object such as {\"status\": 500, \"times\": 2}"_s.arg(where));
            const QJsonObject o = steps[i].toObject();
            ResponseStep step;
            if (o.contains(u"action"_s)) {
                auto action = readAction(o.value(u"action"_s), where + u".action"_s);
                if (!action)
                    return fail(action.error());
                step.action = *action;
            }
            if (o.contains(u"status"_s)) {
                if (!isStatus(o.value(u"status"_s)))
                    return fail(u"%1.status must be an HTTP status (100-599)"_s.arg(where));
                if (step.action != ResponseAction::Answer)
                    return fail(
                        u"%1 has both a status and an action: a closed connection answers nothing"_s.arg(where));
                step.status = o.value(u"status"_s).toInt();
            }
            if (step.status == 0 && step.action == ResponseAction::Answer)
                return fail(u"%1 needs a status (100-599) or an action (close, reset)"_s.arg(where));
            if (o.contains(u"times"_s)) {
                if (!isWhole(o.value(u"times"_s)) || o.value(u"times"_s).toInt() < 1)
                    return fail(u"%1.times must be a whole number of at least 1"_s.arg(where));
                step.times = o.value(u"times"_s).toInt();
            }
            out.sequence << step;
        }
    }
    if (const QJsonValue v = resp.value(u"failureRate"_s); !v.isUndefined()) {
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 1)
            return fail(u"response.failureRate must be a number between 0 and 1 (0.3: three requests in ten)"_s);
        out.failureRate = v.toDouble();
    }
    if (const QJsonValue v = resp.value(u"failureStatus"_s); !v.isUndefined()) {
        if (!isStatus(v))
            return fail(u"response.failureStatus must be an HTTP status (100-599)"_s);
        out.failureStatus = v.toInt();
    }
    if (const QJsonValue v = resp.value(u"seed"_s); !v.isUndefined()) {
        if (!isWhole(v) || v.toDouble() < 0 || v.toDouble() > 9007199254740992.0)
            return fail(u"response.seed must be a whole number (0 to 2^53)"_s);
        out.seed = quint64(v.toDouble());
    }
    if (const QJsonValue v = resp.value(u"action"_s); !v.isUndefined()) {
        auto action = readAction(v, u"response.action"_s);
        if (!action)
            return fail(action.error());
        out.action = *action;
    }
    return {};
}

} // namespace

Route routeFromJson(const QJsonObject& o)
{
    Route r;
    r.source = o;
    r.name = o.value(u"name"_s).toString(r.name);
    r.pathPrefix = o.value(u"pathPrefix"_s).toString(r.pathPrefix);
    r.scheme = o.value(u"scheme"_s).toString(r.scheme);
    r.schemeOptions = o.value(u"schemeOptions"_s).toObject();
    for (const QJsonValue& v : o.value(u"secretNames"_s).toArray())
        r.secretNames << v.toString();
    if (o.value(u"toleranceSeconds"_s).isDouble())
        r.toleranceMs = qint64(o.value(u"toleranceSeconds"_s).toDouble() * 1000);
    r.publicUrl = o.value(u"publicUrl"_s).toString();
    r.trustForwarded = o.value(u"trustForwarded"_s).toBool(false);
    // Lenient here (what cannot be read keeps its default); parseConfig refuses it with readResponse's sentence.
    (void)readResponse(o.value(u"response"_s).toObject(), r.response);
    r.autoQuarantine = o.value(u"autoQuarantine"_s).toBool(true);
    r.payload = o.value(u"payload"_s).toString();
    if (r.payload.compare(u"auto"_s, Qt::CaseInsensitive) == 0)
        r.payload.clear();
    return r;
}

QJsonObject routeToJson(const Route& r)
{
    QJsonObject o = r.source; // unknown keys first, known ones written over them
    o.insert(u"name"_s, r.name);
    o.insert(u"pathPrefix"_s, r.pathPrefix);
    o.insert(u"scheme"_s, r.scheme);
    if (!r.schemeOptions.isEmpty())
        o.insert(u"schemeOptions"_s, r.schemeOptions);
    else
        o.remove(u"schemeOptions"_s);
    o.insert(u"secretNames"_s, QJsonArray::fromStringList(r.secretNames));
    if (r.toleranceMs)
        o.insert(u"toleranceSeconds"_s, double(*r.toleranceMs) / 1000.0);
    else
        o.remove(u"toleranceSeconds"_s);
    if (!r.publicUrl.isEmpty())
        o.insert(u"publicUrl"_s, r.publicUrl);
    else
        o.remove(u"publicUrl"_s);
    o.insert(u"trustForwarded"_s, r.trustForwarded);
    QJsonObject resp = o.value(u"response"_s).toObject();
    resp.insert(u"status"_s, r.response.status);
    resp.insert(u"body"_s, QString::fromUtf8(r.response.body));
    resp.insert(u"contentType"_s, QString::fromUtf8(r.response.contentType));
    const RouteResponse& rr = r.response;
    if (rr.hasRange())
        resp.insert(u"delayMs"_s, QJsonArray { rr.delayMs, rr.delayMaxMs });
    else
        resp.insert(u"delayMs"_s, rr.delayMs);
    if (!rr.sequence.isEmpty()) {
        QJsonArray steps;
        for (const ResponseStep& step : rr.sequence) {
            QJsonObject o;
            if (step.action != ResponseAction::Answer)
                o.insert(u"action"_s, responseActionName(step.action));
            else
                o.insert(u"status"_s, step.status);
            if (step.times != 1)
                o.insert(u"times"_s, step.times);
            steps.append(o);
        }
        resp.insert(u"sequence"_s, steps);
    } else {
        resp.remove(u"sequence"_s);
    }
    if (rr.failureRate > 0) {
        resp.insert(u"failureRate"_s, rr.failureRate);
        resp.insert(u"failureStatus"_s, rr.failureStatus);
    } else {
        resp.remove(u"failureRate"_s);
        resp.remove(u"failureStatus"_s);
    }
    if (rr.seed != 0 || resp.contains(u"seed"_s))
        resp.insert(u"seed"_s, double(rr.seed));
    if (rr.action != ResponseAction::Answer)
        resp.insert(u"action"_s, responseActionName(rr.action));
    else
        resp.remove(u"action"_s);
    o.insert(u"response"_s, resp);
    o.insert(u"autoQuarantine"_s, r.autoQuarantine);
    if (!r.payload.isEmpty())
        o.insert(u"payload"_s, r.payload);
    else
        o.remove(u"payload"_s);
    // Values never go to the file, whatever the route held.
    o.remove(u"secret"_s);
    o.remove(u"secrets"_s);
    return o;
}

Result<Config> parseConfig(const QByteArray& json)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError) {
        const auto [line, column] = lineColumn(json, err.offset);
        return fail(u"line %1, column %2: %3"_s.arg(line).arg(column).arg(err.errorString()));
    }
    if (!doc.isObject())
        return fail(u"line 1, column 1: the configuration must be a JSON object"_s);
    Config c;
    c.source = doc.object();
    const QJsonObject listener = c.source.value(u"listener"_s).toObject();
    const auto port = [&](const QString& key, std::optional<quint16>& out) -> Result<void> {
        if (!listener.contains(key))
            return {};
        const QJsonValue v = listener.value(key);
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 0 || d > 65535 || d != double(int(d)))
            return fail(u"listener.%1 must be a port number (0-65535)"_s.arg(key));
        out = quint16(d);
        return {};
    };
    if (auto r = port(u"http"_s, c.httpPort); !r)
        return fail(r.error());
    if (auto r = port(u"https"_s, c.httpsPort); !r)
        return fail(r.error());
    c.bind = listener.value(u"bind"_s).toString();
    c.certificatePath = listener.value(u"cert"_s).toString();
    c.keyPath = listener.value(u"key"_s).toString();
    if (c.certificatePath.isEmpty() != c.keyPath.isEmpty())
        return fail(u"listener.cert and listener.key go together (your own certificate and its private key)"_s);

    const QJsonValue api = c.source.value(u"api"_s);
    if (!api.isUndefined() && !api.isObject())
        return fail(u"api must be an object: {\"window\": true, \"port\": %1}"_s.arg(kDefaultApiPort));
    if (const QJsonValue window = api.toObject().value(u"window"_s); !window.isUndefined()) {
        if (!window.isBool())
            return fail(u"api.window must be true or false"_s);
        c.apiInWindow = window.toBool();
    }
    if (const QJsonValue v = api.toObject().value(u"port"_s); !v.isUndefined()) {
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d < 0 || d > 65535 || d != double(int(d)))
            return fail(u"api.port must be a port number (0-65535; 0 picks a free one)"_s);
        c.apiPort = quint16(d);
    }

    if (const QJsonValue v = c.source.value(u"responseRulesEnabled"_s); !v.isUndefined()) {
        if (!v.isBool())
            return fail(u"responseRulesEnabled must be true or false"_s);
        c.responseRulesEnabled = v.toBool();
    }

    const QJsonObject limits = c.source.value(u"limits"_s).toObject();
    const auto limit = [&](const QString& key, auto& field) {
        if (limits.value(key).isDouble())
            field = decltype(field + 0)(limits.value(key).toDouble());
    };
    limit(u"maxBodyBytes"_s, c.limits.maxBodyBytes);
    limit(u"maxHeaderBytes"_s, c.limits.maxHeaderBytes);
    limit(u"headerTimeoutMs"_s, c.limits.headerTimeoutMs);
    limit(u"bodyStallTimeoutMs"_s, c.limits.bodyStallTimeoutMs);
    limit(u"idleTimeoutMs"_s, c.limits.idleTimeoutMs);
    limit(u"maxConnections"_s, c.limits.maxConnections);

    const QJsonValue routes = c.source.value(u"routes"_s);
    if (!routes.isUndefined() && !routes.isArray())
        return fail(u"routes must be a list"_s);
    QStringList names;
    const QJsonArray list = routes.toArray();
    for (int i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject())
            return fail(u"routes[%1] must be an object"_s.arg(i));
        const QJsonObject o = list.at(i).toObject();
        const Route r = routeFromJson(o);
        const QString where = u"route \"%1\""_s.arg(r.name);
        if (o.contains(u"secret"_s) || o.contains(u"secrets"_s))
            return fail(
                u"%1: secrets do not belong in the configuration; store them with `hookscope secret set %2` and list their names in secretNames"_s
                    .arg(where, r.name));
        if (names.contains(r.name))
            return fail(u"%1 is defined twice"_s.arg(where));
        names << r.name;
        if (!r.pathPrefix.startsWith(u'/'))
            return fail(u"%1: pathPrefix must start with '/'"_s.arg(where));
        if (!verify::schemeNames().contains(r.scheme))
            return fail(
                u"%1: unknown scheme \"%2\" (known: %3)"_s.arg(where, r.scheme, verify::schemeNames().join(u", "_s)));
        if (const QJsonValue resp = o.value(u"response"_s); !resp.isUndefined() && !resp.isObject())
            return fail(u"%1: response must be an object"_s.arg(where));
        RouteResponse checked;
        if (auto read = readResponse(o.value(u"response"_s).toObject(), checked); !read)
            return fail(u"%1: %2"_s.arg(where, read.error()));
        if (!r.publicUrl.isEmpty() && !r.publicUrl.startsWith(u"http://"_s) && !r.publicUrl.startsWith(u"https://"_s))
            return fail(u"%1: publicUrl must be an http:// or https:// address"_s.arg(where));
        if (o.contains(u"payload"_s)
            && (!o.value(u"payload"_s).isString()
                || !email::payloadAdapterNames().contains(o.value(u"payload"_s).toString(), Qt::CaseInsensitive)))
            return fail(u"%1: unknown payload adapter %2 (known: %3)"_s.arg(where,
                QString::fromUtf8(QJsonDocument(QJsonArray { o.value(u"payload"_s) }).toJson(QJsonDocument::Compact)),
                email::payloadAdapterNames().join(u", "_s)));
        c.routes << r;
    }
    // The readers that know an event's route but not the configuration (post-processor, store) follow it.
    QHash<QString, QString> adapters;
    for (const Route& r : c.routes) {
        if (!r.payload.isEmpty())
            adapters.insert(r.name, r.payload);
    }
    email::setRoutePayloadAdapters(adapters);
    return c;
}

Result<Config> loadConfig(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(u"%1: %2"_s.arg(path, f.errorString()));
    auto c = parseConfig(f.readAll());
    if (!c)
        return fail(u"%1: %2"_s.arg(path, c.error()));
    return c;
}

QByteArray serializeConfig(const Config& c)
{
    QJsonObject root = c.source;
    QJsonObject listener = root.value(u"listener"_s).toObject();
    if (c.httpPort)
        listener.insert(u"http"_s, *c.httpPort);
    if (c.httpsPort)
        listener.insert(u"https"_s, *c.httpsPort);
    if (!c.bind.isEmpty())
        listener.insert(u"bind"_s, c.bind);
    if (c.certificatePath.isEmpty()) {
        listener.remove(u"cert"_s);
        listener.remove(u"key"_s);
    } else {
        listener.insert(u"cert"_s, c.certificatePath);
        listener.insert(u"key"_s, c.keyPath);
    }
    if (!listener.isEmpty())
        root.insert(u"listener"_s, listener);
    QJsonObject limits = root.value(u"limits"_s).toObject();
    const http::Limits defaults;
    const auto limit = [&](const QString& key, auto value, auto fallback) {
        if (value != fallback || limits.contains(key))
            limits.insert(key, double(value));
    };
    limit(u"maxBodyBytes"_s, c.limits.maxBodyBytes, defaults.maxBodyBytes);
    limit(u"maxHeaderBytes"_s, c.limits.maxHeaderBytes, defaults.maxHeaderBytes);
    limit(u"headerTimeoutMs"_s, c.limits.headerTimeoutMs, defaults.headerTimeoutMs);
    limit(u"bodyStallTimeoutMs"_s, c.limits.bodyStallTimeoutMs, defaults.bodyStallTimeoutMs);
    limit(u"idleTimeoutMs"_s, c.limits.idleTimeoutMs, defaults.idleTimeoutMs);
    limit(u"maxConnections"_s, c.limits.maxConnections, defaults.maxConnections);
    if (!limits.isEmpty())
        root.insert(u"limits"_s, limits);
    QJsonObject api = root.value(u"api"_s).toObject();
    if (!c.apiInWindow || api.contains(u"window"_s))
        api.insert(u"window"_s, c.apiInWindow);
    if (c.apiPort)
        api.insert(u"port"_s, *c.apiPort);
    if (!api.isEmpty())
        root.insert(u"api"_s, api);
    if (!c.responseRulesEnabled || root.contains(u"responseRulesEnabled"_s))
        root.insert(u"responseRulesEnabled"_s, c.responseRulesEnabled);
    QJsonArray routes;
    for (const Route& r : c.routes)
        routes.append(routeToJson(r));
    root.insert(u"routes"_s, routes);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<void> saveConfig(const Config& config, const QString& path)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return fail(u"%1: %2"_s.arg(path, f.errorString()));
    f.write(serializeConfig(config));
    if (!f.commit())
        return fail(u"%1: %2"_s.arg(path, f.errorString()));
    return {};
}

} // namespace hookscope::config
