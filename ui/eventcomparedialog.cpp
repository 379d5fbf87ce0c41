#include "eventcomparedialog.h"

#include "eventreader.h"
#include "textdiff.h"
#include "wording.h"

#include "core/store/eventstore.h"

#include <QAbstractItemView>
#include <QAction>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

/** Lines compared at most per side: the diff is quadratic, and a person reads the first differences. */
constexpr qsizetype kMaxLines = 3000;
constexpr qsizetype kMaxChanges = 500;

std::optional<QJsonDocument> jsonOf(const QByteArray& body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || doc.isNull())
        return std::nullopt;
    return doc;
}

QString compact(const QJsonValue& v)
{
    if (v.isString())
        return QString::fromUtf8(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

/** Every leaf (and empty container) of `v` under `path`, e.g. "data.attachments[0].filename". */
void flatten(const QJsonValue& v, const QString& path, std::map<QString, QJsonValue>& out)
{
    if (v.isObject() && !v.toObject().isEmpty()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            flatten(it.value(), path.isEmpty() ? it.key() : path + u'.' + it.key(), out);
    } else if (v.isArray() && !v.toArray().isEmpty()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            flatten(a.at(i), u"%1[%2]"_s.arg(path).arg(i), out);
    } else {
        out[path.isEmpty() ? u"(document)"_s : path] = v;
    }
}

QString describe(const EventDetails& d)
{
    const QString subject = d.email && !d.email->subject.isEmpty() ? d.email->subject : d.event.subject;
    return u"#%1 %2 · %3"_s.arg(d.event.id).arg(d.event.eventId, subject.isEmpty() ? u"(no subject)"_s : subject);
}

} // namespace

QStringList EventCompareDialog::requestLines(const store::DeliveryRow& delivery)
{
    QStringList lines { requestLine(delivery.rawHead) };
    HeaderList headers = parseHeaders(delivery.rawHead);
    std::stable_sort(headers.begin(), headers.end(),
        [](const auto& x, const auto& y) { return x.first.toLower() < y.first.toLower(); });
    for (const auto& h : std::as_const(headers))
        lines << h.first + u": "_s + h.second;
    lines << QString();
    if (auto doc = jsonOf(delivery.body))
        lines << QString::fromUtf8(doc->toJson(QJsonDocument::Indented)).split(u'\n');
    else if (!delivery.body.isEmpty())
        lines << QString::fromUtf8(delivery.body).split(u'\n');
    for (QString& l : lines)
        if (l.endsWith(u'\r'))
            l.chop(1);
    return lines;
}

std::optional<QStringList> EventCompareDialog::jsonChanges(const QByteArray& a, const QByteArray& b)
{
    const auto da = jsonOf(a);
    const auto db = jsonOf(b);
    if (!da || !db)
        return std::nullopt;
    std::map<QString, QJsonValue> fa, fb;
    flatten(da->isObject() ? QJsonValue(da->object()) : QJsonValue(da->array()), {}, fa);
    flatten(db->isObject() ? QJsonValue(db->object()) : QJsonValue(db->array()), {}, fb);
    QStringList changes;
    for (const auto& [path, value] : fa) {
        const auto other = fb.find(path);
        if (other == fb.end())
            changes << u"- %1: %2"_s.arg(path, compact(value));
        else if (other->second != value)
            changes << u"~ %1: %2 → %3"_s.arg(path, compact(value), compact(other->second));
    }
    for (const auto& [path, value] : fb)
        if (!fa.count(path))
            changes << u"+ %1: %2"_s.arg(path, compact(value));
    return changes;
}

EventCompareDialog::EventCompareDialog(const EventDetails& a, const EventDetails& b, QWidget* parent)
    : QDialog(parent)
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_changes(new QTreeWidget(this))
    , m_view(new QTextBrowser(this))
{
    setObjectName(u"eventCompareDialog"_s);
    setWindowTitle(u"Compare events"_s);
    const store::DeliveryRow da = a.deliveries.value(a.primaryDelivery());
    const store::DeliveryRow db = b.deliveries.value(b.primaryDelivery());

    QStringList la = requestLines(da);
    QStringList lb = requestLines(db);
    const bool cut = la.size() > kMaxLines || lb.size() > kMaxLines;
    la = la.mid(0, kMaxLines);
    lb = lb.mid(0, kMaxLines);
    const DiffView diff = renderDiff(diffLines(la, lb), palette());
    m_text = diff.plain;
    m_view->setObjectName(u"requestDiff"_s);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setHtml(diff.html);

    m_changes->setObjectName(u"jsonChanges"_s);
    m_changes->setHeaderLabels({ u"Path"_s, u"First"_s, u"Second"_s });
    m_changes->setRootIsDecorated(false);
    m_changes->setUniformRowHeights(true);
    // The two values share the room beside the paths.
    m_changes->header()->setStretchLastSection(false);
    m_changes->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_changes->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_changes->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    const auto changes = jsonChanges(da.body, db.body);
    QString changeSummary;
    if (!changes) {
        changeSummary = u"The bodies are not both JSON: see the request diff."_s;
    } else {
        // Path, then the two values (a path only in one side leaves the other empty).
        for (const QString& c : changes->mid(0, kMaxChanges)) {
            const QChar kind = c.at(0);
            const QString rest = c.mid(2);
            const qsizetype colon = rest.indexOf(u": "_s);
            const QString path = rest.left(colon);
            const QString values = rest.mid(colon + 2);
            QString first, second;
            if (kind == u'~') {
                const qsizetype arrow = values.indexOf(u" → "_s);
                first = values.left(arrow);
                second = values.mid(arrow + 3);
            } else if (kind == u'-') {
                first = values;
            } else {
                second = values;
            }
            auto* item = new QTreeWidgetItem(m_changes, { path, first, second });
            item->setToolTip(1, first);
            item->setToolTip(2, second);
        }
        changeSummary = changes->isEmpty()
            ? u"The JSON bodies hold the same values."_s
            : u"%1 %2%3."_s.arg(counted(changes->size(), u"JSON value"_s, u"JSON values"_s),
                changes->size() == 1 ? u"differs"_s : u"differ"_s,
                changes->size() > kMaxChanges ? u" (the first %1 listed)"_s.arg(kMaxChanges) : QString());
        m_changes->resizeColumnToContents(0);
    }
    m_tabs->addTab(m_changes, u"JSON changes"_s);
    m_tabs->addTab(m_view, u"Request diff"_s);
    if (!changes)
        m_tabs->setCurrentWidget(m_view);

    m_summary->setTextFormat(Qt::PlainText); // subjects and ids are the sender's text
    m_summary->setText(u"− %1\n+ %2\n%3 %4"_s.arg(describe(a), describe(b), changeSummary,
        diff.removed + diff.added == 0
            ? u"The requests are identical."_s
            : u"Request: %1 only in the first, %2 only in the second%3."_s.arg(
                counted(diff.removed, u"line"_s, u"lines"_s), QLocale().toString(diff.added),
                cut ? u" (the first %1 lines of each compared)"_s.arg(kMaxLines) : QString())));
    m_summary->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(900, 600);
}

EventCompare::EventCompare(EventReader& reader, std::function<QList<store::EventRow>()> selected, QMenu* eventMenu,
    QAbstractItemView* list, QWidget* window)
    : QObject(window)
    , m_reader(reader)
    , m_selected(std::move(selected))
    , m_window(window)
    , m_action(new QAction(u"Co&mpare two events"_s, window))
{
    m_action->setObjectName(u"compareEventsAction"_s);
    m_action->setShortcut(QKeySequence(u"Ctrl+Shift+D"_s));
    m_action->setToolTip(u"Select two events to see how their JSON and requests differ"_s);
    connect(m_action, &QAction::triggered, this, &EventCompare::compare);
    window->addAction(m_action);
    if (eventMenu) {
        eventMenu->addSeparator();
        eventMenu->addAction(m_action);
    }
    if (list && list->selectionModel())
        connect(list->selectionModel(), &QItemSelectionModel::selectionChanged, this, &EventCompare::update);
    update();
}

void EventCompare::update()
{
    m_action->setEnabled(m_selected().size() == 2);
}

void EventCompare::compare()
{
    const QList<store::EventRow> events = m_selected();
    if (events.size() != 2)
        return;
    const qint64 first = events.at(0).id < events.at(1).id ? events.at(0).id : events.at(1).id;
    const qint64 second = events.at(0).id < events.at(1).id ? events.at(1).id : events.at(0).id;
    m_reader.submit(this, [this, first, second](store::EventStore& store) -> std::function<void()> {
        const EventDetails a = loadEventDetails(store, first);
        const EventDetails b = loadEventDetails(store, second);
        return [this, a, b] {
            if (!a.found || !b.found || a.deliveries.isEmpty() || b.deliveries.isEmpty())
                return;
            auto* dialog = new EventCompareDialog(a, b, m_window);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->show();
            Q_EMIT opened(dialog);
        };
    });
}

} // namespace hookscope::ui
