#include "adapter.h"

#include "adapters/common.h"
#include "mimeparser.h"

#include <mutex>

using namespace Qt::StringLiterals;

namespace hookscope::email {

PayloadRequest PayloadRequest::of(QByteArrayView contentType, const QByteArray& body)
{
    PayloadRequest r;
    r.contentType = contentType.toByteArray();
    r.body = body;
    return r;
}

PayloadContext::PayloadContext(const PayloadRequest& request)
    : m_request(request)
    , m_mediaType(adapters::baseType(request.contentType))
{
}

QByteArray PayloadContext::header(QByteArrayView name) const
{
    return http::headerValue(m_request.headers, name);
}

const QJsonDocument& PayloadContext::json()
{
    if (!m_json) {
        // Forms and raw MIME are never JSON: do not scan a large body for nothing.
        if (m_mediaType == "multipart/form-data" || m_mediaType == "application/x-www-form-urlencoded"
            || m_mediaType == "message/rfc822")
            m_json = QJsonDocument();
        else
            m_json = QJsonDocument::fromJson(m_request.body);
    }
    return *m_json;
}

const QList<FormField>* PayloadContext::form()
{
    if (!m_formRead) {
        m_formRead = true;
        if (m_mediaType == "multipart/form-data") {
            auto fields = readMultipartForm(m_request.contentType, m_request.body);
            if (fields)
                m_form = std::move(*fields);
            else
                m_formError = fields.error();
        } else if (m_mediaType == "application/x-www-form-urlencoded") {
            auto fields = readUrlEncodedForm(m_request.body);
            if (fields)
                m_form = std::move(*fields);
            else
                m_formError = fields.error();
        }
    }
    return m_form ? &*m_form : nullptr;
}

const FormField* PayloadContext::field(QStringView name)
{
    const QList<FormField>* fields = form();
    if (!fields)
        return nullptr;
    for (const auto& f : *fields) {
        if (f.name.compare(name, Qt::CaseInsensitive) == 0)
            return &f;
    }
    return nullptr;
}

const QList<const PayloadAdapter*>& payloadAdapters()
{
    using namespace adapters;
    // Provider shapes first (each recognised by fields or headers of its own), the generic readings last.
    static const QList<const PayloadAdapter*> list { &sesAdapter(), &sparkPostAdapter(), &mandrillAdapter(),
        &brevoAdapter(), &resendAdapter(), &mailerSendAdapter(), &postalAdapter(), &mailjetAdapter(), &mailgunAdapter(),
        &sendGridAdapter(), &postmarkAdapter(), &eventJsonAdapter(), &rawMimeAdapter(), &otherJsonAdapter() };
    return list;
}

const PayloadAdapter* findPayloadAdapter(QStringView name)
{
    for (const PayloadAdapter* a : payloadAdapters()) {
        if (a->name().compare(name, Qt::CaseInsensitive) == 0)
            return a;
    }
    return nullptr;
}

QStringList payloadAdapterNames()
{
    QStringList names { u"auto"_s };
    for (const PayloadAdapter* a : payloadAdapters())
        names << a->name();
    return names;
}

namespace {

std::mutex g_routesMutex;
QHash<QString, QString> g_routes;

QString chosenName(const PayloadRequest& r)
{
    QString name = r.adapter;
    if (name.isEmpty() && !r.route.isEmpty())
        name = routePayloadAdapter(r.route);
    return name.compare(u"auto"_s, Qt::CaseInsensitive) == 0 ? QString() : name;
}

} // namespace

void setRoutePayloadAdapters(const QHash<QString, QString>& routeAdapters)
{
    std::lock_guard lock(g_routesMutex);
    g_routes = routeAdapters;
}

QString routePayloadAdapter(const QString& route)
{
    std::lock_guard lock(g_routesMutex);
    return g_routes.value(route);
}

const PayloadAdapter* choosePayloadAdapter(PayloadContext& context)
{
    const QString name = chosenName(context.request());
    if (!name.isEmpty()) {
        if (const PayloadAdapter* chosen = findPayloadAdapter(name))
            return chosen;
    }
    for (const PayloadAdapter* a : payloadAdapters()) {
        if (a->detect(context))
            return a;
    }
    return nullptr;
}

Result<EmailMessage> parsePayload(const PayloadRequest& request)
{
    return parsePayload(request, MimeReadOptions {});
}

Result<EmailMessage> parsePayload(const PayloadRequest& request, const MimeReadOptions& options)
{
    const QString name = chosenName(request);
    if (name.isEmpty() && detectPayload(request.contentType, request.body) == PayloadKind::Unreadable)
        return fail(u"no adapter can read this payload"_s);
    PayloadContext context(request);
    const PayloadAdapter* adapter = choosePayloadAdapter(context);
    if (!adapter)
        return fail(u"no adapter can read this payload"_s);
    auto message = adapter->read(context, options);
    if (message && !name.isEmpty() && !findPayloadAdapter(name))
        message->warnings.prepend(u"the route's payload adapter \"%1\" is unknown (known: %2): detected instead"_s.arg(
            name, payloadAdapterNames().join(u", "_s)));
    return message;
}

} // namespace hookscope::email
