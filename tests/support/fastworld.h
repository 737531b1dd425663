#pragma once

// DemoWorld options for integration tests: the simulated clock at x20 and provider latencies of
// 10–20 simulated seconds, so a whole failover takes seconds of real time.
#include "demo/demoworld.h"

#include <QString>

namespace gpufailover::test {

inline DemoWorld::Options fastWorld(const QString &dir, const QString &poolId)
{
    DemoWorld::Options o;
    o.dir = dir;
    o.timeScale = 20;
    o.sim.createMinMs = o.sim.startMinMs = 10000;
    o.sim.createMaxMs = o.sim.startMaxMs = 20000;
    o.pool.id = poolId;
    o.pool.pollIntervalMs = 500;
    return o;
}

} // namespace gpufailover::test
