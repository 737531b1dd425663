#include "engine/snapshottier.h"

#include "core/appcontext.h"
#include "core/hostlossrecovery.h"
#include "core/keychainnames.h"
#include "core/poolregistry.h"
#include "core/secretstore.h"
#include "core/settings.h"
#include "core/snapshotservice.h"
#include "core/warmpool.h"
#include "engine/enginelogging.h"
#include "remote/resticsnapshotbackend.h"

#include <QRandomGenerator>

namespace gpufailover {

Result<SnapshotTarget> SnapshotTier::targetOf(const Settings &s, const QString &poolId)
{
    SnapshotTarget t;
    const QString kind = s.value(keys::SnapshotTarget).trimmed().toLower();
    if (kind == u"b2")
        t.kind = SnapshotTarget::Kind::B2;
    else if (kind == u"r2")
        t.kind = SnapshotTarget::Kind::R2;
    else if (kind == u"s3")
        t.kind = SnapshotTarget::Kind::S3;
    else
        return Error { QStringLiteral("invalid_target"),
            QStringLiteral("snapshots/target is \"%1\"; it must be b2, r2 or s3").arg(kind) };
    t.bucket = s.value(keys::SnapshotBucket);
    t.path = poolId;
    t.region = s.value(keys::SnapshotRegion);
    t.accountId = s.value(keys::SnapshotAccountId);
    t.endpoint = s.value(keys::SnapshotEndpoint);
    t.caCertFile = s.value(keys::SnapshotCaCert);
    return t;
}

SnapshotTier::~SnapshotTier()
{
    // Recovery and service first: they call the backend.
    for (auto &[id, parts] : m_parts) {
        parts.recovery.reset();
        parts.service.reset();
    }
}

Result<std::unique_ptr<SnapshotTier>> SnapshotTier::create(
    AppContext &context, RemoteShell *shell, CloudProvider *cloud, PoolRegistry *registry)
{
    const Settings &settings = context.settings();
    if (settings.value(keys::SnapshotTarget).trimmed().isEmpty())
        return Error { QStringLiteral("not_configured"), QStringLiteral("no snapshot target is configured") };
    // Validated once up front with a placeholder pool, so a wrong target is said at start.
    if (auto t = targetOf(settings, QStringLiteral("check")); !t)
        return t.error();
    else if (auto repo = t->repository(); !repo)
        return repo.error();
    else if (auto ca = t->caCertificate(); !ca)
        return ca.error();

    SecretStore &secrets = context.secrets();
    const auto read = [&secrets](const QString &key) {
        return SecretStore::waitFor([&](auto cb) { secrets.read(key, nullptr, cb); });
    };
    const SecretResult id = read(keychain::SnapshotAccessKeyId), secret = read(keychain::SnapshotSecretAccessKey);
    if (!id.ok() || !secret.ok())
        return Error { QStringLiteral("no_credentials"),
            QStringLiteral("the object store's keys are not in the keychain (%1, %2)")
                .arg(keychain::SnapshotAccessKeyId, keychain::SnapshotSecretAccessKey) };
    SecretResult password = read(keychain::SnapshotRepositoryPassword);
    if (password.error == SecretError::NotFound) {
        // Generated once, kept only in the keychain. Without it the snapshots cannot be read:
        // the wizard shows it so the user can write it down.
        QByteArray bytes(32, Qt::Uninitialized);
        QRandomGenerator::system()->generate(
            reinterpret_cast<quint32 *>(bytes.data()), reinterpret_cast<quint32 *>(bytes.data() + bytes.size()));
        const QString generated
            = QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        const SecretResult stored = SecretStore::waitFor(
            [&](auto cb) { secrets.write(keychain::SnapshotRepositoryPassword, generated, nullptr, cb); });
        if (!stored.ok())
            return Error { QStringLiteral("keychain"), stored.message };
        password = { SecretError::None, generated, {} };
    }
    if (!password.ok())
        return Error { QStringLiteral("keychain"), password.message };

    std::unique_ptr<SnapshotTier> tier(new SnapshotTier);
    tier->m_context = &context;
    tier->m_shell = shell;
    tier->m_cloud = cloud;
    tier->m_registry = registry;
    tier->m_accessKeyId = id.value;
    tier->m_secretAccessKey = secret.value;
    tier->m_password = password.value;
    for (WarmPool *p : registry->pools())
        tier->attach(p);
    connect(registry, &PoolRegistry::poolAdded, tier.get(), &SnapshotTier::attach);
    connect(registry, &PoolRegistry::poolRemoved, tier.get(),
        [t = tier.get()](const QString &poolId) { t->m_parts.erase(poolId); });
    return tier;
}

void SnapshotTier::attach(WarmPool *pool)
{
    const QString poolId = pool->config().id;
    const Settings &s = m_context->settings();
    const auto target = targetOf(s, poolId);
    const auto repo = target ? target->repository() : Result<QPair<QString, QString>>(target.error());
    const auto ca = target ? target->caCertificate() : Result<QByteArray>(target.error());
    if (!repo || !ca) {
        qCWarning(lcEngine).noquote() << "pool" << poolId
                                      << "has no snapshots:" << (repo ? ca.error() : repo.error()).message;
        return;
    }
    SnapshotPolicy policy;
    policy.intervalMs = qint64(s.value(keys::SnapshotIntervalMin)) * 60000;
    policy.keepLast = s.value(keys::SnapshotKeepLast);
    policy.keepDaily = s.value(keys::SnapshotKeepDaily);
    policy.pruneEveryMs = qint64(s.value(keys::SnapshotPruneEveryH)) * 3600000;
    policy.drillEvery = s.value(keys::SnapshotDrillEvery);
    Parts parts;
    parts.backend = std::make_unique<ResticSnapshotBackend>(
        m_shell, ResticRepo { repo->first, m_password, m_accessKeyId, m_secretAccessKey, repo->second, *ca });
    parts.service = std::make_unique<SnapshotService>(
        pool, parts.backend.get(), m_cloud, &m_context->journal(), &m_context->clock(), policy);
    parts.recovery
        = std::make_unique<HostLossRecovery>(pool, parts.service.get(), parts.backend.get(), &m_context->clock());
    parts.service->start();
    m_registry->attachSnapshots(poolId, parts.service.get());
    m_registry->attachRecovery(poolId, parts.recovery.get());
    m_parts[poolId] = std::move(parts);
}

} // namespace gpufailover
