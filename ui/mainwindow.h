#pragma once

#include <QMainWindow>
#include <QUrl>

namespace hookscope::ui {

/** The inspector window. */
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(QString databasePath, QWidget* parent = nullptr);
    ~MainWindow() override;

    void setListenerUrls(const QList<QUrl>& urls, const QString& fingerprint);
    void setListenerError(const QString& message);

private:
    QString m_databasePath;
};

} // namespace hookscope::ui
