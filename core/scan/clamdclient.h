#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace hookscope::scan {

/** Where clamd listens: a Unix socket path, or a TCP host and port. */
struct ClamdAddress {
    QString socketPath; ///< set for a Unix socket
    QString host; ///< set for TCP
    quint16 port = 0;

    /**
     * Reads `serve --clamd` / `attachments.clamd`: a path (anything containing '/') is a Unix socket, `HOST:PORT`
     * (`[::1]:3310` for IPv6) is TCP. nullopt for anything else.
     */
    static std::optional<ClamdAddress> parse(const QString& text);
    QString toString() const;
};

/** Debian's clamav-daemon socket (`LocalSocket` in /etc/clamav/clamd.conf). */
inline constexpr QStringView kDebianClamdSocket = u"/var/run/clamav/clamd.ctl";

/** What clamd said of one stream. */
struct ClamdVerdict {
    enum class Kind { Clean, Infected, Error, Unreachable };
    Kind kind = Kind::Unreachable;
    QString signature; ///< Infected: the signature's name ("Eicar-Signature")
    QString message; ///< Error / Unreachable: why
};

/**
 * A client of clamd's socket protocol (clamd(8)): `zINSTREAM` (the bytes in chunks, each after its length as four
 * bytes big-endian, then a chunk of length zero; the answer `stream: OK`, `stream: NAME FOUND` or `… ERROR`),
 * `zVERSION` and `zPING`. One connection per command, blocking Qt sockets: it runs on the post-processor's thread
 * (or a command's), never on one with an event loop to keep going.
 */
class ClamdClient final {
public:
    explicit ClamdClient(ClamdAddress address, int timeoutMs = 60000);

    /** Streams `data` through INSTREAM. */
    ClamdVerdict scan(const QByteArray& data) const;
    /** The engine and database version (`ClamAV 1.0.7/27480/Thu Dec  3 09:32:18 2026`). */
    Result<QString> version() const;
    /** True when clamd answers PING with PONG. */
    bool ping() const;

    const ClamdAddress& address() const { return m_address; }

private:
    /** Sends `command` (and `payload` as INSTREAM chunks when `stream`), returns the answer without its NUL. */
    Result<QByteArray> exchange(const QByteArray& command, const QByteArray* stream) const;

    ClamdAddress m_address;
    int m_timeoutMs;
};

} // namespace hookscope::scan
