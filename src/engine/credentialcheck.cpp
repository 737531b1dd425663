#include "engine/credentialcheck.h"

#include "core/appcontext.h"
#include "core/keychainnames.h"
#include "core/poolconfig.h"
#include "core/secretstore.h"
#include "core/settings.h"
#include "engine/enginelogging.h"
#include "engine/snapshottier.h"
#include "providers/gcpclient.h"
#include "providers/vastclient.h"

#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTimer>

#include <memory>

namespace gpufailover {
namespace {
constexpr int kResticTimeoutMs = 45000;

// A provider that could not be asked says nothing about the key: an outage must not stop a
// pool from being protected. Only a refusal does.
bool couldNotAsk(const QString &code)
{
    static const QStringList codes { QStringLiteral("unreachable"), QStringLiteral("network_error"),
        QStringLiteral("timeout"), QStringLiteral("server_error"), QStringLiteral("rate_limited") };
    return codes.contains(code);
}

bool given(const CredentialCheck::Keys &k)
{
    return k.vastApiKey || k.gcpServiceAccountJson || k.snapshotAccessKeyId || k.snapshotSecretAccessKey;
}
} // namespace

CredentialCheck::CredentialCheck(AppContext &context, QUrl vastUrl, QUrl gcpUrl, QObject *parent)
    : QObject(parent)
    , m_context(&context)
    , m_vastUrl(std::move(vastUrl))
    , m_gcpUrl(std::move(gcpUrl))
{ }

CredentialCheck::~CredentialCheck() = default;

void CredentialCheck::readSaved(Keys keys, std::function<void(Keys, QString)> done)
{
    struct Read
    {
        Keys keys;
        std::optional<QString> password;
        int pending = 5;
    };
    auto state = std::make_shared<Read>();
    state->keys = std::move(keys);
    // Each slot a key given has filled already keeps it.
    const auto fill = [this, state, done](const QString &name, std::optional<QString> *slot) {
        m_context->secrets().read(name, this, [state, done, slot](const SecretResult &r) {
            if (!*slot && r.ok() && !r.value.isEmpty())
                *slot = r.value;
            if (--state->pending == 0)
                done(state->keys, state->password.value_or(QString()));
        });
    };
    fill(keychain::VastApiKey, &state->keys.vastApiKey);
    fill(keychain::GcpServiceAccount, &state->keys.gcpServiceAccountJson);
    fill(keychain::SnapshotAccessKeyId, &state->keys.snapshotAccessKeyId);
    fill(keychain::SnapshotSecretAccessKey, &state->keys.snapshotSecretAccessKey);
    fill(keychain::SnapshotRepositoryPassword, &state->password);
}

void CredentialCheck::check(const Keys &asked, QObject *context, Done done)
{
    QPointer<QObject> ctx(context);
    // Keys given are checked alone; a snapshot key pair is completed with the saved half.
    const bool all = !given(asked);
    readSaved(asked, [this, asked, all, ctx, done](Keys saved, QString password) {
        if (!ctx)
            return;
        Plan plan;
        plan.vast = all || asked.vastApiKey ? saved.vastApiKey : std::nullopt;
        plan.gcp = all || asked.gcpServiceAccountJson ? saved.gcpServiceAccountJson : std::nullopt;
        plan.snapshots = all || asked.snapshotAccessKeyId || asked.snapshotSecretAccessKey;
        plan.keyId = saved.snapshotAccessKeyId;
        plan.secret = saved.snapshotSecretAccessKey;
        plan.password = password;
        run(plan, {}, ctx, done);
    });
}

void CredentialCheck::checkPool(const PoolConfig &config, QObject *context, Done done)
{
    QPointer<QObject> ctx(context);
    readSaved({}, [this, config, ctx, done](Keys saved, QString password) {
        if (!ctx)
            return;
        Plan plan;
        plan.vast = saved.vastApiKey;
        // Only the strategy with a CPU standby rents a VM: the others do not need GCP at all.
        plan.gcp = config.fallbackToCpuStandby ? saved.gcpServiceAccountJson : std::nullopt;
        plan.keyId = saved.snapshotAccessKeyId;
        plan.secret = saved.snapshotSecretAccessKey;
        plan.password = password;
        plan.poolPath = config.id;
        plan.outageIsNoRefusal = true;
        run(plan, {}, ctx, done);
    });
}

// One service after the other: the first refusal is the answer.
void CredentialCheck::run(Plan plan, QJsonObject answered, QObject *context, Done done)
{
    QPointer<QObject> ctx(context);
    const auto next = [this, plan, answered, ctx, done](const char *field, auto clear) {
        return [this, plan, answered, ctx, done, field, clear](Result<QJsonObject> r) mutable {
            if (!ctx)
                return;
            if (!r && !(plan.outageIsNoRefusal && couldNotAsk(r.error().code)))
                return done(r.error());
            answered.insert(QLatin1StringView(field),
                r ? *r
                  : QJsonObject { { QStringLiteral("ok"), false }, { QStringLiteral("checked"), false },
                      { QStringLiteral("reason"), r.error().message } });
            clear(plan);
            run(plan, answered, ctx, done);
        };
    };
    if (plan.vast) {
        const QString key = *plan.vast;
        return vast(key, context, next("vast", [](Plan &p) { p.vast.reset(); }));
    }
    if (plan.gcp) {
        const QString json = *plan.gcp;
        return gcp(json, context, next("gcp", [](Plan &p) { p.gcp.reset(); }));
    }
    const bool targetSet = !m_context->settings().value(keys::SnapshotTarget).trimmed().isEmpty();
    if (plan.snapshots && targetSet && plan.keyId && plan.secret)
        return snapshots(plan, context, next("snapshots", [](Plan &p) { p.snapshots = false; }));
    done(answered);
}

void CredentialCheck::vast(const QString &key, QObject *context, Done done)
{
    VastClientConfig config;
    config.baseUrl = m_vastUrl.isEmpty() ? QUrl(m_context->settings().value(keys::VastUrl)) : m_vastUrl;
    config.maxAttempts = 2;
    config.totalTimeoutMs = 20000;
    auto *client = new VastClient(&m_network, &m_context->clock(), config, this);
    client->setApiKey(key);
    QPointer<QObject> ctx(context);
    client->currentUser(client, [client, ctx, done](Result<AccountInfo> account) {
        client->deleteLater();
        if (!ctx)
            return;
        if (!account) {
            Error e = account.error();
            if (e.code == u"auth_error")
                e.message = QStringLiteral("Vast.ai refused the API key: %1").arg(e.message);
            return done(e);
        }
        done(QJsonObject { { QStringLiteral("ok"), true }, { QStringLiteral("email"), account->email },
            { QStringLiteral("credit"), account->credit } });
    });
}

void CredentialCheck::gcp(const QString &json, QObject *context, Done done)
{
    const auto account = GcpServiceAccount::fromJson(json.toUtf8());
    if (!account)
        return done(Error { QStringLiteral("invalid_key"),
            QStringLiteral("the GCP service-account key cannot be read: %1").arg(account.error().message) });
    GcpClientConfig config;
    config.computeUrl = m_gcpUrl.isEmpty() ? QUrl(m_context->settings().value(keys::GcpUrl)) : m_gcpUrl;
    config.maxAttempts = 2;
    config.totalTimeoutMs = 20000;
    auto *client = new GcpClient(&m_network, &m_context->clock(), config, this);
    client->setServiceAccount(*account);
    const QStringList zones = m_context->settings().value(keys::CpuZones);
    const QString zone = zones.value(0, QStringLiteral("us-central1-a"));
    QPointer<QObject> ctx(context);
    const GcpServiceAccount a = *account;
    // Listing our own VMs is the least a CPU standby needs: it proves the token and the role.
    client->listVms(zone, QStringLiteral("managed-by"), QStringLiteral("gpufailover"), client,
        [client, ctx, done, a, zone](Result<QList<GcpVm>> vms) {
            client->deleteLater();
            if (!ctx)
                return;
            if (vms)
                return done(QJsonObject { { QStringLiteral("ok"), true }, { QStringLiteral("project"), a.projectId },
                    { QStringLiteral("client_email"), a.clientEmail }, { QStringLiteral("zone"), zone } });
            const Error &e = vms.error();
            if (e.code == gcperr::Auth && e.httpStatus == 403)
                return done(Error { QStringLiteral("gcp_forbidden"),
                    QStringLiteral("the service account %1 may not use Compute Engine in project %2 (%3): give it the "
                                   "Compute Instance Admin role there, or use a key made in the project that should "
                                   "run the CPU standby")
                        .arg(a.clientEmail, a.projectId, e.message),
                    403 });
            if (e.code == gcperr::Auth)
                return done(Error { QStringLiteral("gcp_refused"),
                    QStringLiteral("GCP refused the service-account key of %1: %2").arg(a.clientEmail, e.message),
                    401 });
            done(Error { e.code, QStringLiteral("GCP could not be asked: %1").arg(e.message), e.httpStatus });
        });
}

void CredentialCheck::snapshots(const Plan &plan, QObject *context, Done done)
{
    const auto target = SnapshotTier::targetOf(m_context->settings(), plan.poolPath);
    if (!target)
        return done(target.error());
    const auto repo = target->repository();
    if (!repo)
        return done(repo.error());
    if (const auto ca = target->caCertificate(); !ca)
        return done(Error { ca.error().code, QStringLiteral("snapshots: %1").arg(ca.error().message) });
    const QString program = QStandardPaths::findExecutable(QStringLiteral("restic"));
    const QString repository = repo->first;
    if (program.isEmpty()) {
        // The hosts bring or get their own restic; only the check needs one here.
        qCWarning(lcEngine) << "restic is not installed here: the snapshot target was not checked";
        return done(QJsonObject { { QStringLiteral("ok"), true }, { QStringLiteral("checked"), false },
            { QStringLiteral("repository"), repository },
            { QStringLiteral("reason"), QStringLiteral("restic is not installed on this computer") } });
    }
    // The keys and the password only in restic's environment; `cat config` reads, never writes.
    // No region: restic then asks the store where the bucket is, and only that question tells
    // a missing bucket from a missing repository (a HEAD's 404 has no body to say which).
    ResticRepo checked { repository, plan.password, *plan.keyId, *plan.secret, {}, {} };
    if (checked.password.isEmpty()) // none yet: a repository already there is one the engine cannot open
        checked.password = QString::number(QRandomGenerator::system()->generate64(), 36);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("AWS_DEFAULT_REGION"));
    for (const auto &[name, value] : restic::environment(checked))
        env.insert(name, value);
    QStringList args { QStringLiteral("--no-cache"), QStringLiteral("cat"), QStringLiteral("config") };
    if (!target->caCertFile.isEmpty())
        args << QStringLiteral("--cacert") << target->caCertFile;
    auto *process = new QProcess(this);
    process->setProcessEnvironment(env);
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    QPointer<QObject> ctx(context);
    const QString ca = target->caCertFile;
    auto finished = std::make_shared<bool>(false);
    const auto finish = [process, ctx, done, repository, ca, finished](int code, const QString &err) {
        if (*finished)
            return;
        *finished = true;
        process->deleteLater();
        if (!ctx)
            return;
        const ResticOutcome o = restic::targetCheck(code, err, repository, ca);
        if (!o.ok)
            return done(Error { o.code, QStringLiteral("snapshots: %1").arg(o.message) });
        done(QJsonObject { { QStringLiteral("ok"), true }, { QStringLiteral("checked"), true },
            { QStringLiteral("repository"), repository }, { QStringLiteral("note"), o.message } });
    };
    connect(process, &QProcess::finished, process, [process, finish](int code, QProcess::ExitStatus status) {
        finish(status == QProcess::NormalExit ? code : -1, QString::fromUtf8(process->readAllStandardError()));
    });
    connect(process, &QProcess::errorOccurred, process, [finish](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            finish(127, QStringLiteral("restic could not be started"));
    });
    connect(timer, &QTimer::timeout, process, [process, finish] {
        process->kill();
        finish(-1, QStringLiteral("i/o timeout: the object store did not answer in %1 s").arg(kResticTimeoutMs / 1000));
    });
    process->start(program, args);
    timer->start(kResticTimeoutMs);
}

} // namespace gpufailover
