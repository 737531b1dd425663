// The desktop app's dashboard under fifty pools: the longest event-loop stall while the
// pools update and three of them fail over, and the process's CPU and memory when nothing
// happens, with and without the dashboard polling the engine.
// Run: build/default/bench/dashboard_bench [--quick]   (offscreen; no root needed)
#include "core/poolregistry.h"
#include "core/warmpool.h"
#include "demo/fleetworld.h"
#include "gui/enginelink.h"
#include "gui/mainwindow.h"
#include "gui/stallmeter.h"
#include "sim/simmarket.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <sys/resource.h>

#include <cstdio>
#include <functional>

using namespace gpufailover;

namespace {

double cpuSeconds()
{
    rusage u {};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long rssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    return -1;
}

void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool runUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        runFor(20);
    return done();
}

// CPU share of one core over `ms` of idle running.
double idleCpu(int ms)
{
    const double before = cpuSeconds();
    QElapsedTimer t;
    t.start();
    runFor(ms);
    return 100.0 * (cpuSeconds() - before) / (double(t.elapsed()) / 1000.0);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    const int pools = 50;
    const int idleMs = quick ? 5000 : 20000;
    QTemporaryDir dir;
    auto world = FleetWorld::create({ dir.path(), pools, 20 });
    if (!world) {
        std::fprintf(stderr, "dashboard_bench: %s\n", qPrintable(world.error().message));
        return 1;
    }
    (*world)->start();
    EngineLink link((*world)->apiPort(), (*world)->apiToken());
    MainWindow window;
    QObject::connect(&link, &EngineLink::poolsChanged, &window, &MainWindow::setPools);
    QObject::connect(&link, &EngineLink::costsChanged, &window, &MainWindow::setCosts);
    QObject::connect(&link, &EngineLink::eventsArrived, &window, &MainWindow::addEvents);
    window.show();
    const long rssBefore = rssKiB();
    StallMeter stalls;
    stalls.start();
    link.start(2000); // the app's polling interval
    QElapsedTimer t;
    t.start();
    const auto allActive = [&] {
        for (WarmPool *p : (*world)->pools().pools())
            if (p->state() != WarmPool::State::Active)
                return false;
        return (*world)->pools().pools().size() == pools;
    };
    if (!runUntil(allActive, 180000)) {
        std::fprintf(stderr, "dashboard_bench: the pools did not all become active\n");
        return 1;
    }
    const qint64 provisionedMs = t.elapsed();
    for (const char *victim : { "pool-07", "pool-23", "pool-41" })
        (*world)->market().killInstance((*world)->pools().find(QString::fromLatin1(victim))->record().primaryId);
    runUntil(
        [&] {
            int done = 0;
            for (const char *victim : { "pool-07", "pool-23", "pool-41" }) {
                WarmPool *p = (*world)->pools().find(QString::fromLatin1(victim));
                done += p->record().failovers == 1 && p->state() == WarmPool::State::Active;
            }
            return done == 3;
        },
        180000);
    runFor(3000); // the dashboard's next polls show the outcome
    stalls.stop();

    // Alternating, so the engine's own variation (its probes at x20) averages out of the difference.
    double cpuWithGui = 0, cpuEngineOnly = 0;
    const int rounds = 3;
    for (int i = 0; i < rounds; ++i) {
        link.start(2000);
        cpuWithGui += idleCpu(idleMs / rounds) / rounds;
        link.stop();
        cpuEngineOnly += idleCpu(idleMs / rounds) / rounds;
    }
    const long rssWithGui = rssKiB();

    std::printf("dashboard_bench: %d pools on the simulated cloud (x20), offscreen, polling every 2 s\n", pools);
    std::printf("  all pools active after                %8.1f s\n", double(provisionedMs) / 1000.0);
    std::printf(
        "  event-loop stalls while updating      longest %lld ms, p99 %lld ms, p50 %lld ms (%zu ticks of 5 ms)\n",
        stalls.longestMs(), stalls.percentileMs(99), stalls.percentileMs(50), stalls.ticks());
    std::printf("  idle CPU, engine + dashboard          %8.1f %% of one core\n", cpuWithGui);
    std::printf("  idle CPU, engine alone                %8.1f %% of one core\n", cpuEngineOnly);
    std::printf("  idle CPU, the dashboard's share       %8.1f %% of one core\n", cpuWithGui - cpuEngineOnly);
    std::printf("  resident memory                       %8.1f MiB (%.1f MiB before the dashboard's first poll)\n",
        double(rssWithGui) / 1024.0, double(rssBefore) / 1024.0);
    return 0;
}
