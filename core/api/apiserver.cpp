#include "apiserver.h"

#include "apiconnection.h"

#include "eventfeed.h"
#include "eventjson.h"
#include "metrics.h"
#include "token.h"

#include "core/actions/eventusecases.h"
#include "core/actions/replayjobs.h"
#include "core/http/httpresponse.h"
#include "core/http/requestframer.h"
#include "core/replay/replayer.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace hookscope::api {

using namespace hookscope::http;

namespace {

/// Eight in-flight replays at most (each holds its connection until the target answered).
constexpr int kMaxReplays = 8;
/// Connections served at once; more are answered 503 and closed.
constexpr int kMaxConnections = 64;

/** A content type safe to send back as one (type/subtype of token characters, parameters dropped). */
QByteArray safeContentType(const QString& declared)
{
    static const QRegularExpression token(u"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$"_s);
    const QString type = declared.section(u';', 0, 0).trimmed();
    return token.match(type).hasMatch() ? type.toLatin1() : QByteArray("application/octet-stream");
}

/** A JSON object body; an empty body is an empty object. */
std::optional<QJsonObject> objectBody(const QByteArray& body, QString& problemText)
{
    if (body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        problemText = u"the body must be a JSON object"_s;
        return std::nullopt;
    }
    return doc.object();
}

/** `name` from the query as a whole number ≥ 0, or `fallback` when absent; false when it is not one. */
bool queryNumber(const QUrlQuery& query, const QString& name, qint64 fallback, qint64& value)
{
    if (!query.hasQueryItem(name)) {
        value = fallback;
        return true;
    }
    bool ok = false;
    value = query.queryItemValue(name, QUrl::FullyDecoded).toLongLong(&ok);
    return ok && value >= 0;
}

const QStringList& statuses()
{
    static const QStringList list { u"verified"_s, u"failed"_s, u"unverified"_s, u"duplicate"_s, u"quarantined"_s,
        u"replayed"_s, u"discarded"_s };
    return list;
}

} // namespace

ApiServer::ApiServer(QObject* parent)
    : QObject(parent)
{
}

ApiServer::~ApiServer()
{
    stop();
}

Result<QUrl> ApiServer::start(const ApiSettings& settings)
{
    m_settings = settings;
    if (m_settings.token.isEmpty())
        return fail(u"the API needs a token"_s);
    if (!m_settings.writer)
        return fail(u"the API needs the store's writer"_s);
    if (m_settings.port && m_settings.capturePorts.contains(m_settings.port))
        return fail(u"the API cannot share port %1 with the capture listener (which a tunnel may expose): "
                    u"choose another port"_s.arg(m_settings.port));
    auto store = store::EventStore::open(m_settings.databasePath);
    if (!store)
        return fail(store.error());
    m_store = std::move(*store);
    m_feed = new EventFeed(*m_store, this);
    connect(m_feed, &EventFeed::eventChanged, this, &ApiServer::broadcast);
    m_server = new QTcpServer(this);
    // Loopback only, whatever the capture listener binds to.
    if (!m_server->listen(QHostAddress::LocalHost, m_settings.port))
        return fail(
            u"cannot listen for the API on 127.0.0.1:%1: %2"_s.arg(m_settings.port).arg(m_server->errorString()));
    if (m_settings.capturePorts.contains(m_server->serverPort()))
        return fail(u"the API cannot share a port with the capture listener"_s);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &ApiServer::accept);
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_server->serverPort());
    return url;
}

int ApiServer::streamClients() const
{
    int n = 0;
    for (const auto& c : m_streams)
        n += c ? 1 : 0;
    return n;
}

void ApiServer::accept()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (findChildren<ApiConnection*>(Qt::FindDirectChildrenOnly).size() >= kMaxConnections) {
            socket->write(serialize(problem(503, u"too many connections"_s), false, 1));
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->setParent(this);
            continue;
        }
        new ApiConnection(socket, this);
    }
}

void ApiServer::stop()
{
    if (m_server)
        m_server->close();
    if (m_feed)
        m_feed->setActive(false);
    // Replays first: cancelled, their attempts are left to the writer, which is still running.
    for (auto* replayer : findChildren<replay::Replayer*>(Qt::FindDirectChildrenOnly)) {
        replayer->cancel();
        delete replayer;
    }
    for (auto* connection : findChildren<ApiConnection*>(Qt::FindDirectChildrenOnly))
        delete connection;
    m_streams.clear();
    // Ready to start again (the window restarts its API with its capture).
    delete std::exchange(m_server, nullptr);
    delete std::exchange(m_feed, nullptr);
    m_store.reset();
}

void ApiServer::dispatch(ApiConnection* connection, Request r)
{
    // Before anything else: a request without the token learns nothing and changes nothing.
    if (!bearerMatches(r.authorization, m_settings.token)) {
        Answer a = problem(401, u"this API needs the header Authorization: Bearer TOKEN (hookscope api token)"_s);
        a.headers.append({ QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"hookscope\"") });
        connection->answer(a);
        return;
    }
    const QStringList& s = r.segments;
    if (!r.versioned) {
        if (s == QStringList { u"metrics"_s } && m_settings.metrics) {
            if (r.method != "GET")
                return connection->answer(methodNotAllowed("GET"));
            return connection->answer(
                bytes(m_settings.metrics->render(readStoreFacts(*m_store)), Metrics::kContentType));
        }
        return connection->answer(problem(404, u"no such resource (the API lives under /api/v1/)"_s));
    }
    if (s == QStringList { u"openapi.json"_s }) {
        if (r.method != "GET")
            return connection->answer(methodNotAllowed("GET"));
        QFile file(u":/api/openapi.json"_s);
        if (!file.open(QIODevice::ReadOnly))
            return connection->answer(problem(500, u"the OpenAPI document is missing from this build"_s));
        return connection->answer(bytes(file.readAll(), "application/json"));
    }
    if (s == QStringList { u"stream"_s }) {
        if (r.method != "GET")
            return connection->answer(methodNotAllowed("GET"));
        return openStream(connection, r);
    }
    if (s == QStringList { u"events"_s }) {
        if (r.method != "GET")
            return connection->answer(methodNotAllowed("GET"));
        return connection->answer(listEvents(r));
    }
    if (s.size() >= 2 && s.first() == u"events"_s) {
        bool ok = false;
        const qint64 id = s.at(1).toLongLong(&ok);
        if (!ok || id <= 0)
            return connection->answer(problem(404, u"'%1' is not an event id (a positive integer)"_s.arg(s.at(1))));
        static const QStringList actions { u"quarantine"_s, u"release"_s, u"discard"_s, u"restore"_s, u"replay"_s };
        if (s.size() == 3 && actions.contains(s.at(2))) {
            if (r.method != "POST")
                return connection->answer(methodNotAllowed("POST"));
            if (s.at(2) == u"replay"_s)
                return replay(connection, id, r);
            return connection->answer(action(id, s.at(2), r));
        }
        if (r.method != "GET")
            return connection->answer(methodNotAllowed("GET"));
        return connection->answer(eventAnswer(id, s.mid(2), r));
    }
    connection->answer(problem(404, u"no such resource"_s));
}

Answer ApiServer::listEvents(const Request& r)
{
    store::EventQuery query;
    query.search = r.query.queryItemValue(u"query"_s, QUrl::FullyDecoded);
    query.status = r.query.queryItemValue(u"status"_s, QUrl::FullyDecoded);
    if (!query.status.isEmpty() && !statuses().contains(query.status))
        return problem(400, u"status is one of %1"_s.arg(statuses().join(u", "_s)));
    query.route = r.query.queryItemValue(u"route"_s, QUrl::FullyDecoded);
    qint64 limit = 0;
    qint64 after = 0;
    if (!queryNumber(r.query, u"limit"_s, 100, limit) || limit > 100'000)
        return problem(400, u"limit is a whole number from 0 (all) to 100000"_s);
    if (!queryNumber(r.query, u"after"_s, 0, after))
        return problem(400, u"after is an event id (a whole number)"_s);
    query.limit = int(limit);
    if (r.query.hasQueryItem(u"after"_s)) {
        // What arrived after a known event, oldest first (the next page of a poll, as `wait --since`).
        query.afterId = after;
        query.orderBy = u"id"_s;
        query.descending = false;
    }
    auto rows = m_store->list(query);
    if (!rows)
        return problem(500, rows.error());
    QJsonArray array;
    for (const auto& row : *rows)
        array.append(row.toJson());
    return json(200, array);
}

Answer ApiServer::eventAnswer(qint64 id, const QStringList& rest, const Request& r)
{
    if (rest.isEmpty()) {
        auto detail = eventDetailJson(*m_store, id, true);
        if (!detail)
            return problem(500, detail.error());
        if (!*detail)
            return problem(404, u"no event %1"_s.arg(id));
        return json(200, **detail);
    }
    auto event = m_store->event(id);
    if (!event)
        return problem(500, event.error());
    if (!*event)
        return problem(404, u"no event %1"_s.arg(id));
    if (rest.size() == 1 && (rest.first() == u"raw"_s || rest.first() == u"body"_s)) {
        qint64 seq = 1;
        if (!queryNumber(r.query, u"delivery"_s, 1, seq) || seq < 1)
            return problem(400, u"delivery is a delivery number (1, 2, ...)"_s);
        auto delivery = m_store->delivery(id, int(seq));
        if (!delivery)
            return problem(500, delivery.error());
        if (!*delivery)
            return problem(404, u"event %1 has no delivery %2"_s.arg(id).arg(seq));
        return senderBytes(rest.first() == u"raw"_s ? (*delivery)->raw() : (*delivery)->body);
    }
    if (rest.size() == 2 && rest.first() == u"attachments"_s) {
        bool ok = false;
        const int n = rest.at(1).toInt(&ok);
        if (!ok || n < 0)
            return problem(404, u"'%1' is not an attachment number (0, 1, ...)"_s.arg(rest.at(1)));
        auto attachment = eventAttachment(*m_store, id, n);
        if (!attachment)
            return problem(500, attachment.error());
        if (attachment->found == AttachmentBytes::Found::Yes)
            return senderBytes(attachment->data, safeContentType(attachment->contentType));
        return problem(404, u"event %1 has no attachment %2"_s.arg(id).arg(n));
    }
    return problem(404, u"no such resource"_s);
}

Answer ApiServer::action(qint64 id, const QString& name, const Request& r)
{
    QString bad;
    const auto body = objectBody(r.body, bad);
    if (!body)
        return problem(400, bad);
    auto event = m_store->event(id);
    if (!event)
        return problem(500, event.error());
    if (!*event)
        return problem(404, u"no event %1"_s.arg(id));
    const QString note = body->value(u"note"_s).toString();
    QJsonObject answer { { u"action"_s, name } };
    Result<void> done;
    if (name == u"quarantine"_s) {
        const QString reason = body->value(u"reason"_s).toString(u"manual"_s);
        if (!actions::EventActions::reasonCodes().contains(reason))
            return problem(400,
                u"unknown reason code '%1' (known: %2)"_s.arg(
                    reason, actions::EventActions::reasonCodes().join(u", "_s)));
        done = actions::quarantine(*m_settings.writer, { id }, reason, note);
    } else if (name == u"release"_s) {
        if ((*event)->quarantined.isEmpty())
            return problem(409, u"event %1 is not quarantined"_s.arg(id));
        // As `hookscope release`: re-parse, re-verify ignoring the time window, then lift the quarantine; the
        // secrets given ("secret", one or a list), else the event's route's (actions::SecretPolicy).
        QList<QByteArray> given;
        const QJsonValue secret = body->value(u"secret"_s);
        for (const QJsonValue& v : secret.isArray() ? secret.toArray() : QJsonArray { secret }) {
            if (v.isString() && !v.toString().isEmpty())
                given << v.toString().toUtf8();
        }
        actions::SecretPolicy secrets;
        secrets.setGiven(given);
        auto rechecked = actions::recheckForRelease(*m_store, { **event }, secrets, body->value(u"url"_s).toString());
        if (!rechecked)
            return problem(409, rechecked.error());
        answer.insert(u"recheck"_s, rechecked->first().recheck.toJson());
        answer.insert(u"wasQuarantined"_s, (*event)->quarantined);
        done = actions::applyRelease(*m_settings.writer, *rechecked, note);
    } else if (name == u"discard"_s) {
        done = actions::discard(*m_settings.writer, { id }, note);
    } else {
        done = actions::restore(*m_settings.writer, { id }, note);
    }
    if (!done)
        return problem(409, done.error());
    auto after = m_store->event(id);
    if (!after)
        return problem(500, after.error());
    answer.insert(u"event"_s, *after ? QJsonValue((*after)->toJson()) : QJsonValue());
    return json(200, answer);
}

void ApiServer::replay(QPointer<ApiConnection> connection, qint64 id, const Request& r)
{
    QString bad;
    const auto body = objectBody(r.body, bad);
    if (!body)
        return connection->answer(problem(400, bad));
    const QUrl target(body->value(u"to"_s).toString());
    if (!target.isValid() || (target.scheme() != u"http"_s && target.scheme() != u"https"_s) || target.host().isEmpty())
        return connection->answer(problem(400, u"\"to\" must be an http:// or https:// URL"_s));
    auto event = m_store->event(id);
    if (!event)
        return connection->answer(problem(500, event.error()));
    if (!*event)
        return connection->answer(problem(404, u"no event %1"_s.arg(id)));
    auto deliveries = m_store->deliveries(id);
    if (!deliveries)
        return connection->answer(problem(500, deliveries.error()));
    if (deliveries->isEmpty())
        return connection->answer(problem(409, u"event %1 has no deliveries"_s.arg(id)));
    // As `hookscope replay` (actions::replayJob): the given delivery, else the primary one; re-signed with the
    // secret given, else the event's route's.
    actions::ReplayRequest request;
    request.target = target;
    request.delivery = body->value(u"delivery"_s).toInt(0);
    request.timeoutMs = qBound(1, body->value(u"timeoutMs"_s).toInt(10'000), 600'000);
    request.ignoreTlsErrors = body->value(u"insecure"_s).toBool();
    request.resign = body->value(u"resign"_s).toBool();
    request.scheme = body->value(u"scheme"_s).toString();
    request.noSecretHint = u"give \"secret\" or run hookscope secret set %1"_s;
    actions::SecretPolicy secrets;
    if (const QString given = body->value(u"secret"_s).toString(); !given.isEmpty())
        secrets.setGiven({ given.toUtf8() });
    auto built = actions::replayJob(**event, *deliveries, request, secrets);
    if (!built) {
        if (!store::chosenDelivery(*deliveries, request.delivery))
            return connection->answer(problem(400, u"event %1 has %2 deliveries"_s.arg(id).arg(deliveries->size())));
        return connection->answer(problem(400, built.error()));
    }
    const replay::ReplayJob job = *built;
    if (findChildren<replay::Replayer*>().size() >= kMaxReplays)
        return connection->answer(problem(429, u"too many replays in flight; try again when one has finished"_s));

    auto* replayer = new replay::Replayer(m_settings.databasePath, m_settings.writer);
    replayer->setParent(this);
    auto attempts = std::make_shared<QJsonArray>();
    auto runs = std::make_shared<QJsonArray>();
    auto allOk = std::make_shared<bool>(true);
    Metrics* metrics = m_settings.metrics;
    connect(
        replayer, &replay::ReplayService::attemptFinished, replayer, [attempts, metrics](const replay::AttemptRow& a) {
            attempts->append(a.toJson());
            if (metrics)
                metrics->observeAttempt(a);
        });
    connect(
        replayer, &replay::ReplayService::runFinished, replayer, [runs, allOk, metrics](const replay::RunSummary& s) {
            *allOk = *allOk && s.ok;
            if (metrics)
                metrics->observeRun(s);
            runs->append(QJsonObject { { u"runId"_s, s.runId }, { u"event"_s, double(s.eventRowId) },
                { u"target"_s, s.target }, { u"mode"_s, s.mode }, { u"attempts"_s, s.attempts },
                { u"status"_s, s.status ? QJsonValue(s.status) : QJsonValue() }, { u"ok"_s, s.ok },
                { u"error"_s, s.error.isEmpty() ? QJsonValue() : QJsonValue(s.error) } });
        });
    connect(replayer, &replay::ReplayService::idle, replayer, [this, replayer, connection, attempts, runs] {
        replayer->deleteLater();
        // The run's audit entry and attempts were queued on the writer before `idle`: the answer waits for a job
        // queued after them, so whoever reads the audit log on the answer finds the replay there.
        m_settings.writer->submitJob([](QSqlDatabase&) -> Result<void> { return {}; },
            [this, connection, answer = json(200, QJsonObject { { u"runs"_s, *runs }, { u"attempts"_s, *attempts } })](
                const Result<void>&) {
                QMetaObject::invokeMethod(
                    this,
                    [connection, answer] {
                        if (connection)
                            connection->answer(answer);
                    },
                    Qt::QueuedConnection);
            });
    });
    replayer->submit({ job });
}

void ApiServer::openStream(ApiConnection* connection, const Request& request)
{
    // A client resuming after a dropped connection (an EventSource does it by itself) gets what it missed first.
    std::optional<store::ChangeCursors> resumeFrom;
    if (!request.lastEventId.trimmed().isEmpty()) {
        resumeFrom = EventFeed::parsePosition(request.lastEventId);
        if (!resumeFrom)
            return connection->answer(problem(400,
                u"Last-Event-ID is not a position this stream sent (four numbers joined by dots, e.g. 12.30.4.0)"_s));
    }
    m_feed->setActive(true);
    QList<EventFeed::Message> missed;
    if (resumeFrom) {
        // Everyone gets what is already committed first, then this client what it missed up to now: nothing
        // falls between the two (at most a little is sent twice).
        m_feed->checkNow();
        auto caughtUp = m_feed->catchUp(*resumeFrom);
        if (!caughtUp) {
            if (streamClients() == 0)
                m_feed->setActive(false);
            return connection->answer(problem(500, u"cannot read the store: "_s + caughtUp.error()));
        }
        missed = *caughtUp;
    }
    connection->startStream();
    for (const EventFeed::Message& m : std::as_const(missed))
        connection->sendEvent(streamMessage(m.kind, m.data, m.id));
    m_streams.append(connection);
    connect(connection, &QObject::destroyed, this, [this] {
        m_streams.removeIf([](const QPointer<ApiConnection>& c) { return c.isNull(); });
        if (streamClients() == 0)
            m_feed->setActive(false);
    });
}

QByteArray ApiServer::streamMessage(const QByteArray& kind, const QJsonObject& data, const QByteArray& id)
{
    return "id: " + id + "\nevent: " + kind + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

void ApiServer::broadcast(const QByteArray& kind, const QJsonObject& event, const QByteArray& id)
{
    const QByteArray lines = streamMessage(kind, event, id);
    for (const auto& c : std::as_const(m_streams)) {
        if (c)
            c->sendEvent(lines);
    }
}

} // namespace hookscope::api
