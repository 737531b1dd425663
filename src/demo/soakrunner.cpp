#include "demo/soakrunner.h"

#include "core/clock.h"
#include "core/journal.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "demo/spin.h"
#include "demo/writechecker.h"
#include "sim/simmarket.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/simvastapi.h"
#include "sim/sshtesthost.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>

namespace gpufailover {

namespace {

int countLines(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? int(f.readAll().count('\n')) : 0;
}

// Automatic failovers the engine began, from its journal (it survives the engine's restarts).
int failoversBegun(Journal &journal, const QString &pool)
{
    JournalQuery q;
    q.pool = pool;
    q.kinds = { QStringLiteral("failover") };
    q.limit = 1000;
    int n = 0;
    if (const auto r = journal.query(q))
        for (const JournalEvent &e : *r)
            n += e.phase == JournalPhase::Intent && e.data.value(QStringLiteral("automatic")).toBool();
    return n;
}

} // namespace

Result<QJsonObject> runSoak(const SoakOptions &o)
{
    QElapsedTimer wall;
    wall.start();
    const auto say = [&o](const QString &line) {
        if (o.print)
            o.print(line);
    };
    DemoWorld::Options wo;
    wo.dir = o.dir;
    wo.timeScale = o.timeScale;
    wo.sim.createMinMs = wo.sim.startMinMs = 10000;
    wo.sim.createMaxMs = wo.sim.startMaxMs = 20000;
    wo.sim.seed = o.seed;
    wo.pool.id = QStringLiteral("soak");
    wo.pool.pollIntervalMs = 500;
    // Faults come every few simulated minutes: a shorter cooldown and a higher cap than a real
    // pool's, or the storm damping (itself tested elsewhere) would pause automation mid-soak.
    wo.pool.cooldownMs = 30000;
    wo.pool.maxFailoversPerHour = 20;
    auto created = DemoWorld::create(wo);
    if (!created)
        return created.error();
    DemoWorld &w = **created;
    w.start();
    const auto ready = [&w] {
        return w.pool().state() == WarmPool::State::Active && w.pool().record().standbyId
            && w.pool().readiness() == WarmPool::Readiness::Green;
    };
    const auto letMs = [&w](qint64 ms) {
        const qint64 until = w.clock().monotonicMs() + ms;
        spin([&] { return w.clock().monotonicMs() >= until; }, 600000);
    };
    QRandomGenerator rng(o.seed);
    QJsonArray faults;
    int injectedFailures = 0;
    for (int i = 0; i < o.faults; ++i) {
        if (!spin(ready, 300000))
            return Error {
                QStringLiteral("soak"),
                QStringLiteral("seed %1: not ready for fault %2: %3").arg(o.seed).arg(i + 1).arg(w.pool().lastReason())
            };
        letMs(5000 + qint64(rng.bounded(25000)));
        const int kind = int(rng.bounded(12));
        QString name;
        const qint64 primary = w.pool().record().primaryId;
        std::unique_ptr<QObject> armed; // the context of a crash waiting for its step
        switch (kind) {
        case 0:
            name = QStringLiteral("kill");
            w.market().killInstance(primary);
            ++injectedFailures;
            break;
        case 1:
            name = QStringLiteral("hang");
            w.market().hangInstance(primary, true);
            ++injectedFailures;
            break;
        case 2:
        case 3:
        case 4: {
            static const char *const modes[] = { "503", "429", "401" };
            const int count = 5 + int(rng.bounded(20));
            name = QStringLiteral("api-%1x%2").arg(QLatin1StringView(modes[kind - 2])).arg(count);
            w.sim().vast().addFault({ QStringLiteral("*"), QString::fromLatin1(modes[kind - 2]), count, 0 });
            break;
        }
        case 5:
            name = QStringLiteral("engine-kill-9");
            w.restartEngine();
            w.start();
            break;
        case 6: {
            // The observer loses its SSH path to a healthy primary: never a failover.
            const int rounds = 3 + int(rng.bounded(6));
            name = QStringLiteral("ssh-cut-%1rounds").arg(rounds);
            if (SshTestHost *h = w.hosts().hostOf(primary); h && h->partition(true).ok()) {
                letMs(rounds * wo.pool.healthIntervalMs);
                (void)h->partition(false);
            }
            break;
        }
        case 7: {
            // The laptop sleeps: wall and boot time jump, the monotonic clock does not.
            const qint64 minutes = 1 + qint64(rng.bounded(20));
            name = QStringLiteral("sleep-%1min").arg(minutes);
            w.clock().simulateSleep(minutes * 60000);
            break;
        }
        case 9: {
            // Cut off from the provider's control plane for twice the offline grace, serving on:
            // never a failover, never a second writer.
            name = QStringLiteral("partition");
            const qint64 machine = w.pool().record().machineId;
            if (w.market().partitionHost(machine, true).ok()) {
                letMs(2 * w.pool().config().offlineGraceMs);
                (void)w.market().partitionHost(machine, false);
            }
            break;
        }
        case 10:
            // A hung primary whose stop takes twice the fence deadline: fenced late, failed
            // over to the warm standby, nothing rebuilt from an older copy.
            name = QStringLiteral("hang-slow-stop");
            w.market().slowStop(primary, 2 * w.pool().config().fenceDeadlineMs);
            w.market().hangInstance(primary, true);
            ++injectedFailures;
            break;
        case 11: {
            // The engine killed in the middle of the failover of a killed primary, at a random
            // step, right after its intent is written (the action may be on its way).
            static const char *const steps[] = { "failover", "fence", "generation", "start_standby", "promote" };
            const QString at = QString::fromLatin1(steps[rng.bounded(5)]);
            name = QStringLiteral("kill-then-kill-9-at-%1").arg(at);
            armed = std::make_unique<QObject>();
            auto fired = std::make_shared<bool>(false);
            QObject::connect(&w.journal(), &Journal::appended, armed.get(), [&w, at, fired](const JournalEvent &e) {
                if (*fired || e.kind != at || e.phase == JournalPhase::Outcome)
                    return;
                *fired = true;
                QMetaObject::invokeMethod(
                    &w.journal(),
                    [&w] {
                        w.restartEngine();
                        w.start();
                    },
                    Qt::QueuedConnection);
            });
            w.market().killInstance(primary);
            ++injectedFailures;
            break;
        }
        default: {
            // The laptop's wall clock bumped (±300 s); it stays wrong for the rest.
            const qint64 bump = (qint64(rng.bounded(601)) - 300) * 1000;
            name = QStringLiteral("clock-bump-%1s").arg(bump / 1000);
            w.clock().setWallSkewMs(bump);
            break;
        }
        }
        faults.append(name);
        say(QStringLiteral("seed %1 fault %2/%3: %4").arg(o.seed).arg(i + 1).arg(o.faults).arg(name));
        // A failure is over when the pool serves again on another primary.
        const bool failure = kind <= 1 || kind == 10 || kind == 11;
        if (failure && !spin([&] { return w.pool().record().primaryId != primary && ready(); }, 300000))
            return Error { QStringLiteral("soak"),
                QStringLiteral("seed %1: no recovery from %2: %3").arg(o.seed).arg(name, w.pool().lastReason()) };
    }
    if (!spin(ready, 300000))
        return Error { QStringLiteral("soak"),
            QStringLiteral("seed %1: not ready at the end: %2").arg(o.seed).arg(w.pool().lastReason()) };
    const int acks = countLines(w.ackLogPath());
    spin([&] { return countLines(w.ackLogPath()) >= acks + 20; }, 60000);

    const int failovers = failoversBegun(w.journal(), wo.pool.id);
    const WriteCheck c = checkWrites(w.ackLogPath(), w.volumeLogPath());
    QJsonObject r { { QStringLiteral("seed"), double(o.seed) }, { QStringLiteral("faults"), faults },
        { QStringLiteral("injected_failures"), injectedFailures }, { QStringLiteral("failovers"), failovers },
        { QStringLiteral("false_failovers"), std::max(0, failovers - injectedFailures) },
        { QStringLiteral("missed_failovers"), std::max(0, injectedFailures - failovers) },
        { QStringLiteral("writes_acknowledged"), c.acknowledged }, { QStringLiteral("writes_lost"), c.lost },
        { QStringLiteral("writers_overlapping"), c.overlapping },
        { QStringLiteral("generation"), double(w.pool().record().generation) } };
    r.insert(QStringLiteral("history_ok"), c.lost == 0 && c.overlapping == 0 && failovers == injectedFailures);
    if (!c.firstProblem.isEmpty())
        r.insert(QStringLiteral("first_problem"), c.firstProblem);
    // The evidence, for the independent checker (tools/historycheck).
    const QJsonObject evidence = keepEvidence(o.dir, w.ackLogPath(), w.volumeLogPath());
    for (auto it = evidence.constBegin(); it != evidence.constEnd(); ++it)
        r.insert(it.key(), it.value());
    r.insert(QStringLiteral("wall_s"), double(wall.elapsed()) / 1000.0);
    return r;
}

} // namespace gpufailover
