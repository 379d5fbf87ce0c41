#pragma once

#include <QPointer>
#include <QTreeView>

class QAction;
class QSplitter;

namespace hookscope::ui {

class ViewListModel;

/**
 * The views on the left (All, Verified, … one per route) with their counts; choosing one filters the list. It
 * folds away (the View menu's Sidebar, Ctrl+B, or its splitter handle dragged to the edge) and comes back at its
 * last width; whether it is shown is remembered (QSettings `window/sidebarVisible`).
 */
class ViewSidebar final : public QTreeView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewSidebar)
public:
    explicit ViewSidebar(ViewListModel* model, QWidget* parent = nullptr);

    /** Checked while the sidebar is shown; toggling it hides or shows the sidebar. */
    QAction* toggleAction() const { return m_toggle; }
    /**
     * Lets the sidebar fold into `splitter`, which holds it (call once the splitter's saved sizes are restored),
     * and shows or hides it as it was last time.
     */
    void attach(QSplitter* splitter);

Q_SIGNALS:
    /** The view showing events with `status` ("" for all) on `route` ("" for every route) was chosen. */
    void viewChosen(const QString& status, const QString& route);
    /** A saved search was chosen (after viewChosen for All): `text` is to be searched for. */
    void searchChosen(const QString& text);

private:
    void setShown(bool shown);

    QAction* m_toggle;
    QPointer<QSplitter> m_splitter;
    int m_width = 210; ///< the width it comes back at
};

} // namespace hookscope::ui
