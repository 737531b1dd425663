#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QString>

#include <functional>

namespace gpufailover {

// A randomized soak: from a seed, a warm pool on the
// simulated cloud with real test hosts takes a random sequence of faults while its workload
// writes: primaries killed or hung, API storms of 503, 429 and 401, the engine restarted as
// after kill -9, the SSH path to a healthy primary cut, the laptop put to sleep, its wall clock
// bumped. Only kills and hangs may cause failovers. Then the history is checked. The same seed
// replays the same faults in the same order with the same pauses (simulated time).
struct SoakOptions
{
    quint32 seed = 1;
    int faults = 4;
    QString dir; // scratch directory; must exist
    double timeScale = 20;
    std::function<void(const QString &line)> print;
};

// The report: seed, faults (their names in order), injected_failures (kills and hangs: each
// must cause one failover), failovers, false_failovers, missed_failovers, writes_acknowledged,
// writes_lost, writers_overlapping, history_ok, ack_log and volume_log (the evidence, for an
// independent checker), wall_s.
Result<QJsonObject> runSoak(const SoakOptions &options);

} // namespace gpufailover
