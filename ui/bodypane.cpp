#include "bodypane.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {
constexpr int PathRole = Qt::UserRole;
constexpr int ValueRole = Qt::UserRole + 1;
constexpr int ShownChars = 300;
} // namespace

BodyPane::BodyPane(QWidget* parent)
    : DetailPane(parent)
    , m_tabs(new QTabWidget(this))
    , m_tree(new QTreeWidget(this))
    , m_notJson(new QLabel(this))
    , m_raw(new QPlainTextEdit(this))
{
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({ u"Key"_s, u"Value"_s, u"Type"_s });
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_tree->setColumnWidth(0, 220);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &BodyPane::showMenu);
    m_notJson->setAlignment(Qt::AlignCenter);
    m_notJson->setWordWrap(true);
    auto* treePage = new QStackedWidget(this);
    treePage->addWidget(m_tree);
    treePage->addWidget(m_notJson);
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(treePage, u"JSON tree"_s);
    m_tabs->addTab(m_raw, u"Raw"_s);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
}

void BodyPane::clearDetails()
{
    m_tree->clear();
    m_raw->clear();
}

void BodyPane::setDetails(const EventDetails& details)
{
    m_tree->clear();
    if (details.deliveries.isEmpty()) {
        m_raw->clear();
        return;
    }
    const QByteArray body = details.deliveries[details.primaryDelivery()].body;
    m_raw->setPlainText(QString::fromUtf8(body.left(4 * 1024 * 1024)));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    auto* stack = static_cast<QStackedWidget*>(m_tabs->widget(0));
    if (error.error != QJsonParseError::NoError || doc.isNull()) {
        m_notJson->setText(body.isEmpty()
                ? u"The request had no body."_s
                : u"The body is not JSON (%1 at byte %2). The Raw tab shows it as received."_s.arg(error.errorString())
                      .arg(error.offset));
        stack->setCurrentIndex(1);
        m_tabs->setCurrentIndex(body.isEmpty() ? 0 : 1);
        return;
    }
    stack->setCurrentIndex(0);
    m_tree->setUpdatesEnabled(false);
    const QJsonValue root = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    fill(nullptr, u"$"_s, root, u"$"_s);
    m_tree->expandToDepth(0);
    m_tree->setUpdatesEnabled(true);
}

static QString typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Double:
        return u"number"_s;
    case QJsonValue::Bool:
        return u"bool"_s;
    case QJsonValue::Null:
        return u"null"_s;
    default:
        return {};
    }
}

void BodyPane::fill(QTreeWidgetItem* parent, const QString& key, const QJsonValue& value, const QString& path)
{
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
    item->setText(0, key);
    item->setText(2, typeName(value));
    item->setData(0, PathRole, path);
    item->setData(0, ValueRole, QVariant::fromValue(value));
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = value.toObject();
        item->setText(1, u"{%1}"_s.arg(o.size()));
        static const QRegularExpression plain(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString childPath = plain.match(it.key()).hasMatch()
                ? QString(path + u'.' + it.key())
                : QString(path + u"[\""_s + QString(it.key()).replace(u'"', u"\\\""_s) + u"\"]"_s);
            fill(item, it.key(), it.value(), childPath);
        }
        break;
    }
    case QJsonValue::Array: {
        const QJsonArray a = value.toArray();
        item->setText(1, u"[%1]"_s.arg(a.size()));
        for (int i = 0; i < a.size(); ++i)
            fill(item, u"[%1]"_s.arg(i), a[i], path + u"[%1]"_s.arg(i));
        break;
    }
    case QJsonValue::String: {
        const QString s = value.toString();
        QString shown = s.left(ShownChars);
        shown.replace(u'\n', u"⏎"_s);
        if (s.size() > ShownChars)
            shown += u"… (%1 characters)"_s.arg(s.size());
        item->setText(1, u"\""_s + shown + u"\""_s);
        item->setToolTip(1, s.left(2000));
        break;
    }
    default:
        item->setText(
            1, QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact)).mid(1).chopped(1));
        break;
    }
}

QString BodyPane::pathOf(const QTreeWidgetItem* item)
{
    return item ? item->data(0, PathRole).toString() : QString();
}

QString BodyPane::valueOf(const QTreeWidgetItem* item)
{
    if (!item)
        return {};
    const QJsonValue v = item->data(0, ValueRole).value<QJsonValue>();
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Indented));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented));
    return item->text(1);
}

void BodyPane::showMenu(const QPoint& pos)
{
    QTreeWidgetItem* item = m_tree->itemAt(pos);
    if (!item)
        return;
    QMenu menu(this);
    menu.addAction(u"Copy value"_s, this, [item] { QApplication::clipboard()->setText(valueOf(item)); });
    menu.addAction(u"Copy path"_s, this, [item] { QApplication::clipboard()->setText(pathOf(item)); });
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

} // namespace hookscope::ui
