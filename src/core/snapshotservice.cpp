#include "core/snapshotservice.h"

#include "core/clock.h"
#include "core/journal.h"
#include "core/logging.h"
#include "core/warmpool.h"

#include <QJsonArray>

namespace gpufailover {
namespace {
const QString kStateKind = QStringLiteral("snapshot_state");

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}
QDateTime fromIso(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}
} // namespace

QJsonObject SnapshotService::State::toJson() const
{
    QJsonObject o { { QStringLiteral("last_snapshot_id"), lastSnapshotId },
        { QStringLiteral("last_snapshot_at"), iso(lastSnapshotAt) },
        { QStringLiteral("last_snapshot_incomplete"), lastSnapshotIncomplete },
        { QStringLiteral("verified_snapshot_id"), verifiedSnapshotId },
        { QStringLiteral("verified_at"), iso(verifiedAt) }, { QStringLiteral("verified_files"), double(verifiedFiles) },
        { QStringLiteral("repository_bytes"), double(repositoryBytes) },
        { QStringLiteral("last_bytes_uploaded"), double(lastBytesUploaded) },
        { QStringLiteral("bytes_uploaded_total"), double(bytesUploadedTotal) },
        { QStringLiteral("snapshots_taken"), snapshotsTaken }, { QStringLiteral("snapshots_failed"), snapshotsFailed },
        { QStringLiteral("checks_done"), checksDone }, { QStringLiteral("last_prune_at"), iso(lastPruneAt) } };
    if (repositoryHealthy)
        o.insert(QStringLiteral("repository_healthy"), *repositoryHealthy);
    return o;
}

SnapshotService::State SnapshotService::State::fromJson(const QJsonObject &o)
{
    State s;
    s.lastSnapshotId = o.value(QStringLiteral("last_snapshot_id")).toString();
    s.lastSnapshotAt = fromIso(o.value(QStringLiteral("last_snapshot_at")));
    s.lastSnapshotIncomplete = o.value(QStringLiteral("last_snapshot_incomplete")).toBool();
    s.verifiedSnapshotId = o.value(QStringLiteral("verified_snapshot_id")).toString();
    s.verifiedAt = fromIso(o.value(QStringLiteral("verified_at")));
    s.verifiedFiles = qint64(o.value(QStringLiteral("verified_files")).toDouble());
    s.repositoryBytes = qint64(o.value(QStringLiteral("repository_bytes")).toDouble(-1));
    s.lastBytesUploaded = qint64(o.value(QStringLiteral("last_bytes_uploaded")).toDouble());
    s.bytesUploadedTotal = qint64(o.value(QStringLiteral("bytes_uploaded_total")).toDouble());
    s.snapshotsTaken = o.value(QStringLiteral("snapshots_taken")).toInt();
    s.snapshotsFailed = o.value(QStringLiteral("snapshots_failed")).toInt();
    s.checksDone = o.value(QStringLiteral("checks_done")).toInt();
    s.lastPruneAt = fromIso(o.value(QStringLiteral("last_prune_at")));
    if (o.value(QStringLiteral("repository_healthy")).isBool())
        s.repositoryHealthy = o.value(QStringLiteral("repository_healthy")).toBool();
    return s;
}

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
    if (const auto last = m_journal->newest(m_pool->config().id, kStateKind))
        m_state = State::fromJson(last->data);
}

SnapshotService::~SnapshotService() = default;

std::optional<QDateTime> SnapshotService::lastSnapshot() const
{
    return m_state.lastSnapshotAt.isValid() ? std::optional(m_state.lastSnapshotAt) : std::nullopt;
}

std::optional<QDateTime> SnapshotService::lastVerifiedRestorePoint() const
{
    return m_state.verifiedAt.isValid() ? std::optional(m_state.verifiedAt) : std::nullopt;
}

void SnapshotService::start()
{
    m_timer->start(m_policy.intervalMs);
}

void SnapshotService::stop()
{
    m_timer->stop();
}

void SnapshotService::saveState()
{
    m_journal->append(m_pool->config().id, kStateKind, m_state.toJson());
}

void SnapshotService::withPrimary(std::function<void(const SshEndpoint &, qint64)> run)
{
    if (m_busy || m_pool->state() != WarmPool::State::Active || !m_pool->record().primaryId)
        return; // no holder right now (failover, degraded), or still busy: the next round tries again
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
        const QDateTime startedAt = m_clock->now();
        m_backend->take(host, generation, tags, this, [=, this](Result<SnapshotBackend::Taken> t) {
            if (!t) {
                if (step)
                    m_journal->endStep(*step, false,
                        { { QStringLiteral("error"), t.error().message }, { QStringLiteral("code"), t.error().code } });
                ++m_state.snapshotsFailed;
                saveState();
                m_busy = false;
                // One attempt per round, whatever the error (wrong credentials included): no retry storm.
                const bool refused = t.error().code == u"credentials" || t.error().code == u"wrong_password";
                Q_EMIT alert(refused                         ? QStringLiteral("snapshot_credentials")
                        : t.error().code == u"lock_conflict" ? QStringLiteral("snapshot_lock_conflict")
                                                             : QStringLiteral("snapshot_failed"),
                    t.error().message);
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
                    QStringLiteral("snapshot %1 is incomplete: some files could not be read (%2)")
                        .arg(t->snapshotId, t->detail));
            // The restore point is when the snapshot started: later writes are not in it.
            m_state.lastSnapshotId = t->snapshotId;
            m_state.lastSnapshotAt = startedAt;
            m_state.lastSnapshotIncomplete = t->incomplete;
            m_state.lastBytesUploaded = t->bytesAdded;
            m_state.bytesUploadedTotal += t->bytesAdded;
            ++m_state.snapshotsTaken;
            saveState();
            Q_EMIT snapshotTaken(*t);
            maintainAfterSnapshot(host);
        });
    });
}

QString SnapshotService::nextCheckSubset() const
{
    const int subsets = qMax(1, m_policy.checkSubsets);
    return QStringLiteral("%1/%2").arg(m_state.checksDone % subsets + 1).arg(subsets);
}

void SnapshotService::maintainAfterSnapshot(const SshEndpoint &host)
{
    SnapshotBackend::Maintenance what { m_policy.keepLast, m_policy.keepHourly, m_policy.keepDaily, false, {} };
    const QDateTime now = m_clock->now();
    what.prune = m_policy.pruneEveryMs > 0
        && (!m_state.lastPruneAt.isValid() || m_state.lastPruneAt.msecsTo(now) >= m_policy.pruneEveryMs);
    if (m_policy.checkEvery > 0 && m_state.snapshotsTaken % m_policy.checkEvery == 0)
        what.checkSubset = nextCheckSubset();
    maintainOn(host, what, m_policy.drillEvery > 0 && m_state.snapshotsTaken % m_policy.drillEvery == 0);
}

void SnapshotService::checkNow()
{
    withPrimary([this](const SshEndpoint &host, qint64) {
        SnapshotBackend::Maintenance what;
        what.checkSubset = nextCheckSubset();
        maintainOn(host, what, false);
    });
}

void SnapshotService::maintainOn(const SshEndpoint &host, const SnapshotBackend::Maintenance &what, bool drillAfter)
{
    const QString poolId = m_pool->config().id;
    const QDateTime now = m_clock->now();
    const auto step = m_journal->beginStep(poolId, QStringLiteral("snapshot_maintenance"),
        { { QStringLiteral("prune"), what.prune }, { QStringLiteral("check"), what.checkSubset } });
    m_backend->maintain(host, what, this, [=, this](Result<SnapshotBackend::Maintained> m) {
        if (step)
            m_journal->endStep(*step, m.ok() && (!m->checked || m->checkPassed),
                m ? QJsonObject { { QStringLiteral("check"), m->checkCode }, { QStringLiteral("detail"), m->detail },
                    { QStringLiteral("repository_bytes"), double(m->repositoryBytes) } }
                  : QJsonObject { { QStringLiteral("error"), m.error().message } });
        if (!m) {
            Q_EMIT alert(QStringLiteral("snapshot_maintenance_failed"), m.error().message);
        } else {
            if (m->repositoryBytes >= 0)
                m_state.repositoryBytes = m->repositoryBytes;
            if (what.prune)
                m_state.lastPruneAt = now;
            if (m->checked) {
                ++m_state.checksDone;
                m_state.repositoryHealthy = m->checkPassed;
                if (!m->checkPassed)
                    Q_EMIT alert(QStringLiteral("repository_unhealthy"), m->detail);
            } else if (m->checkCode == u"lock_conflict") {
                // Someone else holds the lock: reported, never broken, no verdict on health.
                Q_EMIT alert(QStringLiteral("snapshot_lock_conflict"), m->detail);
            }
            saveState();
            Q_EMIT maintained(*m);
        }
        if (drillAfter)
            return drillOn(host);
        m_busy = false;
    });
}

void SnapshotService::drillNow()
{
    withPrimary([this](const SshEndpoint &host, qint64) { drillOn(host); });
}

void SnapshotService::drillOn(const SshEndpoint &host)
{
    const QString poolId = m_pool->config().id;
    const QString snapshotId = m_state.lastSnapshotId;
    const QDateTime point = m_state.lastSnapshotAt;
    if (snapshotId.isEmpty()) {
        m_busy = false;
        Q_EMIT alert(QStringLiteral("drill_failed"), QStringLiteral("there is no snapshot to restore yet"));
        return;
    }
    const auto step = m_journal->beginStep(
        poolId, QStringLiteral("restore_drill"), { { QStringLiteral("snapshot_id"), snapshotId } });
    m_backend->drill(host, snapshotId, this, [=, this](Result<SnapshotBackend::Drill> d) {
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
            // Loud: the newest snapshot cannot be trusted; the verified point stays where it was.
            Q_EMIT alert(QStringLiteral("drill_failed"), d ? d->detail : d.error().message);
            if (d)
                Q_EMIT drillFinished(*d);
            return;
        }
        const qint64 files = d->filesVerified + d->filesGrown;
        if (double(files) < (1.0 - m_policy.maxDropFraction) * double(m_state.verifiedFiles)) {
            Q_EMIT alert(QStringLiteral("snapshot_shrunk"),
                QStringLiteral("snapshot %1 restores, but holds %2 files against %3 in the restore point %4: more "
                               "than %5% gone (an emptied or unmounted workspace?), so the restore point stays")
                    .arg(snapshotId)
                    .arg(files)
                    .arg(m_state.verifiedFiles)
                    .arg(m_state.verifiedSnapshotId)
                    .arg(int(m_policy.maxDropFraction * 100)));
            Q_EMIT drillFinished(*d);
            return;
        }
        m_state.verifiedSnapshotId = snapshotId;
        m_state.verifiedAt = point;
        m_state.verifiedFiles = files;
        saveState();
        Q_EMIT drillFinished(*d);
    });
}

} // namespace gpufailover
