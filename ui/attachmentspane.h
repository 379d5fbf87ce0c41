#pragma once

#include "detailpane.h"

#include <QTemporaryDir>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTreeWidget;

namespace hookscope::ui {

/** The message's attachments: list, image and text preview, Save and Open. */
class AttachmentsPane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttachmentsPane)
public:
    explicit AttachmentsPane(QWidget* parent = nullptr);
    ~AttachmentsPane() override;
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;

    QTreeWidget* list() const { return m_list; }
    QLabel* imagePreview() const { return m_image; }
    QPlainTextEdit* textPreview() const { return m_text; }
    /** Writes attachment `index` into `directory` under its sanitized name, never over an existing file. */
    QString saveTo(int index, const QString& directory) const;

private:
    void preview();
    void save();
    void open();

    QList<email::Attachment> m_attachments;
    QTreeWidget* m_list;
    QStackedWidget* m_preview;
    QScrollArea* m_imageArea;
    QLabel* m_image;
    QPlainTextEdit* m_text;
    QLabel* m_none;
    QPushButton* m_save;
    QPushButton* m_open;
    std::unique_ptr<QTemporaryDir> m_openDir;
};

} // namespace hookscope::ui
