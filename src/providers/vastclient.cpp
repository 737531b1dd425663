#include "providers/vastclient.h"
#include "core/numbers.h"

#include "core/clock.h"
#include "providers/httpexchange.h"
#include "providers/providerslogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <cmath>

namespace gpufailover {

struct PendingCall
{
    VastClient::Call call;
    VastClient::Done<VastClient::Response> done;
    QPointer<QObject> context;
    bool hasContext = false;
    int attempt = 0;
};

namespace {

// Wraps a callback so it is dropped when its context object is gone.
template <typename T> VastClient::Done<T> guard(QObject *context, VastClient::Done<T> done)
{
    QPointer<QObject> ptr(context);
    const bool hasContext = context != nullptr;
    return [ptr, hasContext, done = std::move(done)](Result<T> r) {
        if (hasContext && !ptr)
            return;
        done(std::move(r));
    };
}

Error httpError(int status, const QByteArray &body)
{
    const vast::ApiErrorBody e = vast::parseErrorBody(body);
    const QString detail = e.message.isEmpty() ? e.error : e.message;
    Error err;
    err.httpStatus = status;
    if (status == 401 || status == 403 || e.error == u"auth_error") {
        err.code = vasterr::Auth;
        err.message = QStringLiteral("Vast.ai rejected the API key (HTTP %1): %2").arg(status).arg(detail);
    } else if (e.error == u"no_such_ask") {
        err.code = vasterr::OfferGone;
        err.message = QStringLiteral("the offer is no longer available: %1").arg(detail);
    } else if (status == 429) {
        err.code = vasterr::RateLimited;
        err.message = QStringLiteral("Vast.ai rate limit: %1").arg(detail);
    } else if (e.error == u"deprecated_endpoint") {
        err.code = vasterr::Deprecated;
        err.message = detail;
    } else if (status == 404 || status == 410 || e.error.startsWith(u"no_such") || e.error == u"not_found") {
        err.code = vasterr::NotFound;
        err.message = detail.isEmpty() ? QStringLiteral("not found") : detail;
    } else if (status == 411 || status == 402 || e.error == u"missing_billing"
        || detail.contains(QLatin1StringView("credit"))) {
        err.code = vasterr::Credit;
        err.message = detail;
    } else if (status == 400) {
        err.code = vasterr::InvalidArgs;
        err.message = QStringLiteral("Vast.ai refused the request: %1").arg(detail);
    } else if (status >= 500) {
        err.code = vasterr::Server;
        err.message = QStringLiteral("Vast.ai server error (HTTP %1)%2")
                          .arg(status)
                          .arg(detail.isEmpty() ? QString() : u": " + detail);
    } else {
        err.code = vasterr::Http;
        err.message = QStringLiteral("unexpected HTTP %1: %2").arg(status).arg(detail);
    }
    return err;
}

bool isRetryable(const Error &e, bool idempotent)
{
    if (e.code == vasterr::RateLimited)
        return true; // a 429 was not processed: safe for any request
    if (!idempotent)
        return false;
    return e.code == vasterr::Server || e.code == vasterr::Timeout || e.code == vasterr::Network;
}

QString endpointName(VastClient::Endpoint e)
{
    static const char *names[] = { "search", "create", "show", "list", "manage", "destroy", "volumes", "ssh", "user" };
    return QString::fromLatin1(names[int(e)]);
}

} // namespace

QJsonObject CreateInstanceRequest::toJson() const
{
    QJsonObject o {
        { QStringLiteral("client_id"), QStringLiteral("me") },
        { QStringLiteral("image"), image },
        { QStringLiteral("disk"), diskGb },
        { QStringLiteral("label"), label },
        { QStringLiteral("runtype"), runtype },
        { QStringLiteral("target_state"), targetState },
        { QStringLiteral("env"), env },
    };
    if (!onstart.isEmpty())
        o.insert(QStringLiteral("onstart"), onstart);
    if (bidPrice)
        o.insert(QStringLiteral("price"), *bidPrice);
    // The API's own default: true for on-demand with target running, false for bids.
    o.insert(QStringLiteral("cancel_unavail"), cancelUnavail.value_or(!bidPrice && targetState == u"running"));
    if (volume) {
        QJsonObject v { { QStringLiteral("create_new"), volume->createNew },
            { QStringLiteral("volume_id"), double(volume->id) }, { QStringLiteral("mount_path"), volume->mountPath } };
        if (volume->createNew) {
            v.insert(QStringLiteral("size"), volume->sizeGb);
            if (!volume->name.isEmpty())
                v.insert(QStringLiteral("name"), volume->name);
        }
        o.insert(QStringLiteral("volume_info"), v);
    }
    return o;
}

VastClient::VastClient(QNetworkAccessManager *nam, Clock *clock, VastClientConfig config, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_clock(clock)
    , m_config(std::move(config))
    , m_rng(m_config.jitterSeed ? m_config.jitterSeed : QRandomGenerator::system()->generate())
{
    // Defaults well below the published per-endpoint limits, in clock ms.
    m_minIntervalMs = { { int(Endpoint::Search), 500 }, { int(Endpoint::Create), 1000 }, { int(Endpoint::Show), 100 },
        { int(Endpoint::List), 200 }, { int(Endpoint::Manage), 200 }, { int(Endpoint::Destroy), 300 },
        { int(Endpoint::Volumes), 500 }, { int(Endpoint::Ssh), 200 }, { int(Endpoint::User), 200 } };
}

VastClient::~VastClient() = default;

void VastClient::afterMs(qint64 ms, std::function<void()> fn)
{
    if (ms <= 0) {
        QMetaObject::invokeMethod(this, std::move(fn), Qt::QueuedConnection);
        return;
    }
    m_clock->singleShot(ms, this, std::move(fn));
}

qint64 VastClient::reserveSlot(Endpoint endpoint)
{
    const qint64 now = m_clock->monotonicMs();
    const qint64 slot = qMax(now, m_nextSlot.value(int(endpoint), 0));
    m_nextSlot[int(endpoint)] = slot + m_minIntervalMs.value(int(endpoint), 0);
    return slot - now;
}

qint64 VastClient::backoffMs(int attempt)
{
    const double raw = double(m_config.backoffBaseMs) * std::pow(m_config.backoffFactor, attempt);
    const double capped = std::min(raw, double(m_config.backoffCapMs));
    // Jitter between 50 % and 100 % so many clients that failed together do not retry together.
    return qint64(capped * (0.5 + 0.5 * m_rng.generateDouble()));
}

void VastClient::send(const Call &call, QObject *context, Done<Response> done)
{
    auto pending = std::make_shared<PendingCall>();
    pending->call = call;
    pending->done = std::move(done);
    pending->context = context;
    pending->hasContext = context != nullptr;
    if (m_apiKey.isEmpty()) {
        finish(pending, Error { vasterr::NoApiKey, QStringLiteral("no Vast.ai API key is configured") });
        return;
    }
    afterMs(reserveSlot(call.endpoint), [this, pending] { attempt(pending); });
}

void VastClient::attempt(std::shared_ptr<PendingCall> pending)
{
    if (pending->hasContext && !pending->context)
        return;
    const Call &call = pending->call;
    QUrl url = m_config.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + call.path);
    if (!call.query.isEmpty())
        url.setQuery(call.query);
    HttpRequestSpec spec;
    spec.method = call.method;
    spec.url = url;
    spec.headers = { { "Authorization", "Bearer " + m_apiKey.toUtf8() }, { "Accept", "application/json" } };
    if (call.body) {
        spec.body = QJsonDocument(*call.body).toJson(QJsonDocument::Compact);
        spec.contentType = "application/json";
    }
    spec.transferTimeoutMs = m_config.transferTimeoutMs;
    spec.totalTimeoutMs = m_config.totalTimeoutMs;
    if (pending->call.maxBody <= 0)
        pending->call.maxBody = m_config.maxBodyBytes;
    spec.maxBodyBytes = pending->call.maxBody;
    ++m_requestsSent;
    httpExchange(m_nam, spec, this, [this, pending](HttpAnswer a) {
        Result<Response> result = Response {};
        if (a.failure == HttpAnswer::Failure::TooLarge)
            result = Error { vasterr::TooLarge, QStringLiteral("Vast.ai answer larger than the limit; ignored") };
        else if (a.failure == HttpAnswer::Failure::Timeout)
            result = Error { vasterr::Timeout, QStringLiteral("Vast.ai did not answer in time") };
        else if (a.failure == HttpAnswer::Failure::Network)
            result = Error { vasterr::Network, QStringLiteral("cannot reach Vast.ai: %1").arg(a.detail) };
        else if (a.status >= 200 && a.status < 300)
            result = Response { a.status, a.body };
        else
            result = httpError(a.status, a.body);
        if (!result.ok() && isRetryable(result.error(), pending->call.idempotent)
            && pending->attempt + 1 < m_config.maxAttempts) {
            const qint64 wait = backoffMs(pending->attempt);
            ++pending->attempt;
            qCInfo(lcVast).noquote() << pending->call.method << endpointName(pending->call.endpoint) << "failed ("
                                     << result.error().code << "), retry" << pending->attempt << "in" << wait << "ms";
            afterMs(wait, [this, pending] { attempt(pending); });
            return;
        }
        if (!result.ok())
            qCWarning(lcVast).noquote() << pending->call.method << pending->call.path << "->" << result.error().code
                                        << result.error().message;
        finish(pending, std::move(result));
    });
}

void VastClient::finish(std::shared_ptr<PendingCall> pending, Result<Response> result)
{
    if (pending->hasContext && !pending->context)
        return;
    // Always from the event loop, never from inside the caller's own call.
    QMetaObject::invokeMethod(
        this, [pending, result = std::move(result)] { pending->done(result); }, Qt::QueuedConnection);
}

void VastClient::simpleCall(const Call &call, QObject *context, Done<Unit> done, bool goneIsOk)
{
    send(call, context, [done = guard(context, std::move(done)), goneIsOk](Result<Response> r) {
        if (r.ok()) {
            const auto obj = vast::parseObject(r->body);
            // Some endpoints answer 200 with {"success": false, ...}: only then is it an error body.
            if (obj && obj->value(QStringLiteral("success")).isBool()
                && !obj->value(QStringLiteral("success")).toBool()) {
                if (goneIsOk && vast::parseErrorBody(r->body).error.startsWith(u"no_such"))
                    return done(Unit {});
                return done(httpError(r->status, r->body));
            }
            return done(Unit {});
        }
        if (goneIsOk && r.error().code == vasterr::NotFound)
            return done(Unit {});
        done(r.error());
    });
}

void VastClient::searchOffers(const vast::OfferQuery &query, QObject *context, Done<QList<GpuOffer>> done)
{
    Call call { "POST", QStringLiteral("/api/v0/bundles/"), {}, query.toJson(), Endpoint::Search, true,
        m_config.maxSearchBodyBytes };
    send(call, context, [query, done = guard(context, std::move(done))](Result<Response> r) {
        if (!r)
            return done(r.error());
        vast::ParseReport report;
        auto offers = vast::parseOffers(r->body, &report);
        if (!offers)
            return done(offers.error());
        if (report.dropped)
            qCWarning(lcVast) << "ignored" << report.dropped << "malformed offers, e.g." << report.problems.value(0);
        QList<GpuOffer> kept;
        kept.reserve(offers->size());
        for (const GpuOffer &o : *offers) {
            if (query.matches(o))
                kept.append(o);
        }
        done(kept);
    });
}

void VastClient::searchHosts(const vast::OfferQuery &query, QObject *context, Done<QList<HostGroup>> done)
{
    searchOffers(query, context, [done = std::move(done)](Result<QList<GpuOffer>> r) {
        if (!r)
            return done(r.error());
        done(vast::groupByMachine(*r));
    });
}

void VastClient::createInstance(
    qint64 offerId, const CreateInstanceRequest &request, QObject *context, Done<qint64> done)
{
    if (request.label.isEmpty()) {
        QMetaObject::invokeMethod(
            this,
            [done] {
                done(Error { vasterr::InvalidArgs, QStringLiteral("every created instance needs a unique label") });
            },
            Qt::QueuedConnection);
        return;
    }
    createAttempt(offerId, request, 0, context, context != nullptr, std::move(done));
}

void VastClient::createAttempt(qint64 offerId, CreateInstanceRequest request, int attempt, QPointer<QObject> context,
    bool hasContext, Done<qint64> done)
{
    Call call { "PUT", QStringLiteral("/api/v0/asks/%1/").arg(offerId), {}, request.toJson(), Endpoint::Create, false,
        0 };
    send(call, context, [=, this](Result<Response> r) {
        if (hasContext && !context)
            return;
        qint64 createdId = 0;
        std::optional<Error> err;
        if (r.ok()) {
            const auto obj = vast::parseObject(r->body);
            createdId = obj && obj->value(QStringLiteral("success")).toBool(true)
                ? saturatingCast<qint64>(obj->value(QStringLiteral("new_contract")).toDouble())
                : 0;
            if (createdId <= 0)
                err = Error { vasterr::BadResponse,
                    QStringLiteral("create answered without an instance id: %1")
                        .arg(vast::parseErrorBody(r->body).message) };
        } else {
            err = r.error();
        }
        if (!err && createdId <= 0)
            err = Error { vasterr::BadResponse, QStringLiteral("create answered without an instance id") };
        // A definite refusal: the API said no to this request, though it may still have left a
        // stopped instance behind (a low bid answers an error *and* creates one).
        const bool refused = err
            && (err->code == vasterr::InvalidArgs || err->code == vasterr::Credit || err->code == vasterr::Auth
                || err->code == vasterr::Http || err->code == vasterr::NoApiKey);
        if (err && (err->code == vasterr::Auth || err->code == vasterr::NoApiKey))
            return done(*err);
        // Create is not idempotent, and the transport may resend a request whose connection
        // dropped (Qt does, even for PUT), so the label is the truth: whatever the answer, list
        // the instances with our label and keep exactly one.
        listInstances(
            this,
            [=, this](Result<QList<CloudInstance>> found) {
                if (hasContext && !context)
                    return;
                if (!found) {
                    if (!err && createdId > 0)
                        return done(createdId); // the create itself was clean
                    return done(Error { err->code,
                        err->message + QStringLiteral("; and checking whether it was created failed: ")
                            + found.error().message,
                        err->httpStatus });
                }
                QList<qint64> ours;
                for (const CloudInstance &i : *found) {
                    if (i.label == request.label)
                        ours.append(i.id);
                }
                std::sort(ours.begin(), ours.end());
                qint64 keep = 0;
                if (!refused) {
                    keep = createdId > 0 && ours.contains(createdId) ? createdId : ours.value(0, createdId);
                }
                for (qint64 id : std::as_const(ours)) {
                    if (id != keep) {
                        qCWarning(lcVast) << "instance" << id << "with label" << request.label
                                          << "is a duplicate or a leftover; destroying it";
                        destroyInstance(id, this, [](Result<Unit>) {});
                    }
                }
                if (keep > 0) {
                    if (err)
                        qCInfo(lcVast) << "create of" << request.label << "looked failed (" << err->code
                                       << ") but instance" << keep << "exists";
                    return done(keep);
                }
                const bool ambiguous = err->code == vasterr::Timeout || err->code == vasterr::Network
                    || err->code == vasterr::Server || err->code == vasterr::TooLarge
                    || err->code == vasterr::BadResponse || err->code == vasterr::RateLimited;
                if (ambiguous && attempt + 1 < m_config.maxAttempts) {
                    afterMs(backoffMs(attempt),
                        [=, this] { createAttempt(offerId, request, attempt + 1, context, hasContext, done); });
                    return;
                }
                done(*err);
            },
            request.label);
    });
}

void VastClient::showInstance(qint64 id, QObject *context, Done<std::optional<CloudInstance>> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("owner"), QStringLiteral("me"));
    Call call { "GET", QStringLiteral("/api/v0/instances/%1/").arg(id), q, std::nullopt, Endpoint::Show, true, 0 };
    send(call, context, [done = guard(context, std::move(done))](Result<Response> r) {
        if (!r) {
            if (r.error().code == vasterr::NotFound)
                return done(std::optional<CloudInstance>());
            return done(r.error());
        }
        done(vast::parseShowInstance(r->body));
    });
}

void VastClient::listInstances(QObject *context, Done<QList<CloudInstance>> done, const QString &labelEquals)
{
    listPage({}, {}, labelEquals, context, context != nullptr, std::move(done));
}

void VastClient::listPage(QString after, QList<CloudInstance> acc, QString labelEquals, QPointer<QObject> context,
    bool hasContext, Done<QList<CloudInstance>> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("25"));
    q.addQueryItem(QStringLiteral("order_by"), QStringLiteral(R"([{"col":"id","dir":"asc"}])"));
    if (!after.isEmpty())
        q.addQueryItem(QStringLiteral("after_token"), after);
    if (!labelEquals.isEmpty()) {
        const QJsonObject filter { { QStringLiteral("label"), QJsonObject { { QStringLiteral("eq"), labelEquals } } } };
        q.addQueryItem(
            QStringLiteral("select_filters"), QString::fromUtf8(QJsonDocument(filter).toJson(QJsonDocument::Compact)));
    }
    Call call { "GET", QStringLiteral("/api/v1/instances/"), q, std::nullopt, Endpoint::List, true, 0 };
    send(call, context, [=, this](Result<Response> r) mutable {
        if (hasContext && !context)
            return;
        if (!r)
            return done(r.error());
        vast::ParseReport report;
        auto page = vast::parseInstancePage(r->body, &report);
        if (!page)
            return done(page.error());
        // A listing that silently drops rows is how duplicates get launched.
        if (report.dropped)
            return done(Error { vasterr::BadResponse,
                QStringLiteral("instance list had %1 unreadable rows: %2")
                    .arg(report.dropped)
                    .arg(report.problems.value(0)) });
        acc.append(page->instances);
        if (page->nextToken.isEmpty() || page->instances.isEmpty())
            return done(acc);
        if (acc.size() > 100000)
            return done(Error { vasterr::BadResponse, QStringLiteral("instance list does not end") });
        listPage(page->nextToken, std::move(acc), labelEquals, context, hasContext, std::move(done));
    });
}

void VastClient::findByLabel(const QString &label, QObject *context, Done<std::optional<CloudInstance>> done)
{
    listInstances(
        context,
        [label, done = std::move(done)](Result<QList<CloudInstance>> r) {
            if (!r)
                return done(r.error());
            for (const CloudInstance &i : *r) {
                if (i.label == label) // re-check: the server-side filter is a hint
                    return done(std::optional<CloudInstance>(i));
            }
            done(std::optional<CloudInstance>());
        },
        label);
}

void VastClient::startInstance(qint64 id, QObject *context, Done<Unit> done)
{
    simpleCall({ "PUT", QStringLiteral("/api/v0/instances/%1/").arg(id), {},
                   QJsonObject { { QStringLiteral("state"), QStringLiteral("running") } }, Endpoint::Manage, true, 0 },
        context, std::move(done));
}

void VastClient::stopInstance(qint64 id, QObject *context, Done<Unit> done)
{
    simpleCall({ "PUT", QStringLiteral("/api/v0/instances/%1/").arg(id), {},
                   QJsonObject { { QStringLiteral("state"), QStringLiteral("stopped") } }, Endpoint::Manage, true, 0 },
        context, std::move(done));
}

void VastClient::rebootInstance(qint64 id, QObject *context, Done<Unit> done)
{
    simpleCall({ "PUT", QStringLiteral("/api/v0/instances/reboot/%1/").arg(id), {}, QJsonObject {}, Endpoint::Manage,
                   true, 0 },
        context, std::move(done));
}

void VastClient::destroyInstance(qint64 id, QObject *context, Done<Unit> done)
{
    simpleCall(
        { "DELETE", QStringLiteral("/api/v0/instances/%1/").arg(id), {}, QJsonObject {}, Endpoint::Destroy, true, 0 },
        context, std::move(done), true);
}

void VastClient::attachSshKey(qint64 id, const QString &publicKey, QObject *context, Done<Unit> done)
{
    simpleCall({ "POST", QStringLiteral("/api/v0/instances/%1/ssh/").arg(id), {},
                   QJsonObject { { QStringLiteral("ssh_key"), publicKey } }, Endpoint::Ssh, true, 0 },
        context, std::move(done));
}

void VastClient::ensureAccountKey(const QString &publicKey, QObject *context, Done<qint64> done)
{
    // "type base64" alone: the comment may differ, or be dropped by the provider.
    const QString material = publicKey.trimmed().section(u' ', 0, 1);
    if (material.count(u' ') != 1)
        return done(Error { vasterr::InvalidArgs, QStringLiteral("not an OpenSSH public key") });
    send({ "GET", QStringLiteral("/api/v0/ssh/"), {}, std::nullopt, Endpoint::Ssh, true, 0 }, context,
        [this, context, material, publicKey, done = guard(context, std::move(done))](Result<Response> r) mutable {
            if (!r)
                return done(r.error());
            const QJsonDocument doc = QJsonDocument::fromJson(r->body);
            if (!doc.isArray())
                return done(Error { vasterr::BadResponse, QStringLiteral("the account's SSH keys are not a list") });
            for (const QJsonValue &v : doc.array()) {
                const QJsonObject k = v.toObject();
                const QString key
                    = k.value(QStringLiteral("key")).toString(k.value(QStringLiteral("public_key")).toString());
                if (key.trimmed().section(u' ', 0, 1) == material && k.value(QStringLiteral("deleted_at")).isNull())
                    return done(qint64(k.value(QStringLiteral("id")).toDouble()));
            }
            send({ "POST", QStringLiteral("/api/v0/ssh/"), {},
                     QJsonObject { { QStringLiteral("ssh_key"), publicKey.trimmed() } }, Endpoint::Ssh, false, 0 },
                context, [done = std::move(done)](Result<Response> added) {
                    if (!added)
                        return done(added.error());
                    const auto obj = vast::parseObject(added->body);
                    const double id
                        = obj ? obj->value(QStringLiteral("key")).toObject().value(QStringLiteral("id")).toDouble() : 0;
                    if (!obj || !obj->value(QStringLiteral("success")).toBool() || id <= 0)
                        return done(httpError(added->status, added->body));
                    done(qint64(id));
                });
        });
}

void VastClient::removeAccountKey(const QString &publicKey, QObject *context, Done<int> done)
{
    const QString material = publicKey.trimmed().section(u' ', 0, 1);
    if (material.count(u' ') != 1)
        return done(Error { vasterr::InvalidArgs, QStringLiteral("not an OpenSSH public key") });
    send({ "GET", QStringLiteral("/api/v0/ssh/"), {}, std::nullopt, Endpoint::Ssh, true, 0 }, context,
        [this, context, material, done = guard(context, std::move(done))](Result<Response> r) mutable {
            if (!r)
                return done(r.error());
            const QJsonDocument doc = QJsonDocument::fromJson(r->body);
            if (!doc.isArray())
                return done(Error { vasterr::BadResponse, QStringLiteral("the account's SSH keys are not a list") });
            QList<qint64> ids;
            for (const QJsonValue &v : doc.array()) {
                const QJsonObject k = v.toObject();
                const QString key
                    = k.value(QStringLiteral("key")).toString(k.value(QStringLiteral("public_key")).toString());
                const qint64 id = qint64(k.value(QStringLiteral("id")).toDouble());
                if (key.trimmed().section(u' ', 0, 1) == material && k.value(QStringLiteral("deleted_at")).isNull()
                    && id > 0)
                    ids.append(id);
            }
            deleteAccountKeys(ids, 0, context, std::move(done));
        });
}

void VastClient::deleteAccountKeys(QList<qint64> ids, int index, QObject *context, Done<int> done)
{
    if (index == ids.size())
        return done(int(ids.size()));
    // A key already gone is what was asked for.
    simpleCall(
        { "DELETE", QStringLiteral("/api/v0/ssh/%1/").arg(ids.at(index)), {}, std::nullopt, Endpoint::Ssh, false, 0 },
        context,
        [this, ids, index, context, done = std::move(done)](Result<Unit> r) mutable {
            if (!r)
                return done(r.error());
            deleteAccountKeys(ids, index + 1, context, std::move(done));
        },
        true);
}

void VastClient::searchVolumeOffers(std::optional<qint64> machineId, QObject *context, Done<QList<VolumeOffer>> done)
{
    QJsonObject q { { QStringLiteral("verified"), QJsonObject { { QStringLiteral("eq"), true } } },
        { QStringLiteral("external"), QJsonObject { { QStringLiteral("eq"), false } } },
        { QStringLiteral("disk_space"), QJsonObject { { QStringLiteral("gte"), 1 } } },
        { QStringLiteral("allocated_storage"), 1 }, { QStringLiteral("limit"), 64 } };
    if (machineId)
        q.insert(QStringLiteral("machine_id"), QJsonObject { { QStringLiteral("eq"), double(*machineId) } });
    send({ "POST", QStringLiteral("/api/v0/volumes/search/"), {}, q, Endpoint::Volumes, true, 0 }, context,
        [machineId, done = guard(context, std::move(done))](Result<Response> r) {
            if (!r)
                return done(r.error());
            auto offers = vast::parseVolumeOffers(r->body);
            if (!offers)
                return done(offers.error());
            QList<VolumeOffer> kept;
            for (const VolumeOffer &o : *offers) {
                if (!machineId || o.machineId == *machineId)
                    kept.append(o);
            }
            done(kept);
        });
}

void VastClient::createVolume(
    qint64 volumeOfferId, int sizeGb, const QString &name, QObject *context, Done<qint64> done)
{
    QJsonObject body { { QStringLiteral("id"), double(volumeOfferId) }, { QStringLiteral("size"), sizeGb } };
    if (!name.isEmpty())
        body.insert(QStringLiteral("name"), name);
    // Not idempotent: a retry could rent a second volume.
    send({ "PUT", QStringLiteral("/api/v0/volumes/"), {}, body, Endpoint::Volumes, false, 0 }, context,
        [done = guard(context, std::move(done))](Result<Response> r) {
            if (!r)
                return done(r.error());
            const auto obj = vast::parseObject(r->body);
            if (!obj)
                return done(obj.error());
            const QString volumeName = obj->value(QStringLiteral("volume_name")).toString();
            bool ok = false;
            const qint64 id = volumeName.startsWith(u"V.") ? volumeName.mid(2).toLongLong(&ok) : 0;
            if (!obj->value(QStringLiteral("success")).toBool(true) || !ok || id <= 0)
                return done(httpError(r->status, r->body).code == vasterr::Http
                        ? Error { vasterr::BadResponse, QStringLiteral("volume create answered without a volume name") }
                        : httpError(r->status, r->body));
            done(id);
        });
}

void VastClient::listVolumes(QObject *context, Done<QList<CloudVolume>> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("owner"), QStringLiteral("me"));
    q.addQueryItem(QStringLiteral("type"), QStringLiteral("all_volume"));
    send({ "GET", QStringLiteral("/api/v0/volumes/"), q, std::nullopt, Endpoint::Volumes, true, 0 }, context,
        [done = guard(context, std::move(done))](Result<Response> r) {
            if (!r)
                return done(r.error());
            done(vast::parseVolumes(r->body));
        });
}

void VastClient::deleteVolume(qint64 id, QObject *context, Done<Unit> done)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("id"), QString::number(id));
    simpleCall({ "DELETE", QStringLiteral("/api/v0/volumes/"), q, QJsonObject { { QStringLiteral("id"), double(id) } },
                   Endpoint::Volumes, true, 0 },
        context, std::move(done), true);
}

void VastClient::currentUser(QObject *context, Done<AccountInfo> done)
{
    send({ "GET", QStringLiteral("/api/v0/users/current/"), {}, std::nullopt, Endpoint::User, true, 0 }, context,
        [done = guard(context, std::move(done))](Result<Response> r) {
            if (!r)
                return done(r.error());
            done(vast::parseAccount(r->body));
        });
}

} // namespace gpufailover
