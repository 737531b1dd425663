// Failover benchmark: runs the warm-pool-failover scenario many times per configuration (health
// interval / threshold, fault kind) and reports detection time and control overhead, median and
// p95, in simulated seconds (time scale 20; SSH steps counted in real seconds).
//   build/default/bench/failover_bench [runs per configuration, default 8]
#include "demo/scenariorunner.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace gpufailover;

namespace {
double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? qMax(1, QByteArray(argv[1]).toInt()) : 8;
    struct Config
    {
        qint64 intervalMs;
        int threshold;
        const char *fault;
    };
    const Config configs[] = { { 10000, 3, "kill" }, { 10000, 3, "hang" }, { 1000, 3, "kill" }, { 1000, 3, "hang" } };
    std::printf("%-10s %-5s %5s | %-22s | %-22s | %-14s | %s\n", "interval", "fault", "runs", "detection s (med/p95)",
        "control overhead s", "total s (med)", "lost/overlap");
    for (const Config &c : configs) {
        std::vector<double> detection, overhead, total;
        int lost = 0, overlap = 0, failed = 0;
        for (int i = 0; i < runs; ++i) {
            QTemporaryDir dir;
            ScenarioOptions o;
            o.name = QStringLiteral("warm-pool-failover");
            o.dir = dir.path();
            o.timeScale = 20;
            o.fault = QString::fromLatin1(c.fault);
            o.healthIntervalMs = c.intervalMs;
            o.failureThreshold = c.threshold;
            const auto r = runScenario(o);
            if (!r) {
                ++failed;
                std::fprintf(stderr, "run failed: %s\n", qPrintable(r.error().message));
                continue;
            }
            detection.push_back(r->value(QStringLiteral("detected_after_s")).toDouble());
            overhead.push_back(r->value(QStringLiteral("control_overhead_s")).toDouble());
            total.push_back(r->value(QStringLiteral("total_s")).toDouble());
            lost += r->value(QStringLiteral("writes_lost")).toInt();
            overlap += r->value(QStringLiteral("writers_overlapping")).toInt();
        }
        std::printf("%5.0f s / %d %-5s %5d | %8.2f / %-11.2f | %8.2f / %-11.2f | %-14.1f | %d/%d%s\n",
            double(c.intervalMs) / 1000, c.threshold, c.fault, int(detection.size()), percentile(detection, 0.5),
            percentile(detection, 0.95), percentile(overhead, 0.5), percentile(overhead, 0.95), percentile(total, 0.5),
            lost, overlap, failed ? qPrintable(QStringLiteral(" (%1 runs failed)").arg(failed)) : "");
        std::fflush(stdout);
    }
    return 0;
}
