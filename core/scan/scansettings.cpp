#include "scansettings.h"

#include "inspection.h"

#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace hookscope::scan {

QStringList ScanSettings::policyFor(const QString& route) const
{
    return routeQuarantineOn.value(route, quarantineOn);
}

QStringList policyWords()
{
    return { u"infected"_s, u"error"_s, u"not-scanned"_s, u"flagged"_s, flag::kTypeMismatch, flag::kExecutable,
        flag::kScript, flag::kMacro, flag::kActiveContent, flag::kArchiveEncrypted, flag::kArchiveNested,
        flag::kArchiveBomb, flag::kDoubleExtension, flag::kRtlOverride };
}

namespace {

Result<QStringList> readPolicy(const QJsonValue& v, const QString& where)
{
    if (!v.isArray())
        return fail(u"%1.quarantineOn must be a list (of: %2)"_s.arg(where, policyWords().join(u", "_s)));
    QStringList words;
    for (const QJsonValue& w : v.toArray()) {
        if (!policyWords().contains(w.toString()))
            return fail(
                u"%1.quarantineOn: unknown \"%2\" (known: %3)"_s.arg(where, w.toString(), policyWords().join(u", "_s)));
        words << w.toString();
    }
    return words;
}

} // namespace

Result<ScanSettings> resolveScanSettings(const std::optional<QString>& clamdOption, const QJsonObject& config)
{
    ScanSettings s;
    const QJsonValue attachments = config.value(u"attachments"_s);
    if (!attachments.isUndefined() && !attachments.isObject())
        return fail(
            u"attachments must be an object: {\"clamd\": \"SOCKET|HOST:PORT\", \"quarantineOn\": [\"infected\"]}"_s);
    const QJsonObject a = attachments.toObject();
    if (a.contains(u"quarantineOn"_s)) {
        auto words = readPolicy(a.value(u"quarantineOn"_s), u"attachments"_s);
        if (!words)
            return fail(words.error());
        s.quarantineOn = *words;
    }
    for (const QJsonValue& r : config.value(u"routes"_s).toArray()) {
        const QJsonObject route = r.toObject();
        const QJsonObject ra = route.value(u"attachments"_s).toObject();
        if (!ra.contains(u"quarantineOn"_s))
            continue;
        const QString name = route.value(u"name"_s).toString(u"default"_s);
        auto words = readPolicy(ra.value(u"quarantineOn"_s), u"route \"%1\": attachments"_s.arg(name));
        if (!words)
            return fail(words.error());
        s.routeQuarantineOn.insert(name, *words);
    }

    QString address;
    QString from;
    if (clamdOption) {
        address = *clamdOption;
        from = u"--clamd"_s;
    } else if (a.contains(u"clamd"_s)) {
        address = a.value(u"clamd"_s).toString();
        from = u"attachments.clamd"_s;
    }
    if (address == u"off"_s) {
        s.notScannedReason = u"scanning is turned off (%1 off)"_s.arg(from);
        return s;
    }
    if (!from.isEmpty()) {
        s.clamd = ClamdAddress::parse(address);
        if (!s.clamd)
            return fail(u"%1 takes clamd's socket path or HOST:PORT (or off), not \"%2\""_s.arg(from, address));
        return s;
    }
    if (QFileInfo::exists(kDebianClamdSocket.toString())) {
        s.clamd = ClamdAddress { kDebianClamdSocket.toString(), {}, 0 };
        return s;
    }
    s.notScannedReason = u"no clamd: install and start clamav-daemon (freshclam fetches its databases), or give "
                         u"serve --clamd SOCKET|HOST:PORT or attachments.clamd in the configuration"_s;
    return s;
}

} // namespace hookscope::scan
