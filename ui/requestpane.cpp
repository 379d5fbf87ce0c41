#include "requestpane.h"

#include "hexview.h"

#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

QString deliveryLabel(const store::DeliveryRow& d)
{
    QString label = u"Delivery #%1 · %2 · answered %3"_s.arg(d.seq)
                        .arg(QDateTime::fromMSecsSinceEpoch(d.receivedUs / 1000).toString(u"HH:mm:ss.zzz"_s))
                        .arg(d.statusCode);
    if (d.duplicate)
        label += u" · duplicate"_s;
    if (d.tls)
        label += u" · TLS"_s;
    return label;
}

RequestPane::RequestPane(QWidget* parent)
    : DetailPane(parent)
    , m_chooser(new QComboBox(this))
    , m_requestLine(new QLabel(this))
    , m_headers(new QTableWidget(this))
    , m_tabs(new QTabWidget(this))
    , m_raw(new QPlainTextEdit(this))
    , m_hex(new HexView(this))
{
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_requestLine->setFont(mono);
    m_requestLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_headers->setColumnCount(2);
    m_headers->setHorizontalHeaderLabels({ u"Header"_s, u"Value"_s });
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headers->setWordWrap(false);
    m_headers->setAlternatingRowColors(true);
    m_headers->verticalHeader()->setDefaultSectionSize(m_headers->fontMetrics().height() + 6);
    m_raw->setReadOnly(true);
    m_raw->setFont(mono);
    m_raw->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_tabs->addTab(m_raw, u"Raw text"_s);
    m_tabs->addTab(m_hex, u"Hex"_s);
    m_tabs->setDocumentMode(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_requestLine, 1);
    top->addWidget(m_chooser);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_headers);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    connect(m_chooser, &QComboBox::currentIndexChanged, this, &RequestPane::showDelivery);
}

void RequestPane::clearDetails()
{
    m_deliveries.clear();
    m_chooser->clear();
    m_requestLine->clear();
    m_headers->setRowCount(0);
    m_raw->clear();
    m_hex->setData({});
}

void RequestPane::setDetails(const EventDetails& details)
{
    QSignalBlocker block(m_chooser);
    m_deliveries = details.deliveries;
    m_chooser->clear();
    for (const auto& d : m_deliveries)
        m_chooser->addItem(deliveryLabel(d));
    m_chooser->setVisible(m_deliveries.size() > 1);
    const int primary = details.primaryDelivery();
    m_chooser->setCurrentIndex(primary);
    showDelivery(primary);
}

void RequestPane::showDelivery(int index)
{
    if (index < 0 || index >= m_deliveries.size())
        return;
    const store::DeliveryRow& d = m_deliveries[index];
    m_requestLine->setText(requestLine(d.rawHead));
    const HeaderList headers = parseHeaders(d.rawHead);
    m_headers->setRowCount(int(headers.size()));
    for (int i = 0; i < headers.size(); ++i) {
        auto* name = new QTableWidgetItem(headers[i].first);
        auto* value = new QTableWidgetItem(headers[i].second);
        value->setToolTip(headers[i].second);
        m_headers->setItem(i, 0, name);
        m_headers->setItem(i, 1, value);
    }
    m_headers->resizeColumnToContents(0);
    const QByteArray raw = d.raw();
    QString text = QString::fromUtf8(raw.left(TextLimit));
    if (raw.size() > TextLimit)
        text += u"\n\n… %1 more bytes (see Hex)"_s.arg(raw.size() - TextLimit);
    m_raw->setPlainText(text);
    m_hex->setData(raw);
}

} // namespace hookscope::ui
