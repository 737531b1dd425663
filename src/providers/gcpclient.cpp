#include "providers/gcpclient.h"

#include "core/clock.h"
#include "providers/httpexchange.h"
#include "providers/providerslogging.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUuid>

#include <memory>

namespace gpufailover {
namespace {

// Google's error body: {"error": {"code", "message", "errors": [{"reason", ...}]}}.
// 403 is ambiguous; the reason says what it is.
Error googleError(int status, const QByteArray &body)
{
    const QJsonObject e = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    const QString reason
        = e.value(QStringLiteral("errors")).toArray().first().toObject().value(QStringLiteral("reason")).toString();
    const QString message = e.value(QStringLiteral("message")).toString(QString::fromUtf8(body.left(200)));
    Error err;
    err.httpStatus = status;
    err.message = QStringLiteral("GCP (HTTP %1): %2").arg(status).arg(message);
    if (status == 429 || reason == u"rateLimitExceeded" || reason == u"userRateLimitExceeded")
        err.code = gcperr::RateLimited;
    else if (reason == u"quotaExceeded")
        err.code = gcperr::Quota;
    else if (status == 401 || status == 403)
        err.code = gcperr::Auth;
    else if (status == 404)
        err.code = gcperr::NotFound;
    else if (status == 409)
        err.code = gcperr::AlreadyExists;
    else if (status >= 500)
        err.code = gcperr::Server;
    else
        err.code = gcperr::BadResponse;
    return err;
}

Error transportError(const HttpAnswer &a)
{
    switch (a.failure) {
    case HttpAnswer::Failure::Timeout:
        return { gcperr::Timeout, QStringLiteral("GCP did not answer in time") };
    case HttpAnswer::Failure::TooLarge:
        return { gcperr::BadResponse, QStringLiteral("GCP's answer was larger than the limit") };
    default:
        return { gcperr::Network, QStringLiteral("cannot reach GCP: %1").arg(a.detail) };
    }
}

bool retryable(const QString &code)
{
    return code == gcperr::RateLimited || code == gcperr::Server || code == gcperr::Timeout || code == gcperr::Network;
}

// An operation that ended with error.errors[].
Error operationError(const QJsonObject &op)
{
    const QJsonObject first
        = op.value(QStringLiteral("error")).toObject().value(QStringLiteral("errors")).toArray().first().toObject();
    const QString code = first.value(QStringLiteral("code")).toString();
    const QString message = QStringLiteral("%1: %2").arg(code, first.value(QStringLiteral("message")).toString());
    if (code.startsWith(u"ZONE_RESOURCE_POOL_EXHAUSTED") || code == u"insufficientCapacity"
        || code == u"RESOURCE_NOT_READY")
        return { gcperr::NoCapacity, message };
    if (code == u"QUOTA_EXCEEDED")
        return { gcperr::Quota, message };
    return { gcperr::OperationFailed, message };
}
} // namespace

GcpClient::GcpClient(QNetworkAccessManager *nam, Clock *clock, GcpClientConfig config, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_clock(clock)
    , m_config(std::move(config))
{ }

GcpClient::~GcpClient() = default;

void GcpClient::setServiceAccount(const GcpServiceAccount &account)
{
    m_account = account;
    m_token.clear();
    m_tokenExpiresMs = 0;
}

void GcpClient::after(qint64 ms, std::function<void()> fn)
{
    m_clock->singleShot(ms, this, std::move(fn));
}

qint64 GcpClient::backoffMs(int attempt) const
{
    const qint64 base = qMin(m_config.backoffCapMs, m_config.backoffBaseMs << qMin(attempt, 16));
    return base + QRandomGenerator::global()->bounded(qMax<qint64>(1, base / 4));
}

void GcpClient::accessToken(QObject *context, Done<QString> done)
{
    QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    Done<QString> guarded = [ctx, hasContext, done = std::move(done)](Result<QString> r) {
        if (!hasContext || ctx)
            done(std::move(r));
    };
    if (m_account.clientEmail.isEmpty())
        return guarded(Error { gcperr::NoAccount, QStringLiteral("no GCP service-account key is configured") });
    if (!m_token.isEmpty() && m_clock->monotonicMs() < m_tokenExpiresMs - m_config.refreshBeforeMs)
        return guarded(m_token);
    m_tokenWaiters.append(std::move(guarded));
    if (m_tokenWaiters.size() > 1)
        return; // a request is already on its way
    auto finish = [this](Result<QString> r) {
        const auto waiters = std::exchange(m_tokenWaiters, {});
        for (const auto &w : waiters)
            w(r);
    };
    auto request = std::make_shared<std::function<void(int)>>();
    *request = [this, finish, request](int attempt) {
        // iat in wall time, as google-auth does; the token's lifetime is then counted on our clock.
        const auto assertion = jwt::serviceAccountAssertion(m_account, QDateTime::currentSecsSinceEpoch());
        if (!assertion) {
            *request = nullptr;
            return finish(Error { gcperr::Auth, assertion.error().message });
        }
        HttpRequestSpec spec;
        spec.method = "POST";
        spec.url = QUrl(m_account.tokenUri);
        spec.contentType = "application/x-www-form-urlencoded";
        spec.body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + *assertion;
        spec.transferTimeoutMs = m_config.transferTimeoutMs;
        spec.totalTimeoutMs = m_config.totalTimeoutMs;
        spec.maxBodyBytes = 64 * 1024;
        ++m_tokenRequests;
        httpExchange(m_nam, spec, this, [this, finish, request, attempt](HttpAnswer a) {
            const QJsonObject o = QJsonDocument::fromJson(a.body).object();
            Result<QString> r = Error { gcperr::BadResponse, QStringLiteral("the token endpoint said nothing usable") };
            bool again = false;
            if (a.failure != HttpAnswer::Failure::None) {
                r = transportError(a);
                again = true;
            } else if (a.status == 200 && !o.value(QStringLiteral("access_token")).toString().isEmpty()) {
                m_token = o.value(QStringLiteral("access_token")).toString();
                // expires_in may be a number or a string (google-auth accepts both).
                const QJsonValue e = o.value(QStringLiteral("expires_in"));
                const qint64 secs = e.isString() ? e.toString().toLongLong() : qint64(e.toDouble(3600));
                m_tokenExpiresMs = m_clock->monotonicMs() + secs * 1000;
                r = m_token;
            } else if (a.status == 429 || a.status == 408 || a.status >= 500
                || o.value(QStringLiteral("error")).toString() == u"temporarily_unavailable") {
                r = Error { gcperr::Server, QStringLiteral("the token endpoint failed (HTTP %1)").arg(a.status) };
                again = true;
            } else if (a.status != 200) {
                // invalid_grant and friends: a wrong or revoked key, or a clock far off. Not retried.
                r = Error { gcperr::Auth,
                    QStringLiteral("GCP refused the service-account key: %1: %2")
                        .arg(o.value(QStringLiteral("error")).toString(),
                            o.value(QStringLiteral("error_description")).toString()) };
            }
            if (!r && again && attempt + 1 < m_config.maxAttempts)
                return after(backoffMs(attempt), [request, attempt] { (*request)(attempt + 1); });
            if (!r)
                qCWarning(lcGcp).noquote() << "token:" << r.error().message;
            *request = nullptr;
            finish(r);
        });
    };
    (*request)(0);
}

void GcpClient::send(
    const Call &call, QPointer<QObject> context, bool hasContext, int attempt, bool refreshed, Done<QJsonObject> done)
{
    accessToken(this, [=, this](Result<QString> token) {
        if (hasContext && !context)
            return;
        if (!token)
            return done(token.error());
        QUrl url = m_config.computeUrl;
        QString base = url.path();
        while (base.endsWith(u'/'))
            base.chop(1);
        url.setPath(QStringLiteral("%1/compute/v1/projects/%2/%3").arg(base, m_account.projectId, call.path));
        if (!call.query.isEmpty())
            url.setQuery(call.query);
        HttpRequestSpec spec;
        spec.method = call.method;
        spec.url = url;
        spec.headers = { { "Authorization", "Bearer " + token->toUtf8() }, { "Accept", "application/json" } };
        if (call.body) {
            spec.body = QJsonDocument(*call.body).toJson(QJsonDocument::Compact);
            spec.contentType = "application/json";
        }
        spec.transferTimeoutMs = m_config.transferTimeoutMs;
        spec.totalTimeoutMs = m_config.totalTimeoutMs;
        httpExchange(m_nam, spec, this, [=, this](HttpAnswer a) {
            if (hasContext && !context)
                return;
            Result<QJsonObject> r = QJsonObject {};
            if (a.failure != HttpAnswer::Failure::None)
                r = transportError(a);
            else if (a.status >= 200 && a.status < 300) {
                QJsonParseError pe;
                const QJsonDocument doc = QJsonDocument::fromJson(a.body, &pe);
                if (!doc.isObject())
                    r = Error { gcperr::BadResponse,
                        QStringLiteral("GCP answered with malformed JSON: %1").arg(pe.errorString()) };
                else
                    r = doc.object();
            } else
                r = googleError(a.status, a.body);
            if (!r && r.error().httpStatus == 401 && !refreshed) {
                // An expired or revoked token: one new token, then the call once more.
                m_token.clear();
                return send(call, context, hasContext, attempt, true, done);
            }
            if (!r && retryable(r.error().code) && attempt + 1 < m_config.maxAttempts) {
                const qint64 wait = backoffMs(attempt);
                qCInfo(lcGcp).noquote() << call.method << call.path << "failed (" << r.error().code << "), retry in"
                                        << wait << "ms";
                return after(wait, [=, this] { send(call, context, hasContext, attempt + 1, refreshed, done); });
            }
            if (!r && r.error().code == gcperr::NotFound)
                qCDebug(lcGcp).noquote() << call.method << call.path << "-> not found"; // often the answer sought
            else if (!r)
                qCWarning(lcGcp).noquote() << call.method << call.path << "->" << r.error().code << r.error().message;
            done(r);
        });
    });
}

void GcpClient::operation(const QString &zone, const QJsonObject &op, Done<QJsonObject> done)
{
    const qint64 deadline = m_clock->monotonicMs() + m_config.operationDeadlineMs;
    auto poll = std::make_shared<std::function<void(QJsonObject)>>();
    *poll = [=, this](QJsonObject current) {
        // Ending the loop destroys this very closure: keep what is needed on the stack first.
        const Done<QJsonObject> finish = done;
        if (current.value(QStringLiteral("status")).toString() == u"DONE") {
            *poll = nullptr;
            if (current.value(QStringLiteral("error")).toObject().value(QStringLiteral("errors")).toArray().isEmpty())
                return finish(current);
            return finish(operationError(current));
        }
        if (m_clock->monotonicMs() > deadline) {
            *poll = nullptr;
            return finish(Error { gcperr::Timeout,
                QStringLiteral("operation %1 not done in time")
                    .arg(current.value(QStringLiteral("name")).toString()) });
        }
        after(m_config.operationPollMs, [=, this] {
            Call c;
            c.path
                = QStringLiteral("zones/%1/operations/%2").arg(zone, current.value(QStringLiteral("name")).toString());
            send(c, nullptr, false, 0, false, [=](Result<QJsonObject> r) {
                if (!r) {
                    if (retryable(r.error().code))
                        return (*poll)(current); // the operation goes on; ask again
                    *poll = nullptr;
                    return done(r.error());
                }
                (*poll)(*r);
            });
        });
    };
    (*poll)(op);
}

QJsonObject GcpClient::insertBody(const GcpVmSpec &spec, const QString &zone)
{
    QJsonObject scheduling;
    if (spec.spot)
        scheduling = { { QStringLiteral("provisioningModel"), QStringLiteral("SPOT") },
            { QStringLiteral("instanceTerminationAction"), QStringLiteral("STOP") },
            { QStringLiteral("automaticRestart"), false },
            { QStringLiteral("onHostMaintenance"), QStringLiteral("TERMINATE") } };
    else
        scheduling = { { QStringLiteral("provisioningModel"), QStringLiteral("STANDARD") } };
    QJsonArray metadata;
    if (!spec.sshPublicKey.isEmpty())
        metadata.append(QJsonObject { { QStringLiteral("key"), QStringLiteral("ssh-keys") },
            { QStringLiteral("value"), QStringLiteral("%1:%2").arg(spec.sshUser, spec.sshPublicKey.trimmed()) } });
    if (!spec.startupScript.isEmpty())
        metadata.append(QJsonObject { { QStringLiteral("key"), QStringLiteral("startup-script") },
            { QStringLiteral("value"), spec.startupScript } });
    return {
        { QStringLiteral("name"), spec.name },
        { QStringLiteral("machineType"), QStringLiteral("zones/%1/machineTypes/%2").arg(zone, spec.machineType) },
        { QStringLiteral("scheduling"), scheduling },
        { QStringLiteral("disks"),
            QJsonArray { QJsonObject { { QStringLiteral("boot"), true }, { QStringLiteral("autoDelete"), true },
                { QStringLiteral("type"), QStringLiteral("PERSISTENT") },
                { QStringLiteral("initializeParams"),
                    QJsonObject { { QStringLiteral("sourceImage"), spec.sourceImage },
                        // int64 fields travel as JSON strings
                        { QStringLiteral("diskSizeGb"), QString::number(spec.diskGb) },
                        { QStringLiteral("diskType"),
                            QStringLiteral("zones/%1/diskTypes/pd-balanced").arg(zone) } } } } } },
        { QStringLiteral("networkInterfaces"),
            QJsonArray { QJsonObject { { QStringLiteral("network"), QStringLiteral("global/networks/default") },
                { QStringLiteral("accessConfigs"),
                    QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("ONE_TO_ONE_NAT") },
                        { QStringLiteral("name"), QStringLiteral("External NAT") },
                        { QStringLiteral("networkTier"), QStringLiteral("PREMIUM") } } } } } } },
        { QStringLiteral("metadata"), QJsonObject { { QStringLiteral("items"), metadata } } },
        { QStringLiteral("labels"), spec.labels },
    };
}

GcpVm GcpClient::parseVm(const QJsonObject &o)
{
    GcpVm v;
    v.name = o.value(QStringLiteral("name")).toString();
    v.zone = o.value(QStringLiteral("zone")).toString().section(u'/', -1); // compare by trailing name
    v.id = o.value(QStringLiteral("id")).toVariant().toString(); // uint64 as a string
    v.status = o.value(QStringLiteral("status")).toString();
    v.statusMessage = o.value(QStringLiteral("statusMessage")).toString();
    v.natIp = o.value(QStringLiteral("networkInterfaces"))
                  .toArray()
                  .first()
                  .toObject()
                  .value(QStringLiteral("accessConfigs"))
                  .toArray()
                  .first()
                  .toObject()
                  .value(QStringLiteral("natIP"))
                  .toString();
    v.spot = o.value(QStringLiteral("scheduling")).toObject().value(QStringLiteral("provisioningModel")).toString()
        == u"SPOT";
    v.labels = o.value(QStringLiteral("labels")).toObject();
    for (const QJsonValue &item :
        o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("items")).toArray()) {
        // Only the simulator sets this: where a simulated VM's sshd really listens.
        if (item.toObject().value(QStringLiteral("key")).toString() == u"gpufailover-sim-ssh-port")
            v.sshPort = item.toObject().value(QStringLiteral("value")).toString().toInt();
    }
    return v;
}

void GcpClient::createVm(const GcpVmSpec &spec, const QStringList &zones, QObject *context, Done<GcpVm> done)
{
    if (zones.isEmpty())
        return done(Error { gcperr::NoCapacity, QStringLiteral("no zone is allowed") });
    createIn(spec, zones, 0, QUuid::createUuid().toString(QUuid::WithoutBraces), context, context != nullptr,
        std::move(done));
}

void GcpClient::createIn(GcpVmSpec spec, QStringList zones, int index, QString requestId, QPointer<QObject> context,
    bool hasContext, Done<GcpVm> done)
{
    const QString zone = zones.at(index);
    Call c;
    c.method = "POST";
    c.path = QStringLiteral("zones/%1/instances").arg(zone);
    c.query.addQueryItem(QStringLiteral("requestId"), requestId); // a retried insert is the same insert
    c.body = insertBody(spec, zone);
    send(c, context, hasContext, 0, false, [=, this](Result<QJsonObject> op) {
        if (!op)
            return done(op.error());
        operation(zone, *op, [=, this](Result<QJsonObject> finished) {
            if (hasContext && !context)
                return;
            if (!finished && finished.error().code == gcperr::NoCapacity && index + 1 < zones.size()) {
                qCInfo(lcGcp).noquote() << "no capacity in" << zone << "; trying" << zones.at(index + 1);
                return createIn(spec, zones, index + 1, QUuid::createUuid().toString(QUuid::WithoutBraces), context,
                    hasContext, done);
            }
            if (!finished)
                return done(finished.error());
            getVm(zone, spec.name, this, [done, zone](Result<std::optional<GcpVm>> vm) {
                if (!vm)
                    return done(vm.error());
                if (!vm->has_value())
                    return done(Error { gcperr::NotFound, QStringLiteral("the new VM vanished from %1").arg(zone) });
                done(**vm);
            });
        });
    });
}

void GcpClient::getVm(const QString &zone, const QString &name, QObject *context, Done<std::optional<GcpVm>> done)
{
    Call c;
    c.path = QStringLiteral("zones/%1/instances/%2").arg(zone, name);
    send(c, context, context != nullptr, 0, false, [done](Result<QJsonObject> r) {
        if (!r && r.error().code == gcperr::NotFound)
            return done(std::optional<GcpVm>());
        if (!r)
            return done(r.error());
        done(std::optional<GcpVm>(parseVm(*r)));
    });
}

void GcpClient::listVms(
    const QString &zone, const QString &labelKey, const QString &labelValue, QObject *context, Done<QList<GcpVm>> done)
{
    auto acc = std::make_shared<QList<GcpVm>>();
    auto page = std::make_shared<std::function<void(QString)>>();
    QPointer<QObject> ctx(context);
    *page = [=, this](QString token) {
        Call c;
        c.path = QStringLiteral("zones/%1/instances").arg(zone);
        if (!labelKey.isEmpty())
            c.query.addQueryItem(QStringLiteral("filter"), QStringLiteral("labels.%1 = %2").arg(labelKey, labelValue));
        if (!token.isEmpty())
            c.query.addQueryItem(QStringLiteral("pageToken"), token);
        send(c, ctx, context != nullptr, 0, false, [=](Result<QJsonObject> r) {
            if (!r) {
                *page = nullptr;
                return done(r.error());
            }
            // An empty list has no "items" at all.
            for (const QJsonValue &v : r->value(QStringLiteral("items")).toArray())
                acc->append(parseVm(v.toObject()));
            const QString next = r->value(QStringLiteral("nextPageToken")).toString();
            if (!next.isEmpty())
                return (*page)(next);
            *page = nullptr;
            done(*acc);
        });
    };
    (*page)({});
}

void GcpClient::mutate(const QString &zone, const QString &name, const QByteArray &method, const QString &verb,
    QObject *context, Done<Unit> done)
{
    Call c;
    c.method = method;
    c.path = QStringLiteral("zones/%1/instances/%2%3").arg(zone, name, verb.isEmpty() ? QString() : u'/' + verb);
    c.query.addQueryItem(QStringLiteral("requestId"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    QPointer<QObject> ctx(context);
    const bool hasContext = context != nullptr;
    send(c, ctx, hasContext, 0, false, [=, this](Result<QJsonObject> op) {
        if (!op)
            return done(op.error());
        operation(zone, *op, [=](Result<QJsonObject> finished) {
            if (hasContext && !ctx)
                return;
            if (!finished)
                return done(finished.error());
            done(Unit {});
        });
    });
}

void GcpClient::startVm(const QString &zone, const QString &name, QObject *context, Done<Unit> done)
{
    mutate(zone, name, "POST", QStringLiteral("start"), context, std::move(done));
}

void GcpClient::stopVm(const QString &zone, const QString &name, QObject *context, Done<Unit> done)
{
    mutate(zone, name, "POST", QStringLiteral("stop"), context, std::move(done));
}

void GcpClient::deleteVm(const QString &zone, const QString &name, QObject *context, Done<Unit> done)
{
    mutate(zone, name, "DELETE", {}, context, [done](Result<Unit> r) {
        if (!r && r.error().code == gcperr::NotFound)
            return done(Unit {}); // already gone
        done(r);
    });
}

void GcpClient::wasPreempted(const QString &zone, const QString &name, QObject *context, Done<bool> done)
{
    Call c;
    c.path = QStringLiteral("zones/%1/operations").arg(zone);
    c.query.addQueryItem(QStringLiteral("filter"), QStringLiteral("operationType=\"compute.instances.preempted\""));
    send(c, context, context != nullptr, 0, false, [done, name](Result<QJsonObject> r) {
        if (!r)
            return done(r.error());
        for (const QJsonValue &op : r->value(QStringLiteral("items")).toArray()) {
            const QJsonObject o = op.toObject();
            if (o.value(QStringLiteral("operationType")).toString() == u"compute.instances.preempted"
                && o.value(QStringLiteral("targetLink")).toString().section(u'/', -1) == name)
                return done(true);
        }
        done(false);
    });
}

} // namespace gpufailover
