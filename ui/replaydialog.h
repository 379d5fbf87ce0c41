#pragma once

#include "core/actions/replayjobs.h"
#include "core/replay/capturedrequest.h"
#include "core/replay/replayjob.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QPlainTextEdit;
class QLineEdit;
class QScrollArea;
class QSpinBox;

namespace hookscope::ui {

/**
 * Where and how to replay the selected events: target URL; as captured, re-signed (scheme and
 * secret) or negative (wrong secret, stale timestamp, missing signature); retries, timeout and, for
 * several events, how many at once. Sized to its fields within the screen's available room: the fields scroll
 * when they need more (the Edited mode on a small screen) and the buttons stay in reach.
 */
class ReplayDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayDialog)
public:
    enum Mode { AsCaptured, Resigned, Edited, WrongSecret, StaleTimestamp, MissingSignature };

    /** `scheme` and `secret` prefill the re-signing fields (the default route's). */
    ReplayDialog(int eventCount, const QString& scheme, const QByteArray& secret, QWidget* parent = nullptr);

    /** The jobs for these events, as the fields say (target, spec, retries, timeout). */
    QList<replay::ReplayJob> jobs(const QList<qint64>& eventRowIds) const;
    /** What the fields ask, for actions::replayJobs (the secret apart: typedSecret()). */
    actions::ReplayRequest request() const;
    /** The secret typed (or prefilled) for signing; empty when the mode does not sign or none is given. */
    QByteArray typedSecret() const;
    int concurrency() const;
    QUrl target() const;

    /** For tests and scripted use: fills the fields as a person would. */
    void setTarget(const QString& url);
    void setMode(Mode mode);
    void setScheme(const QString& scheme);
    void setSecret(const QByteArray& secret);
    void setRetries(int attempts);
    /** The request the Edited mode starts from (one event only); without it Edited is unavailable. */
    void setCaptured(const replay::CapturedRequest& request);
    void setEditedBody(const QByteArray& body);
    void setResignEdited(bool on);

    /** The fields whole and the buttons below them (the dialog is made this size, within the screen). */
    QSize sizeHint() const override;

private:
    void updateFields();
    /** Resizes to sizeHint() within the screen's available room and, when shown, keeps the dialog on it. */
    void fitToScreen();

    QLineEdit* m_target;
    QComboBox* m_mode;
    QComboBox* m_scheme;
    QLineEdit* m_secret;
    QSpinBox* m_attempts;
    QSpinBox* m_timeout;
    QSpinBox* m_concurrency;
    QWidget* m_editor;
    QPlainTextEdit* m_headers;
    QPlainTextEdit* m_body;
    QCheckBox* m_resignEdited;
    QScrollArea* m_scroll;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace hookscope::ui
