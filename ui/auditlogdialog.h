#pragma once

#include "eventreader.h"
#include "job.h"

#include "core/replay/auditentry.h"

#include <QDialog>

class QLabel;
class QTableWidget;

namespace hookscope::ui {

/** The audit log: time, action, event, reason, note, newest first. Read off the GUI thread. */
class AuditLogDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLogDialog)
public:
    enum Column { Time, Action, Event, Reason, Note, Details, ColumnCount };

    /** The entry's details (target, status, format, verdict…) in one short line. */
    static QString detailsText(const QJsonObject& details);

    explicit AuditLogDialog(EventReader& reader, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    /** Reads the log again; `loaded` follows. */
    void reload();

Q_SIGNALS:
    void loaded(int entries);

private:
    struct Read {
        QList<replay::AuditEntry> entries;
        QString error;
    };
    void display(const Read& read);

    EventReader& m_reader;
    QTableWidget* m_table;
    QLabel* m_status;
    Job<Read> m_job;
};

} // namespace hookscope::ui
