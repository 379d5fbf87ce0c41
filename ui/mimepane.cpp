#include "mimepane.h"

#include "eventlistmodel.h"
#include "mimescan.h"

#include "core/email/parttree.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTextBlock>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

constexpr int StartRole = Qt::UserRole;
constexpr int EndRole = Qt::UserRole + 1;

qint64 skipSpace(const QByteArray& b, qint64 pos)
{
    while (pos < b.size() && (b[pos] == ' ' || b[pos] == '\n' || b[pos] == '\r' || b[pos] == '\t'))
        ++pos;
    return pos;
}

/** One past the end of the JSON value starting at `pos`. */
qint64 skipValue(const QByteArray& b, qint64 pos)
{
    pos = skipSpace(b, pos);
    if (pos >= b.size())
        return pos;
    if (b[pos] == '"') {
        for (++pos; pos < b.size(); ++pos) {
            if (b[pos] == '\\')
                ++pos;
            else if (b[pos] == '"')
                return pos + 1;
        }
        return pos;
    }
    if (b[pos] == '{' || b[pos] == '[') {
        int depth = 0;
        for (; pos < b.size(); ++pos) {
            const char c = b[pos];
            if (c == '"') {
                pos = skipValue(b, pos) - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return pos + 1;
            }
        }
        return pos;
    }
    while (pos < b.size() && b[pos] != ',' && b[pos] != '}' && b[pos] != ']')
        ++pos;
    return pos;
}

/** The byte range of `"key": value` among the top-level members of the object at the start of `b`. */
QPair<qint64, qint64> memberRange(const QByteArray& b, const QByteArray& key)
{
    qint64 pos = skipSpace(b, 0);
    if (pos >= b.size() || b[pos] != '{')
        return { -1, -1 };
    ++pos;
    while (pos < b.size()) {
        pos = skipSpace(b, pos);
        if (pos >= b.size() || b[pos] != '"')
            break;
        const qint64 keyStart = pos;
        const qint64 keyEnd = skipValue(b, pos);
        const QByteArray name = b.mid(keyStart + 1, keyEnd - keyStart - 2);
        pos = skipSpace(b, keyEnd);
        if (pos < b.size() && b[pos] == ':')
            ++pos;
        const qint64 valueEnd = skipValue(b, pos);
        if (name == key)
            return { keyStart, valueEnd };
        pos = skipSpace(b, valueEnd);
        if (pos < b.size() && b[pos] == ',')
            ++pos;
    }
    return { -1, -1 };
}

/** Byte ranges of the elements of the JSON array whose value starts at or after `pos`. */
QList<QPair<qint64, qint64>> arrayElements(const QByteArray& b, qint64 pos, qint64 end)
{
    QList<QPair<qint64, qint64>> out;
    while (pos < end && b[pos] != '[')
        ++pos;
    ++pos;
    while (pos < end) {
        pos = skipSpace(b, pos);
        if (pos >= end || b[pos] == ']')
            break;
        const qint64 e = skipValue(b, pos);
        out.append({ pos, e });
        pos = skipSpace(b, e);
        if (pos < end && b[pos] == ',')
            ++pos;
    }
    return out;
}

QTreeWidgetItem* addNode(QTreeWidgetItem* parent, QTreeWidget* tree, const MimeNode& node)
{
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
    item->setText(0, node.contentType);
    QString info = node.filename;
    if (!node.contentId.isEmpty())
        info += (info.isEmpty() ? QString() : u" · "_s) + u"cid:"_s + node.contentId;
    item->setText(1, info);
    item->setText(2, formatSize(node.end - node.bodyStart));
    item->setData(0, StartRole, node.start);
    item->setData(0, EndRole, node.end);
    for (const MimeNode& child : node.children)
        addNode(item, tree, child);
    return item;
}

} // namespace

MimePane::MimePane(QWidget* parent)
    : DetailPane(parent)
    , m_note(new QLabel(this))
    , m_tree(new QTreeWidget(this))
    , m_source(new QPlainTextEdit(this))
{
    m_note->setWordWrap(true);
    m_note->setContentsMargins(6, 4, 6, 4);
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({ u"Part"_s, u"Name"_s, u"Size"_s });
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_tree->setColumnWidth(0, 200);
    m_source->setReadOnly(true);
    m_source->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_source->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_source);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_note);
    layout->addWidget(splitter, 1);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) { select(item); });
}

void MimePane::clearDetails()
{
    m_tree->clear();
    m_source->clear();
    m_sourceText.clear();
    m_highlight = { -1, -1 };
}

void MimePane::setDetails(const EventDetails& details)
{
    QSignalBlocker block(m_tree);
    m_tree->clear();
    m_highlight = { -1, -1 };
    QByteArray source;
    if (details.email && !details.email->rawMime.isEmpty()) {
        source = details.email->rawMime;
        m_source->setLineWrapMode(QPlainTextEdit::NoWrap);
        m_note->setText(u"The raw message as the provider sent it. Select a part to mark its bytes."_s);
        auto parts = email::mimePartTree(source);
        if (parts && !parts->isEmpty()) {
            QList<QTreeWidgetItem*> items;
            for (const email::MimePartInfo& p : std::as_const(*parts)) {
                QTreeWidgetItem* parent = p.parent >= 0 && p.parent < items.size() ? items[p.parent] : nullptr;
                auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
                item->setText(0, p.contentType);
                QStringList info;
                if (p.role == email::MimePartInfo::Role::TextBody)
                    info << u"text body"_s;
                else if (p.role == email::MimePartInfo::Role::HtmlBody)
                    info << u"HTML body"_s;
                if (!p.filename.isEmpty())
                    info << p.filename;
                if (!p.contentId.isEmpty())
                    info << u"cid:"_s + p.contentId;
                if (!p.transferEncoding.isEmpty() && p.role != email::MimePartInfo::Role::Container)
                    info << p.transferEncoding;
                item->setText(1, info.join(u" · "_s));
                item->setText(2, formatSize(p.decodedSize >= 0 ? p.decodedSize : p.end - p.bodyBegin));
                item->setData(0, StartRole, p.headerBegin);
                item->setData(0, EndRole, p.end);
                items << item;
            }
        } else {
            addNode(nullptr, m_tree, scanMime(source)); // what the parser could not read, scanned for boundaries
        }
    } else if (!details.deliveries.isEmpty()) {
        // The provider posted the email already taken apart: show the parts it posted, in its JSON.
        source = details.deliveries[details.primaryDelivery()].body;
        m_source->setLineWrapMode(QPlainTextEdit::WidgetWidth); // JSON is usually one long line
        m_note->setText(details.email
                ? u"The provider posted this email as parsed fields, without the raw MIME. The tree shows the parts "
                  u"it posted; selecting one marks it in the payload."_s
                : u"This event carries no email."_s);
        if (details.email) {
            auto* root = new QTreeWidgetItem(m_tree);
            root->setText(0, u"event payload"_s);
            root->setText(1, u"application/json"_s);
            root->setText(2, formatSize(source.size()));
            root->setData(0, StartRole, qint64(0));
            root->setData(0, EndRole, qint64(source.size()));
            const auto add = [&](const QString& type, const QString& name, QPair<qint64, qint64> range, qint64 size) {
                auto* item = new QTreeWidgetItem(root);
                item->setText(0, type);
                item->setText(1, name);
                item->setText(2, formatSize(size));
                item->setData(0, StartRole, range.first);
                item->setData(0, EndRole, range.second);
            };
            const email::EmailMessage& m = *details.email;
            if (m.text)
                add(u"text/plain"_s, QString(), memberRange(source, "text"), m.text->toUtf8().size());
            if (m.html)
                add(u"text/html"_s, QString(), memberRange(source, "html"), m.html->toUtf8().size());
            const auto attachments = memberRange(source, "attachments");
            const auto elements = attachments.first >= 0 ? arrayElements(source, attachments.first, attachments.second)
                                                         : QList<QPair<qint64, qint64>>();
            for (int i = 0; i < m.attachments.size(); ++i) {
                const auto& a = m.attachments[i];
                add(a.contentType, a.filename + (a.contentId.isEmpty() ? QString() : u" · cid:"_s + a.contentId),
                    i < elements.size() ? elements[i] : QPair<qint64, qint64>(-1, -1),
                    a.data.isEmpty() ? a.size : a.data.size());
            }
        }
    }
    // Shown with plain line ends: the text view turns CRLF into one paragraph break anyway.
    m_sourceText = QString::fromUtf8(source.left(8 * 1024 * 1024)).replace(u"\r\n"_s, u"\n"_s);
    m_source->setPlainText(m_sourceText);
    m_source->setProperty("sourceBytes", source.left(8 * 1024 * 1024));
    m_tree->expandAll();
}

void MimePane::select(QTreeWidgetItem* item)
{
    QList<QTextEdit::ExtraSelection> marks;
    if (!item) {
        m_source->setExtraSelections(marks);
        return;
    }
    const qint64 start = item->data(0, StartRole).toLongLong();
    const qint64 end = item->data(0, EndRole).toLongLong();
    m_highlight = { start, end };
    if (start < 0) {
        m_source->setExtraSelections(marks);
        return;
    }
    const QByteArray bytes = m_source->property("sourceBytes").toByteArray();
    // Byte offsets to character offsets: decode the prefix the same way the shown text was made.
    const auto offset
        = [&bytes](qint64 at) { return int(QString::fromUtf8(bytes.left(at)).replace(u"\r\n"_s, u"\n"_s).size()); };
    const int from = offset(start);
    const int to = offset(end);
    QTextCursor cursor(m_source->document());
    cursor.setPosition(from);
    cursor.setPosition(to, QTextCursor::KeepAnchor);
    QTextEdit::ExtraSelection mark;
    mark.cursor = cursor;
    QColor color = palette().color(QPalette::Highlight);
    color.setAlpha(70);
    mark.format.setBackground(color);
    marks << mark;
    m_source->setExtraSelections(marks);
    QTextCursor at(m_source->document());
    at.setPosition(from);
    m_source->setTextCursor(at);
    m_source->centerCursor();
    Q_EMIT partSelected(start, end);
}

} // namespace hookscope::ui
