#include "sim/simserver.h"

#include "net/httpserver.h"
#include "sim/simlogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace gpufailover {
namespace {

HttpReply jsonReply(int status, const QJsonObject &o)
{
    return HttpReply::json(status, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

HttpReply statusReply(const Status &s)
{
    if (s)
        return jsonReply(200, { { QStringLiteral("success"), true } });
    return jsonReply(s.error().httpStatus ? s.error().httpStatus : 400,
        { { QStringLiteral("success"), false }, { QStringLiteral("error"), s.error().code },
            { QStringLiteral("msg"), s.error().message } });
}

} // namespace

SimServer::SimServer(Clock *clock, SimOptions options, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_market(std::make_unique<SimMarket>(clock, options))
    , m_vast(std::make_unique<SimVastApi>(m_market.get(), clock))
    , m_gcp(std::make_unique<SimGcpApi>(clock))
    , m_http(std::make_unique<HttpServer>(clock, [this](const HttpRequest &r) { return handle(r); }))
{
    addApiKey(QString::fromLatin1(kDefaultApiKey));
}

SimServer::~SimServer() = default;

void SimServer::addApiKey(const QString &key)
{
    if (!m_keys.contains(key))
        m_keys.append(key);
    m_vast->setApiKeys(m_keys);
}

Result<quint16> SimServer::listen(const QHostAddress &address, quint16 port)
{
    const quint16 bound = m_http->listen(address, port);
    if (!bound)
        return Error { QStringLiteral("listen_failed"),
            QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port) };
    m_port = bound;
    m_gcp->setBaseUrl(url());
    return bound;
}

QUrl SimServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

HttpReply SimServer::handle(const HttpRequest &request)
{
    if (request.path.startsWith(u"/_sim/"))
        return control(request);
    if (auto reply = m_vast->handle(request))
        return *reply;
    if (auto reply = m_gcp->handle(request))
        return *reply;
    return jsonReply(404,
        { { QStringLiteral("success"), false }, { QStringLiteral("error"), QStringLiteral("not_found") },
            { QStringLiteral("msg"), QStringLiteral("no such endpoint") } });
}

HttpReply SimServer::control(const HttpRequest &request)
{
    static const QRegularExpression instanceRe(
        QStringLiteral("^/_sim/instances/(\\d+)/(kill|hang|unhang|rerent|outbid)$"));
    static const QRegularExpression hostRe(QStringLiteral("^/_sim/hosts/(\\d+)/(kill|revive|release|partition|heal)$"));
    const QString path = request.path;
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    if (path == u"/_sim/health")
        return jsonReply(200, { { QStringLiteral("status"), QStringLiteral("ok") } });
    if (path == u"/_sim/state" && request.method == "GET") {
        // The Vast market, and the GCP VMs that exist (whatever their status: each one bills).
        QJsonObject state = m_market->stateJson();
        QJsonArray vms;
        for (const SimGcpApi::Vm *vm : m_gcp->vms()) {
            if (vm->status == u"DELETED")
                continue;
            vms.append(QJsonObject { { QStringLiteral("project"), vm->project }, { QStringLiteral("zone"), vm->zone },
                { QStringLiteral("name"), vm->name }, { QStringLiteral("status"), vm->status } });
        }
        state.insert(QStringLiteral("gcp_vms"), vms);
        return jsonReply(200, state);
    }
    // The keys this simulator accepts, for a client to show prefilled (the demo's wizard): what a
    // provider's console would hand its user. One service account for the simulator's life.
    if (path == u"/_sim/credentials" && request.method == "GET") {
        if (m_serviceAccount.isEmpty())
            m_serviceAccount = QString::fromUtf8(m_gcp->issueServiceAccount().toJson());
        QJsonObject keys { { QStringLiteral("vast_api_key"), QString::fromLatin1(kDefaultApiKey) },
            { QStringLiteral("gcp_service_account_json"), m_serviceAccount } };
        if (!m_objectStore.endpoint.isEmpty()) {
            keys.insert(QStringLiteral("snapshot_access_key_id"), m_objectStore.accessKeyId);
            keys.insert(QStringLiteral("snapshot_secret_access_key"), m_objectStore.secretAccessKey);
            keys.insert(QStringLiteral("s3"),
                QJsonObject { { QStringLiteral("endpoint"), m_objectStore.endpoint },
                    { QStringLiteral("bucket"), m_objectStore.bucket },
                    { QStringLiteral("ca_cert_file"), m_objectStore.caCertFile } });
        }
        return jsonReply(200, keys);
    }
    if (request.method != "POST" && request.method != "DELETE")
        return jsonReply(405, { { QStringLiteral("error"), QStringLiteral("use POST") } });
    if (const auto m = instanceRe.match(path); m.hasMatch()) {
        const qint64 id = m.captured(1).toLongLong();
        const QString action = m.captured(2);
        qCInfo(lcSim) << "fault:" << action << "instance" << id;
        if (action == u"kill")
            return statusReply(m_market->killInstance(id));
        if (action == u"hang" || action == u"unhang")
            return statusReply(m_market->hangInstance(id, action == u"hang"));
        if (action == u"rerent")
            return statusReply(m_market->rerentGpus(id));
        return statusReply(m_market->outbid(id));
    }
    if (const auto m = hostRe.match(path); m.hasMatch()) {
        const qint64 id = m.captured(1).toLongLong();
        const QString action = m.captured(2);
        qCInfo(lcSim) << "fault:" << action << "host" << id;
        if (action == u"kill")
            return statusReply(m_market->killHost(id));
        if (action == u"revive")
            return statusReply(m_market->reviveHost(id));
        if (action == u"partition" || action == u"heal")
            return statusReply(m_market->partitionHost(id, action == u"partition"));
        return statusReply(m_market->releaseOtherRenters(id));
    }
    if (path == u"/_sim/faults") {
        if (request.method == "DELETE") {
            m_vast->clearFaults();
            return statusReply(okStatus());
        }
        static const QStringList modes = { QStringLiteral("401"), QStringLiteral("403"), QStringLiteral("429"),
            QStringLiteral("500"), QStringLiteral("502"), QStringLiteral("503"), QStringLiteral("504"),
            QStringLiteral("slow"), QStringLiteral("hang"), QStringLiteral("drop"), QStringLiteral("stale"),
            QStringLiteral("malformed"), QStringLiteral("endless"), QStringLiteral("lost_reply") };
        SimApiFault f;
        f.endpoint = body.value(QStringLiteral("endpoint")).toString(QStringLiteral("*"));
        f.mode = body.value(QStringLiteral("mode")).toString();
        f.count = body.value(QStringLiteral("count")).toInt(-1);
        f.delayMs = qint64(body.value(QStringLiteral("delay_ms")).toDouble(0));
        if (!modes.contains(f.mode))
            return jsonReply(400,
                { { QStringLiteral("error"), QStringLiteral("invalid_args") },
                    { QStringLiteral("msg"), QStringLiteral("mode must be one of %1").arg(modes.join(u", ")) } });
        m_vast->addFault(f);
        return statusReply(okStatus());
    }
    // GCP: a service-account key to use against this simulator, and its faults.
    static const QRegularExpression gcpVmRe(
        QStringLiteral("^/_sim/gcp/zones/([a-z0-9-]+)/instances/([a-z0-9-]+)/preempt$"));
    static const QRegularExpression gcpZoneRe(QStringLiteral("^/_sim/gcp/zones/([a-z0-9-]+)/capacity$"));
    if (path == u"/_sim/gcp/service-account")
        return HttpReply::json(200,
            m_gcp->issueServiceAccount(body.value(QStringLiteral("project")).toString(QStringLiteral("sim-project")))
                .toJson());
    if (path == u"/_sim/gcp/revoke-tokens") {
        m_gcp->revokeTokens();
        return statusReply(okStatus());
    }
    if (const auto m = gcpVmRe.match(path); m.hasMatch())
        return statusReply(m_gcp->preempt(m.captured(1), m.captured(2)));
    if (const auto m = gcpZoneRe.match(path); m.hasMatch()) {
        m_gcp->setZoneCapacity(m.captured(1), body.value(QStringLiteral("vms")).toInt(-1));
        return statusReply(okStatus());
    }
    if (path == u"/_sim/churn") {
        m_market->setChurn(
            body.value(QStringLiteral("take")).toDouble(), body.value(QStringLiteral("release")).toDouble());
        return statusReply(okStatus());
    }
    if (path == u"/_sim/ratelimit") {
        m_vast->setRateLimit(
            body.value(QStringLiteral("per_second")).toDouble(20), body.value(QStringLiteral("burst")).toInt(20));
        return statusReply(okStatus());
    }
    return jsonReply(404, { { QStringLiteral("error"), QStringLiteral("not_found") } });
}

} // namespace gpufailover
