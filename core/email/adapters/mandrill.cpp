// Mandrill inbound webhooks (adapter "mandrill"): a form whose `mandrill_events` field is a JSON array of
// events; an `inbound` event's msg carries the parsed fields and `raw_msg`, the email as received.

#include "common.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

class MandrillAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"mandrill"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (c.mediaType() != "application/x-www-form-urlencoded" && c.mediaType() != "multipart/form-data")
            return false;
        return !c.header("X-Mandrill-Signature").isEmpty() || c.field(u"mandrill_events");
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        EmailMessage m;
        m.adapter = name();
        const FormField* field = c.field(u"mandrill_events");
        if (!field) {
            m.warnings << u"no mandrill_events field in the form"_s;
            return m;
        }
        const QJsonArray events = QJsonDocument::fromJson(field->value).array();
        QJsonObject inbound;
        int inboundCount = 0;
        for (const auto& v : events) {
            if (v.toObject().value(u"event"_s).toString() == u"inbound"_s) {
                if (inboundCount++ == 0)
                    inbound = v.toObject();
            }
        }
        if (inbound.isEmpty()) {
            m.warnings << u"mandrill_events holds %1 events, none of them inbound: no email"_s.arg(events.size());
            return m;
        }
        if (inboundCount > 1)
            m.warnings << u"mandrill_events holds %1 inbound events: the first is shown"_s.arg(inboundCount);
        const QJsonObject msg = inbound.value(u"msg"_s).toObject();
        m.id = inbound.value(u"_id"_s).toString();
        m.from = { msg.value(u"from_email"_s).toString(), msg.value(u"from_name"_s).toString() };
        for (const auto& v : msg.value(u"to"_s).toArray())
            m.to.append({ v.toArray().at(0).toString(), v.toArray().at(1).toString() });
        for (const auto& v : msg.value(u"cc"_s).toArray())
            m.cc.append({ v.toArray().at(0).toString(), v.toArray().at(1).toString() });
        m.subject = msg.value(u"subject"_s).toString();
        if (msg.value(u"text"_s).isString())
            m.text = msg.value(u"text"_s).toString();
        if (msg.value(u"html"_s).isString())
            m.html = msg.value(u"html"_s).toString();
        m.extra = unknownFields(msg,
            { u"raw_msg"_s, u"from_email"_s, u"from_name"_s, u"to"_s, u"cc"_s, u"subject"_s, u"text"_s, u"html"_s,
                u"attachments"_s, u"images"_s, u"headers"_s });
        if (!msg.value(u"raw_msg"_s).isString()) {
            m.warnings << u"the inbound event has no msg.raw_msg: attachments are not read"_s;
            return m;
        }
        // msg.attachments / msg.images describe the same parts the raw message carries: the MIME is read.
        return withRawMime(std::move(m), msg.value(u"raw_msg"_s).toString().toUtf8(), options, true,
            { PayloadDifference::Kind::MissingAttachment, PayloadDifference::Kind::AddressName });
    }
};

} // namespace

const PayloadAdapter& mandrillAdapter()
{
    static const MandrillAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
