#pragma once

#include "core/clock.h"
#include "core/cpustandby.h"
#include "core/hibernation.h"
#include "core/poolconfig.h"
#include "core/result.h"
#include "core/snapshotservice.h"
#include "engine/enginehost.h"
#include "engine/vastsshstack.h"
#include "sim/simmarket.h"

#include <QObject>
#include <QString>

#include <memory>

namespace gpufailover {

class CloudProvider;
class InstanceAccess;
class Journal;
class SimRealHosts;
class SimServer;
class GcpClient;
class GcpStandbyVm;
class GenerationSync;
class HostLossRecovery;
class RsyncStandbyCopier;
class ResticSnapshotBackend;
class S3TestServer;
class WarmPool;

// A whole working setup on one machine: the simulated cloud over real HTTP, real sshd hosts behind
// its instances, the real Vast client and SSH layer, a journal, and one warm pool. Used by the
// demo, the scenarios, the warm-pool integration tests and the benchmarks.
class DemoWorld final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString dir; // everything lives below (journal, hosts, logs); must exist
        double timeScale = 20; // simulated seconds per real second
        SimOptions sim; // market; by default a small hand-built one (see below)
        bool buildMarket = true; // machines 801 (2× RTX 4090), 802 (4× RTX 4090), 803 (1× RTX 3090)
        // ...or 811, 812, 813 with one RTX 4090 each: no room anywhere for a warm pair.
        bool singleGpuMarket = false;
        PoolConfig pool;
        // Snapshots to a real S3 server on loopback (s3rver), restore drills and host-loss recovery.
        bool snapshots = false;
        SnapshotPolicy snapshotPolicy;
        qint64 recoveryRetryMs = 300000;
        // A CPU standby on the simulated GCP (a Spot VM backed by a real test host), synced from
        // the primary, taking over when the GPU is lost.
        bool cpuStandby = false;
        CpuStandby::Options cpuOptions;
        QStringList gcpZones { QStringLiteral("us-central1-a"), QStringLiteral("us-central1-b") };
        Hibernation::Options hibernation; // off unless enabled
    };

    static Result<std::unique_ptr<DemoWorld>> create(Options options);
    // The demo of the programs: a fresh world in <dataDir>/demo-world with one pool, "demo", and
    // snapshots when an S3 server can run here.
    static Result<std::unique_ptr<DemoWorld>> createForDemo(const QString &dataDir, double timeScale);
    ~DemoWorld() override;

    SystemClock &clock(); // the simulated time, which tests and the soak may skew or put to sleep
    SimServer &sim() { return *m_sim; }
    SimMarket &market();
    SimRealHosts &hosts() { return *m_realHosts; }
    WarmPool &pool() { return *m_pool; }
    Journal &journal() { return *m_journal; }
    // Null unless Options::snapshots.
    SnapshotService *snapshots() { return m_snapshots.get(); }
    HostLossRecovery *recovery() { return m_recovery.get(); }
    S3TestServer *objectStore() { return m_s3.get(); }
    CpuStandby *cpuStandby() { return m_cpu.get(); } // null unless Options::cpuStandby
    Hibernation &hibernation() { return *m_hibernation; }
    VastClient &vast() { return m_stack->vast(); }
    RemoteShell &shell() { return m_stack->shell(); }
    CloudProvider &cloud();
    InstanceAccess &access();
    const Options &options() const { return m_options; }
    QString ackLogPath() const;
    QString volumeLogPath() const; // /workspace/writes.log of the pool's volume, as seen from outside
    // The pool as the engine adopts it (--demo): costs sampled every simulated minute.
    EngineHost::Fixture fixture();
    // Starts the pool, and its snapshots when the world has them.
    void start();
    // Recreates the engine on the same journal, as a restart after kill -9 would.
    void restartEngine();

private:
    DemoWorld() = default;

    Options m_options;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<SimServer> m_sim;
    std::unique_ptr<SimRealHosts> m_realHosts;
    std::unique_ptr<VastSshStack> m_stack;
    std::unique_ptr<Journal> m_journal;
    std::unique_ptr<WarmPool> m_pool;
    std::unique_ptr<S3TestServer> m_s3;
    std::unique_ptr<ResticSnapshotBackend> m_snapshotBackend;
    std::unique_ptr<SnapshotService> m_snapshots;
    std::unique_ptr<HostLossRecovery> m_recovery;
    std::unique_ptr<GcpClient> m_gcp;
    std::unique_ptr<GcpStandbyVm> m_cpuVm;
    std::unique_ptr<GenerationSync> m_generationSync;
    std::unique_ptr<RsyncStandbyCopier> m_copier;
    std::unique_ptr<CpuStandby> m_cpu;
    std::unique_ptr<Hibernation> m_hibernation;
};

} // namespace gpufailover
