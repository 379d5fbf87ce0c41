#include "capturesettings.h"

#include "core/config/config.h"
#include "core/config/secretstore.h"
#include "core/http/certificate.h"
#include "core/verify/scheme.h"

#include <QFileInfo>

#include <limits>

using namespace Qt::StringLiterals;

namespace hookscope::ingest {

namespace {

/** A port flag: `fallback` when absent, else 0-65535. */
bool parsePort(const std::optional<QString>& text, quint16 fallback, quint16& port)
{
    if (!text) {
        port = fallback;
        return true;
    }
    bool ok = false;
    const uint value = text->toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    port = quint16(value);
    return true;
}

/** A positive integer flag into `value` (untouched when the flag is absent). */
template<typename T> bool parsePositive(const std::optional<QString>& text, T& value)
{
    if (!text)
        return true;
    bool ok = false;
    const qint64 v = text->toLongLong(&ok);
    if (!ok || v <= 0 || v > qint64(std::numeric_limits<T>::max()))
        return false;
    value = T(v);
    return true;
}

/** The limit flags over `limits`; the first malformed one's complaint. */
Result<void> applyLimits(const CaptureOverrides& o, http::Limits& limits)
{
    const std::pair<QString, bool> checks[] = {
        { u"max-body"_s, parsePositive(o.maxBody, limits.maxBodyBytes) },
        { u"max-connections"_s, parsePositive(o.maxConnections, limits.maxConnections) },
        { u"header-timeout"_s, parsePositive(o.headerTimeout, limits.headerTimeoutMs) },
        { u"body-timeout"_s, parsePositive(o.bodyTimeout, limits.bodyStallTimeoutMs) },
    };
    for (const auto& [name, ok] : checks) {
        if (!ok)
            return fail(u"--%1 takes a positive whole number"_s.arg(name));
    }
    return {};
}

} // namespace

UseCaseResult<ResolvedCapture> resolveCaptureSettings(const CaptureOverrides& o)
{
    ResolvedCapture resolved;
    CaptureSettings& settings = resolved.settings;
    settings.databasePath = o.databasePath;
    if (!parsePort(o.http, 8080, settings.listener.httpPort))
        return badInput(u"--http takes a port number (0-65535)"_s);
    if (!parsePort(o.https, 8443, settings.listener.httpsPort))
        return badInput(u"--https takes a port number (0-65535)"_s);
    if (o.bind) {
        QHostAddress address;
        if (!address.setAddress(*o.bind))
            return badInput(u"--bind takes an IP address, not '%1'"_s.arg(*o.bind));
        settings.listener.bind = address;
        if (!address.isLoopback())
            resolved.warnings << u"listening on %1, not loopback: anyone who can reach this machine can send events."_s
                                     .arg(address.toString());
    }
    if (o.durability) {
        if (*o.durability == u"full"_s)
            settings.durability = store::Durability::Full;
        else if (*o.durability != u"normal"_s)
            return badInput(u"--durability is 'normal' or 'full'"_s);
    }
    if (auto limits = applyLimits(o, settings.listener.limits); !limits)
        return badInput(limits.error());

    config::Route route;
    route.scheme = o.scheme ? *o.scheme : verify::defaultSchemeName();
    if (!verify::schemeNames().contains(route.scheme))
        return badInput(u"unknown scheme '%1' (known: %2)"_s.arg(route.scheme, verify::schemeNames().join(u", "_s)));
    QStringList secrets = o.secrets;
    if (secrets.isEmpty() && o.environmentSecret)
        secrets << *o.environmentSecret;
    for (const auto& s : std::as_const(secrets))
        route.secrets << s.toUtf8();
    if (o.tolerance) {
        bool ok = false;
        const qint64 sec = o.tolerance->toLongLong(&ok);
        if (!ok || sec < 0)
            return badInput(u"--tolerance takes a number of seconds"_s);
        route.toleranceMs = sec * 1000;
    }

    // Routes from the configuration (--config, else the default file when it exists), secrets from the store.
    // The flags above still configure the default route ("/") and override its settings.
    const QString configPath = o.config ? *o.config : config::defaultConfigPath();
    QString ownCertificate = o.certificate.value_or(QString());
    QString ownKey = o.key.value_or(QString());
    QJsonObject configSource;
    if (o.config || QFileInfo::exists(configPath)) {
        auto loaded = config::loadConfig(configPath);
        if (!loaded)
            return badInput(loaded.error());
        if (!o.http && loaded->httpPort)
            settings.listener.httpPort = *loaded->httpPort;
        if (!o.https && loaded->httpsPort)
            settings.listener.httpsPort = *loaded->httpsPort;
        if (!o.bind && !loaded->bind.isEmpty() && !settings.listener.bind.setAddress(loaded->bind))
            return badInput(u"%1: listener.bind is not an IP address"_s.arg(configPath));
        if (!o.certificate && !o.key && !loaded->certificatePath.isEmpty()) {
            ownCertificate = loaded->certificatePath;
            ownKey = loaded->keyPath;
        }
        // The file's limits, then the flags on top.
        settings.listener.limits = loaded->limits;
        resolved.apiInWindow = loaded->apiInWindow;
        resolved.apiPort = loaded->apiPort;
        settings.responseRulesEnabled = loaded->responseRulesEnabled;
        if (auto limits = applyLimits(o, settings.listener.limits); !limits)
            return badInput(limits.error());
        resolved.lines << u"config: "_s + configPath;
        configSource = loaded->source;
        const config::SecretStore store;
        for (config::Route configured : loaded->routes) {
            auto values = store.routeSecrets(configured.name, configured.secretNames);
            if (!values)
                return failed(values.error());
            configured.secrets = *values;
            if (configured.pathPrefix == u"/"_s) {
                if (o.scheme)
                    configured.scheme = route.scheme;
                if (!route.secrets.isEmpty())
                    configured.secrets = route.secrets;
                if (route.toleranceMs)
                    configured.toleranceMs = route.toleranceMs;
                route = configured;
            } else {
                settings.routes << configured;
                resolved.lines << u"route: %1 %2 (%3, %4 secret(s))"_s
                                      .arg(configured.name, configured.pathPrefix, configured.scheme)
                                      .arg(configured.secrets.size());
            }
        }
    }
    if (route.secrets.isEmpty()) {
        // `secret set default` (or the route's own name) applies without a configuration file too, and to a
        // file that names no route for "/".
        if (auto stored = config::SecretStore().routeSecrets(route.name, route.secretNames))
            route.secrets = *stored;
        else
            resolved.warnings << u"cannot read the stored secrets: "_s + stored.error();
    }
    settings.routes.prepend(route);
    // Attachment safety: clamd's address (--clamd, the file's attachments.clamd, Debian's socket) and the policy.
    auto scanSettings = scan::resolveScanSettings(o.clamd, configSource);
    if (!scanSettings)
        return badInput(scanSettings.error());
    settings.scan = *scanSettings;
    if (settings.scan.clamd)
        resolved.lines << u"clamd: "_s + settings.scan.clamd->toString();
    // Forward rules are read from the same file.
    settings.configPath = QFileInfo::exists(configPath) ? configPath : QString();

    if (settings.listener.httpsPort) {
        Result<http::TlsIdentity> identity = (!ownCertificate.isEmpty() || !ownKey.isEmpty())
            ? http::loadIdentity(ownCertificate, ownKey)
            : http::ensureSelfSignedIdentity(o.dataDirectory + u"/tls"_s);
        if (!identity)
            return badInput(identity.error());
        settings.listener.tls = *identity;
        resolved.fingerprint = identity->fingerprintSha256;
    }
    return resolved;
}

namespace {

QString portText(quint16 port)
{
    return port ? QString::number(port) : u"off"_s;
}

/** The limits, as one comparable line (names as in the configuration's `limits`). */
QString limitsText(const http::Limits& l)
{
    return u"maxBodyBytes %1, maxHeaderBytes %2, headerTimeoutMs %3, bodyTimeoutMs %4, idleTimeoutMs %5, "
           u"maxConnections %6"_s.arg(QString::number(l.maxBodyBytes), QString::number(l.maxHeaderBytes),
               QString::number(l.headerTimeoutMs), QString::number(l.bodyStallTimeoutMs),
               QString::number(l.idleTimeoutMs), QString::number(l.maxConnections));
}

QString clamdText(const scan::ScanSettings& s)
{
    return s.clamd ? s.clamd->toString() : u"none (%1)"_s.arg(s.notScannedReason);
}

} // namespace

CaptureChanges compareCaptureSettings(const CaptureSettings& running, const QString& runningFingerprint,
    const CaptureSettings& next, const QString& nextFingerprint)
{
    CaptureChanges c;
    const auto listener = [&c](const QString& what, const QString& before, const QString& after) {
        if (before == after)
            return;
        c.lines << u"%1: %2 → %3"_s.arg(what, before, after);
        c.relisten = true;
    };
    listener(u"HTTP port"_s, portText(running.listener.httpPort), portText(next.listener.httpPort));
    listener(u"HTTPS port"_s, portText(running.listener.httpsPort), portText(next.listener.httpsPort));
    listener(u"bind address"_s, running.listener.bind.toString(), next.listener.bind.toString());
    if (running.listener.httpsPort && next.listener.httpsPort && runningFingerprint != nextFingerprint) {
        c.lines << u"certificate: now SHA-256 %1"_s.arg(nextFingerprint);
        c.relisten = true;
    }
    listener(u"limits"_s, limitsText(running.listener.limits), limitsText(next.listener.limits));
    listener(u"clamd"_s, clamdText(running.scan), clamdText(next.scan));
    if (running.scan.quarantineOn != next.scan.quarantineOn
        || running.scan.routeQuarantineOn != next.scan.routeQuarantineOn) {
        c.lines << u"attachment policy: quarantine on %1"_s.arg(next.scan.quarantineOn.join(u", "_s));
        c.relisten = true;
    }

    const auto find = [](const QList<config::Route>& routes, const QString& name) -> const config::Route* {
        for (const config::Route& r : routes)
            if (r.name == name)
                return &r;
        return nullptr;
    };
    for (const config::Route& before : running.routes) {
        const config::Route* after = find(next.routes, before.name);
        if (!after) {
            c.lines << u"route '%1' removed (%2)"_s.arg(before.name, before.pathPrefix);
            c.routes = true;
            continue;
        }
        // What the configuration holds, key by key (the resolved secrets apart: they are never written there).
        const QJsonObject a = config::routeToJson(before);
        const QJsonObject b = config::routeToJson(*after);
        QStringList keys;
        for (auto it = b.begin(); it != b.end(); ++it)
            if (a.value(it.key()) != it.value())
                keys << it.key();
        for (auto it = a.begin(); it != a.end(); ++it)
            if (!b.contains(it.key()))
                keys << it.key();
        if (before.secrets != after->secrets)
            keys << u"secrets (%1 now)"_s.arg(after->secrets.size());
        if (!keys.isEmpty()) {
            c.lines << u"route '%1': %2 changed"_s.arg(before.name, keys.join(u", "_s));
            c.routes = true;
        }
    }
    for (const config::Route& after : next.routes) {
        if (!find(running.routes, after.name)) {
            c.lines << u"route '%1' added (%2, %3, %4 secret(s))"_s.arg(after.name, after.pathPrefix, after.scheme)
                           .arg(after.secrets.size());
            c.routes = true;
        }
    }
    return c;
}

} // namespace hookscope::ingest
