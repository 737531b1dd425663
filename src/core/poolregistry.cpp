#include "core/poolregistry.h"

#include "core/cpustandby.h"
#include "core/hostlossrecovery.h"
#include "core/journal.h"
#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

namespace gpufailover {

PoolRegistry::PoolRegistry(WarmPool::Services services, QString configDir, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_dir(QDir(configDir).filePath(QStringLiteral("pools")))
{ }

PoolRegistry::~PoolRegistry() = default;

bool PoolRegistry::isValidId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"));
    return re.match(id).hasMatch();
}

QString PoolRegistry::fileOf(const QString &id) const
{
    return QDir(m_dir).filePath(id + QStringLiteral(".json"));
}

WarmPool *PoolRegistry::find(const QString &id) const
{
    for (WarmPool *p : m_order) {
        if (p->config().id == id)
            return p;
    }
    return nullptr;
}

QStringList PoolRegistry::loadAll()
{
    QStringList problems;
    for (const QString &name : QDir(m_dir).entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        QFile f(QDir(m_dir).filePath(name));
        QJsonParseError e {};
        const QJsonDocument doc
            = f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll(), &e) : QJsonDocument();
        if (!doc.isObject()) {
            problems << QStringLiteral("%1: not a pool configuration").arg(name);
            continue;
        }
        const auto created = create(PoolConfig::fromJson(doc.object()), true);
        if (!created)
            problems << QStringLiteral("%1: %2").arg(name, created.error().message);
    }
    return problems;
}

Result<WarmPool *> PoolRegistry::create(const PoolConfig &config, bool start, std::optional<qint64> machine)
{
    if (!isValidId(config.id))
        return Error { QStringLiteral("invalid_id"), QStringLiteral("pool ids are 1-64 letters, digits, - or _") };
    if (find(config.id))
        return Error { QStringLiteral("exists"), QStringLiteral("a pool named %1 exists already").arg(config.id) };
    if (config.minGpus < 2 || config.volumeSizeGb < 1 || config.image.isEmpty())
        return Error { QStringLiteral("invalid_config"),
            QStringLiteral("a warm pool needs min_gpus >= 2, a volume and an image") };
    if (!save(config))
        return Error { QStringLiteral("io_error"), QStringLiteral("cannot save %1").arg(fileOf(config.id)) };
    auto pool = std::make_unique<WarmPool>(config, m_services);
    WarmPool *raw = pool.get();
    m_owned.emplace(config.id, std::move(pool));
    m_order.append(raw);
    m_services.journal->append(config.id, QStringLiteral("pool_created"), config.toJson());
    Q_EMIT poolAdded(raw);
    if (start)
        raw->start(machine);
    if (raw->teardownInterrupted()) {
        // Finished once the caller has attached the pool's tiers, so their VMs go with it.
        QMetaObject::invokeMethod(
            this,
            [this, id = config.id] {
                if (!find(id))
                    return;
                qCWarning(lcCore) << "pool" << id << "was being destroyed when the engine stopped; finishing";
                destroy(id, [id](Status s) {
                    if (!s)
                        qCWarning(lcCore).noquote()
                            << "pool" << id << "could not be destroyed yet:" << s.error().message;
                });
            },
            Qt::QueuedConnection);
    }
    return raw;
}

bool PoolRegistry::save(const PoolConfig &config) const
{
    QDir().mkpath(m_dir);
    QSaveFile f(fileOf(config.id));
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(config.toJson()).toJson()) >= 0 && f.commit();
}

void PoolRegistry::applyTimings(const WarmPool::Timings &timings)
{
    for (WarmPool *pool : std::as_const(m_order)) {
        pool->setTimings(timings);
        if (m_owned.count(pool->config().id) > 0 && !save(pool->config()))
            qCWarning(lcCore) << "cannot save the configuration of pool" << pool->config().id;
    }
}

bool PoolRegistry::setWarmPoolEnabled(const QString &id, bool enabled)
{
    WarmPool *pool = find(id);
    if (!pool)
        return false;
    pool->setWarmPoolEnabled(enabled);
    return m_owned.count(id) == 0 || save(pool->config());
}

void PoolRegistry::attachSnapshots(const QString &poolId, SnapshotService *snapshots)
{
    m_snapshots.insert(poolId, snapshots);
    Q_EMIT snapshotsAttached(poolId, snapshots);
}

void PoolRegistry::attachCpuStandby(const QString &poolId, CpuStandby *standby)
{
    m_cpu.insert(poolId, standby);
    linkTiers(poolId);
    Q_EMIT cpuStandbyAttached(poolId, standby);
}

void PoolRegistry::attachRecovery(const QString &poolId, HostLossRecovery *recovery)
{
    m_recovery.insert(poolId, recovery);
    linkTiers(poolId);
    Q_EMIT recoveryAttached(poolId, recovery);
}

// A lost host is rebuilt by one tier, from the newer of the CPU standby's copy and the verified
// snapshot: each must know the other, whichever was attached first (tiers are built when their
// keys are saved, in any order). Unlinked, both would rebuild, the older data first.
void PoolRegistry::linkTiers(const QString &poolId)
{
    HostLossRecovery *recovery = m_recovery.value(poolId);
    SnapshotService *snapshots = m_snapshots.value(poolId);
    CpuStandby *cpu = m_cpu.value(poolId);
    if (recovery && snapshots && cpu)
        restoreFromTheNewer(*recovery, *snapshots, *cpu);
}

void PoolRegistry::adopt(WarmPool *pool)
{
    if (!find(pool->config().id)) {
        m_order.append(pool);
        Q_EMIT poolAdded(pool);
    }
}

void PoolRegistry::destroy(const QString &id, std::function<void(Status)> done)
{
    WarmPool *pool = find(id);
    if (!pool)
        return done(Error { QStringLiteral("no_pool"), QStringLiteral("no pool named %1").arg(id) });
    // The instances and volume first, then the CPU standby's VM; the configuration goes last, so a
    // destroy cut short (an error, a crash) is simply asked again.
    pool->teardown(this, [this, id, done](Status s) {
        if (!s)
            return done(s);
        CpuStandby *cpu = m_cpu.value(id);
        if (!cpu)
            return forget(id, done);
        cpu->teardown(this, [this, id, done](Status vm) {
            if (!vm)
                return done(vm);
            forget(id, done);
        });
    });
}

PoolRegistry::Teardown PoolRegistry::teardownOf(const QString &id) const
{
    Teardown t { { QStringLiteral("instances"), QStringLiteral("volume") }, {} };
    if (const WarmPool *p = find(id); p && !p->record().leftVolumes.isEmpty())
        t.deleted << QStringLiteral("volumes_left_on_lost_hosts");
    if (m_cpu.value(id))
        t.deleted << QStringLiteral("cpu_standby_vm");
    // The snapshot repository is the last copy of the data: never deleted with the pool.
    if (m_snapshots.value(id))
        t.kept << QStringLiteral("snapshot_repository");
    return t;
}

void PoolRegistry::forget(const QString &id, const std::function<void(Status)> &done)
{
    QFile::remove(fileOf(id));
    WarmPool *p = find(id);
    m_order.removeAll(p);
    const Teardown teardown = teardownOf(id);
    m_snapshots.remove(id);
    m_cpu.remove(id);
    m_hibernation.remove(id);
    m_recovery.remove(id);
    m_services.journal->append(id, QStringLiteral("pool_destroyed"),
        { { QStringLiteral("deleted"), QJsonArray::fromStringList(teardown.deleted) },
            { QStringLiteral("kept"), QJsonArray::fromStringList(teardown.kept) } });
    Q_EMIT poolRemoved(id);
    // Not deleted while its own callback runs.
    if (auto it = m_owned.find(id); it != m_owned.end()) {
        it->second.release()->deleteLater();
        m_owned.erase(it);
    }
    done(okStatus());
}

} // namespace gpufailover
