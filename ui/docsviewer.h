#pragma once

#include <QDialog>

class QTextBrowser;

namespace hookscope::ui {

/**
 * Help ▸ Documentation: the README and the docs beside it, read offline in the window (Markdown), links between
 * them followed in place, links out of them opened by the desktop. Found where the package installs them
 * (share/doc/hookscope beside the program's prefix) or, in a build tree, in the sources.
 */
class DocsViewer final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DocsViewer)
public:
    explicit DocsViewer(QWidget* parent = nullptr);

    /** The folder the README was read from (empty: none found, and the viewer says where it looked). */
    QString folder() const { return m_folder; }
    QTextBrowser* browser() const { return m_browser; }
    /** Where the documentation is looked for, in order. */
    static QStringList candidateFolders();

private:
    QString m_folder;
    QTextBrowser* m_browser;
};

} // namespace hookscope::ui
