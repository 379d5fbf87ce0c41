#include "mainwindow.h"

#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

MainWindow::MainWindow(QString databasePath, QWidget* parent)
    : QMainWindow(parent)
    , m_databasePath(std::move(databasePath))
{
    setWindowTitle(u"Hookscope"_s);
    auto* label = new QLabel(u"Waiting for webhooks…"_s, this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(1200, 760);
}

MainWindow::~MainWindow() = default;

void MainWindow::setListenerUrls(const QList<QUrl>& urls, const QString& fingerprint)
{
    QStringList parts;
    for (const auto& u : urls)
        parts << u.toString();
    statusBar()->showMessage(
        parts.join(u"   "_s) + (fingerprint.isEmpty() ? QString() : u"   SHA-256 "_s + fingerprint));
}

void MainWindow::setListenerError(const QString& message)
{
    statusBar()->showMessage(message);
}

} // namespace hookscope::ui
