#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace hookscope::ui {

/** What the window says about the embedded listener. */
struct ListenerState {
    QList<QUrl> urls; ///< empty when not listening
    QString fingerprint; ///< SHA-256 of the HTTPS certificate
    QString error; ///< why it is not listening (a port taken, say)
    quint16 httpPort = 0;
    quint16 httpsPort = 0;
    QString scheme; ///< the default route's scheme
    QByteArray secret; ///< the default route's first secret (signs the sample event); empty: none set
    QStringList routes;
    /// Each route's secrets the listener verifies with (by route name; routes without any are absent).
    QHash<QString, QList<QByteArray>> routeSecrets;
    QString samplePath = QStringLiteral("/webhooks/email");
    QString configPath; ///< the configuration file the Settings dialog edits
    QUrl apiUrl; ///< the local API's base URL while it serves; empty when off
    QString apiTokenPath; ///< the file holding the API's token
    QString apiError; ///< why the API does not serve (when it should)
};

/** The embedded listener as the window sees it. */
class ListenerControl {
public:
    virtual ~ListenerControl() = default;
    virtual ListenerState state() const = 0;
    /** Listens again on other ports (0 keeps a listener off). */
    virtual Result<void> restart(quint16 httpPort, quint16 httpsPort) = 0;
    /** Bumped on every commit; cheap to poll. */
    virtual qint64 changeCounter() const = 0;
    /**
     * Reads the configuration again (the file, the stored secrets, the command line's flags on top) and applies
     * what changed: routes, secrets and answers under the running listener, ports, address or certificate by
     * listening again. One line per change (none: nothing the listener uses changed), or why it could not.
     */
    virtual Result<QStringList> reconfigure() { return fail(QStringLiteral("this listener cannot be reconfigured")); }
    /** Whether the routes' response rules apply (the window's "Response rules" switch); false when there are none. */
    virtual bool responseRulesEnabled() const { return false; }
    /** Turns every route's response rules on or off at once, live, and keeps the choice in the configuration. */
    virtual Result<void> setResponseRulesEnabled(bool) { return fail(QStringLiteral("nothing listens here")); }
};

} // namespace hookscope::ui
