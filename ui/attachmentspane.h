#pragma once

#include "detailpane.h"

#include "core/store/attachmentscans.h"

#include <QPixmap>
#include <QTemporaryDir>

#include <functional>

#include <memory>
#include <utility>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTreeWidget;

namespace hookscope::ui {

/**
 * The message's attachments: list, image and text preview, Save and Open. An image is shown at its own size, or
 * scaled down (keeping its aspect ratio) to the preview it is shown in, once that is laid out and whenever it
 * is resized; never scaled up. Each attachment's scan is its Safety badge (ScanBadge); opening or saving one that is
 * infected or flagged asks first, naming what was found.
 */
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
    /** Attachment `index`'s scan; nullptr before it was scanned. */
    const store::AttachmentScanRow* scanOf(int index) const;
    /**
     * Whether attachment `index` may be opened or saved (`verb`): asks through `confirm` when scanning found something
     * in it (ScanBadge::needsConfirmation), else true without asking.
     */
    bool mayHandle(int index, const QString& verb);
    /** Asks the question (ScanBadge::question); true to go on. A window-modal question box unless replaced. */
    std::function<bool(const QString& question)> confirm;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void preview();
    /** Shows the image previewed at the size that fits the preview now. */
    void fitImage();
    void save();
    void open();

    QList<email::Attachment> m_attachments;
    QList<store::AttachmentScanRow> m_scans;
    QTreeWidget* m_list;
    QStackedWidget* m_preview;
    QScrollArea* m_imageArea;
    QLabel* m_image;
    QPixmap m_imageOriginal; ///< the image previewed, at its own size
    std::pair<qint64, QSize> m_fitted; ///< the image (cache key) and size the preview shows
    QPlainTextEdit* m_text;
    QLabel* m_none;
    QPushButton* m_save;
    QPushButton* m_open;
    std::unique_ptr<QTemporaryDir> m_openDir;
};

} // namespace hookscope::ui
