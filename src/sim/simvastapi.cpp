#include "sim/simvastapi.h"

#include "core/clock.h"
#include "sim/simmarket.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace gpufailover {
namespace {

QByteArray toJson(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

HttpReply ok(const QJsonObject &o)
{
    return HttpReply::json(200, toJson(o));
}

HttpReply vastError(int status, const QString &code, const QString &msg)
{
    return HttpReply::json(status,
        toJson({ { QStringLiteral("success"), false }, { QStringLiteral("error"), code },
            { QStringLiteral("msg"), msg } }));
}

HttpReply fromError(const Error &e)
{
    return vastError(e.httpStatus ? e.httpStatus : 400, e.code, e.message);
}

// The filter fields the official CLI accepts for offers.
const QSet<QString> &offerFields()
{
    static const QSet<QString> f = [] {
        QSet<QString> s;
        const QString all = QStringLiteral(
            "bw_nvlink compute_cap cpu_arch cpu_cores cpu_cores_effective cpu_ghz cpu_ram cuda_max_good datacenter "
            "direct_port_count driver_version disk_bw disk_space dlperf dlperf_per_dphtotal dph_total duration "
            "external "
            "flops_per_dphtotal gpu_arch gpu_display_active gpu_frac gpu_mem_bw gpu_name gpu_ram gpu_total_ram "
            "gpu_max_power "
            "gpu_max_temp has_avx host_id id inet_down inet_down_cost inet_up inet_up_cost machine_id min_bid "
            "mobo_name "
            "num_gpus pci_gen pcie_bw reliability rentable rented storage_cost static_ip total_flops ubuntu_version "
            "verification verified vms_enabled geolocation cluster_id");
        for (const QString &name : all.split(u' '))
            s.insert(name);
        return s;
    }();
    return f;
}

const QSet<QString> kQueryKeywords = { QStringLiteral("order"), QStringLiteral("type"), QStringLiteral("limit"),
    QStringLiteral("allocated_storage"), QStringLiteral("disable_bundling"), QStringLiteral("select_cols") };

int compareValues(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() < b.toDouble() ? -1 : a.toDouble() > b.toDouble() ? 1 : 0;
    if (a.isBool() || b.isBool())
        return int(a.toBool()) - int(b.toBool());
    return QString::compare(a.toVariant().toString(), b.toVariant().toString());
}

// True when `value` passes every operator of `cond`, e.g. {"gte": 2, "lt": 8}.
bool passes(const QJsonValue &value, const QJsonObject &cond, QString *error)
{
    for (auto it = cond.begin(); it != cond.end(); ++it) {
        const QString op = it.key();
        const QJsonValue arg = it.value();
        bool ok = true;
        if (op == u"eq")
            ok = compareValues(value, arg) == 0;
        else if (op == u"neq")
            ok = compareValues(value, arg) != 0;
        else if (op == u"gt")
            ok = compareValues(value, arg) > 0;
        else if (op == u"gte")
            ok = compareValues(value, arg) >= 0;
        else if (op == u"lt")
            ok = compareValues(value, arg) < 0;
        else if (op == u"lte")
            ok = compareValues(value, arg) <= 0;
        else if (op == u"in" || op == u"notin") {
            bool found = false;
            for (const QJsonValue &v : arg.toArray())
                found = found || compareValues(value, v) == 0;
            ok = op == u"in" ? found : !found;
        } else {
            *error = QStringLiteral("unknown operator %1").arg(op);
            return false;
        }
        if (!ok)
            return false;
    }
    return true;
}

QString identityOf(const HttpRequest &r)
{
    const QByteArray auth = r.headers.value("authorization");
    if (auth.startsWith("Bearer "))
        return QString::fromUtf8(auth.mid(7)).trimmed();
    return r.query.queryItemValue(QStringLiteral("api_key"), QUrl::FullyDecoded);
}

} // namespace

SimVastApi::SimVastApi(SimMarket *market, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_market(market)
    , m_clock(clock)
{ }

void SimVastApi::setRateLimit(double perSecond, int burst)
{
    m_ratePerSecond = perSecond;
    m_burst = qMax(1, burst);
    m_buckets.clear();
}

void SimVastApi::addFault(const SimApiFault &fault)
{
    m_faults.append(fault);
    if (fault.mode == u"stale" && !m_staleSnapshot) {
        QHash<qint64, QJsonObject> snapshot;
        for (const SimInstance *i : m_market->instances())
            snapshot.insert(i->id, m_market->instanceJson(*i));
        m_staleSnapshot = snapshot;
    }
}

void SimVastApi::clearFaults()
{
    m_faults.clear();
    m_staleSnapshot.reset();
}

QString SimVastApi::endpointOf(const QByteArray &method, const QString &path)
{
    static const QRegularExpression instance(QStringLiteral("^/api/v0/instances/\\d+/$"));
    static const QRegularExpression ssh(QStringLiteral("^/api/v0/instances/\\d+/ssh/"));
    static const QRegularExpression accountKey(QStringLiteral("^/api/v0/ssh/\\d+/$"));
    if (path == u"/api/v0/bundles/" || path == u"/api/v0/search/asks/")
        return QStringLiteral("search");
    if (path.startsWith(u"/api/v0/asks/"))
        return QStringLiteral("create");
    if (path == u"/api/v1/instances/")
        return QStringLiteral("list");
    if (path == u"/api/v0/instances/")
        return method == "PUT"   ? QStringLiteral("manage")
            : method == "DELETE" ? QStringLiteral("destroy")
                                 : QStringLiteral("list_v0");
    if (path.startsWith(u"/api/v0/instances/reboot/"))
        return QStringLiteral("reboot");
    if (ssh.match(path).hasMatch())
        return QStringLiteral("ssh");
    if (path == u"/api/v0/ssh/" || accountKey.match(path).hasMatch())
        return QStringLiteral("account_ssh");
    if (instance.match(path).hasMatch())
        return method == "GET"   ? QStringLiteral("show")
            : method == "DELETE" ? QStringLiteral("destroy")
                                 : QStringLiteral("manage");
    if (path.startsWith(u"/api/v0/volumes/"))
        return QStringLiteral("volumes");
    if (path == u"/api/v0/users/current/")
        return QStringLiteral("user");
    return {};
}

std::optional<HttpReply> SimVastApi::applyFault(const QString &endpoint)
{
    for (auto it = m_faults.begin(); it != m_faults.end(); ++it) {
        if (it->endpoint != u"*" && it->endpoint != endpoint)
            continue;
        if (it->mode == u"stale" || it->mode == u"lost_reply")
            continue; // applied where instances are read / after the request took effect
        SimApiFault fault = *it;
        if (it->count > 0 && --it->count == 0)
            m_faults.erase(it);
        HttpReply r;
        bool isStatus = false;
        const int status = fault.mode.toInt(&isStatus);
        if (isStatus) {
            if (status == 401 || status == 403)
                return vastError(status, QStringLiteral("auth_error"), QStringLiteral("Invalid user key"));
            if (status == 429) {
                // Plain text, no Retry-After: exactly what clients must cope with.
                r.status = 429;
                r.contentType = "text/plain";
                r.body = "API requests too frequent: endpoint threshold=2.0";
                return r;
            }
            r.status = status;
            r.contentType = "text/html";
            r.body = "<html><body><h1>" + QByteArray::number(status) + " Server Error</h1></body></html>";
            return r;
        }
        if (fault.mode == u"slow") {
            r.delayMs = fault.delayMs;
            r.status = -1; // the caller fills the real answer in
            return r;
        }
        if (fault.mode == u"hang")
            r.mode = HttpReply::Mode::Hang;
        else if (fault.mode == u"drop")
            r.mode = HttpReply::Mode::Drop;
        else if (fault.mode == u"endless")
            r.mode = HttpReply::Mode::EndlessBody;
        else if (fault.mode == u"malformed")
            r.body = R"({"instances": {"id": 12, "actual_status": "runn)";
        return r;
    }
    return std::nullopt;
}

bool SimVastApi::rateLimited(const QString &endpoint, const QString &identity)
{
    if (m_ratePerSecond <= 0)
        return false;
    Bucket &b = m_buckets[endpoint + u'|' + identity];
    const qint64 now = m_clock->monotonicMs();
    if (b.lastMs == 0 && b.tokens == 0)
        b.tokens = m_burst;
    b.tokens = std::min<double>(m_burst, b.tokens + double(now - b.lastMs) * m_ratePerSecond / 1000.0);
    b.lastMs = now;
    if (b.tokens < 1)
        return true;
    b.tokens -= 1;
    return false;
}

std::optional<HttpReply> SimVastApi::handle(const HttpRequest &request)
{
    QString path = request.path;
    if (!path.startsWith(u"/api/"))
        return std::nullopt;
    // The CLI always sends a trailing slash; the OpenAPI files often do not. Accept both.
    if (!path.endsWith(u'/') && !path.endsWith(u"/start"))
        path += u'/';
    const QString endpoint = endpointOf(request.method, path);
    if (endpoint.isEmpty())
        return vastError(404, QStringLiteral("not_found"),
            QStringLiteral("no such endpoint: %1 %2").arg(QString::fromLatin1(request.method), path));
    ++m_counts[endpoint];
    m_recent.append(RecordedRequest { request.method, request.path, request.query.toString(QUrl::FullyEncoded),
        request.headers.contains("authorization") });
    if (m_recent.size() > 1000)
        m_recent.removeFirst();

    const QString identity = identityOf(request);
    if (endpoint != u"search" || !identity.isEmpty()) {
        if (identity.isEmpty() || !m_keys.contains(identity)) {
            if (endpoint == u"volumes")
                return HttpReply::json(401, R"({"detail":"Authentication credentials were not provided."})");
            return vastError(401, QStringLiteral("auth_error"), QStringLiteral("Invalid user key"));
        }
    }
    std::optional<HttpReply> fault = applyFault(endpoint);
    qint64 delay = 0;
    if (fault && fault->status != -1)
        return fault;
    if (fault)
        delay = fault->delayMs;
    if (rateLimited(endpoint, identity)) {
        if (endpoint == u"destroy")
            return vastError(429, QStringLiteral("rate_limit_exceeded"), QStringLiteral("API requests too frequent"));
        HttpReply r;
        r.status = 429;
        r.contentType = "text/plain";
        r.body = "API requests too frequent";
        return r;
    }

    QJsonObject body;
    if (!request.body.trimmed().isEmpty()) {
        QJsonParseError e {};
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &e);
        if (e.error != QJsonParseError::NoError || !doc.isObject())
            return vastError(400, QStringLiteral("invalid_args"), QStringLiteral("request body is not a JSON object"));
        body = doc.object();
    }
    static const QRegularExpression idRe(QStringLiteral("/(\\d+)/(?:ssh/)?$"));
    const auto idMatch = idRe.match(path);
    const qint64 id = idMatch.hasMatch() ? idMatch.captured(1).toLongLong() : 0;
    const QByteArray &m = request.method;

    HttpReply reply;
    if (endpoint == u"search" && (m == "POST" || m == "PUT"))
        reply = search(path.contains(u"/search/asks/") ? body.value(QStringLiteral("q")).toObject() : body);
    else if (endpoint == u"create" && m == "PUT")
        reply = create(id, body);
    else if (endpoint == u"list" && m == "GET")
        reply = list(request);
    else if (endpoint == u"list_v0")
        reply = vastError(410, QStringLiteral("deprecated_endpoint"),
            QStringLiteral("/api/v0/instances/ is deprecated. Use /api/v1/instances/ instead."));
    else if (endpoint == u"show" && m == "GET")
        reply = show(id);
    else if (endpoint == u"manage" && m == "PUT" && path == u"/api/v0/instances/")
        reply = inBulk(body.value(QStringLiteral("ids")).toArray(),
            [&](qint64 each) { return m_market->setState(each, body.value(QStringLiteral("state")).toString()); });
    else if (endpoint == u"destroy" && m == "DELETE" && path == u"/api/v0/instances/")
        reply = inBulk(
            body.value(QStringLiteral("instance_ids")).toArray(), [&](qint64 each) { return m_market->destroy(each); });
    else if (endpoint == u"manage" && m == "PUT")
        reply = manage(id, body);
    else if (endpoint == u"destroy" && m == "DELETE") {
        const Status s = m_market->destroy(id);
        reply = s ? ok({ { QStringLiteral("success"), true } }) : fromError(s.error());
    } else if (endpoint == u"reboot" && m == "PUT") {
        const Status s = m_market->reboot(id);
        reply = s ? ok({ { QStringLiteral("success"), true } }) : fromError(s.error());
    } else if (endpoint == u"ssh" && m == "POST") {
        const Status s = m_market->addSshKey(id, body.value(QStringLiteral("ssh_key")).toString());
        reply = s
            ? ok({ { QStringLiteral("success"), true }, { QStringLiteral("msg"), QStringLiteral("ssh key added") } })
            : fromError(s.error());
    } else if (endpoint == u"ssh" && m == "GET") {
        const SimInstance *inst = m_market->instance(id);
        reply = inst
            ? ok({ { QStringLiteral("success"), true },
                { QStringLiteral("ssh_keys"),
                    QString::fromUtf8(
                        QJsonDocument(QJsonArray::fromStringList(inst->sshKeys)).toJson(QJsonDocument::Compact)) } })
            : vastError(404, QStringLiteral("no_such_instance"), QStringLiteral("Instance %1 not found.").arg(id));
    } else if (endpoint == u"account_ssh") {
        reply = accountSsh(m, id, body);
    } else if (endpoint == u"user" && m == "GET") {
        reply = ok(
            { { QStringLiteral("id"), 4242 }, { QStringLiteral("email"), QStringLiteral("researcher@example.com") },
                { QStringLiteral("credit"), m_market->credit() }, { QStringLiteral("balance"), m_market->credit() },
                { QStringLiteral("ssh_key"), QString() }, { QStringLiteral("username"), QStringLiteral("researcher") },
                // The real answer carries the caller's key; the official CLI drops it before printing.
                { QStringLiteral("api_key"), identity } });
    } else if (endpoint == u"volumes") {
        if (path == u"/api/v0/volumes/search/" && m == "POST")
            reply = searchVolumes(body);
        else if (path == u"/api/v0/volumes/" && m == "PUT") {
            const auto v = m_market->createVolume(qint64(body.value(QStringLiteral("id")).toDouble()),
                body.value(QStringLiteral("size")).toInt(15), body.value(QStringLiteral("name")).toString());
            reply = v ? ok({ { QStringLiteral("success"), true },
                        { QStringLiteral("volume_name"), QStringLiteral("V.%1").arg(*v) } })
                      : fromError(v.error());
        } else if (path == u"/api/v0/volumes/" && m == "GET") {
            QJsonArray vols;
            for (const SimVolume &v : m_market->volumes())
                vols.append(m_market->volumeJson(v));
            reply = ok({ { QStringLiteral("volumes"), vols } });
        } else if (path == u"/api/v0/volumes/" && m == "DELETE") {
            const QString q = request.query.queryItemValue(QStringLiteral("id"));
            const qint64 vid = q.isEmpty() ? qint64(body.value(QStringLiteral("id")).toDouble()) : q.toLongLong();
            const Status s = m_market->deleteVolume(vid);
            reply = s ? ok({ { QStringLiteral("success"), true } }) : fromError(s.error());
        } else {
            reply = vastError(405, QStringLiteral("invalid_request"), QStringLiteral("method not allowed"));
        }
    } else {
        reply = vastError(405, QStringLiteral("invalid_request"), QStringLiteral("method not allowed"));
    }
    reply.delayMs = qMax(reply.delayMs, delay);
    // The request took effect, then the answer was lost on the way back (timeout-with-effect).
    for (auto it = m_faults.begin(); it != m_faults.end(); ++it) {
        if (it->mode == u"lost_reply" && (it->endpoint == u"*" || it->endpoint == endpoint)) {
            if (it->count > 0 && --it->count == 0)
                m_faults.erase(it);
            reply.mode = HttpReply::Mode::Drop;
            break;
        }
    }
    return reply;
}

HttpReply SimVastApi::search(const QJsonObject &query)
{
    for (auto it = query.begin(); it != query.end(); ++it) {
        if (!kQueryKeywords.contains(it.key()) && !offerFields().contains(it.key()))
            return vastError(
                400, QStringLiteral("invalid_args"), QStringLiteral("unknown filter field %1").arg(it.key()));
        if (!kQueryKeywords.contains(it.key()) && !it.value().isObject())
            return vastError(
                400, QStringLiteral("invalid_args"), QStringLiteral("filter %1 must be {op: value}").arg(it.key()));
    }
    const bool bid = query.value(QStringLiteral("type")).toString() == u"bid";
    const int storage = qMax(1, query.value(QStringLiteral("allocated_storage")).toInt(5));
    QList<QJsonObject> rows;
    for (const SimMarket::Offer &offer : m_market->offers()) {
        const QJsonObject o = m_market->offerJson(offer, storage, bid);
        bool keep = true;
        for (auto it = query.begin(); it != query.end() && keep; ++it) {
            if (kQueryKeywords.contains(it.key()))
                continue;
            QString error;
            keep = passes(o.value(it.key()), it.value().toObject(), &error);
            if (!error.isEmpty())
                return vastError(400, QStringLiteral("invalid_args"), error);
        }
        if (keep)
            rows.append(o);
    }
    const QJsonArray order = query.value(QStringLiteral("order")).toArray();
    QString orderField = QStringLiteral("score");
    bool desc = true;
    if (!order.isEmpty() && order.first().isArray()) {
        orderField = order.first().toArray().at(0).toString(orderField);
        desc = order.first().toArray().at(1).toString() == u"desc";
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const QJsonObject &a, const QJsonObject &b) {
        const int c = compareValues(a.value(orderField), b.value(orderField));
        return desc ? c > 0 : c < 0;
    });
    const int limit = query.value(QStringLiteral("limit")).toInt(64);
    QJsonArray out;
    for (int i = 0; i < rows.size() && i < qMax(1, limit); ++i)
        out.append(rows[i]);
    return ok({ { QStringLiteral("offers"), out } });
}

HttpReply SimVastApi::create(qint64 offerId, const QJsonObject &body)
{
    SimMarket::CreateSpec spec;
    spec.image = body.value(QStringLiteral("image")).toString();
    spec.diskGb = int(body.value(QStringLiteral("disk")).toDouble(10));
    spec.label = body.value(QStringLiteral("label")).toString();
    spec.onstart = body.value(QStringLiteral("onstart")).toString();
    spec.runtype = body.value(QStringLiteral("runtype")).toString();
    spec.env = body.value(QStringLiteral("env")).toObject();
    // The official CLI sends every option it was not given as null: a null price is on demand.
    if (body.contains(QStringLiteral("price")) && !body.value(QStringLiteral("price")).isNull()) {
        const double price = body.value(QStringLiteral("price")).toDouble(-1);
        if (price < 0.001 || price > 128)
            return vastError(
                400, QStringLiteral("invalid_price"), QStringLiteral("price must be between 0.001 and 128"));
        spec.bid = price;
    }
    spec.targetState = body.value(QStringLiteral("target_state")).toString(QStringLiteral("running"));
    spec.cancelUnavail
        = body.value(QStringLiteral("cancel_unavail")).toBool(!spec.bid && spec.targetState == u"running");
    if (body.value(QStringLiteral("volume_info")).isObject())
        spec.volumeInfo = body.value(QStringLiteral("volume_info")).toObject();
    const auto created = m_market->createInstance(offerId, spec);
    if (!created) {
        QJsonObject e { { QStringLiteral("success"), false }, { QStringLiteral("error"), created.error().code },
            { QStringLiteral("msg"), created.error().message }, { QStringLiteral("ask_id"), double(offerId) } };
        return HttpReply::json(created.error().httpStatus ? created.error().httpStatus : 400, toJson(e));
    }
    if (created->error) {
        // The low-bid quirk: an error answer that still names the instance it created.
        return HttpReply::json(created->error->httpStatus,
            toJson({ { QStringLiteral("success"), false }, { QStringLiteral("error"), created->error->code },
                { QStringLiteral("msg"), created->error->message }, { QStringLiteral("ask_id"), double(offerId) },
                { QStringLiteral("new_contract"), double(created->instanceId) } }));
    }
    return ok({ { QStringLiteral("success"), true }, { QStringLiteral("new_contract"), double(created->instanceId) },
        { QStringLiteral("instance_api_key"), created->instanceApiKey } });
}

QJsonObject SimVastApi::instanceView(qint64 id, bool *found) const
{
    if (m_staleSnapshot) {
        *found = m_staleSnapshot->contains(id);
        return m_staleSnapshot->value(id);
    }
    const SimInstance *inst = m_market->instance(id);
    *found = inst != nullptr;
    return inst ? m_market->instanceJson(*inst) : QJsonObject();
}

// Account keys, shaped as Vast answers them: POST gives {success, key:{…public_key…}}, GET a bare
// array of {id, user_id, key, …}.
HttpReply SimVastApi::accountSsh(const QByteArray &method, qint64 keyId, const QJsonObject &body)
{
    const auto shape = [](const SimAccountKey &k, const char *keyField) {
        return QJsonObject { { QStringLiteral("id"), double(k.id) }, { QStringLiteral("user_id"), 4242 },
            { QString::fromLatin1(keyField), k.key },
            { QStringLiteral("created_at"), QDateTime::fromSecsSinceEpoch(k.createdAt, Qt::UTC).toString(Qt::ISODate) },
            { QStringLiteral("deleted_at"), QJsonValue::Null } };
    };
    if (keyId == 0 && method == "GET") {
        QJsonArray keys;
        for (const SimAccountKey &k : m_market->accountKeys())
            keys.append(shape(k, "key"));
        return HttpReply::json(200, QJsonDocument(keys).toJson(QJsonDocument::Compact));
    }
    if (keyId == 0 && method == "POST") {
        const auto added = m_market->addAccountKey(body.value(QStringLiteral("ssh_key")).toString());
        if (!added)
            return fromError(added.error());
        return ok({ { QStringLiteral("success"), true }, { QStringLiteral("key"), shape(*added, "public_key") } });
    }
    if (keyId != 0 && method == "DELETE") {
        const Status s = m_market->deleteAccountKey(keyId);
        return s ? ok({ { QStringLiteral("success"), true } }) : fromError(s.error());
    }
    return vastError(405, QStringLiteral("invalid_request"), QStringLiteral("method not allowed"));
}

HttpReply SimVastApi::show(qint64 id)
{
    bool found = false;
    const QJsonObject o = instanceView(id, &found);
    // A destroyed or unknown instance is not a 404 but 200 {"instances": null}.
    return ok({ { QStringLiteral("instances"), found ? QJsonValue(o) : QJsonValue() } });
}

// The official CLI's plural commands (start/stop/destroy instances): one call for many ids.
HttpReply SimVastApi::inBulk(const QJsonArray &ids, const std::function<Status(qint64)> &each)
{
    if (ids.isEmpty())
        return vastError(400, QStringLiteral("invalid_args"), QStringLiteral("no instance ids given"));
    for (const QJsonValue &v : ids) {
        if (const Status s = each(qint64(v.toDouble())); !s)
            return fromError(s.error());
    }
    return ok({ { QStringLiteral("success"), true } });
}

HttpReply SimVastApi::manage(qint64 id, const QJsonObject &body)
{
    if (body.contains(QStringLiteral("label"))) {
        if (!m_market->instance(id))
            return vastError(404, QStringLiteral("no_such_instance"), QStringLiteral("Instance %1 not found.").arg(id));
        return ok({ { QStringLiteral("success"), true } });
    }
    const Status s = m_market->setState(id, body.value(QStringLiteral("state")).toString());
    return s ? ok({ { QStringLiteral("success"), true } }) : fromError(s.error());
}

namespace {
// A query value as a web server reads it: "+" is a space (Python's quote_plus, the official
// CLI's encoding), then percent escapes.
QString formValue(const QUrlQuery &query, const QString &key)
{
    QString raw = query.queryItemValue(key, QUrl::FullyEncoded);
    raw.replace(u'+', QStringLiteral("%20"));
    return QUrl::fromPercentEncoding(raw.toUtf8());
}
} // namespace

HttpReply SimVastApi::list(const HttpRequest &request)
{
    const QString limitText = formValue(request.query, QStringLiteral("limit"));
    const int limit = limitText.isEmpty() ? 25 : limitText.toInt();
    if (limit < 1 || limit > 25)
        return vastError(400, QStringLiteral("invalid_args"), QStringLiteral("limit must be between 1 and 25"));
    qint64 after = 0;
    const QString token = formValue(request.query, QStringLiteral("after_token"));
    if (!token.isEmpty()) {
        const QByteArray raw = QByteArray::fromBase64(token.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!raw.startsWith("id:") || raw.mid(3).toLongLong() <= 0)
            return vastError(400, QStringLiteral("invalid_token"), QStringLiteral("after_token is not valid"));
        after = raw.mid(3).toLongLong();
    }
    QJsonObject filters;
    const QString filterText = formValue(request.query, QStringLiteral("select_filters"));
    if (!filterText.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(filterText.toUtf8());
        if (!doc.isObject())
            return vastError(
                400, QStringLiteral("invalid_args"), QStringLiteral("select_filters is not a JSON object"));
        filters = doc.object();
        static const QSet<QString> stored = { QStringLiteral("actual_status"), QStringLiteral("gpu_name"),
            QStringLiteral("label"), QStringLiteral("id"), QStringLiteral("verification"), QStringLiteral("machine_id"),
            QStringLiteral("intended_status"), QStringLiteral("cur_state") };
        for (const QString &k : filters.keys()) {
            if (!stored.contains(k))
                return vastError(
                    400, QStringLiteral("invalid_args"), QStringLiteral("cannot filter on computed column %1").arg(k));
        }
    }
    QStringList columns;
    if (const QString cols = formValue(request.query, QStringLiteral("select_cols")); !cols.isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(cols.toUtf8());
        if (!doc.isArray())
            return vastError(400, QStringLiteral("invalid_args"), QStringLiteral("select_cols is not a JSON list"));
        for (const QJsonValue &c : doc.array())
            columns << c.toString();
    }
    QList<QJsonObject> rows;
    QList<qint64> ids;
    if (m_staleSnapshot)
        ids = m_staleSnapshot->keys();
    else
        for (const SimInstance *i : m_market->instances())
            ids.append(i->id);
    std::sort(ids.begin(), ids.end());
    for (qint64 id : ids) {
        bool found = false;
        const QJsonObject o = instanceView(id, &found);
        if (!found)
            continue;
        bool keep = true;
        for (auto it = filters.begin(); it != filters.end() && keep; ++it) {
            QString error;
            keep = passes(o.value(it.key()), it.value().toObject(), &error);
        }
        if (keep)
            rows.append(o);
    }
    QJsonArray page;
    QString next;
    qint64 lastId = 0; // the page's last row, whichever columns it shows
    int total = int(rows.size());
    for (const QJsonObject &o : rows) {
        const qint64 id = qint64(o.value(QStringLiteral("id")).toDouble());
        if (id <= after)
            continue;
        if (page.size() == limit) {
            next = QString::fromLatin1(QByteArray("id:" + QByteArray::number(lastId)).toBase64());
            break;
        }
        lastId = id;
        if (columns.isEmpty() || columns.contains(u"*")) {
            page.append(o);
        } else {
            QJsonObject selected;
            for (const QString &c : columns)
                if (o.contains(c))
                    selected.insert(c, o.value(c));
            page.append(selected);
        }
    }
    QJsonObject labelCounts;
    for (const QJsonObject &o : rows) {
        const QString label = o.value(QStringLiteral("label")).toString();
        labelCounts.insert(label, labelCounts.value(label).toInt() + 1);
    }
    return ok({ { QStringLiteral("success"), true }, { QStringLiteral("instances_found"), int(page.size()) },
        { QStringLiteral("total_instances"), total }, { QStringLiteral("label_counts"), labelCounts },
        { QStringLiteral("next_token"), next.isEmpty() ? QJsonValue() : QJsonValue(next) },
        { QStringLiteral("instances"), page } });
}

HttpReply SimVastApi::searchVolumes(const QJsonObject &query)
{
    QJsonArray out;
    const int limit = query.value(QStringLiteral("limit")).toInt(64);
    for (const SimHost &h : m_market->hosts()) {
        if (!h.reachable())
            continue;
        const QJsonObject o = m_market->volumeOfferJson(h);
        bool keep = true;
        for (auto it = query.begin(); it != query.end() && keep; ++it) {
            if (!it.value().isObject())
                continue;
            QString error;
            keep = passes(o.value(it.key()), it.value().toObject(), &error);
        }
        if (keep && out.size() < limit)
            out.append(o);
    }
    return ok({ { QStringLiteral("offers"), out } });
}

} // namespace gpufailover
