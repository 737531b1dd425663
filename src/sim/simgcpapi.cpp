#include "sim/simgcpapi.h"

#include "core/clock.h"
#include "sim/simlogging.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrlQuery>

namespace gpufailover {
namespace {
const QString kGoogleLinks = QStringLiteral("https://www.googleapis.com/compute/v1/");

HttpReply json(int status, const QJsonObject &o)
{
    return HttpReply::json(status, QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Google's error body.
HttpReply googleError(int status, const QString &reason, const QString &message, const QString &statusName = {})
{
    QJsonObject error { { QStringLiteral("code"), status }, { QStringLiteral("message"), message },
        { QStringLiteral("errors"),
            QJsonArray { QJsonObject { { QStringLiteral("message"), message },
                { QStringLiteral("domain"), QStringLiteral("global") }, { QStringLiteral("reason"), reason } } } } };
    if (!statusName.isEmpty())
        error.insert(QStringLiteral("status"), statusName);
    return json(status, { { QStringLiteral("error"), error } });
}

HttpReply oauthError(const QString &error, const QString &description)
{
    return json(400, { { QStringLiteral("error"), error }, { QStringLiteral("error_description"), description } });
}

QString rfc3339(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

// An ephemeral external address, as GCP hands out on each start.
QString ephemeralIp(int firstOctet)
{
    auto *r = QRandomGenerator::global();
    return QStringLiteral("%1.%2.%3.%4")
        .arg(firstOctet)
        .arg(r->bounded(1, 255))
        .arg(r->bounded(1, 255))
        .arg(r->bounded(1, 255));
}

QString randomHex(int chars)
{
    QString s;
    for (int i = 0; i < chars; ++i)
        s += QString::number(QRandomGenerator::global()->bounded(16), 16);
    return s;
}
} // namespace

SimGcpApi::SimGcpApi(Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{ }

SimGcpApi::~SimGcpApi() = default;

GcpServiceAccount SimGcpApi::issueServiceAccount(const QString &project)
{
    const auto keys = jwt::generateRsaKeyPair();
    GcpServiceAccount a;
    a.projectId = project;
    a.privateKeyId = randomHex(40);
    a.privateKeyPem = QString::fromLatin1(keys->privateKeyPem);
    a.clientEmail = QStringLiteral("gpufailover-%1@%2.iam.gserviceaccount.com").arg(randomHex(6), project);
    a.tokenUri = m_baseUrl.toString() + QStringLiteral("/token");
    m_publicKeys.insert(a.clientEmail, keys->publicKeyPem);
    m_projects.insert(a.clientEmail, project);
    return a;
}

void SimGcpApi::revokeTokens()
{
    m_tokens.clear();
}

void SimGcpApi::setZoneCapacity(const QString &zone, int vms)
{
    if (vms < 0)
        m_capacity.remove(zone);
    else
        m_capacity.insert(zone, vms);
}

void SimGcpApi::failNext(int httpStatus, int count, const QString &reason)
{
    m_failStatus = httpStatus;
    m_failCount = count;
    m_failReason = reason;
}

void SimGcpApi::setRealHost(const QString &name, const QString &host, int port)
{
    for (Vm &v : m_vms) {
        if (v.name == name) {
            v.sshHost = host;
            v.sshPort = port;
            if (v.status == u"RUNNING")
                v.natIp = host;
        }
    }
}

const SimGcpApi::Vm *SimGcpApi::vm(const QString &zone, const QString &name) const
{
    const auto it = m_vms.constFind(zone + u'/' + name);
    return it == m_vms.constEnd() ? nullptr : &*it;
}

QList<const SimGcpApi::Vm *> SimGcpApi::vms() const
{
    QList<const Vm *> out;
    for (const Vm &v : m_vms)
        out.append(&v);
    return out;
}

int SimGcpApi::runningIn(const QString &zone) const
{
    int n = 0;
    for (const Vm &v : m_vms)
        n += v.zone == zone && v.status != u"TERMINATED" ? 1 : 0;
    return n;
}

void SimGcpApi::after(qint64 ms, std::function<void()> fn)
{
    m_clock->singleShot(ms, this, std::move(fn));
}

QString SimGcpApi::link(const QString &path) const
{
    return kGoogleLinks + path;
}

std::optional<HttpReply> SimGcpApi::handle(const HttpRequest &request)
{
    if (request.path == u"/token")
        return token(request);
    static const QString prefix = QStringLiteral("/compute/v1/");
    if (request.path.startsWith(prefix))
        return compute(request, request.path.mid(prefix.size()));
    return std::nullopt;
}

HttpReply SimGcpApi::token(const HttpRequest &request)
{
    if (request.method != "POST")
        return oauthError(QStringLiteral("invalid_request"), QStringLiteral("POST required"));
    const QUrlQuery form(QString::fromUtf8(request.body));
    if (form.queryItemValue(QStringLiteral("grant_type"), QUrl::FullyDecoded)
        != u"urn:ietf:params:oauth:grant-type:jwt-bearer")
        return oauthError(QStringLiteral("unsupported_grant_type"), QStringLiteral("Invalid grant_type: "));
    const auto decoded = jwt::decode(form.queryItemValue(QStringLiteral("assertion"), QUrl::FullyDecoded).toLatin1());
    if (!decoded)
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Invalid JWT: malformed"));
    const QJsonObject &claims = decoded->claims;
    const QString iss = claims.value(QStringLiteral("iss")).toString();
    if (decoded->header.value(QStringLiteral("alg")).toString() != u"RS256")
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Invalid JWT: unsupported algorithm"));
    if (!m_publicKeys.contains(iss))
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Invalid grant: account not found"));
    if (!jwt::verifyRs256(m_publicKeys.value(iss), decoded->signedPart, decoded->signature))
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Invalid JWT Signature."));
    const QString aud = claims.value(QStringLiteral("aud")).toString();
    if (aud != jwt::kGoogleTokenAudience && aud != m_baseUrl.toString() + QStringLiteral("/token"))
        return oauthError(QStringLiteral("invalid_grant"), QStringLiteral("Invalid JWT: Failed audience check."));
    const QStringList scopes = claims.value(QStringLiteral("scope")).toString().split(u' ', Qt::SkipEmptyParts);
    if (!scopes.contains(jwt::kCloudPlatformScope)
        && !scopes.contains(QStringLiteral("https://www.googleapis.com/auth/compute")))
        return oauthError(
            QStringLiteral("invalid_scope"), QStringLiteral("Invalid OAuth scope or ID token audience provided."));
    // The assertion's times are judged in wall time, as Google does; the token's lifetime runs
    // on the simulated clock, so it expires (and is refreshed) at the simulation's pace.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 iat = qint64(claims.value(QStringLiteral("iat")).toDouble());
    const qint64 exp = qint64(claims.value(QStringLiteral("exp")).toDouble());
    if (exp - iat > 3600 || exp <= now || iat > now + 300)
        return oauthError(QStringLiteral("invalid_grant"),
            QStringLiteral("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                           "Check your iat and exp values in the JWT claim."));
    const QString token = QStringLiteral("ya29.sim-%1").arg(randomHex(48));
    m_tokens.insert(token, { m_clock->monotonicMs() + 3599000, m_projects.value(iss) });
    ++m_tokensIssued;
    return json(200,
        { { QStringLiteral("access_token"), token }, { QStringLiteral("expires_in"), 3599 },
            { QStringLiteral("token_type"), QStringLiteral("Bearer") } });
}

std::variant<HttpReply, QString> SimGcpApi::authorize(const HttpRequest &request)
{
    const QByteArray auth = request.headers.value("authorization");
    const QString token = QString::fromLatin1(auth.mid(7)).trimmed();
    const auto it = m_tokens.constFind(token);
    if (!auth.startsWith("Bearer ") || it == m_tokens.constEnd() || it->expiresMs <= m_clock->monotonicMs()) {
        QJsonObject error { { QStringLiteral("code"), 401 },
            { QStringLiteral("message"),
                QStringLiteral("Request had invalid authentication credentials. Expected OAuth 2 access token, login "
                               "cookie or other valid authentication credential.") },
            { QStringLiteral("errors"),
                QJsonArray { QJsonObject { { QStringLiteral("message"), QStringLiteral("Invalid Credentials") },
                    { QStringLiteral("domain"), QStringLiteral("global") },
                    { QStringLiteral("reason"), QStringLiteral("authError") },
                    { QStringLiteral("location"), QStringLiteral("Authorization") },
                    { QStringLiteral("locationType"), QStringLiteral("header") } } } },
            { QStringLiteral("status"), QStringLiteral("UNAUTHENTICATED") } };
        return json(401, { { QStringLiteral("error"), error } });
    }
    return it->project;
}

QJsonObject SimGcpApi::vmJson(const Vm &v) const
{
    QJsonObject o = v.body;
    const QString base = QStringLiteral("projects/%1/zones/%2").arg(v.project, v.zone);
    o.insert(QStringLiteral("kind"), QStringLiteral("compute#instance"));
    o.insert(QStringLiteral("id"), v.id);
    o.insert(QStringLiteral("name"), v.name);
    o.insert(QStringLiteral("zone"), link(base));
    o.insert(QStringLiteral("selfLink"), link(base + QStringLiteral("/instances/") + v.name));
    o.insert(QStringLiteral("machineType"),
        link(base + QStringLiteral("/machineTypes/")
            + v.body.value(QStringLiteral("machineType")).toString().section(u'/', -1)));
    o.insert(QStringLiteral("status"), v.status);
    if (!v.statusMessage.isEmpty())
        o.insert(QStringLiteral("statusMessage"), v.statusMessage);
    o.insert(QStringLiteral("creationTimestamp"), v.creationTimestamp);
    if (!v.lastStartTimestamp.isEmpty())
        o.insert(QStringLiteral("lastStartTimestamp"), v.lastStartTimestamp);
    if (!v.lastStopTimestamp.isEmpty())
        o.insert(QStringLiteral("lastStopTimestamp"), v.lastStopTimestamp);
    QJsonObject nic { { QStringLiteral("network"),
                          link(QStringLiteral("projects/%1/global/networks/default").arg(v.project)) },
        { QStringLiteral("networkIP"), QStringLiteral("10.128.0.%1").arg(v.id.right(2).toInt() + 2) } };
    QJsonObject access { { QStringLiteral("type"), QStringLiteral("ONE_TO_ONE_NAT") },
        { QStringLiteral("name"), QStringLiteral("External NAT") } };
    if (!v.natIp.isEmpty())
        access.insert(QStringLiteral("natIP"), v.natIp); // absent until an address is assigned
    nic.insert(QStringLiteral("accessConfigs"), QJsonArray { access });
    o.insert(QStringLiteral("networkInterfaces"), QJsonArray { nic });
    QJsonObject metadata = v.body.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("kind"), QStringLiteral("compute#metadata"));
    metadata.insert(QStringLiteral("fingerprint"), QStringLiteral("sim-%1").arg(v.phase));
    if (v.sshPort && v.status == u"RUNNING") {
        // Simulator only: where the VM's sshd really listens (a real VM answers on port 22).
        QJsonArray items = metadata.value(QStringLiteral("items")).toArray();
        items.append(QJsonObject { { QStringLiteral("key"), QStringLiteral("gpufailover-sim-ssh-port") },
            { QStringLiteral("value"), QString::number(v.sshPort) } });
        metadata.insert(QStringLiteral("items"), items);
    }
    o.insert(QStringLiteral("metadata"), metadata);
    return o;
}

HttpReply SimGcpApi::startOperation(const QString &project, const QString &zone, const QString &type, Vm *vm,
    const QString &requestId, std::function<std::optional<QJsonObject>(Vm &)> finish, qint64 delayMs)
{
    const QString name = QStringLiteral("operation-%1-%2-%3-%4")
                             .arg(QDateTime::currentMSecsSinceEpoch())
                             .arg(randomHex(13), randomHex(8), randomHex(8));
    const QString base = QStringLiteral("projects/%1/zones/%2").arg(project, zone);
    const QString key = vm ? vm->zone + u'/' + vm->name : QString();
    QJsonObject op { { QStringLiteral("kind"), QStringLiteral("compute#operation") },
        { QStringLiteral("id"), QString::number(m_nextOp++) }, { QStringLiteral("name"), name },
        { QStringLiteral("operationType"), type }, { QStringLiteral("status"), QStringLiteral("PENDING") },
        { QStringLiteral("progress"), 0 }, { QStringLiteral("insertTime"), rfc3339(m_clock->now()) },
        { QStringLiteral("targetLink"), link(base + QStringLiteral("/instances/") + (vm ? vm->name : QString())) },
        { QStringLiteral("selfLink"), link(base + QStringLiteral("/operations/") + name) },
        { QStringLiteral("zone"), link(base) },
        { QStringLiteral("user"), QStringLiteral("sim@sim.iam.gserviceaccount.com") } };
    if (vm)
        op.insert(QStringLiteral("targetId"), vm->id);
    if (!requestId.isEmpty()) {
        op.insert(QStringLiteral("clientOperationId"), requestId);
        m_requestIds.insert(requestId, name);
    }
    m_operations.insert(name, { op, zone });
    const int phase = vm ? vm->phase : 0;
    after(qMin<qint64>(1000, delayMs / 4), [this, name] {
        QJsonObject &o = m_operations[name].json;
        if (o.value(QStringLiteral("status")).toString() == u"PENDING") {
            o.insert(QStringLiteral("status"), QStringLiteral("RUNNING"));
            o.insert(QStringLiteral("progress"), 20);
            o.insert(QStringLiteral("startTime"), rfc3339(m_clock->now()));
        }
    });
    after(delayMs, [this, name, key, phase, finish] {
        QJsonObject &o = m_operations[name].json;
        std::optional<QJsonObject> error;
        auto it = m_vms.find(key);
        // A change meanwhile (preempted, deleted) supersedes this step; the operation still ends.
        if (it != m_vms.end() && it->phase == phase) {
            error = finish(*it);
            ++it->phase;
            const QString vmZone = it->zone, vmName = it->name;
            if (it->status == u"DELETED")
                m_vms.erase(it);
            Q_EMIT vmChanged(vmZone, vmName);
        }
        o.insert(QStringLiteral("status"), QStringLiteral("DONE"));
        o.insert(QStringLiteral("progress"), 100);
        o.insert(QStringLiteral("endTime"), rfc3339(m_clock->now()));
        if (error) {
            o.insert(QStringLiteral("error"), QJsonObject { { QStringLiteral("errors"), QJsonArray { *error } } });
            o.insert(QStringLiteral("httpErrorStatusCode"), 503);
            o.insert(QStringLiteral("httpErrorMessage"), QStringLiteral("SERVICE UNAVAILABLE"));
        }
    });
    return json(200, op);
}

HttpReply SimGcpApi::compute(const HttpRequest &request, const QString &path)
{
    const auto granted = authorize(request);
    if (const HttpReply *denied = std::get_if<HttpReply>(&granted))
        return *denied;
    if (m_failCount > 0) {
        --m_failCount;
        return googleError(m_failStatus, m_failReason, QStringLiteral("simulated failure (%1)").arg(m_failReason));
    }
    static const QRegularExpression re(
        QStringLiteral("^projects/([a-z][-a-z0-9]{4,28}[a-z0-9])/zones/([a-z]+-[a-z]+[0-9]+-[a-z])/"
                       "(instances|operations)(?:/([^/]+))?(?:/(start|stop|wait))?$"));
    const auto m = re.match(path);
    if (!m.hasMatch())
        return googleError(404, QStringLiteral("notFound"), QStringLiteral("The resource '%1' was not found").arg(path),
            QStringLiteral("NOT_FOUND"));
    const QString project = m.captured(1), zone = m.captured(2), collection = m.captured(3), name = m.captured(4),
                  verb = m.captured(5);
    // A service account holds roles in its own project only: Google names the permission missing.
    if (project != std::get<QString>(granted)) {
        const QString resource
            = collection == u"operations" ? QStringLiteral("zoneOperations") : QStringLiteral("instances");
        const QString action = !verb.isEmpty() ? verb
            : request.method == "POST"         ? QStringLiteral("create")
            : request.method == "DELETE"       ? QStringLiteral("delete")
            : name.isEmpty()                   ? QStringLiteral("list")
                                               : QStringLiteral("get");
        return googleError(403, QStringLiteral("forbidden"),
            QStringLiteral("Required 'compute.%1.%2' permission for 'projects/%3'").arg(resource, action, project),
            QStringLiteral("PERMISSION_DENIED"));
    }
    const QString base = QStringLiteral("projects/%1/zones/%2").arg(project, zone);
    const QString requestId = request.query.queryItemValue(QStringLiteral("requestId"));
    const auto notFound = [&] {
        return googleError(404, QStringLiteral("notFound"),
            QStringLiteral("The resource '%1/instances/%2' was not found").arg(base, name),
            QStringLiteral("NOT_FOUND"));
    };
    const auto capacityError = [zone] {
        return QJsonObject { { QStringLiteral("code"), QStringLiteral("ZONE_RESOURCE_POOL_EXHAUSTED") },
            { QStringLiteral("message"),
                QStringLiteral("The zone 'projects/sim/zones/%1' does not have enough resources available to fulfill "
                               "the request. Try a different zone, or try again later.")
                    .arg(zone) } };
    };
    // requestId: a retried call returns the operation of the first one.
    if (!requestId.isEmpty() && m_requestIds.contains(requestId) && request.method != "GET")
        return json(200, m_operations.value(m_requestIds.value(requestId)).json);

    if (collection == u"operations") {
        ++m_requests[QStringLiteral("operation")];
        if (name.isEmpty()) {
            const QString filter = request.query.queryItemValue(QStringLiteral("filter"), QUrl::FullyDecoded);
            QJsonArray items;
            for (const Operation &op : m_operations) {
                const QString type = op.json.value(QStringLiteral("operationType")).toString();
                if (op.zone == zone && (filter.isEmpty() || filter.contains(type)))
                    items.append(op.json);
            }
            QJsonObject list { { QStringLiteral("kind"), QStringLiteral("compute#operationList") } };
            if (!items.isEmpty())
                list.insert(QStringLiteral("items"), items);
            return json(200, list);
        }
        if (!m_operations.contains(name))
            return googleError(404, QStringLiteral("notFound"),
                QStringLiteral("The resource '%1/operations/%2' was not found").arg(base, name),
                QStringLiteral("NOT_FOUND"));
        return json(200, m_operations.value(name).json); // wait is best-effort: it may answer at once
    }

    const QString key = zone + u'/' + name;
    if (request.method == "POST" && name.isEmpty()) {
        ++m_requests[QStringLiteral("insert")];
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        static const QRegularExpression nameRe(QStringLiteral("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$"));
        const QString vmName = body.value(QStringLiteral("name")).toString();
        if (!nameRe.match(vmName).hasMatch())
            return googleError(400, QStringLiteral("invalid"),
                QStringLiteral("Invalid value for field 'resource.name': '%1'. Must be a match of regex "
                               "'(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'")
                    .arg(vmName));
        if (!body.value(QStringLiteral("machineType")).toString().contains(QStringLiteral("machineTypes/")))
            return googleError(
                400, QStringLiteral("invalid"), QStringLiteral("Invalid value for field 'resource.machineType'"));
        const QJsonObject scheduling = body.value(QStringLiteral("scheduling")).toObject();
        if (scheduling.value(QStringLiteral("provisioningModel")).toString() == u"SPOT"
            && (scheduling.value(QStringLiteral("onHostMaintenance")).toString() != u"TERMINATE"
                || scheduling.value(QStringLiteral("automaticRestart")).toBool(true)))
            return googleError(400, QStringLiteral("invalid"),
                QStringLiteral("Scheduling must have preemptible be false when OnHostMaintenance isn't TERMINATE, and "
                               "automaticRestart must be false for Spot VMs."));
        if (m_vms.contains(zone + u'/' + vmName))
            return googleError(409, QStringLiteral("alreadyExists"),
                QStringLiteral("The resource '%1/instances/%2' already exists").arg(base, vmName),
                QStringLiteral("ALREADY_EXISTS"));
        Vm v;
        v.project = project;
        v.zone = zone;
        v.name = vmName;
        v.id = QString::number(m_nextId++);
        v.body = body;
        v.creationTimestamp = rfc3339(m_clock->now());
        Vm &stored = m_vms[zone + u'/' + vmName] = v;
        const bool full = m_capacity.contains(zone) && runningIn(zone) > m_capacity.value(zone);
        qCInfo(lcSim).noquote() << "gcp: insert" << vmName << "in" << zone << (full ? "(no capacity)" : "");
        return startOperation(
            project, zone, QStringLiteral("insert"), &stored, requestId,
            [this, full, capacityError](Vm &vm) -> std::optional<QJsonObject> {
                if (full) {
                    vm.status = QStringLiteral("DELETED"); // an insert that fails leaves nothing behind
                    return capacityError();
                }
                vm.status = QStringLiteral("RUNNING");
                vm.natIp = vm.sshHost.isEmpty() ? ephemeralIp(34) : vm.sshHost;
                vm.lastStartTimestamp = rfc3339(m_clock->now());
                return std::nullopt;
            },
            m_latencies.createMs);
    }
    auto it = m_vms.find(key);
    if (request.method == "GET" && name.isEmpty()) {
        ++m_requests[QStringLiteral("list")];
        // Supports the one filter form we use: labels.KEY = VALUE.
        static const QRegularExpression labelRe(QStringLiteral("labels\\.([a-z0-9_-]+)\\s*=\\s*\"?([a-z0-9_-]*)\"?"));
        const auto f = labelRe.match(request.query.queryItemValue(QStringLiteral("filter"), QUrl::FullyDecoded));
        QJsonArray items;
        for (const Vm &v : m_vms) {
            if (v.zone != zone || v.project != project)
                continue;
            if (f.hasMatch()
                && v.body.value(QStringLiteral("labels")).toObject().value(f.captured(1)).toString() != f.captured(2))
                continue;
            items.append(vmJson(v));
        }
        QJsonObject list { { QStringLiteral("kind"), QStringLiteral("compute#instanceList") },
            { QStringLiteral("selfLink"), link(base + QStringLiteral("/instances")) } };
        if (!items.isEmpty()) // an empty list has no items at all
            list.insert(QStringLiteral("items"), items);
        return json(200, list);
    }
    if (it == m_vms.end())
        return notFound();
    Vm &v = *it;
    if (request.method == "GET" && verb.isEmpty()) {
        ++m_requests[QStringLiteral("get")];
        return json(200, vmJson(v));
    }
    if (request.method == "DELETE" && verb.isEmpty()) {
        ++m_requests[QStringLiteral("delete")];
        ++v.phase;
        v.status = QStringLiteral("STOPPING");
        return startOperation(
            project, zone, QStringLiteral("delete"), &v, requestId,
            [](Vm &vm) -> std::optional<QJsonObject> {
                vm.status = QStringLiteral("DELETED");
                return std::nullopt;
            },
            m_latencies.deleteMs);
    }
    if (request.method == "POST" && verb == u"stop") {
        ++m_requests[QStringLiteral("stop")];
        if (v.status != u"TERMINATED") {
            ++v.phase;
            v.status = QStringLiteral("STOPPING");
        }
        return startOperation(
            project, zone, QStringLiteral("stop"), &v, requestId,
            [this](Vm &vm) -> std::optional<QJsonObject> {
                vm.status = QStringLiteral("TERMINATED");
                vm.natIp.clear(); // the ephemeral address goes with the stop
                vm.lastStopTimestamp = rfc3339(m_clock->now());
                return std::nullopt;
            },
            m_latencies.stopMs);
    }
    if (request.method == "POST" && verb == u"start") {
        ++m_requests[QStringLiteral("start")];
        const bool wasStopped = v.status == u"TERMINATED";
        const bool full = wasStopped && m_capacity.contains(zone) && runningIn(zone) >= m_capacity.value(zone);
        if (wasStopped && !full) {
            ++v.phase;
            v.status = QStringLiteral("STAGING");
            v.statusMessage.clear();
        }
        return startOperation(
            project, zone, QStringLiteral("start"), &v, requestId,
            [this, wasStopped, full, capacityError](Vm &vm) -> std::optional<QJsonObject> {
                if (full)
                    return capacityError(); // stays TERMINATED
                if (wasStopped) {
                    vm.status = QStringLiteral("RUNNING");
                    vm.natIp = vm.sshHost.isEmpty() ? ephemeralIp(35) : vm.sshHost;
                    vm.lastStartTimestamp = rfc3339(m_clock->now());
                }
                return std::nullopt;
            },
            wasStopped && !full ? m_latencies.startMs : 500);
    }
    return googleError(400, QStringLiteral("badRequest"), QStringLiteral("unsupported method"));
}

Status SimGcpApi::preempt(const QString &zone, const QString &name)
{
    auto it = m_vms.find(zone + u'/' + name);
    if (it == m_vms.end() || it->status != u"RUNNING")
        return Error { QStringLiteral("not_running"), QStringLiteral("no running VM %1 in %2").arg(name, zone) };
    ++it->phase;
    it->status = QStringLiteral("TERMINATED");
    it->statusMessage = QStringLiteral("Instance was preempted.");
    it->natIp.clear();
    it->lastStopTimestamp = rfc3339(m_clock->now());
    const QString base = QStringLiteral("projects/%1/zones/%2").arg(it->project, zone);
    const QString opName
        = QStringLiteral("systemevent-%1-%2").arg(QDateTime::currentMSecsSinceEpoch()).arg(randomHex(8));
    m_operations.insert(opName,
        { QJsonObject { { QStringLiteral("kind"), QStringLiteral("compute#operation") },
              { QStringLiteral("name"), opName },
              { QStringLiteral("operationType"), QStringLiteral("compute.instances.preempted") },
              { QStringLiteral("status"), QStringLiteral("DONE") }, { QStringLiteral("progress"), 100 },
              { QStringLiteral("targetLink"), link(base + QStringLiteral("/instances/") + name) },
              { QStringLiteral("targetId"), it->id }, { QStringLiteral("zone"), link(base) },
              { QStringLiteral("insertTime"), rfc3339(m_clock->now()) },
              { QStringLiteral("endTime"), rfc3339(m_clock->now()) },
              { QStringLiteral("user"), QStringLiteral("system") } },
            zone });
    qCInfo(lcSim).noquote() << "gcp: preempted" << name << "in" << zone;
    Q_EMIT vmChanged(zone, name);
    return okStatus();
}

} // namespace gpufailover
