#include "core/snapshotservice.h"

#include "core/clock.h"
#include "core/journal.h"
#include "core/logging.h"
#include "core/warmpool.h"

#include <QJsonArray>

namespace gpufailover {

SnapshotService::SnapshotService(WarmPool *pool, SnapshotBackend *backend, CloudProvider *cloud, Journal *journal,
    Clock *clock, SnapshotPolicy policy, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
    , m_backend(backend)
    , m_cloud(cloud)
    , m_journal(journal)
    , m_clock(clock)
    , m_policy(policy)
{
    m_timer = m_clock->createTimer(this);
    connect(m_timer.get(), &ClockTimer::timeout, this, &SnapshotService::snapshotNow);
}

SnapshotService::~SnapshotService() = default;

void SnapshotService::start()
{
    m_timer->start(m_policy.intervalMs);
}

void SnapshotService::stop()
{
    m_timer->stop();
}

void SnapshotService::withPrimary(std::function<void(const SshEndpoint &, qint64)> run)
{
    if (m_busy || m_pool->state() != WarmPool::State::Active || !m_pool->record().primaryId)
        return; // no holder right now (failover, degraded): the next round will try again
    m_busy = true;
    const qint64 generation = m_pool->record().generation;
    m_cloud->instance(
        m_pool->record().primaryId, this, [this, generation, run](Result<std::optional<CloudInstance>> r) {
            if (!r || !r->has_value() || !(*r)->ssh) {
                m_busy = false;
                return;
            }
            run(*(*r)->ssh, generation);
        });
}

void SnapshotService::snapshotNow()
{
    const QString poolId = m_pool->config().id;
    withPrimary([this, poolId](const SshEndpoint &host, qint64 generation) {
        const auto step = m_journal->beginStep(
            poolId, QStringLiteral("snapshot"), { { QStringLiteral("generation"), double(generation) } });
        const QStringList tags { QStringLiteral("pool=%1").arg(poolId),
            QStringLiteral("generation=%1").arg(generation) };
        m_backend->take(host, generation, tags, this, [this, step, poolId](Result<SnapshotBackend::Taken> t) {
            m_busy = false;
            if (!t) {
                if (step)
                    m_journal->endStep(*step, false, { { QStringLiteral("error"), t.error().message } });
                Q_EMIT alert(QStringLiteral("snapshot_failed"), t.error().message);
                return;
            }
            if (step)
                m_journal->endStep(*step, true,
                    { { QStringLiteral("snapshot_id"), t->snapshotId },
                        { QStringLiteral("bytes_added"), double(t->bytesAdded) },
                        { QStringLiteral("files"), double(t->filesInManifest) },
                        { QStringLiteral("incomplete"), t->incomplete } });
            if (t->incomplete)
                Q_EMIT alert(QStringLiteral("snapshot_incomplete"),
                    QStringLiteral("snapshot %1 is incomplete: some files could not be read").arg(t->snapshotId));
            m_lastSnapshot = m_clock->now();
            ++m_taken;
            Q_EMIT snapshotTaken(*t);
            if (m_policy.drillEvery > 0 && m_taken % m_policy.drillEvery == 0)
                drillNow();
        });
    });
}

void SnapshotService::drillNow()
{
    const QString poolId = m_pool->config().id;
    const std::optional<QDateTime> point = m_lastSnapshot;
    withPrimary([this, poolId, point](const SshEndpoint &host, qint64) {
        const auto step = m_journal->beginStep(poolId, QStringLiteral("restore_drill"), {});
        m_backend->drill(host, this, [this, step, point](Result<SnapshotBackend::Drill> d) {
            m_busy = false;
            const bool ok = d && d->verified;
            if (step)
                m_journal->endStep(*step, ok,
                    d ? QJsonObject { { QStringLiteral("files_verified"), double(d->filesVerified) },
                        { QStringLiteral("files_grown"), double(d->filesGrown) },
                        { QStringLiteral("bad"), QJsonArray::fromStringList(d->bad.mid(0, 20)) },
                        { QStringLiteral("detail"), d->detail } }
                      : QJsonObject { { QStringLiteral("error"), d.error().message } });
            if (!ok) {
                // Loud: the newest snapshot cannot be trusted.
                Q_EMIT alert(QStringLiteral("drill_failed"), d ? d->detail : d.error().message);
                if (d)
                    Q_EMIT drillFinished(*d);
                return;
            }
            m_lastVerified = point.value_or(m_clock->now());
            Q_EMIT drillFinished(*d);
        });
    });
}

} // namespace gpufailover
