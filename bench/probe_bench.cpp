// GPU health probe through real sshd test hosts (needs root, like the integration tests):
//  - round trip of one probe on a reused connection;
//  - throughput: all hosts probed at once, repeatedly, to see how many hosts one engine can
//    probe per second (at a 1 s interval, that is the number of hosts it can watch).
#include "remote/healthprobe.h"
#include "remote/knownhosts.h"
#include "remote/remoteshell.h"
#include "remote/sshkey.h"
#include "sim/sshtesthost.h"

#include <QDir>
#include <QEventLoop>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <chrono>

using namespace gpufailover;

namespace {

struct Hosts
{
    QTemporaryDir dir;
    SshKeyPair key = *SshKeyPair::generate();
    std::vector<std::unique_ptr<SshTestHost>> hosts;
    KnownHosts known { dir.filePath(QStringLiteral("known_hosts")) };

    explicit Hosts(int n)
    {
        for (int i = 0; i < n; ++i) {
            const QString root = dir.filePath(QStringLiteral("h%1").arg(i));
            QDir().mkpath(root);
            auto h
                = std::make_unique<SshTestHost>(SshTestHost::Options { root, {}, { key.publicKey }, 1, {}, false, {} });
            if (h->start().ok())
                hosts.push_back(std::move(h));
        }
    }
};

bool probeAll(RemoteShell &shell, Hosts &h, const QString &command = healthprobe::command(2500))
{
    int pending = int(h.hosts.size());
    bool allHealthy = true;
    QEventLoop loop;
    for (const auto &host : h.hosts) {
        ExecRequest r;
        r.command = command;
        r.timeoutMs = 5000;
        const bool isProbe = command == healthprobe::command(2500);
        shell.exec(
            { host->host(), host->port(), QStringLiteral("root") }, r, nullptr, [&, isProbe](Result<ExecResult> res) {
                allHealthy = allHealthy && (isProbe ? healthprobe::parse(res).healthy() : res.ok() && res->ok());
                if (--pending == 0)
                    loop.quit();
            });
    }
    if (pending > 0)
        loop.exec();
    return allHealthy;
}

// Connects once, then times `command` on every host per iteration, reusing the connections.
void timedRounds(benchmark::State &state, int hostCount, RemoteShell::Options options, const QString &command)
{
    QString why;
    if (!SshTestHost::supported(&why)) {
        state.SkipWithError(why.toUtf8().constData());
        return;
    }
    Hosts h(hostCount);
    RemoteShell shell(&h.known, options);
    shell.setIdentity(h.key.privateKey);
    probeAll(shell, h, command);
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        if (!probeAll(shell, h, command))
            state.SkipWithError("remote command failed");
        state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    state.SetItemsProcessed(state.iterations() * qint64(h.hosts.size()));
    state.counters["hosts"] = double(h.hosts.size());
}

} // namespace

static void BM_ProbeRoundTripReused(benchmark::State &state)
{
    timedRounds(state, 1, {}, healthprobe::command(2500));
}
BENCHMARK(BM_ProbeRoundTripReused)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The floor: an empty command on the same reused connection (SSH channel + remote shell start).
static void BM_ExecEmptyCommandReused(benchmark::State &state)
{
    timedRounds(state, 1, {}, QStringLiteral("exit 0"));
}
BENCHMARK(BM_ExecEmptyCommandReused)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(2.0);

static void BM_ProbeThroughput(benchmark::State &state)
{
    timedRounds(state, int(state.range(0)), RemoteShell::Options { 2, 32, 60000 }, healthprobe::command(2500));
}
BENCHMARK(BM_ProbeThroughput)->Arg(8)->Arg(32)->UseManualTime()->Unit(benchmark::kMillisecond)->MinTime(3.0);
