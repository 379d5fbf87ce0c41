#include "attachmentspane.h"

#include "eventlistmodel.h"
#include "filenames.h"
#include "scanbadge.h"

#include <QColor>
#include <QDesktopServices>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

static bool isTextType(const QString& type)
{
    return type.startsWith(u"text/"_s) || type == u"application/json"_s || type == u"application/xml"_s
        || type == u"text/calendar"_s || type.endsWith(u"+xml"_s) || type.endsWith(u"+json"_s);
}

AttachmentsPane::AttachmentsPane(QWidget* parent)
    : DetailPane(parent)
    , m_list(new QTreeWidget(this))
    , m_preview(new QStackedWidget(this))
    , m_imageArea(new QScrollArea(this))
    , m_image(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
    , m_none(new QLabel(this))
    , m_save(new QPushButton(u"Save…"_s, this))
    , m_open(new QPushButton(u"Open"_s, this))
{
    m_list->setColumnCount(5);
    m_list->setHeaderLabels({ u"Name"_s, u"Type"_s, u"Size"_s, u"Content-ID"_s, u"Safety"_s });
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    m_image->setAlignment(Qt::AlignCenter);
    m_imageArea->setWidget(m_image);
    m_imageArea->setWidgetResizable(true);
    m_imageArea->setAlignment(Qt::AlignCenter);
    // The preview's size is known once it is laid out (it may be on a tab not shown yet): scale then.
    m_imageArea->viewport()->installEventFilter(this);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_none->setAlignment(Qt::AlignCenter);
    m_none->setWordWrap(true);
    m_preview->addWidget(m_none);
    m_preview->addWidget(m_imageArea);
    m_preview->addWidget(m_text);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_open);
    buttons->addWidget(m_save);
    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_list, 1);
    topLayout->addLayout(buttons);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(m_preview);
    // A third for the list and its buttons, the rest for the preview (a short window leaves the list a few rows).
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({ 100, 200 });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter);

    confirm = [this](const QString& question) {
        // The question names the file as the sender wrote it: plain text, never markup.
        QMessageBox box(
            QMessageBox::Warning, u"Flagged attachment"_s, question, QMessageBox::Yes | QMessageBox::Cancel, this);
        box.setTextFormat(Qt::PlainText);
        box.setDefaultButton(QMessageBox::Cancel);
        return box.exec() == QMessageBox::Yes;
    };
    connect(m_list, &QTreeWidget::currentItemChanged, this, &AttachmentsPane::preview);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, &AttachmentsPane::open);
    connect(m_save, &QPushButton::clicked, this, &AttachmentsPane::save);
    connect(m_open, &QPushButton::clicked, this, &AttachmentsPane::open);
}

AttachmentsPane::~AttachmentsPane() = default;

void AttachmentsPane::clearDetails()
{
    m_attachments.clear();
    m_scans.clear();
    m_list->clear();
    preview();
}

void AttachmentsPane::setDetails(const EventDetails& details)
{
    m_attachments = details.email ? details.email->attachments : QList<email::Attachment>();
    m_scans = details.scans;
    m_list->clear();
    for (const auto& a : std::as_const(m_attachments)) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(0, a.filename.isEmpty() ? u"(unnamed)"_s : a.filename);
        item->setText(1, a.contentType);
        item->setText(2, formatSize(a.data.isEmpty() ? a.size : a.data.size()));
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(3, a.contentId + (a.isInline ? u" (inline)"_s : QString()));
        const store::AttachmentScanRow* scan = scanOf(m_list->indexOfTopLevelItem(item));
        item->setText(4, ScanBadge::text(scan));
        item->setToolTip(4, ScanBadge::tooltip(scan));
        if (ScanBadge::needsConfirmation(scan))
            item->setForeground(4, QColor(0xb0, 0x20, 0x20));
    }
    m_list->resizeColumnToContents(1);
    m_list->resizeColumnToContents(2);
    if (!m_attachments.isEmpty())
        m_list->setCurrentItem(m_list->topLevelItem(0));
    preview();
}

void AttachmentsPane::preview()
{
    const int index = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
    m_imageOriginal = QPixmap();
    m_fitted = {};
    m_image->clear();
    m_save->setEnabled(index >= 0);
    m_open->setEnabled(index >= 0);
    if (index < 0) {
        m_none->setText(m_attachments.isEmpty() ? u"This message has no attachments."_s : QString());
        m_preview->setCurrentWidget(m_none);
        return;
    }
    const email::Attachment& a = m_attachments[index];
    if (a.contentType.startsWith(u"image/"_s)) {
        QPixmap pm;
        if (pm.loadFromData(a.data)) {
            m_imageOriginal = pm;
            m_preview->setCurrentWidget(m_imageArea);
            fitImage();
            return;
        }
    }
    if (isTextType(a.contentType)) {
        m_text->setPlainText(QString::fromUtf8(a.data.left(1024 * 1024)));
        m_preview->setCurrentWidget(m_text);
        return;
    }
    m_none->setText(a.data.isEmpty() ? u"The payload carried no content for this attachment."_s
                                     : u"No preview for %1. Open it or save it."_s.arg(a.contentType));
    m_preview->setCurrentWidget(m_none);
}

bool AttachmentsPane::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_imageArea->viewport() && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        fitImage();
    return DetailPane::eventFilter(watched, event);
}

void AttachmentsPane::fitImage()
{
    if (m_imageOriginal.isNull())
        return;
    const QSize natural = m_imageOriginal.size();
    QSize size = natural;
    // Until the preview is laid out its size means nothing: the image waits at its own size.
    if (m_imageArea->viewport()->isVisible()) {
        const QSize room = (m_imageArea->viewport()->size() - QSize(16, 16)).expandedTo(QSize(1, 1));
        if (natural.width() > room.width() || natural.height() > room.height())
            size = natural.scaled(room, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
    }
    if (m_fitted == std::pair(m_imageOriginal.cacheKey(), size))
        return;
    m_fitted = { m_imageOriginal.cacheKey(), size };
    m_image->setPixmap(size == natural ? m_imageOriginal
                                       : m_imageOriginal.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
}

const store::AttachmentScanRow* AttachmentsPane::scanOf(int index) const
{
    for (const auto& s : m_scans)
        if (s.part == index)
            return &s;
    return nullptr;
}

bool AttachmentsPane::mayHandle(int index, const QString& verb)
{
    const store::AttachmentScanRow* scan = scanOf(index);
    if (!ScanBadge::needsConfirmation(scan))
        return true;
    return confirm && confirm(ScanBadge::question(*scan, m_attachments.value(index).filename, verb));
}

QString AttachmentsPane::saveTo(int index, const QString& directory) const
{
    if (index < 0 || index >= m_attachments.size())
        return {};
    const email::Attachment& a = m_attachments[index];
    const QString path = uniqueFilePath(directory, a.filename);
    QFile f(path);
    // NewOnly: even a file appearing between the check and the write is not overwritten.
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return {};
    f.write(a.data);
    return f.error() == QFile::NoError ? path : QString();
}

void AttachmentsPane::save()
{
    const int index = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
    if (index < 0 || !mayHandle(index, u"Save"_s))
        return;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    const QString suggested = uniqueFilePath(dir, m_attachments[index].filename);
    // The dialog asks before replacing a file the person picked on purpose.
    const QString path = QFileDialog::getSaveFileName(this, u"Save attachment"_s, suggested);
    if (path.isEmpty())
        return;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(m_attachments[index].data) < 0)
        QMessageBox::warning(this, u"Save attachment"_s, u"Could not write %1: %2"_s.arg(path, f.errorString()));
}

void AttachmentsPane::open()
{
    const int index = m_list->currentItem() ? m_list->indexOfTopLevelItem(m_list->currentItem()) : -1;
    if (index < 0 || !mayHandle(index, u"Open"_s))
        return;
    if (!m_openDir)
        m_openDir = std::make_unique<QTemporaryDir>();
    const QString path = saveTo(index, m_openDir->path());
    if (!path.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
}

} // namespace hookscope::ui
