#pragma once

#include "listenercontrol.h"

#include "core/config/config.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace hookscope::config {
class SecretStore;
}

namespace hookscope::ui {

/**
 * Ports, bind address and routes (path, scheme, secrets by name, auto-quarantine, answer status), written to
 * the configuration file through core/config; secret values go to the secret store, never to the file.
 */
class SettingsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)
public:
    enum RouteColumn {
        Name,
        PathPrefix,
        Scheme,
        SecretNames,
        AutoQuarantine,
        ResponseStatus,
        ResponseRules,
        RouteColumnCount
    };

    /** Edits the file at `configPath` (created on save when missing); `secrets` may be null (no secret editing). */
    SettingsDialog(QString configPath, config::SecretStore* secrets, QWidget* parent = nullptr);

    /** Reads the dialog back into a configuration (unknown keys of the file kept). */
    Result<config::Config> edited() const;
    /** Writes edited() to the file; the error says what is wrong. */
    Result<void> save();

    QSpinBox* httpPort() const { return m_http; }
    QSpinBox* httpsPort() const { return m_https; }
    QLineEdit* bindAddress() const { return m_bind; }
    QLineEdit* certificateFile() const { return m_certificate; }
    QLineEdit* keyFile() const { return m_key; }
    QTableWidget* routes() const { return m_routes; }
    QString loadError() const { return m_loadError; }
    QCheckBox* apiInWindow() const { return m_apiOn; }
    QSpinBox* apiPort() const { return m_apiPort; }
    QLabel* apiStatus() const { return m_apiStatus; }

    QPushButton* setSecretButton() const { return m_setSecret; }
    QLabel* httpInUse() const { return m_httpInUse; }
    QLabel* httpsInUse() const { return m_httpsInUse; }
    QLabel* status() const { return m_status; }

    /** What the window's local API does now: its base URL while serving, the token's file, why it is off. */
    void showApi(const QUrl& url, const QString& tokenPath, const QString& error);
    /** Beside each port: the one the listener uses now (which may differ from the file's), or why none. */
    void showListener(const ListenerState& state);
    /** The response rules of the route in `row` as edited (the route's "response" object without its status). */
    QJsonObject responseRules(int row) const;
    /** Sets them, as the Rules… editor does once what was typed is a valid "response" object. */
    void setResponseRules(int row, const QJsonObject& rules);
    /** Why `rules` is not a valid "response" object (the configuration's own sentence); empty when it is. */
    static QString checkResponseRules(const QJsonObject& rules);
    /** Stores `value` as the secret of the route in `row` (what Set secret… does after asking). */
    Result<void> storeSecret(int row, const QByteArray& value);

private:
    void addRoute(const config::Route& route);
    void editResponseRules(int row);
    void setSecret();
    /** The route's secret names as configured, or (in grey) the stored secrets it uses when none are named. */
    void showSecretNames(int row, const QStringList& configured);

    QString m_path;
    config::SecretStore* m_secrets;
    config::Config m_original;
    QString m_loadError;
    QSpinBox* m_http;
    QSpinBox* m_https;
    QLineEdit* m_bind;
    QLineEdit* m_certificate;
    QLineEdit* m_key;
    QTableWidget* m_routes;
    QCheckBox* m_apiOn;
    QSpinBox* m_apiPort;
    QLabel* m_apiStatus;
    QPushButton* m_copyToken;
    QString m_tokenPath;
    QLabel* m_status;
    QPushButton* m_setSecret;
    QLabel* m_httpInUse;
    QLabel* m_httpsInUse;
};

} // namespace hookscope::ui
