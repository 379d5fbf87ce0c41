#include "replaydialog.h"

#include "core/verify/scheme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

ReplayDialog::ReplayDialog(int eventCount, const QString& scheme, const QByteArray& secret, QWidget* parent)
    : QDialog(parent)
    , m_target(new QLineEdit(this))
    , m_mode(new QComboBox(this))
    , m_scheme(new QComboBox(this))
    , m_secret(new QLineEdit(this))
    , m_attempts(new QSpinBox(this))
    , m_timeout(new QSpinBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_editor(new QWidget(this))
    , m_headers(new QPlainTextEdit(m_editor))
    , m_body(new QPlainTextEdit(m_editor))
    , m_resignEdited(new QCheckBox(u"Re-sign the edited request (else the captured signature is sent)"_s, m_editor))
    , m_scroll(new QScrollArea(this))
{
    setObjectName(u"replayDialog"_s);
    setWindowTitle(eventCount == 1 ? u"Replay event"_s : u"Replay %1 events"_s.arg(eventCount));
    m_target->setObjectName(u"target"_s);
    m_target->setPlaceholderText(u"http://localhost:3000/webhooks/email"_s);
    m_target->setText(QSettings().value(u"replay/target"_s).toString());
    m_target->setMinimumWidth(380);
    m_mode->setObjectName(u"mode"_s);
    m_mode->addItem(u"As captured (the original signature)"_s, AsCaptured);
    m_mode->addItem(u"Re-signed with the secret below (fresh timestamp)"_s, Resigned);
    m_mode->addItem(u"Edited: change headers and body, then send"_s, Edited);
    m_mode->addItem(u"Negative: signed with a wrong secret"_s, WrongSecret);
    m_mode->addItem(u"Negative: stale timestamp (an hour old)"_s, StaleTimestamp);
    m_mode->addItem(u"Negative: signature headers removed"_s, MissingSignature);
    m_scheme->setObjectName(u"scheme"_s);
    m_scheme->addItems(verify::schemeNames());
    m_scheme->setCurrentText(scheme.isEmpty() ? verify::defaultSchemeName() : scheme);
    m_secret->setObjectName(u"secret"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setText(QString::fromUtf8(secret));
    m_secret->setPlaceholderText(u"the receiver's signing secret"_s);
    m_attempts->setObjectName(u"attempts"_s);
    m_attempts->setRange(1, 20);
    m_attempts->setValue(1);
    m_attempts->setToolTip(u"Attempts in all; a non-2xx answer or no answer is retried with backoff"_s);
    m_timeout->setObjectName(u"timeout"_s);
    m_timeout->setRange(1, 300);
    m_timeout->setValue(10);
    m_timeout->setSuffix(u" s"_s);
    m_concurrency->setObjectName(u"concurrency"_s);
    m_concurrency->setRange(1, 32);
    m_concurrency->setValue(4);
    m_concurrency->setEnabled(eventCount > 1);

    m_headers->setObjectName(u"editedHeaders"_s);
    m_body->setObjectName(u"editedBody"_s);
    m_headers->setPlaceholderText(u"Name: value, one a line"_s);
    m_headers->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_body->setLineWrapMode(QPlainTextEdit::NoWrap);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_headers->setFont(fixed);
    m_body->setFont(fixed);
    // A few lines of each at the least; a splitter shares the room between them.
    const int line = QFontMetrics(fixed).lineSpacing();
    m_headers->setMinimumSize(420, 4 * line + 12);
    m_body->setMinimumSize(420, 6 * line + 12);
    m_resignEdited->setObjectName(u"resignEdited"_s);
    m_resignEdited->setChecked(true);
    auto* editorSplitter = new QSplitter(Qt::Vertical, m_editor);
    editorSplitter->setObjectName(u"editedSplitter"_s);
    editorSplitter->setChildrenCollapsible(false);
    for (auto [label, edit] : { std::pair(u"&Headers"_s, m_headers), std::pair(u"&Body"_s, m_body) }) {
        auto* box = new QWidget(editorSplitter);
        auto* boxLayout = new QVBoxLayout(box);
        boxLayout->setContentsMargins(0, 0, 0, 0);
        boxLayout->setSpacing(2);
        auto* title = new QLabel(label, box);
        title->setBuddy(edit);
        boxLayout->addWidget(title);
        boxLayout->addWidget(edit, 1);
        editorSplitter->addWidget(box);
    }
    editorSplitter->setStretchFactor(0, 1);
    editorSplitter->setStretchFactor(1, 2);
    auto* editorLayout = new QVBoxLayout(m_editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(editorSplitter, 1);
    editorLayout->addWidget(m_resignEdited);
    m_editor->hide();
    // Editing needs the captured request, given by setCaptured.
    qobject_cast<QStandardItemModel*>(m_mode->model())->item(m_mode->findData(int(Edited)))->setEnabled(false);

    // Retries, timeout and how many at once share a row: the dialog must fit a 700 px screen.
    auto* attemptsRow = new QHBoxLayout;
    attemptsRow->addWidget(m_attempts);
    auto* timeoutLabel = new QLabel(u"T&imeout"_s, this);
    timeoutLabel->setBuddy(m_timeout);
    attemptsRow->addSpacing(12);
    attemptsRow->addWidget(timeoutLabel);
    attemptsRow->addWidget(m_timeout);
    auto* concurrencyLabel = new QLabel(u"At &once"_s, this);
    concurrencyLabel->setBuddy(m_concurrency);
    attemptsRow->addSpacing(12);
    attemptsRow->addWidget(concurrencyLabel);
    attemptsRow->addWidget(m_concurrency);
    attemptsRow->addStretch(1);
    // A row that is a layout gets no buddy from QFormLayout: without one the "&" would show as itself.
    auto* attemptsLabel = new QLabel(u"&Attempts"_s, this);
    attemptsLabel->setBuddy(m_attempts);

    // The fields scroll when the screen is smaller than they want; the buttons stay in reach below them.
    auto* fields = new QWidget(m_scroll);
    auto* form = new QFormLayout(fields);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(u"&Target URL"_s, m_target);
    form->addRow(u"&Mode"_s, m_mode);
    form->addRow(u"S&cheme"_s, m_scheme);
    form->addRow(u"S&ecret"_s, m_secret);
    form->addRow(attemptsLabel, attemptsRow);
    form->addRow(m_editor);
    m_scroll->setObjectName(u"replayFields"_s);
    m_scroll->setWidget(fields);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(u"Replay"_s);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        QSettings().setValue(u"replay/target"_s, m_target->text().trimmed());
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_buttons);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ReplayDialog::updateFields);
    connect(m_resignEdited, &QCheckBox::toggled, this, &ReplayDialog::updateFields);
    connect(m_target, &QLineEdit::textChanged, this, [this, ok] {
        ok->setEnabled(target().isValid());
        updateFields();
    });
    ok->setEnabled(target().isValid());
    updateFields();
    fitToScreen();
}

void ReplayDialog::updateFields()
{
    const int mode = m_mode->currentData().toInt();
    const bool signs = mode != AsCaptured && (mode != Edited || m_resignEdited->isChecked());
    m_scheme->setEnabled(signs);
    m_secret->setEnabled(signs);
    if (m_editor->isHidden() == (mode == Edited)) {
        m_editor->setVisible(mode == Edited);
        fitToScreen();
    }
}

QSize ReplayDialog::sizeHint() const
{
    // The fields whole (a scroll area's own hint is capped at a few hundred pixels), the buttons below them.
    QWidget* fields = m_scroll->widget();
    QSize wanted = fields->sizeHint().expandedTo(fields->minimumSizeHint());
    // Editing wants lines of a captured request side to side.
    if (!m_editor->isHidden())
        wanted.setWidth(std::max(wanted.width(), 100 * QFontMetrics(m_body->font()).averageCharWidth()));
    const QMargins margins = layout()->contentsMargins();
    const int scrollBar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    return QSize(wanted.width() + scrollBar, wanted.height() + layout()->spacing() + m_buttons->sizeHint().height())
        + QSize(margins.left() + margins.right(), margins.top() + margins.bottom());
}

void ReplayDialog::fitToScreen()
{
    ensurePolished(); // the style's sizes, not the defaults
    m_scroll->widget()->layout()->invalidate(); // the editor shown or hidden since
    const QRect available = screen()->availableGeometry();
    // The window frame around it: its own once shown, else its parent window's, which has the same decorations.
    const QWidget* framed = isVisible() ? this : parentWidget() ? parentWidget()->window() : nullptr;
    const QSize frame = framed && framed->isVisible() ? framed->frameGeometry().size() - framed->size() : QSize();
    const QSize size = sizeHint().boundedTo(available.size() - frame);
    resize(size);
    if (!isVisible())
        return; // QDialog places it on the screen when it is shown
    // Grown while shown (the Edited mode): kept within the screen.
    QRect placed(pos(), size + frame);
    placed.moveRight(std::min(placed.right(), available.right()));
    placed.moveBottom(std::min(placed.bottom(), available.bottom()));
    placed.moveLeft(std::max(placed.left(), available.left()));
    placed.moveTop(std::max(placed.top(), available.top()));
    move(placed.topLeft());
}

QUrl ReplayDialog::target() const
{
    const QUrl url(m_target->text().trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s))
        return {};
    return url;
}

QList<replay::ReplayJob> ReplayDialog::jobs(const QList<qint64>& eventRowIds) const
{
    const int mode = m_mode->currentData().toInt();
    replay::ReplayJob job;
    job.target = target();
    job.policy = replay::RetryPolicy();
    job.policy.maxAttempts = m_attempts->value();
    job.timeoutMs = m_timeout->value() * 1000;
    job.spec.resign = mode == Resigned || (mode == Edited && m_resignEdited->isChecked());
    if (mode == Edited) {
        http::HttpHeaders headers;
        for (const QString& line : m_headers->toPlainText().split(u'\n', Qt::SkipEmptyParts)) {
            const qsizetype colon = line.indexOf(u':');
            if (colon <= 0)
                continue; // not a header line
            headers.append({ line.left(colon).trimmed().toLatin1(), line.mid(colon + 1).trimmed().toUtf8() });
        }
        job.spec.headers = headers;
        job.spec.body = m_body->toPlainText().toUtf8();
    }
    job.spec.negative = mode == WrongSecret ? replay::Negative::WrongSecret
        : mode == StaleTimestamp            ? replay::Negative::StaleTimestamp
        : mode == MissingSignature          ? replay::Negative::MissingSignature
                                            : replay::Negative::None;
    job.spec.scheme = m_scheme->currentText();
    if (job.spec.resign || job.spec.negative != replay::Negative::None)
        job.spec.secret = m_secret->text().toUtf8();
    QList<replay::ReplayJob> jobs;
    for (qint64 id : eventRowIds) {
        job.eventRowId = id;
        jobs << job;
    }
    return jobs;
}

actions::ReplayRequest ReplayDialog::request() const
{
    // The same fields as jobs(); the events' rows are read later, and the secret follows the secret policy.
    const QList<replay::ReplayJob> one = jobs({ 0 });
    const replay::ReplayJob& job = one.first();
    actions::ReplayRequest r;
    r.target = job.target;
    r.policy = job.policy;
    r.timeoutMs = job.timeoutMs;
    r.resign = job.spec.resign;
    r.negative = job.spec.negative;
    r.scheme = job.spec.scheme;
    r.headers = job.spec.headers;
    r.body = job.spec.body;
    r.noSecretHint = u"type the secret in the Replay dialog, or store one with hookscope secret set %1"_s;
    return r;
}

QByteArray ReplayDialog::typedSecret() const
{
    return jobs({ 0 }).first().spec.secret;
}

int ReplayDialog::concurrency() const
{
    return m_concurrency->value();
}

void ReplayDialog::setTarget(const QString& url)
{
    m_target->setText(url);
}

void ReplayDialog::setMode(Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

void ReplayDialog::setScheme(const QString& scheme)
{
    m_scheme->setCurrentText(scheme);
}

void ReplayDialog::setSecret(const QByteArray& secret)
{
    m_secret->setText(QString::fromUtf8(secret));
}

void ReplayDialog::setRetries(int attempts)
{
    m_attempts->setValue(attempts);
}

void ReplayDialog::setCaptured(const replay::CapturedRequest& request)
{
    QStringList lines;
    for (const http::HttpHeader& h : request.headers)
        lines << QString::fromLatin1(h.name) + u": "_s + QString::fromUtf8(h.value);
    m_headers->setPlainText(lines.join(u'\n'));
    m_body->setPlainText(QString::fromUtf8(request.body));
    qobject_cast<QStandardItemModel*>(m_mode->model())->item(m_mode->findData(int(Edited)))->setEnabled(true);
}

void ReplayDialog::setEditedBody(const QByteArray& body)
{
    m_body->setPlainText(QString::fromUtf8(body));
}

void ReplayDialog::setResignEdited(bool on)
{
    m_resignEdited->setChecked(on);
}

} // namespace hookscope::ui
