#include "api/apiserver.h"

#include "api/apilogging.h"
#include "api/apireply.h"
#include "core/clock.h"
#include "core/cloudprovider.h"
#include "core/costtracker.h"
#include "core/creditwatcher.h"
#include "core/hibernation.h"
#include "core/journal.h"
#include "core/pooldefaults.h"
#include "core/poolregistry.h"
#include "core/settings.h"
#include "core/warmpool.h"

#include "gpufailover/version.h"

#include <cmath>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace gpufailover {
using namespace api;

namespace {

// A JSON number that is a machine id: whole, positive, and small enough to be one (converting a
// huge double to an integer is undefined behaviour; the fuzzer found 1e300).
bool isMachineId(double v)
{
    return v > 0 && v < 1e15 && v == std::floor(v);
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

bool loopbackHost(const QByteArray &hostHeader)
{
    QByteArray host = hostHeader.trimmed().toLower();
    if (host.startsWith('[')) {
        const qsizetype end = host.indexOf(']');
        host = end > 0 ? host.mid(1, end - 1) : QByteArray();
    } else if (host.count(':') == 1) {
        host = host.left(host.indexOf(':'));
    }
    return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

QString metricLabel(const QString &v)
{
    QString out = v;
    out.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'"', QStringLiteral("\\\""))
        .replace(u'\n', QStringLiteral("\\n"));
    return out;
}

} // namespace

void ApiServer::Histogram::observe(double v)
{
    for (qsizetype i = 0; i < bounds.size(); ++i) {
        if (v <= bounds[i])
            ++counts[i];
    }
    ++total;
    sum += v;
}

ApiServer::ApiServer(Services services, QString token, QObject *parent)
    : QObject(parent)
    , m_s(std::move(services))
    , m_token(std::move(token))
    , m_http(std::make_unique<HttpServer>(m_s.clock,
          HttpServer::AsyncHandler([this](const HttpRequest &r, Respond respond) { handle(r, std::move(respond)); })))
{
    registerRoutes();
    if (m_s.secrets)
        registerCredentialRoutes();
    watchPools();
}

void ApiServer::watchPools()
{
    if (!m_s.pools)
        return;
    for (WarmPool *p : m_s.pools->pools())
        watch(p);
    connect(m_s.pools, &PoolRegistry::poolAdded, this, &ApiServer::watch);
}

ApiServer::~ApiServer() = default;

Result<quint16> ApiServer::listen(const QHostAddress &address, quint16 port)
{
    if (address != QHostAddress::LocalHost && address != QHostAddress::LocalHostIPv6)
        qCWarning(lcApi) << "the local API listens on" << address.toString()
                         << "- reachable from other machines (token still required)";
    const quint16 bound = m_http->listen(address, port);
    if (bound == 0)
        return Error { QStringLiteral("listen_failed"),
            QStringLiteral("cannot listen on %1:%2 (port in use?)").arg(address.toString()).arg(port) };
    if (!m_port)
        m_port = bound;
    qCInfo(lcApi) << "local API listening on" << address.toString() << bound;
    return bound;
}

void ApiServer::watch(WarmPool *pool)
{
    const QString id = pool->config().id;
    connect(pool, &WarmPool::healthChecked, this, [this, id](const FailureDetector::Outcome &o) {
        ++m_healthChecks[id + u'|' + toString(o.verdict)];
        const qint64 now = m_s.clock->monotonicMs();
        if (o.verdict == FailureDetector::Verdict::Healthy)
            m_firstFailureMs.remove(id);
        else if ((o.verdict == FailureDetector::Verdict::Suspect || o.verdict == FailureDetector::Verdict::Dead)
            && !m_firstFailureMs.contains(id))
            m_firstFailureMs.insert(id, now);
        if (o.verdict == FailureDetector::Verdict::Dead)
            m_detection[id].observe(double(now - m_firstFailureMs.take(id)) / 1000.0);
    });
    connect(pool, &WarmPool::probed, this, [this, id](const HealthSample &s) {
        auto it = m_probes.find(id);
        if (it == m_probes.end()) // the probe times out at 5 s by default
            it = m_probes.insert(id, Histogram({ 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30 }));
        it->observe(double(s.latencyMs) / 1000.0);
    });
    connect(pool, &WarmPool::failoverFinished, this, [this, id](const WarmPool::Timeline &t) {
        ++m_failovers[id + u'|' + (t.ok ? QStringLiteral("ok") : QStringLiteral("failed"))];
        if (t.ok)
            m_recovery[id].observe(double(t.doneMs) / 1000.0);
    });
}

void ApiServer::addRoute(const QByteArray &method, const QString &pattern, bool mutating,
    std::function<void(const HttpRequest &, const QRegularExpressionMatch &, const QJsonObject &, Respond)> handler)
{
    m_routes.append(Route { method, QRegularExpression(u'^' + pattern + u'$'), mutating, std::move(handler) });
}

WarmPool *ApiServer::poolFor(const HttpRequest &request, const QString &id) const
{
    const QString wanted = id.isEmpty() ? request.query.queryItemValue(QStringLiteral("pool")) : id;
    if (!m_s.pools)
        return nullptr;
    for (WarmPool *p : m_s.pools->pools()) {
        if (wanted.isEmpty() || p->config().id == wanted)
            return p;
    }
    return nullptr;
}

// What the provider last said about one of the pool's instances: its GPU, its price now and
// since when it runs. Null before the pool has looked.
QJsonValue ApiServer::instanceSeen(const WarmPool &pool, qint64 id) const
{
    const std::optional<CloudInstance> i = id ? pool.lastSeen(id) : std::nullopt;
    if (!i)
        return QJsonValue();
    const bool running = i->actualStatus == u"running";
    return QJsonObject { { QStringLiteral("id"), double(i->id) }, { QStringLiteral("gpu_name"), i->gpuName },
        { QStringLiteral("num_gpus"), i->numGpus }, { QStringLiteral("status"), i->actualStatus },
        { QStringLiteral("price_per_hour"), running ? i->dphTotal : i->storageCostPerHour },
        { QStringLiteral("running_since"),
            running && i->startDate > 0
                ? QJsonValue(QDateTime::fromSecsSinceEpoch(i->startDate, Qt::UTC).toString(Qt::ISODate))
                : QJsonValue() },
        // On the engine's clock, which is the provider's too (the demo's runs faster than the wall).
        { QStringLiteral("uptime_s"),
            running && i->startDate > 0 ? QJsonValue(double(m_s.clock->now().toSecsSinceEpoch() - i->startDate))
                                        : QJsonValue() } };
}

void ApiServer::attachEngine(CloudProvider *cloud, PoolRegistry *pools, CostTracker *costs, CreditWatcher *credit)
{
    m_s.cloud = cloud;
    m_s.pools = pools;
    m_s.costs = costs;
    m_s.credit = credit;
    watchPools();
}

QJsonObject ApiServer::statusOf(const WarmPool &pool) const
{
    const WarmPool::Record &r = pool.record();
    const auto timelines = pool.timelines();
    // The standby as the provider last described it: stopped while it waits, starting or running
    // during a failover; not_ready when the engine found it unusable.
    QJsonValue standbyState = QJsonValue::Null;
    if (r.standbyId) {
        const std::optional<CloudInstance> seen = pool.lastSeen(r.standbyId);
        const QString actual = seen ? seen->actualStatus : QString();
        if (pool.readiness() == WarmPool::Readiness::Red)
            standbyState = QStringLiteral("not_ready");
        else if (actual == u"running")
            standbyState = QStringLiteral("running");
        else if (seen && seen->intendedStatus == u"running")
            standbyState = QStringLiteral("starting");
        else
            standbyState = QStringLiteral("stopped");
    }
    // An id the pool does not have is null, never a 0 that looks like an instance.
    const auto idOrNull = [](qint64 id) { return id ? QJsonValue(double(id)) : QJsonValue(QJsonValue::Null); };
    return QJsonObject {
        { QStringLiteral("pool"), pool.config().id },
        { QStringLiteral("enabled"), pool.config().warmPoolEnabled && pool.state() != WarmPool::State::Disabled },
        { QStringLiteral("state"), toString(pool.state()) },
        { QStringLiteral("reason"), pool.lastReason() },
        { QStringLiteral("host_machine_id"), idOrNull(r.machineId) },
        { QStringLiteral("volume_id"), idOrNull(r.volumeId) },
        { QStringLiteral("primary_gpu_id"), idOrNull(r.primaryId) },
        { QStringLiteral("primary"), instanceSeen(pool, r.primaryId) },
        { QStringLiteral("standby"), instanceSeen(pool, r.standbyId) },
        { QStringLiteral("standby_gpu_id"), idOrNull(r.standbyId) },
        { QStringLiteral("standby_state"), standbyState },
        { QStringLiteral("failover_count"), r.failovers },
        { QStringLiteral("generation"), double(r.generation) },
        { QStringLiteral("readiness"), toString(pool.readiness()) },
        { QStringLiteral("readiness_reason"), pool.readinessReason() },
        { QStringLiteral("last_failover"), timelines.isEmpty() ? QJsonValue() : QJsonValue(timelines.last().toJson()) },
        { QStringLiteral("snapshots"), snapshotsOf(pool.config().id) },
        { QStringLiteral("cpu_standby"), cpuStandbyOf(pool.config().id) },
        { QStringLiteral("active_target"), activeTarget(pool) },
    };
}

QJsonObject ApiServer::costsJson(double idleFraction) const
{
    const auto dollars = [](const QHash<QString, double> &byComponent) {
        QJsonObject o;
        for (auto it = byComponent.constBegin(); it != byComponent.constEnd(); ++it)
            o.insert(it.key(), it.value());
        return o;
    };
    QJsonArray pools;
    double rate = 0, monthToDate = 0, forecast = 0;
    for (WarmPool *p : m_s.pools ? m_s.pools->pools() : QList<WarmPool *>()) {
        const CostTracker::PoolCost c = m_s.costs->costOf(p->config().id);
        const cost::TierComparison t = m_s.costs->comparisonOf(p->config().id, idleFraction);
        pools.append(
            QJsonObject { { QStringLiteral("pool"), p->config().id }, { QStringLiteral("rate_per_hour"), c.rate.total },
                { QStringLiteral("comparison"),
                    QJsonObject { { QStringLiteral("idle_fraction"), idleFraction },
                        { QStringLiteral("gpu_monthly"), t.gpuMonthly },
                        { QStringLiteral("warm_pool_monthly"), t.warmPoolMonthly },
                        { QStringLiteral("cpu_standby_monthly"), t.cpuStandbyMonthly },
                        { QStringLiteral("gpu_hibernated_monthly"), t.gpuHibernatedMonthly },
                        { QStringLiteral("hibernation_savings"), t.hibernationSavings } } },
                { QStringLiteral("rate_components"), dollars(c.rate.byComponent) },
                { QStringLiteral("month_to_date"), c.monthToDate.total },
                { QStringLiteral("month_to_date_components"), dollars(c.monthToDate.byComponent) },
                { QStringLiteral("forecast_month"), c.forecastMonth } });
        rate += c.rate.total;
        monthToDate += c.monthToDate.total;
        forecast += c.forecastMonth;
    }
    const CostPrices &prices = m_s.costs->options().prices;
    QJsonObject credit;
    if (m_s.credit && m_s.credit->credit()) {
        credit.insert(QStringLiteral("balance"), *m_s.credit->credit());
        const auto hours = m_s.credit->hoursLeft();
        credit.insert(QStringLiteral("hours_left"), hours ? QJsonValue(*hours) : QJsonValue());
    }
    return { { QStringLiteral("currency"), QStringLiteral("USD") }, { QStringLiteral("pools"), pools },
        { QStringLiteral("rate_per_hour"), rate }, { QStringLiteral("month_to_date"), monthToDate },
        { QStringLiteral("forecast_month"), forecast },
        { QStringLiteral("vast_credit"), credit.isEmpty() ? QJsonValue() : QJsonValue(credit) },
        { QStringLiteral("prices"),
            QJsonObject { { QStringLiteral("gcp_vm_per_hour"), prices.gcpVmPerHour },
                { QStringLiteral("gcp_disk_per_gb_month"), prices.gcpDiskPerGbMonth },
                { QStringLiteral("b2_per_gb_month"), prices.b2PerGbMonth },
                { QStringLiteral("r2_per_gb_month"), prices.r2PerGbMonth } } } };
}

QString ApiServer::activeTarget(const WarmPool &pool) const
{
    const CpuStandby *cpu = m_s.pools ? m_s.pools->cpuStandbyOf(pool.config().id) : nullptr;
    if (cpu && cpu->state() == CpuStandby::State::Active)
        return QStringLiteral("cpu");
    return pool.state() == WarmPool::State::Active || pool.state() == WarmPool::State::Paused ? QStringLiteral("gpu")
                                                                                              : QStringLiteral("none");
}

QJsonValue ApiServer::cpuStandbyOf(const QString &poolId) const
{
    const CpuStandby *cpu = m_s.pools ? m_s.pools->cpuStandbyOf(poolId) : nullptr;
    if (!cpu)
        return QJsonValue(); // null: this pool has no CPU standby
    QJsonObject o { { QStringLiteral("state"), toString(cpu->state()) },
        { QStringLiteral("syncs_completed"), cpu->syncsCompleted() },
        { QStringLiteral("syncs_failed"), cpu->syncsFailed() }, { QStringLiteral("last_error"), cpu->lastError() } };
    if (const auto vm = cpu->vm()) {
        o.insert(QStringLiteral("vm"), vm->name);
        o.insert(QStringLiteral("zone"), vm->zone);
        o.insert(QStringLiteral("address"), vm->ssh.host);
    }
    const auto window = cpu->lossWindowMs();
    o.insert(QStringLiteral("loss_window_s"), window ? QJsonValue(double(*window) / 1000.0) : QJsonValue());
    if (const auto copy = cpu->copy())
        o.insert(QStringLiteral("copy"),
            QJsonObject { { QStringLiteral("sync"), double(copy->sequence) },
                { QStringLiteral("generation"), double(copy->sourceGeneration) },
                { QStringLiteral("files"), double(copy->files) }, { QStringLiteral("bytes"), double(copy->bytes) },
                { QStringLiteral("taken_at"), copy->startedAt.toUTC().toString(Qt::ISODateWithMs) } });
    return o;
}

QJsonValue ApiServer::snapshotsOf(const QString &poolId) const
{
    const SnapshotService *s = m_s.pools ? m_s.pools->snapshotsOf(poolId) : nullptr;
    if (!s)
        return QJsonValue(); // null: this pool has no snapshot tier
    QJsonObject o = s->state().toJson();
    const auto point = s->lastVerifiedRestorePoint();
    o.insert(QStringLiteral("last_verified_restore_point"),
        point ? QJsonValue(point->toUTC().toString(Qt::ISODateWithMs)) : QJsonValue());
    o.insert(QStringLiteral("last_verified_age_s"),
        point ? QJsonValue(double(point->msecsTo(m_s.clock->now())) / 1000.0) : QJsonValue());
    o.insert(QStringLiteral("busy"), s->busy());
    return o;
}

void ApiServer::handle(const HttpRequest &request, Respond respond)
{
    // Routes and status codes counted for /metrics.
    auto counted
        = [this, method = request.method, path = request.path, respond = std::move(respond)](const HttpReply &reply) {
              QString route = path;
              if (route.contains(QLatin1StringView("/api/pools/")))
                  route = QStringLiteral("/api/pools/{id}");
              ++m_requests[QString::fromLatin1(method) + u'|' + route + u'|' + QString::number(reply.status)];
              respond(reply);
          };
    if (!loopbackHost(request.headers.value("host")))
        return counted(problem(421, QStringLiteral("host_not_allowed"),
            QStringLiteral("the Host header must name this machine (127.0.0.1, localhost, ::1)")));
    if (request.method == "GET" && request.path == u"/api/health")
        return counted(json(200,
            QJsonObject { { QStringLiteral("status"), QStringLiteral("ok") },
                { QStringLiteral("version"), QString::fromLatin1(kVersion) } }));
    const QByteArray auth = request.headers.value("authorization");
    if (!auth.startsWith("Bearer ") || !constantTimeEquals(auth.mid(7).trimmed(), m_token.toUtf8()))
        return counted(problem(401, QStringLiteral("unauthorized"),
            QStringLiteral("a valid bearer token is required (see the api-token file in the config dir)")));
    if (request.body.size() > kMaxBodyBytes)
        return counted(problem(413, QStringLiteral("body_too_large"),
            QStringLiteral("request bodies are limited to %1 bytes").arg(kMaxBodyBytes)));
    if (request.path.contains(QLatin1StringView("..")) || request.path.contains(QLatin1StringView("//")))
        return counted(
            problem(400, QStringLiteral("bad_path"), QStringLiteral("path segments may not be empty or \"..\"")));

    bool pathKnown = false;
    for (const Route &route : std::as_const(m_routes)) {
        const auto m = route.path.match(request.path);
        if (!m.hasMatch())
            continue;
        pathKnown = true;
        if (route.method != request.method)
            continue;
        QJsonObject body;
        if (!request.body.trimmed().isEmpty()) {
            const QByteArray type = request.headers.value("content-type");
            if (!type.startsWith("application/json"))
                return counted(problem(415, QStringLiteral("unsupported_media_type"),
                    QStringLiteral("send JSON with Content-Type: application/json")));
            QJsonParseError e {};
            const QJsonDocument doc = QJsonDocument::fromJson(request.body, &e);
            if (e.error != QJsonParseError::NoError)
                return counted(problem(400, QStringLiteral("malformed_json"),
                    QStringLiteral("malformed JSON at byte %1: %2").arg(e.offset).arg(e.errorString())));
            if (!doc.isObject())
                return counted(
                    problem(400, QStringLiteral("malformed_json"), QStringLiteral("the body must be a JSON object")));
            body = doc.object();
        }
        if (route.mutating) {
            // Journaled with the caller before anything changes.
            const QString caller = QStringLiteral("api:%1").arg(
                QString::fromUtf8(request.headers.value("user-agent", "unknown").left(60)));
            m_s.journal->append({}, QStringLiteral("api_call"),
                { { QStringLiteral("method"), QString::fromLatin1(request.method) },
                    { QStringLiteral("path"), request.path } },
                caller);
        }
        route.handler(request, m, body, counted);
        return;
    }
    if (pathKnown)
        return counted(problem(405, QStringLiteral("method_not_allowed"),
            QStringLiteral("%1 is not allowed on %2").arg(QString::fromLatin1(request.method), request.path)));
    counted(problem(404, QStringLiteral("not_found"), QStringLiteral("no such route: %1").arg(request.path)));
}

void ApiServer::registerRoutes()
{
    const auto noPool = [] { return problem(404, QStringLiteral("no_pool"), QStringLiteral("no such pool")); };
    const auto noSnapshots = [](const QString &pool) {
        return problem(
            404, QStringLiteral("no_snapshots"), QStringLiteral("pool %1 has no snapshot target configured").arg(pool));
    };
    const auto emptyBody = [](const QJsonObject &b) { return checkFields(b, {}); };
    // Routes that take no body and act on one pool; nullptr once they have already answered.
    const auto bodylessPool = [=, this](const HttpRequest &r, const QJsonObject &b, const Respond &respond,
                                  const QString &id) -> WarmPool * {
        if (auto bad = emptyBody(b)) {
            respond(problem(400, QStringLiteral("invalid_body"), *bad));
            return nullptr;
        }
        WarmPool *p = poolFor(r, id);
        if (!p)
            respond(noPool());
        return p;
    };

    // The original design's routes.
    addRoute("GET", QStringLiteral("/api/warmpool/status"), false,
        [=, this](const HttpRequest &r, auto &, auto &, Respond respond) {
            WarmPool *p = poolFor(r);
            respond(p ? json(200, statusOf(*p)) : noPool());
        });
    // enable / disable: no body, the pool's new status in the answer.
    const auto onOff = [=, this](const char *path, bool enable) {
        addRoute("POST", QString::fromLatin1(path), true,
            [=, this](const HttpRequest &r, auto &, const QJsonObject &b, Respond respond) {
                WarmPool *p = bodylessPool(r, b, respond, {});
                if (!p)
                    return;
                // The pool's own switch, saved with its configuration; the primary stays watched.
                if (!m_s.pools->setWarmPoolEnabled(p->config().id, enable))
                    return respond(problem(500, QStringLiteral("not_saved"),
                        QStringLiteral("the pool's configuration could not be saved; the change holds until the "
                                       "engine restarts")));
                if (enable && p->state() == WarmPool::State::Disabled)
                    p->start();
                respond(json(200, statusOf(*p)));
            });
    };
    onOff("/api/warmpool/enable", true);
    onOff("/api/warmpool/disable", false);
    addRoute("GET", QStringLiteral("/api/warmpool/hosts"), false,
        [this](const HttpRequest &r, auto &, auto &, Respond respond) {
            if (!m_s.cloud)
                return respond(
                    problem(503, QStringLiteral("no_cloud"), QStringLiteral("no cloud provider is configured")));
            HostQuery q;
            const QString gpu = r.query.queryItemValue(QStringLiteral("gpu_name"), QUrl::FullyDecoded);
            if (!gpu.isEmpty())
                q.gpuNames = { gpu };
            // Two for a warm pair (the default); the wizard also asks for one GPU alone.
            const QString minFree = r.query.queryItemValue(QStringLiteral("min_free_gpus"));
            bool ok = true;
            q.minFreeGpus = minFree.isEmpty() ? 2 : minFree.toInt(&ok);
            if (!ok || q.minFreeGpus < 1 || q.minFreeGpus > 16)
                return respond(problem(
                    400, QStringLiteral("invalid_query"), QStringLiteral("min_free_gpus must be between 1 and 16")));
            QPointer<ApiServer> self(this);
            m_s.cloud->findHosts(q, this, [respond](Result<QList<HostGroup>> hosts) {
                if (!hosts)
                    return respond(problem(502, hosts.error().code, hosts.error().message));
                QJsonArray out;
                for (const HostGroup &h : *hosts)
                    out.append(QJsonObject { { QStringLiteral("machine_id"), double(h.machineId) },
                        { QStringLiteral("gpu_name"), h.gpuName }, { QStringLiteral("free_gpus"), h.freeGpus },
                        { QStringLiteral("price_per_gpu_hour"), h.pricePerGpuHour },
                        { QStringLiteral("reliability"), h.reliability },
                        { QStringLiteral("geolocation"), h.geolocation },
                        { QStringLiteral("storage_cost_per_gb_month"),
                            h.offers.isEmpty() ? 0.0 : h.offers.first().storageCost } });
                respond(json(200, QJsonObject { { QStringLiteral("hosts"), out } }));
            });
        });
    addRoute("POST", QStringLiteral("/api/warmpool/provision"), true,
        [=, this](const HttpRequest &r, auto &, const QJsonObject &b, Respond respond) {
            if (auto bad = checkFields(b,
                    { { QStringLiteral("machine_id"), QJsonValue::Double },
                        { QStringLiteral("gpu_name"), QJsonValue::String } },
                    { QStringLiteral("machine_id") }))
                return respond(problem(400, QStringLiteral("invalid_body"), *bad));
            const double machine = b.value(QStringLiteral("machine_id")).toDouble();
            if (!isMachineId(machine))
                return respond(problem(
                    400, QStringLiteral("invalid_body"), QStringLiteral("machine_id must be a positive whole number")));
            WarmPool *p = poolFor(r);
            if (!p)
                return respond(noPool());
            // Only a pool with nothing rented: provisioning over a paused, disabled or degraded
            // pool's record would leave its instances billing with nothing watching them.
            const WarmPool::Record &rec = p->record();
            QStringList rented;
            if (rec.primaryId)
                rented << QStringLiteral("primary %1").arg(rec.primaryId);
            if (rec.standbyId)
                rented << QStringLiteral("standby %1").arg(rec.standbyId);
            if (rec.volumeId)
                rented << QStringLiteral("volume %1").arg(rec.volumeId);
            if (!rented.isEmpty())
                return respond(problem(409, QStringLiteral("rented"),
                    QStringLiteral("pool %1 still rents %2 (%3); destroy the pool first")
                        .arg(p->config().id, rented.join(QStringLiteral(", ")), toString(p->state()))));
            if (p->state() == WarmPool::State::Failover || p->state() == WarmPool::State::Provisioning
                || p->state() == WarmPool::State::Searching)
                return respond(problem(
                    409, QStringLiteral("busy"), QStringLiteral("the pool is %1 already").arg(toString(p->state()))));
            p->provision(qint64(machine));
            respond(json(202, statusOf(*p)));
        });
    addRoute("POST", QStringLiteral("/api/warmpool/failover/test"), true,
        [=, this](const HttpRequest &r, auto &, const QJsonObject &b, Respond respond) {
            WarmPool *p = bodylessPool(r, b, respond, {});
            if (!p)
                return;
            if (p->state() != WarmPool::State::Active && p->state() != WarmPool::State::Paused)
                return respond(problem(409, QStringLiteral("not_active"),
                    QStringLiteral("a drill needs an active pool (it is %1)").arg(toString(p->state()))));
            if (!p->record().standbyId)
                return respond(problem(
                    409, QStringLiteral("no_standby"), QStringLiteral("the pool has no standby to fail over to")));
            const int before = p->record().failovers;
            p->failoverNow(QStringLiteral("drill requested through the API"));
            QJsonObject s = statusOf(*p);
            s.insert(QStringLiteral("drill"), QStringLiteral("started"));
            s.insert(QStringLiteral("failover_count_before"), before);
            respond(json(202, s));
        });

    // Ours.
    addRoute("GET", QStringLiteral("/api/pools"), false, [this](const HttpRequest &, auto &, auto &, Respond respond) {
        QJsonArray out;
        if (m_s.pools) {
            for (WarmPool *p : m_s.pools->pools())
                out.append(statusOf(*p));
        }
        respond(json(200, QJsonObject { { QStringLiteral("pools"), out } }));
    });
    addRoute("POST", QStringLiteral("/api/pools"), true,
        [this](const HttpRequest &, auto &, const QJsonObject &b, Respond respond) {
            const QHash<QString, QJsonValue::Type> fields { { QStringLiteral("id"), QJsonValue::String },
                { QStringLiteral("gpu_names"), QJsonValue::Array }, { QStringLiteral("min_gpus"), QJsonValue::Double },
                { QStringLiteral("volume_size_gb"), QJsonValue::Double },
                { QStringLiteral("image"), QJsonValue::String }, { QStringLiteral("disk_gb"), QJsonValue::Double },
                { QStringLiteral("max_price_per_gpu_hour"), QJsonValue::Double },
                { QStringLiteral("min_reliability"), QJsonValue::Double },
                { QStringLiteral("start_command"), QJsonValue::String },
                { QStringLiteral("auto_provision_standby"), QJsonValue::Bool },
                { QStringLiteral("warm_pool_enabled"), QJsonValue::Bool },
                { QStringLiteral("fallback_to_cpu_standby"), QJsonValue::Bool },
                { QStringLiteral("monthly_budget_usd"), QJsonValue::Double },
                { QStringLiteral("budget_hibernates"), QJsonValue::Bool },
                { QStringLiteral("hibernate_when_idle"), QJsonValue::Bool },
                { QStringLiteral("idle_minutes"), QJsonValue::Double },
                { QStringLiteral("wake_at"), QJsonValue::Array },
                { QStringLiteral("endpoint_port"), QJsonValue::Double },
                { QStringLiteral("idle_utilization_pct"), QJsonValue::Double },
                { QStringLiteral("health_interval_ms"), QJsonValue::Double },
                { QStringLiteral("failure_threshold"), QJsonValue::Double },
                { QStringLiteral("probe_timeout_ms"), QJsonValue::Double },
                { QStringLiteral("fence_deadline_ms"), QJsonValue::Double },
                { QStringLiteral("offline_grace_ms"), QJsonValue::Double },
                { QStringLiteral("standby_start_deadline_ms"), QJsonValue::Double },
                { QStringLiteral("cooldown_ms"), QJsonValue::Double },
                { QStringLiteral("max_failovers_per_hour"), QJsonValue::Double },
                { QStringLiteral("machine_id"), QJsonValue::Double } };
            if (auto bad = checkFields(b, fields, { QStringLiteral("id") }))
                return respond(problem(400, QStringLiteral("invalid_body"), *bad));
            QStringList wakeAt, badTimes;
            for (const QJsonValue &t : b.value(QStringLiteral("wake_at")).toArray())
                wakeAt << (t.isString() ? t.toString() : QStringLiteral("?"));
            Hibernation::parseSchedule(wakeAt, &badTimes);
            if (!badTimes.isEmpty())
                return respond(problem(400, QStringLiteral("invalid_body"),
                    QStringLiteral("wake_at takes times as \"HH:MM\" (UTC); not: %1").arg(badTimes.join(u", "))));
            for (const QJsonValue &g : b.value(QStringLiteral("gpu_names")).toArray()) {
                if (!g.isString())
                    return respond(problem(
                        400, QStringLiteral("invalid_body"), QStringLiteral("gpu_names must be a list of text")));
            }
            if (!m_s.pools)
                return respond(
                    problem(503, QStringLiteral("no_engine"), QStringLiteral("this daemon drives no pools")));
            // The design's WARM_POOL_* settings are what a request leaves out.
            PoolConfig config = PoolConfig::fromJson(b, poolDefaultsFrom(*m_s.settings));
            // New pools use the engine's SSH identity, as the existing ones do.
            if (WarmPool *any = m_s.pools->pools().value(0)) {
                config.sshPublicKeys = any->config().sshPublicKeys;
                if (config.startCommand.isEmpty())
                    config.startCommand = any->config().startCommand;
            }
            // The host the user picked (the wizard), or the best one the pool finds.
            std::optional<qint64> machine;
            if (b.contains(QStringLiteral("machine_id"))) {
                const double m = b.value(QStringLiteral("machine_id")).toDouble();
                if (!isMachineId(m))
                    return respond(problem(400, QStringLiteral("invalid_body"),
                        QStringLiteral("machine_id must be a positive whole number")));
                machine = qint64(m);
            }
            const auto create = [this, config, machine, respond] {
                if (!m_s.pools)
                    return respond(
                        problem(503, QStringLiteral("no_engine"), QStringLiteral("this daemon drives no pools")));
                const auto created = m_s.pools->create(config, true, machine);
                if (!created)
                    return respond(problem(
                        created.error().code == u"exists" ? 409 : 400, created.error().code, created.error().message));
                respond(json(201, statusOf(**created)));
            };
            if (!m_s.checkPool || m_s.pools->find(config.id))
                return create(); // an existing id is refused by the registry, with nothing asked
            // The keys and targets this pool will use, before anything is rented with them.
            m_s.checkPool(config, this, [create, respond, id = config.id](Result<QJsonObject> checked) {
                if (!checked) {
                    Error e = checked.error();
                    e.message = QStringLiteral("pool %1 not created, nothing rented: %2").arg(id, e.message);
                    return respond(problemOfCheck(e));
                }
                create();
            });
        });
    addRoute("DELETE", QStringLiteral("/api/pools/([A-Za-z0-9_-]{1,64})"), true,
        [this](const HttpRequest &r, const QRegularExpressionMatch &m, const QJsonObject &, Respond respond) {
            const QString id = m.captured(1);
            if (!m_s.pools || !m_s.pools->find(id))
                return respond(problem(404, QStringLiteral("no_pool"), QStringLiteral("no such pool")));
            WarmPool *p = m_s.pools->find(id);
            // Two steps: destroying a pool destroys its instances and the data on its volume.
            const QString given = r.query.queryItemValue(QStringLiteral("confirm"));
            const Confirmation pending = m_confirmations.value(id);
            // A person confirms: wall time, whatever the engine clock (20x faster in the demo).
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (given.isEmpty() || given != pending.token || now > pending.expiresMs) {
                const Confirmation c { QString::number(QRandomGenerator::system()->generate64(), 36), now + 60000 };
                m_confirmations.insert(id, c);
                const auto &rec = p->record();
                QString message = QStringLiteral("destroying pool %1 destroys instances %2 and %3 and volume %4 with "
                                                 "its data")
                                      .arg(id)
                                      .arg(rec.primaryId)
                                      .arg(rec.standbyId)
                                      .arg(rec.volumeId);
                const PoolRegistry::Teardown goes = m_s.pools->teardownOf(id);
                if (goes.deleted.contains(u"volumes_left_on_lost_hosts")) {
                    QStringList left;
                    for (qint64 v : rec.leftVolumes)
                        left << QString::number(v);
                    message += QStringLiteral(", the volumes %1 left on lost hosts").arg(left.join(u", "));
                }
                if (goes.deleted.contains(u"cpu_standby_vm"))
                    message += QStringLiteral(", and its CPU standby VM");
                if (goes.kept.contains(u"snapshot_repository"))
                    message += QStringLiteral("; its snapshot repository is kept");
                return respond(json(409,
                    QJsonObject { { QStringLiteral("error"), QStringLiteral("confirmation_required") },
                        { QStringLiteral("message"),
                            QString(message + QStringLiteral("; repeat with ?confirm=%1 within 60 s").arg(c.token)) },
                        { QStringLiteral("confirm"), c.token } }));
            }
            m_confirmations.remove(id);
            const PoolRegistry::Teardown goes = m_s.pools->teardownOf(id);
            m_s.pools->destroy(id, [respond, id, goes](Status s) {
                if (!s)
                    return respond(problem(502, s.error().code, s.error().message));
                respond(json(200,
                    QJsonObject { { QStringLiteral("destroyed"), id },
                        { QStringLiteral("deleted"), QJsonArray::fromStringList(goes.deleted) },
                        { QStringLiteral("kept"), QJsonArray::fromStringList(goes.kept) } }));
            });
        });
    addRoute("POST", QStringLiteral("/api/pools/([A-Za-z0-9_-]{1,64})/(pause|resume)"), true,
        [=, this](const HttpRequest &r, const QRegularExpressionMatch &m, const QJsonObject &b, Respond respond) {
            WarmPool *p = bodylessPool(r, b, respond, m.captured(1));
            if (!p)
                return;
            p->setAutomationPaused(m.captured(2) == u"pause");
            respond(json(200, statusOf(*p)));
        });
    // Hibernation by hand: stop an active pool's GPU (its data copied away first), or wake it.
    addRoute("POST", QStringLiteral("/api/pools/([A-Za-z0-9_-]{1,64})/(hibernate|wake)"), true,
        [=, this](const HttpRequest &r, const QRegularExpressionMatch &m, const QJsonObject &b, Respond respond) {
            WarmPool *p = bodylessPool(r, b, respond, m.captured(1));
            if (!p)
                return;
            Hibernation *h = m_s.pools->hibernationOf(p->config().id);
            if (!h)
                return respond(problem(404, QStringLiteral("no_hibernation"),
                    QStringLiteral("pool %1 cannot hibernate here").arg(p->config().id)));
            QPointer<ApiServer> self(this);
            const auto answer = [self, p, respond](Status s) {
                if (!self)
                    return;
                if (!s)
                    return respond(problem(409, s.error().code, s.error().message));
                respond(json(200, self->statusOf(*p)));
            };
            if (m.captured(2) == u"wake")
                h->wake(answer);
            else
                h->hibernateNow(QStringLiteral("asked through the API"), answer);
        });
    // Snapshots of one pool: their state and recent history; take, drill or check one now.
    addRoute("GET", QStringLiteral("/api/pools/([A-Za-z0-9_-]{1,64})/snapshots"), false,
        [=, this](const HttpRequest &r, const QRegularExpressionMatch &m, auto &, Respond respond) {
            WarmPool *p = poolFor(r, m.captured(1));
            if (!p)
                return respond(noPool());
            const QJsonValue state = snapshotsOf(p->config().id);
            if (state.isNull())
                return respond(noSnapshots(p->config().id));
            JournalQuery q;
            q.pool = p->config().id;
            q.kinds = { QStringLiteral("snapshot"), QStringLiteral("restore_drill"),
                QStringLiteral("snapshot_maintenance"), QStringLiteral("relocate"), QStringLiteral("prepare_volume") };
            q.newestFirst = true;
            q.limit = 50;
            QJsonArray history;
            if (const auto events = m_s.journal->query(q)) {
                for (const JournalEvent &e : *events) {
                    QJsonObject o { { QStringLiteral("time"), e.time.toString(Qt::ISODateWithMs) },
                        { QStringLiteral("kind"), e.kind }, { QStringLiteral("phase"), toString(e.phase) },
                        { QStringLiteral("data"), e.data } };
                    if (e.ok)
                        o.insert(QStringLiteral("ok"), *e.ok);
                    history.append(o);
                }
            }
            QJsonObject out = state.toObject();
            out.insert(QStringLiteral("pool"), p->config().id);
            out.insert(QStringLiteral("history"), history);
            respond(json(200, out));
        });
    addRoute("POST", QStringLiteral("/api/pools/([A-Za-z0-9_-]{1,64})/snapshots/(take|drill|check)"), true,
        [=, this](const HttpRequest &r, const QRegularExpressionMatch &m, const QJsonObject &b, Respond respond) {
            WarmPool *p = bodylessPool(r, b, respond, m.captured(1));
            if (!p)
                return;
            SnapshotService *s = m_s.pools->snapshotsOf(p->config().id);
            if (!s)
                return respond(noSnapshots(p->config().id));
            if (s->busy() || p->state() != WarmPool::State::Active)
                return respond(problem(409, QStringLiteral("snapshots_busy"),
                    QStringLiteral("pool %1 is %2 or its snapshots are busy; try again later")
                        .arg(p->config().id, toString(p->state()))));
            const QString what = m.captured(2);
            if (what == u"take")
                s->snapshotNow();
            else if (what == u"drill")
                s->drillNow();
            else
                s->checkNow();
            respond(json(
                202, QJsonObject { { QStringLiteral("accepted"), what }, { QStringLiteral("pool"), p->config().id } }));
        });
    addRoute("GET", QStringLiteral("/api/costs"), false, [this](const HttpRequest &r, auto &, auto &, Respond respond) {
        if (!m_s.costs)
            return respond(problem(404, QStringLiteral("no_costs"), QStringLiteral("cost tracking is not running")));
        // The share of the month the GPU would sleep, for the comparison (default: half).
        const QString idle = r.query.queryItemValue(QStringLiteral("idle_fraction"));
        bool ok = true;
        const double fraction = idle.isEmpty() ? 0.5 : idle.toDouble(&ok);
        if (!ok || fraction < 0 || fraction > 1)
            return respond(
                problem(400, QStringLiteral("invalid_query"), QStringLiteral("idle_fraction must be between 0 and 1")));
        respond(json(200, costsJson(fraction)));
    });
    addRoute(
        "GET", QStringLiteral("/api/events"), false, [this](const HttpRequest &r, auto &, auto &, Respond respond) {
            JournalQuery q;
            q.pool = r.query.queryItemValue(QStringLiteral("pool"));
            const QString kinds = r.query.queryItemValue(QStringLiteral("kind"));
            if (!kinds.isEmpty())
                q.kinds = kinds.split(u',', Qt::SkipEmptyParts);
            bool ok = true;
            const QString after = r.query.queryItemValue(QStringLiteral("after"));
            const QString limit = r.query.queryItemValue(QStringLiteral("limit"));
            q.afterId = after.isEmpty() ? 0 : after.toLongLong(&ok);
            if (ok && !limit.isEmpty())
                q.limit = limit.toInt(&ok);
            if (!ok || q.limit < 1 || q.limit > 1000 || q.afterId < 0)
                return respond(problem(400, QStringLiteral("invalid_query"),
                    QStringLiteral("after and limit (1..1000) must be whole numbers")));
            q.newestFirst = r.query.queryItemValue(QStringLiteral("order")) == u"newest";
            const auto events = m_s.journal->query(q);
            if (!events)
                return respond(problem(500, events.error().code, events.error().message));
            QJsonArray out;
            for (const JournalEvent &e : *events) {
                QJsonObject o { { QStringLiteral("id"), double(e.id) },
                    { QStringLiteral("time"), e.time.toString(Qt::ISODateWithMs) }, { QStringLiteral("pool"), e.pool },
                    { QStringLiteral("kind"), e.kind }, { QStringLiteral("phase"), toString(e.phase) },
                    { QStringLiteral("data"), e.data }, { QStringLiteral("actor"), e.actor } };
                if (e.stepId)
                    o.insert(QStringLiteral("step_id"), double(e.stepId));
                if (e.ok)
                    o.insert(QStringLiteral("ok"), *e.ok);
                out.append(o);
            }
            respond(json(200,
                QJsonObject { { QStringLiteral("events"), out },
                    { QStringLiteral("next_after"),
                        out.isEmpty() ? QJsonValue()
                                      : QJsonValue(out.last().toObject().value(QStringLiteral("id"))) } }));
        });
    addRoute(
        "GET", QStringLiteral("/api/settings"), false, [this](const HttpRequest &, auto &, auto &, Respond respond) {
            QJsonObject out;
            for (const SettingSpec *spec : settingRegistry()) {
                QJsonObject o { { QStringLiteral("value"), QJsonValue::fromVariant(m_s.settings->variant(*spec)) },
                    { QStringLiteral("source"), m_s.settings->source(*spec) },
                    { QStringLiteral("description"), spec->description } };
                // The bounds a value must keep, so a form can offer only what will be accepted.
                if (spec->min)
                    o.insert(QStringLiteral("min"), double(*spec->min));
                if (spec->max)
                    o.insert(QStringLiteral("max"), double(*spec->max));
                out.insert(spec->name, o);
            }
            respond(json(200, QJsonObject { { QStringLiteral("settings"), out } }));
        });
    addRoute("PUT", QStringLiteral("/api/settings"), true,
        [this](const HttpRequest &, auto &, const QJsonObject &b, Respond respond) {
            // All or nothing: validate every value before changing any.
            QList<QPair<const SettingSpec *, QVariant>> changes;
            for (auto it = b.begin(); it != b.end(); ++it) {
                const SettingSpec *spec = findSetting(it.key());
                if (!spec)
                    return respond(problem(400, QStringLiteral("unknown_setting"),
                        QStringLiteral("no setting named \"%1\"").arg(it.key())));
                const auto valid = Settings::validate(*spec, it.value().toVariant());
                if (!valid)
                    return respond(problem(400, valid.error().code, valid.error().message));
                changes.append({ spec, *valid });
            }
            for (const auto &[spec, value] : std::as_const(changes))
                m_s.settings->setVariant(*spec, value);
            if (const Status saved = m_s.settings->save(); !saved)
                return respond(problem(500, saved.error().code, saved.error().message));
            respond(json(200, QJsonObject { { QStringLiteral("updated"), int(changes.size()) } }));
        });
    addRoute("GET", QStringLiteral("/metrics"), false, [this](const HttpRequest &, auto &, auto &, Respond respond) {
        HttpReply r;
        r.status = 200;
        r.contentType = "text/plain; version=0.0.4; charset=utf-8";
        r.body = metricsText().toUtf8();
        respond(r);
    });
}

QString ApiServer::metricsText() const
{
    QString out;
    const auto family = [&out](const char *name, const char *type, const char *help) {
        out += QStringLiteral("# HELP %1 %2\n# TYPE %1 %3\n")
                   .arg(QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(type));
    };
    const auto pair = [](const QString &key) { return key.split(u'|'); };

    const QList<WarmPool *> pools = m_s.pools ? m_s.pools->pools() : QList<WarmPool *>();
    family("gpufailover_failovers_total", "counter", "Failovers by outcome.");
    for (WarmPool *p : pools)
        for (const char *outcome : { "ok", "failed" })
            out += QStringLiteral("gpufailover_failovers_total{pool=\"%1\",outcome=\"%2\"} %3\n")
                       .arg(metricLabel(p->config().id), QString::fromLatin1(outcome))
                       .arg(m_failovers.value(p->config().id + u'|' + QString::fromLatin1(outcome)));
    family("gpufailover_health_checks_total", "counter", "Health rounds by verdict.");
    for (auto it = m_healthChecks.cbegin(); it != m_healthChecks.cend(); ++it)
        out += QStringLiteral("gpufailover_health_checks_total{pool=\"%1\",verdict=\"%2\"} %3\n")
                   .arg(metricLabel(pair(it.key())[0]), pair(it.key())[1])
                   .arg(it.value());
    const auto histogram = [&](const char *name, const char *help, const QHash<QString, Histogram> &h) {
        family(name, "histogram", help);
        for (auto it = h.cbegin(); it != h.cend(); ++it) {
            for (qsizetype i = 0; i < it->bounds.size(); ++i)
                out += QStringLiteral("%1_bucket{pool=\"%2\",le=\"%3\"} %4\n")
                           .arg(QString::fromLatin1(name), metricLabel(it.key()))
                           .arg(it->bounds[i])
                           .arg(it->counts[i]);
            out += QStringLiteral("%1_bucket{pool=\"%2\",le=\"+Inf\"} %3\n")
                       .arg(QString::fromLatin1(name), metricLabel(it.key()))
                       .arg(it->total);
            out += QStringLiteral("%1_sum{pool=\"%2\"} %3\n")
                       .arg(QString::fromLatin1(name), metricLabel(it.key()))
                       .arg(it->sum);
            out += QStringLiteral("%1_count{pool=\"%2\"} %3\n")
                       .arg(QString::fromLatin1(name), metricLabel(it.key()))
                       .arg(it->total);
        }
    };
    histogram("gpufailover_detection_seconds", "From the first failing health round to the dead verdict.", m_detection);
    histogram("gpufailover_recovery_seconds", "From the dead verdict to the standby serving.", m_recovery);
    histogram("gpufailover_probe_seconds", "How long each SSH health probe of a primary took, failed ones included.",
        m_probes);
    family("gpufailover_pool_state", "gauge", "1 for the state each pool is in.");
    for (WarmPool *p : pools)
        out += QStringLiteral("gpufailover_pool_state{pool=\"%1\",state=\"%2\"} 1\n")
                   .arg(metricLabel(p->config().id), toString(p->state()));
    family("gpufailover_standby_readiness", "gauge", "Standby readiness: 0 unknown, 1 green, 2 amber, 3 red.");
    for (WarmPool *p : pools)
        out += QStringLiteral("gpufailover_standby_readiness{pool=\"%1\"} %2\n")
                   .arg(metricLabel(p->config().id))
                   .arg(int(p->readiness()));
    family("gpufailover_generation", "gauge", "Generation of the instance that holds the pool's volume.");
    for (WarmPool *p : pools)
        out += QStringLiteral("gpufailover_generation{pool=\"%1\"} %2\n")
                   .arg(metricLabel(p->config().id))
                   .arg(p->record().generation);
    QList<QPair<QString, const SnapshotService *>> snapshots;
    for (WarmPool *p : pools) {
        if (const SnapshotService *s = m_s.pools->snapshotsOf(p->config().id))
            snapshots.append({ metricLabel(p->config().id), s });
    }
    const auto perSnapshots = [&](const char *name, const char *type, const char *help,
                                  const std::function<QString(const SnapshotService &)> &value) {
        family(name, type, help);
        for (const auto &[pool, s] : snapshots) {
            const QString v = value(*s);
            if (!v.isEmpty())
                out += QStringLiteral("%1{pool=\"%2\"} %3\n").arg(QString::fromLatin1(name), pool, v);
        }
    };
    const QDateTime now = m_s.clock->now();
    perSnapshots("gpufailover_snapshots_total", "counter", "Snapshots taken.",
        [](const SnapshotService &s) { return QString::number(s.state().snapshotsTaken); });
    perSnapshots("gpufailover_snapshot_failures_total", "counter", "Snapshots that failed.",
        [](const SnapshotService &s) { return QString::number(s.state().snapshotsFailed); });
    perSnapshots("gpufailover_snapshot_uploaded_bytes_total", "counter", "Bytes uploaded by snapshots.",
        [](const SnapshotService &s) { return QString::number(s.state().bytesUploadedTotal); });
    perSnapshots("gpufailover_snapshot_repository_bytes", "gauge", "Size of the snapshot repository in the store.",
        [](const SnapshotService &s) {
            return s.state().repositoryBytes >= 0 ? QString::number(s.state().repositoryBytes) : QString();
        });
    perSnapshots("gpufailover_snapshot_repository_healthy", "gauge", "1 if the last check passed, 0 if it failed.",
        [](const SnapshotService &s) {
            return s.state().repositoryHealthy ? QString::number(*s.state().repositoryHealthy ? 1 : 0) : QString();
        });
    perSnapshots("gpufailover_restore_point_age_seconds", "gauge",
        "Age of the newest snapshot a restore drill verified: the data a host loss would cost.",
        [now](const SnapshotService &s) {
            const auto point = s.lastVerifiedRestorePoint();
            return point ? QString::number(double(point->msecsTo(now)) / 1000.0) : QString();
        });
    family("gpufailover_loss_window_seconds", "gauge",
        "Age of the CPU standby's newest complete copy: the work a GPU loss now would cost.");
    for (WarmPool *p : pools) {
        const CpuStandby *cpu = m_s.pools->cpuStandbyOf(p->config().id);
        if (const auto window = cpu ? cpu->lossWindowMs() : std::nullopt)
            out += QStringLiteral("gpufailover_loss_window_seconds{pool=\"%1\"} %2\n")
                       .arg(metricLabel(p->config().id))
                       .arg(double(*window) / 1000.0);
    }
    family("gpufailover_cpu_standby_active", "gauge", "1 while the CPU standby is the active target.");
    family("gpufailover_cpu_syncs_total", "counter", "Syncs to the CPU standby by outcome.");
    for (WarmPool *p : pools) {
        const CpuStandby *cpu = m_s.pools->cpuStandbyOf(p->config().id);
        if (!cpu)
            continue;
        const QString pool = metricLabel(p->config().id);
        out += QStringLiteral("gpufailover_cpu_standby_active{pool=\"%1\"} %2\n")
                   .arg(pool)
                   .arg(cpu->state() == CpuStandby::State::Active ? 1 : 0);
        out += QStringLiteral("gpufailover_cpu_syncs_total{pool=\"%1\",outcome=\"ok\"} %2\n")
                   .arg(pool)
                   .arg(cpu->syncsCompleted());
        out += QStringLiteral("gpufailover_cpu_syncs_total{pool=\"%1\",outcome=\"failed\"} %2\n")
                   .arg(pool)
                   .arg(cpu->syncsFailed());
    }
    if (m_s.costs) {
        family("gpufailover_cost_dollars_per_hour", "gauge", "What each part of a pool costs now, in USD per hour.");
        QList<QPair<QString, CostTracker::PoolCost>> costs;
        for (WarmPool *p : pools) {
            costs.append({ p->config().id, m_s.costs->costOf(p->config().id) });
            for (auto it = costs.last().second.rate.byComponent.cbegin();
                 it != costs.last().second.rate.byComponent.cend(); ++it)
                out += QStringLiteral("gpufailover_cost_dollars_per_hour{pool=\"%1\",component=\"%2\"} %3\n")
                           .arg(metricLabel(p->config().id), it.key())
                           .arg(it.value());
        }
        family("gpufailover_cost_month_to_date_dollars", "gauge", "What a pool has cost this month, in USD.");
        for (const auto &[pool, c] : costs)
            out += QStringLiteral("gpufailover_cost_month_to_date_dollars{pool=\"%1\"} %2\n")
                       .arg(metricLabel(pool))
                       .arg(c.monthToDate.total);
        family("gpufailover_cost_forecast_month_dollars", "gauge",
            "This month so far plus the current rate to its end, in USD.");
        for (const auto &[pool, c] : costs)
            out += QStringLiteral("gpufailover_cost_forecast_month_dollars{pool=\"%1\"} %2\n")
                       .arg(metricLabel(pool))
                       .arg(c.forecastMonth);
    }
    family("gpufailover_api_requests_total", "counter", "Local API requests by route and status.");
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it) {
        const QStringList k = pair(it.key());
        out += QStringLiteral("gpufailover_api_requests_total{method=\"%1\",route=\"%2\",status=\"%3\"} %4\n")
                   .arg(k[0], metricLabel(k[1]), k[2])
                   .arg(it.value());
    }
    return out;
}

} // namespace gpufailover
