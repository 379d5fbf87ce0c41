#pragma once

// Payload adapters: one per provider shape (core/email/adapters/), each saying from the request itself
// whether a payload is its own and reading it into the email model.

#include "formdata.h"
#include "payload.h"

#include "core/common/result.h"
#include "core/http/httpheader.h"

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace hookscope::email {

struct MimeReadOptions;

/** What an adapter sees of a request: its body, its headers, and the route's choice of adapter. */
struct PayloadRequest {
    QByteArray contentType;
    QByteArray body;
    http::HttpHeaders headers; ///< the request's header fields (provider headers help detection)
    QString adapter; ///< the route's `"payload"` setting: an adapter name, or empty / "auto" to detect
    QString route; ///< the route the request came in on (its `"payload"` setting applies when `adapter` is empty)
    /** A request carrying only a body and its content type. */
    static PayloadRequest of(QByteArrayView contentType, const QByteArray& body);
};

/** The request with what adapters parse of it (JSON, form fields), each parsed once, on first use. */
class PayloadContext final {
public:
    explicit PayloadContext(const PayloadRequest& request);
    const PayloadRequest& request() const { return m_request; }
    /** Lower-case media type without parameters. */
    const QByteArray& mediaType() const { return m_mediaType; }
    QByteArray header(QByteArrayView name) const;
    /** The body as JSON; a null document when it is none. */
    const QJsonDocument& json();
    /** The body as form fields (multipart or urlencoded); nullptr when it is no form. */
    const QList<FormField>* form();
    /** Why form() is null for a body that claimed to be a form. */
    QString formError() const { return m_formError; }
    /** The first form field of that name (case-insensitive); nullptr when absent. */
    const FormField* field(QStringView name);

private:
    const PayloadRequest& m_request;
    QByteArray m_mediaType;
    std::optional<QJsonDocument> m_json;
    std::optional<QList<FormField>> m_form;
    bool m_formRead = false;
    QString m_formError;
};

class PayloadAdapter {
public:
    virtual ~PayloadAdapter() = default;
    /** The name a route's `"payload"` setting uses ("ses", "sendgrid", ...). */
    virtual QString name() const = 0;
    /** Whether the request is this adapter's shape (cheap: fields and headers, no MIME). */
    virtual bool detect(PayloadContext& context) const = 0;
    /** Reads the email; a payload of another shape reads as far as it goes, with warnings. */
    virtual Result<EmailMessage> read(PayloadContext& context, const MimeReadOptions& options) const = 0;
};

/** Every adapter, in the order detection tries them (provider shapes first, generic JSON last). */
const QList<const PayloadAdapter*>& payloadAdapters();
/** The adapter of that name (case-insensitive); nullptr for an unknown name. */
const PayloadAdapter* findPayloadAdapter(QStringView name);
/** The names a route's `"payload"` setting accepts, "auto" first. */
QStringList payloadAdapterNames();
/** The adapter that detects the request (the route's choice when it names one); nullptr: none. */
const PayloadAdapter* choosePayloadAdapter(PayloadContext& context);

/**
 * The routes' `"payload"` settings (route name → adapter name) for the readers of this process that know a
 * request's route but not the configuration (the post-processor, the store's email reading). Set when the
 * configuration is read.
 */
void setRoutePayloadAdapters(const QHash<QString, QString>& routeAdapters);
QString routePayloadAdapter(const QString& route);

/** Reads the email out of a request: the route's adapter, else the one that detects it. */
Result<EmailMessage> parsePayload(const PayloadRequest& request, const MimeReadOptions& options);
Result<EmailMessage> parsePayload(const PayloadRequest& request);

} // namespace hookscope::email
