#include "docsviewer.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

QStringList DocsViewer::candidateFolders()
{
    const QString bin = QCoreApplication::applicationDirPath();
    // Installed: <prefix>/bin/hookscope or <prefix>/libexec/hookscope/hookscope-window; in a build tree, the sources.
    return { QDir::cleanPath(bin + u"/../share/doc/hookscope"_s),
        QDir::cleanPath(bin + u"/../../share/doc/hookscope"_s), QDir::cleanPath(bin + u"/../../.."_s) };
}

namespace {

/** The package ships the text, not the screenshots: an image that is not there takes no room. */
class DocsBrowser final : public QTextBrowser {
public:
    using QTextBrowser::QTextBrowser;
    QVariant loadResource(int type, const QUrl& name) override
    {
        if (type == QTextDocument::ImageResource && name.isLocalFile() && !QFileInfo::exists(name.toLocalFile()))
            return QImage(1, 1, QImage::Format_ARGB32_Premultiplied);
        return QTextBrowser::loadResource(type, name);
    }
};

} // namespace

DocsViewer::DocsViewer(QWidget* parent)
    : QDialog(parent)
    , m_browser(new DocsBrowser(this))
{
    setObjectName(u"docsViewer"_s);
    setWindowTitle(u"Hookscope documentation"_s);
    m_browser->setObjectName(u"docsBrowser"_s);
    // Links between the documents open here; anything else (the web) goes to the desktop's browser.
    m_browser->setOpenLinks(false);
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.isRelative() || url.isLocalFile())
            m_browser->setSource(m_browser->source().resolved(url), QTextDocument::MarkdownResource);
        else
            QDesktopServices::openUrl(url);
    });
    for (const QString& folder : candidateFolders()) {
        if (QFileInfo::exists(folder + u"/README.md"_s)) {
            m_folder = folder;
            break;
        }
    }
    if (m_folder.isEmpty()) {
        m_browser->setPlainText(u"The documentation is not installed here. Looked in:\n"_s
            + candidateFolders().join(u'\n') + u"\n\nOn the command line: man hookscope, hookscope --help."_s);
    } else {
        m_browser->setSearchPaths({ m_folder });
        m_browser->setSource(QUrl::fromLocalFile(m_folder + u"/README.md"_s), QTextDocument::MarkdownResource);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(buttons);
    const int em = fontMetrics().horizontalAdvance(u'M');
    resize(90 * em, 45 * fontMetrics().height());
}

} // namespace hookscope::ui
