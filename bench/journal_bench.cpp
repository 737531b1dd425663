// The failover coordinator journals an intent before every cloud call, so one append is on the
// critical path of a failover. Measures a synchronous (fsync'd) append and a page query.
#include "core/journal.h"
#include "core/testclock.h"

#include <QTemporaryDir>

#include <benchmark/benchmark.h>

using namespace gpufailover;

static void BM_JournalAppend(benchmark::State &state)
{
    QTemporaryDir dir;
    TestClock clock;
    auto j = Journal::open(dir.filePath(QStringLiteral("j.sqlite")), &clock);
    const QJsonObject data { { QStringLiteral("instance"), 12345 },
        { QStringLiteral("step"), QStringLiteral("fence") } };
    for (auto _ : state)
        benchmark::DoNotOptimize((*j)->append(QStringLiteral("pool-1"), QStringLiteral("health"), data));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JournalAppend)->Unit(benchmark::kMicrosecond);

static void BM_JournalQueryPage(benchmark::State &state)
{
    QTemporaryDir dir;
    TestClock clock;
    auto j = Journal::open(dir.filePath(QStringLiteral("j.sqlite")), &clock);
    for (int i = 0; i < 20000; ++i) {
        (*j)->append(i % 4 ? QStringLiteral("pool-1") : QStringLiteral("pool-2"),
            i % 3 ? QStringLiteral("health") : QStringLiteral("cost"), { { QStringLiteral("i"), i } });
        clock.advance(100);
    }
    JournalQuery q;
    q.pool = QStringLiteral("pool-2");
    q.kinds = { QStringLiteral("cost") };
    q.newestFirst = true;
    q.limit = 200;
    for (auto _ : state)
        benchmark::DoNotOptimize((*j)->query(q));
}
BENCHMARK(BM_JournalQueryPage)->Unit(benchmark::kMicrosecond);
