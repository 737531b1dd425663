// Parsing and grouping a realistic page of 10,000 offers (~17 MB of JSON, as served by the
// simulator) — what the host finder does on every search. Target: well under 50 ms.
#include "core/testclock.h"
#include "providers/vastjson.h"
#include "sim/simmarket.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <benchmark/benchmark.h>

using namespace gpufailover;

namespace {
QByteArray offersPage(int count)
{
    TestClock clock;
    SimOptions o;
    o.hosts = 5000; // enough machines that 10,000 offers are free
    SimMarket market(&clock, o);
    QJsonArray offers;
    for (const SimMarket::Offer &offer : market.offers()) {
        if (offers.size() == count)
            break;
        offers.append(market.offerJson(offer, 5, false));
    }
    return QJsonDocument(QJsonObject { { QStringLiteral("offers"), offers } }).toJson(QJsonDocument::Compact);
}
} // namespace

static void BM_ParseAndGroup10kOffers(benchmark::State &state)
{
    const QByteArray page = offersPage(10000);
    int offers = 0;
    for (auto _ : state) {
        auto parsed = vast::parseOffers(page);
        const auto hosts = vast::groupByMachine(*parsed);
        offers = int(parsed->size());
        benchmark::DoNotOptimize(hosts);
    }
    state.counters["offers"] = offers;
    state.counters["MB"] = double(page.size()) / 1e6;
}
BENCHMARK(BM_ParseAndGroup10kOffers)->Unit(benchmark::kMillisecond);

static void BM_JsonDocumentOnly10kOffers(benchmark::State &state)
{
    const QByteArray page = offersPage(10000);
    for (auto _ : state)
        benchmark::DoNotOptimize(QJsonDocument::fromJson(page));
    state.counters["MB"] = double(page.size()) / 1e6;
}
BENCHMARK(BM_JsonDocumentOnly10kOffers)->Unit(benchmark::kMillisecond);
