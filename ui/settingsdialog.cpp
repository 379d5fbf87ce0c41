#include "settingsdialog.h"

#include "core/config/secretstore.h"
#include "core/http/certificate.h"
#include "core/verify/scheme.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHostAddress>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

SettingsDialog::SettingsDialog(QString configPath, config::SecretStore* secrets, QWidget* parent)
    : QDialog(parent)
    , m_path(std::move(configPath))
    , m_secrets(secrets)
    , m_http(new QSpinBox(this))
    , m_https(new QSpinBox(this))
    , m_bind(new QLineEdit(this))
    , m_certificate(new QLineEdit(this))
    , m_key(new QLineEdit(this))
    , m_routes(new QTableWidget(0, RouteColumnCount, this))
    , m_apiOn(new QCheckBox(u"Serve the local API while the window is open"_s, this))
    , m_apiPort(new QSpinBox(this))
    , m_apiStatus(new QLabel(this))
    , m_copyToken(new QPushButton(u"Copy token"_s, this))
    , m_status(new QLabel(this))
    , m_setSecret(new QPushButton(u"Set secret…"_s, this))
    , m_httpInUse(new QLabel(this))
    , m_httpsInUse(new QLabel(this))
{
    setWindowTitle(u"Settings"_s);
    if (QFileInfo::exists(m_path)) {
        auto loaded = config::loadConfig(m_path);
        if (loaded)
            m_original = *loaded;
        else
            m_loadError = loaded.error();
    }
    for (QSpinBox* box : { m_http, m_https }) {
        box->setRange(0, 65535);
        box->setSpecialValueText(u"off"_s);
        box->setMaximumWidth(box->fontMetrics().horizontalAdvance(u"000000"_s) + 48);
    }
    m_http->setValue(m_original.httpPort.value_or(8080));
    m_https->setValue(m_original.httpsPort.value_or(8443));
    m_bind->setText(m_original.bind);
    m_bind->setPlaceholderText(u"127.0.0.1"_s);
    m_bind->setMaximumWidth(m_bind->fontMetrics().horizontalAdvance(u"0000:0000:0000:0000"_s) + 24);

    auto* listener = new QGroupBox(u"Listener"_s, this);
    auto* form = new QFormLayout(listener);
    const auto portRow = [listener](QSpinBox* box, QLabel* inUse) {
        auto* row = new QWidget(listener);
        auto* layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(box);
        inUse->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(inUse, 1);
        return row;
    };
    form->addRow(u"HTTP port"_s, portRow(m_http, m_httpInUse));
    form->addRow(u"HTTPS port"_s, portRow(m_https, m_httpsInUse));
    form->addRow(u"Bind address"_s, m_bind);
    // Certificate: empty fields mean the self-signed one; otherwise the user's own PEM pair (e.g. from mkcert).
    const auto fileRow = [this, listener](QLineEdit* edit, const QString& current, const QString& title) {
        edit->setText(current);
        edit->setPlaceholderText(u"self-signed (made on first run)"_s);
        auto* row = new QWidget(listener);
        auto* layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(edit, 1);
        auto* browse = new QPushButton(u"Browse…"_s, row);
        layout->addWidget(browse);
        connect(browse, &QPushButton::clicked, this, [this, edit, title] {
            const QString file = QFileDialog::getOpenFileName(
                this, title, edit->text(), u"PEM files (*.pem *.crt *.key);;All files (*)"_s);
            if (!file.isEmpty())
                edit->setText(file);
        });
        return row;
    };
    form->addRow(u"Certificate (PEM)"_s, fileRow(m_certificate, m_original.certificatePath, u"Certificate"_s));
    form->addRow(u"Private key (PEM)"_s, fileRow(m_key, m_original.keyPath, u"Private key"_s));
    auto* certNote = new QLabel(u"Leave both empty for the self-signed certificate."_s, listener);
    certNote->setWordWrap(true);
    certNote->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(certNote);

    // The local API (JSON, the event stream, metrics) on 127.0.0.1 only, for scripts and tests beside the window.
    auto* api = new QGroupBox(u"Local API"_s, this);
    auto* apiForm = new QFormLayout(api);
    m_apiOn->setChecked(m_original.apiInWindow);
    m_apiPort->setRange(0, 65535);
    m_apiPort->setSpecialValueText(u"any free"_s);
    m_apiPort->setValue(m_original.apiPort.value_or(config::kDefaultApiPort));
    m_apiPort->setMaximumWidth(m_apiPort->fontMetrics().horizontalAdvance(u"any free"_s) + 48);
    m_apiPort->setEnabled(m_apiOn->isChecked());
    connect(m_apiOn, &QCheckBox::toggled, m_apiPort, &QWidget::setEnabled);
    apiForm->addRow(m_apiOn);
    apiForm->addRow(u"Port (127.0.0.1)"_s, m_apiPort);
    m_apiStatus->setWordWrap(true);
    m_apiStatus->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    apiForm->addRow(m_apiStatus);
    m_copyToken->setEnabled(false);
    m_copyToken->setToolTip(u"Every call needs the header Authorization: Bearer TOKEN"_s);
    connect(m_copyToken, &QPushButton::clicked, this, [this] {
        QFile file(m_tokenPath);
        if (!file.open(QIODevice::ReadOnly)) {
            m_status->setText(u"Cannot read the token: %1"_s.arg(file.errorString()));
            return;
        }
        QGuiApplication::clipboard()->setText(QString::fromLatin1(file.readAll().trimmed()));
        m_status->setText(u"API token copied to the clipboard."_s);
    });
    apiForm->addRow(m_copyToken);
    showApi({}, {}, {});

    m_routes->setHorizontalHeaderLabels({ u"Name"_s, u"Path prefix"_s, u"Scheme"_s, u"Secret names"_s,
        u"Auto-quarantine"_s, u"Answer status"_s, u"Response rules"_s });
    // Every column as wide as its header and cells; the secret names take what is left.
    m_routes->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_routes->horizontalHeader()->setSectionResizeMode(SecretNames, QHeaderView::Stretch);
    m_routes->verticalHeader()->hide();
    m_routes->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (const config::Route& r : std::as_const(m_original.routes))
        addRoute(r);
    if (m_original.routes.isEmpty())
        addRoute(config::Route());
    auto* add = new QPushButton(u"Add route"_s, this);
    auto* remove = new QPushButton(u"Remove"_s, this);
    QPushButton* secret = m_setSecret;
    // Which route a secret is for is the selected row's: without one (or without a secret store) it is off.
    const auto updateSecretButton
        = [this] { m_setSecret->setEnabled(m_secrets != nullptr && m_routes->currentRow() >= 0); };
    connect(m_routes, &QTableWidget::currentCellChanged, this, updateSecretButton);
    m_routes->setCurrentCell(0, Name);
    updateSecretButton();
    secret->setToolTip(m_secrets ? u"Stores a secret for the selected route in the %1"_s.arg(m_secrets->backendName())
                                 : u"No secret store is open"_s);
    connect(add, &QPushButton::clicked, this, [this] {
        config::Route r;
        r.name = u"route%1"_s.arg(m_routes->rowCount() + 1);
        r.pathPrefix = u"/"_s + r.name;
        addRoute(r);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_routes->currentRow() >= 0)
            m_routes->removeRow(m_routes->currentRow());
    });
    connect(secret, &QPushButton::clicked, this, &SettingsDialog::setSecret);
    auto* routeButtons = new QHBoxLayout;
    routeButtons->addWidget(add);
    routeButtons->addWidget(remove);
    routeButtons->addStretch(1);
    routeButtons->addWidget(secret);
    auto* routesBox = new QGroupBox(u"Routes"_s, this);
    auto* routesLayout = new QVBoxLayout(routesBox);
    routesLayout->addWidget(m_routes);
    routesLayout->addLayout(routeButtons);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (auto r = save(); !r) {
            m_status->setText(r.error());
            return;
        }
        accept();
    });
    m_status->setWordWrap(true);
    m_status->setText(m_loadError.isEmpty()
            ? u"Edits %1. Saving applies the changes to the running listener."_s.arg(m_path)
            : u"Could not read %1: %2"_s.arg(m_path, m_loadError));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(listener, 3);
    top->addWidget(api, 2);
    layout->addLayout(top);
    layout->addWidget(routesBox, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(900, 520);
}

void SettingsDialog::showApi(const QUrl& url, const QString& tokenPath, const QString& error)
{
    m_tokenPath = tokenPath;
    m_copyToken->setEnabled(url.isValid() && !tokenPath.isEmpty());
    if (url.isValid())
        m_apiStatus->setText(u"Serving %1/api/v1/ (OpenAPI at /api/v1/openapi.json, metrics at /metrics). "
                             u"Token in %2."_s.arg(url.toString(), tokenPath));
    else if (!error.isEmpty())
        m_apiStatus->setText(u"Not serving: %1"_s.arg(error));
    else
        m_apiStatus->setText(m_apiOn->isChecked() ? u"Not serving now."_s : u"Off."_s);
}

void SettingsDialog::addRoute(const config::Route& r)
{
    const int row = m_routes->rowCount();
    m_routes->insertRow(row);
    m_routes->setItem(row, Name, new QTableWidgetItem(r.name));
    m_routes->setItem(row, PathPrefix, new QTableWidgetItem(r.pathPrefix));
    auto* scheme = new QComboBox(m_routes);
    scheme->addItems(verify::schemeNames());
    scheme->setCurrentText(r.scheme);
    m_routes->setCellWidget(row, Scheme, scheme);
    showSecretNames(row, r.secretNames);
    auto* quarantine = new QCheckBox(m_routes);
    quarantine->setChecked(r.autoQuarantine);
    m_routes->setCellWidget(row, AutoQuarantine, quarantine);
    auto* status = new QSpinBox(m_routes);
    status->setRange(0, 599);
    status->setSpecialValueText(u"as verified"_s);
    status->setValue(r.response.status);
    m_routes->setCellWidget(row, ResponseStatus, status);
    // The rules beyond the status (sequence, failure rate, delays, close/reset) as the file writes them.
    QJsonObject rules = config::routeToJson(r).value(u"response"_s).toObject();
    rules.remove(u"status"_s);
    auto* edit = new QPushButton(m_routes);
    edit->setObjectName(u"responseRules%1"_s.arg(row));
    connect(edit, &QPushButton::clicked, this, [this, edit] {
        for (int i = 0; i < m_routes->rowCount(); ++i)
            if (m_routes->cellWidget(i, ResponseRules) == edit)
                editResponseRules(i);
    });
    m_routes->setCellWidget(row, ResponseRules, edit);
    setResponseRules(row, rules);
}

namespace {

/** The rules in a few words for the button: what a person would check first. */
QString rulesSummary(const QJsonObject& rules)
{
    QStringList parts;
    if (rules.value(u"action"_s).isString())
        parts << rules.value(u"action"_s).toString();
    if (const QJsonArray seq = rules.value(u"sequence"_s).toArray(); !seq.isEmpty())
        parts << u"sequence of %1"_s.arg(seq.size());
    if (rules.contains(u"failureRate"_s))
        parts << u"fail %1%"_s.arg(rules.value(u"failureRate"_s).toDouble() * 100);
    if (const QJsonValue d = rules.value(u"delayMs"_s); d.isArray() || d.toInt() > 0)
        parts << (d.isArray() ? u"delay %1–%2 ms"_s.arg(d.toArray().at(0).toInt()).arg(d.toArray().at(1).toInt())
                              : u"delay %1 ms"_s.arg(d.toInt()));
    return parts.isEmpty() ? u"None…"_s : parts.join(u", "_s) + u"…"_s;
}

} // namespace

QJsonObject SettingsDialog::responseRules(int row) const
{
    const QWidget* edit = m_routes->cellWidget(row, ResponseRules);
    return edit ? edit->property("rules").toJsonObject() : QJsonObject();
}

void SettingsDialog::setResponseRules(int row, const QJsonObject& rules)
{
    auto* edit = static_cast<QPushButton*>(m_routes->cellWidget(row, ResponseRules));
    // Defaults written by the file (no delay, no body) are not rules a person set.
    QJsonObject shown = rules;
    if (shown.value(u"delayMs"_s).toInt(-1) == 0)
        shown.remove(u"delayMs"_s);
    for (const QString& key : { u"body"_s, u"contentType"_s })
        if (shown.value(key).toString().isEmpty())
            shown.remove(key);
    edit->setProperty("rules", shown);
    edit->setText(rulesSummary(shown));
    edit->setToolTip(QString::fromUtf8(QJsonDocument(shown).toJson(QJsonDocument::Indented)));
}

QString SettingsDialog::checkResponseRules(const QJsonObject& rules)
{
    // The configuration's own reading, so the editor refuses exactly what serve would.
    QJsonObject route { { u"name"_s, u"check"_s }, { u"pathPrefix"_s, u"/"_s }, { u"response"_s, rules } };
    const QJsonObject doc { { u"routes"_s, QJsonArray { route } } };
    auto parsed = config::parseConfig(QJsonDocument(doc).toJson());
    return parsed ? QString() : parsed.error();
}

void SettingsDialog::editResponseRules(int row)
{
    QDialog editor(this);
    editor.setWindowTitle(u"Response rules of %1"_s.arg(m_routes->item(row, Name)->text()));
    auto* text = new QPlainTextEdit(&editor);
    text->setObjectName(u"rulesText"_s);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setPlainText(QString::fromUtf8(QJsonDocument(responseRules(row)).toJson(QJsonDocument::Indented)));
    auto* help = new QLabel(u"The route's \"response\" beside its status, as in the configuration, e.g. "
                            u"{\"sequence\": [{\"status\": 500, \"times\": 2}, {\"status\": 200}]}, "
                            u"{\"failureRate\": 0.3, \"seed\": 42}, {\"delayMs\": [100, 800]} or "
                            u"{\"action\": \"reset\"}. File ▸ Response rules turns them all off."_s,
        &editor);
    help->setWordWrap(true);
    help->setTextFormat(Qt::PlainText);
    auto* problem = new QLabel(&editor);
    problem->setObjectName(u"rulesProblem"_s);
    problem->setWordWrap(true);
    problem->setTextFormat(Qt::PlainText);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &editor);
    connect(buttons, &QDialogButtonBox::rejected, &editor, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &editor, [&] {
        QJsonParseError error;
        const QString typed = text->toPlainText().trimmed();
        const QJsonDocument doc = QJsonDocument::fromJson(typed.isEmpty() ? "{}" : typed.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            problem->setText(u"Not a JSON object: %1"_s.arg(error.errorString()));
            return;
        }
        if (const QString why = checkResponseRules(doc.object()); !why.isEmpty()) {
            problem->setText(why);
            return;
        }
        setResponseRules(row, doc.object());
        editor.accept();
    });
    auto* layout = new QVBoxLayout(&editor);
    layout->addWidget(help);
    layout->addWidget(text, 1);
    layout->addWidget(problem);
    layout->addWidget(buttons);
    editor.resize(560, 360);
    editor.exec();
}

Result<config::Config> SettingsDialog::edited() const
{
    config::Config c = m_original;
    c.httpPort = quint16(m_http->value());
    c.httpsPort = quint16(m_https->value());
    const QString bind = m_bind->text().trimmed();
    if (!bind.isEmpty() && QHostAddress(bind).isNull())
        return fail(u"The bind address '%1' is not an IP address."_s.arg(bind));
    c.bind = bind;
    c.certificatePath = m_certificate->text().trimmed();
    c.keyPath = m_key->text().trimmed();
    if (c.certificatePath.isEmpty() != c.keyPath.isEmpty())
        return fail(u"Give both the certificate and its private key, or neither (for the self-signed one)."_s);
    if (!c.certificatePath.isEmpty()) {
        if (auto identity = http::loadIdentity(c.certificatePath, c.keyPath); !identity)
            return fail(identity.error());
    }
    QList<config::Route> routes;
    QStringList names;
    for (int row = 0; row < m_routes->rowCount(); ++row) {
        // Start from the route as read, so settings this dialog does not show survive.
        const QString name = m_routes->item(row, Name)->text().trimmed();
        config::Route r;
        for (const config::Route& old : m_original.routes)
            if (old.name == name)
                r = old;
        r.name = name;
        r.pathPrefix = m_routes->item(row, PathPrefix)->text().trimmed();
        r.scheme = static_cast<QComboBox*>(m_routes->cellWidget(row, Scheme))->currentText();
        r.secretNames.clear();
        const QTableWidgetItem* namesItem = m_routes->item(row, SecretNames);
        // The stored secrets shown for a route that names none stay unnamed, unless the text was edited.
        if (namesItem->text() != namesItem->data(Qt::UserRole).toString())
            for (const QString& s : namesItem->text().split(u',', Qt::SkipEmptyParts))
                r.secretNames << s.trimmed();
        r.autoQuarantine = static_cast<QCheckBox*>(m_routes->cellWidget(row, AutoQuarantine))->isChecked();
        // The rules as edited, the status from its own column.
        QJsonObject response = responseRules(row);
        response.insert(u"status"_s, static_cast<QSpinBox*>(m_routes->cellWidget(row, ResponseStatus))->value());
        r.response = config::routeFromJson(QJsonObject { { u"response"_s, response } }).response;
        if (r.name.isEmpty())
            return fail(u"Route %1 has no name."_s.arg(row + 1));
        if (names.contains(r.name))
            return fail(u"Two routes are called '%1'."_s.arg(r.name));
        if (!r.pathPrefix.startsWith(u'/'))
            return fail(u"The path prefix of '%1' must start with '/'."_s.arg(r.name));
        names << r.name;
        routes << r;
    }
    c.routes = routes;
    c.apiInWindow = m_apiOn->isChecked();
    // A port is written only when chosen: the default one falls back to a free port when taken.
    if (m_original.apiPort || m_apiPort->value() != config::kDefaultApiPort)
        c.apiPort = quint16(m_apiPort->value());
    // Round-trip through the file format, so what is saved is exactly what serve will read.
    auto checked = config::parseConfig(config::serializeConfig(c));
    if (!checked)
        return fail(checked.error());
    return c;
}

Result<void> SettingsDialog::save()
{
    auto c = edited();
    if (!c)
        return fail(c.error());
    return config::saveConfig(*c, m_path);
}

void SettingsDialog::setSecret()
{
    const int row = m_routes->currentRow();
    if (row < 0 || !m_secrets) {
        m_status->setText(u"Select the route the secret is for."_s);
        return;
    }
    const QString route = m_routes->item(row, Name)->text().trimmed();
    bool ok = false;
    const QString value = QInputDialog::getText(this, u"Secret for %1"_s.arg(route),
        u"The secret the provider signs with (stored in the %1, never in the configuration):"_s.arg(
            m_secrets->backendName()),
        QLineEdit::Password, QString(), &ok);
    if (!ok || value.isEmpty())
        return;
    if (auto r = storeSecret(row, value.toUtf8()); !r)
        QMessageBox::warning(this, u"Secret"_s, r.error());
}

Result<void> SettingsDialog::storeSecret(int row, const QByteArray& value)
{
    if (!m_secrets || row < 0 || row >= m_routes->rowCount())
        return fail(u"no route is selected"_s);
    const QString route = m_routes->item(row, Name)->text().trimmed();
    if (route.isEmpty())
        return fail(u"the route has no name"_s);
    const QString key = config::SecretStore::key(route);
    if (auto r = m_secrets->set(key, value); !r)
        return fail(r.error());
    // A route that names its secrets uses the new one only when it is named too.
    QTableWidgetItem* names = m_routes->item(row, SecretNames);
    QStringList configured;
    if (names->text() != names->data(Qt::UserRole).toString())
        for (const QString& s : names->text().split(u',', Qt::SkipEmptyParts))
            configured << s.trimmed();
    if (!configured.isEmpty() && !configured.contains(key))
        configured << key;
    showSecretNames(row, configured);
    m_status->setText(
        u"Secret for '%1' stored in the %2. It applies when you save."_s.arg(route, m_secrets->backendName()));
    return {};
}

void SettingsDialog::showSecretNames(int row, const QStringList& configured)
{
    auto* item = new QTableWidgetItem(configured.join(u", "_s));
    if (configured.isEmpty() && m_secrets) {
        const QString route = m_routes->item(row, Name) ? m_routes->item(row, Name)->text().trimmed() : QString();
        QStringList used;
        if (auto keys = m_secrets->keys(); keys && !route.isEmpty())
            for (const QString& k : *keys)
                if (k == route || k.startsWith(route + u'/'))
                    used << k;
        if (!used.isEmpty()) {
            item->setText(used.join(u", "_s));
            item->setData(Qt::UserRole, item->text());
            item->setForeground(palette().brush(QPalette::PlaceholderText));
            item->setToolTip(u"None named in the configuration: the route uses the secrets stored under its name."_s);
        }
    }
    m_routes->setItem(row, SecretNames, item);
}

void SettingsDialog::showListener(const ListenerState& state)
{
    const auto show = [&state](QLabel* label, quint16 configured, const QString& scheme) {
        QString inUse;
        for (const QUrl& url : state.urls)
            if (url.scheme() == scheme)
                inUse = QString::number(url.port());
        if (!inUse.isEmpty())
            label->setText(inUse == QString::number(configured) ? u"in use"_s : u"in use: %1"_s.arg(inUse));
        else if (configured == 0)
            label->clear();
        else
            label->setText(u"not listening"_s);
        label->setToolTip(inUse.isEmpty() && !state.error.isEmpty() ? state.error : label->text());
    };
    show(m_httpInUse, quint16(m_http->value()), u"http"_s);
    show(m_httpsInUse, quint16(m_https->value()), u"https"_s);
}

} // namespace hookscope::ui
